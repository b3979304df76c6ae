import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The form library: one row per form id with its draft document (form-js
 * schema + translations), and one row per published version (deployed to
 * the engine so user tasks can link to it).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('forms', (table) => {
      table.increments('id')
      table.string('form_id', 255).notNullable().unique()
      table.string('name', 255).notNullable()
      table.text('draft_document', 'longtext').notNullable()
      table.integer('draft_revision').notNullable().defaultTo(1)
      table.integer('draft_updated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('draft_updated_at').notNullable()
      table.integer('latest_version').nullable()
      table.string('latest_form_key', 32).nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('form_versions', (table) => {
      table.increments('id')
      table
        .integer('form_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('forms')
        .onDelete('CASCADE')
      table.integer('version').notNullable()
      table.string('form_key', 32).notNullable()
      table.text('document', 'longtext').notNullable()
      table.integer('published_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('published_at').notNullable()
      table.unique(['form_id', 'version'])
    })
  }

  async down() {
    this.schema.dropTable('form_versions')
    this.schema.dropTable('forms')
  }
}

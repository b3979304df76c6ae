import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The studio's process library: one row per BPMN process id with its
 * draft (autosaved), and one row per published version (deployed to the
 * engine) with who published it and when.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('process_models', (table) => {
      table.increments('id')
      table.string('process_id', 255).notNullable().unique()
      table.string('name', 255).notNullable()
      table.text('description').nullable()
      table.text('draft_xml', 'longtext').notNullable()
      table.integer('draft_revision').notNullable().defaultTo(1)
      table.integer('draft_updated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('draft_updated_at').notNullable()
      table.integer('latest_version').nullable()
      table.string('latest_definition_key', 32).nullable()
      table.string('template', 64).nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['name'])
    })

    this.schema.createTable('process_model_versions', (table) => {
      table.increments('id')
      table
        .integer('process_model_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('process_models')
        .onDelete('CASCADE')
      table.integer('version').notNullable()
      table.string('definition_key', 32).notNullable()
      table.text('xml', 'longtext').notNullable()
      table.text('note').nullable()
      table.integer('published_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('published_at').notNullable()
      table.unique(['process_model_id', 'version'])
    })
  }

  async down() {
    this.schema.dropTable('process_model_versions')
    this.schema.dropTable('process_models')
  }
}

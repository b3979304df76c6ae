import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Connectors (issue 7): the external systems an administrator configures
 * once (their settings hold `{{secrets.NAME}}` references only), the
 * secrets themselves (encrypted with the app key, never selected into an
 * API response), and the inbound webhooks with their deliveries (one row
 * per request id, which makes a repeated delivery start nothing new).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('connector_configurations', (table) => {
      table.increments('id')
      table.string('code', 64).notNullable().unique()
      table.string('name', 255).notNullable()
      table.string('kind', 16).notNullable()
      table.text('description').nullable()
      table.text('configuration', 'longtext').notNullable()
      table.boolean('enabled').notNullable().defaultTo(true)
      table.integer('revision').notNullable().defaultTo(1)
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.integer('updated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.timestamp('disabled_at').nullable()
    })

    this.schema.createTable('connector_secrets', (table) => {
      table.increments('id')
      table.string('name', 64).notNullable().unique()
      table.string('description', 255).nullable()
      table.text('encrypted_value').notNullable()
      table.integer('version').notNullable().defaultTo(1)
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.integer('rotated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('rotated_at').nullable()
      table.timestamp('last_used_at').nullable()
    })

    this.schema.createTable('webhooks', (table) => {
      table.increments('id')
      table.string('public_id', 64).notNullable().unique()
      table.string('name', 255).notNullable()
      table.string('kind', 16).notNullable()
      table.string('process_definition_id', 255).nullable()
      table.string('message_name', 255).nullable()
      table.text('correlation_key_expression').nullable()
      table.text('variables_expression').nullable()
      table.text('required_fields').nullable()
      table.string('auth_mode', 16).notNullable()
      table.string('secret_name', 64).notNullable()
      table.boolean('enabled').notNullable().defaultTo(true)
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.integer('updated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('webhook_deliveries', (table) => {
      table.bigIncrements('id')
      table
        .integer('webhook_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('webhooks')
        .onDelete('CASCADE')
      table.string('request_id', 255).notNullable()
      table.string('body_sha256', 64).notNullable()
      table.string('status', 16).notNullable()
      table.string('process_instance_key', 32).nullable()
      table.string('message_key', 32).nullable()
      table.text('error_message').nullable()
      table.timestamp('received_at').notNullable()
      table.timestamp('completed_at').nullable()
      table.unique(['webhook_id', 'request_id'])
      table.index(['webhook_id', 'received_at'])
    })
  }

  async down() {
    this.schema.dropTable('webhook_deliveries')
    this.schema.dropTable('webhooks')
    this.schema.dropTable('connector_secrets')
    this.schema.dropTable('connector_configurations')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Commitment follow-up (issue 10): the register of high-level commitments
 * and agreements, their progress reports, extension requests and a
 * timeline of everything that happened to each (reminders, escalations,
 * decisions), plus a settings table remembering which shipped process
 * files were deployed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('commitments', (table) => {
      table.increments('id')
      table.string('code', 32).notNullable().unique()
      table.string('title', 500).notNullable()
      table.text('description').nullable()
      table.string('source_document', 255).notNullable()
      table.string('source_date', 10).notNullable()
      table.string('counterpart', 255).nullable()
      table.string('assigning_authority', 255).notNullable()
      table.integer('lead_unit_id').unsigned().notNullable().references('id').inTable('units')
      table.text('coordinating_unit_ids').notNullable()
      table.text('observer_ids').notNullable()
      table.text('verifier_ids').notNullable()
      table.string('deadline', 10).notNullable()
      table.string('original_deadline', 10).notNullable()
      table.integer('parent_id').unsigned().nullable().references('id').inTable('commitments')
      table.integer('progress').notNullable().defaultTo(0)
      table.integer('report_interval_days').notNullable().defaultTo(30)
      table.string('status', 32).notNullable()
      table.string('completed_on', 10).nullable()
      table.text('completion_summary').nullable()
      table.timestamp('verified_at').nullable()
      table.integer('verified_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('escalated_at').nullable()
      table.string('process_instance_key', 32).nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['status', 'deadline'])
      table.index(['lead_unit_id', 'status'])
      table.index(['process_instance_key'])
      table.index(['parent_id'])
    })

    this.schema.createTable('commitment_reports', (table) => {
      table.increments('id')
      table
        .integer('commitment_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('commitments')
        .onDelete('CASCADE')
      table.integer('progress').notNullable()
      table.text('content').notNullable()
      table.integer('reported_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('reported_at').notNullable()
      table.index(['commitment_id', 'id'])
    })

    this.schema.createTable('commitment_extensions', (table) => {
      table.increments('id')
      table
        .integer('commitment_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('commitments')
        .onDelete('CASCADE')
      table.string('previous_deadline', 10).notNullable()
      table.string('requested_deadline', 10).notNullable()
      table.text('reason').notNullable()
      table.string('status', 16).notNullable()
      table.integer('requested_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('requested_at').notNullable()
      table.integer('decided_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('decided_at').nullable()
      table.text('decision_note').nullable()
      table.index(['commitment_id', 'status'])
    })

    this.schema.createTable('commitment_events', (table) => {
      table.bigIncrements('id')
      table
        .integer('commitment_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('commitments')
        .onDelete('CASCADE')
      table.string('kind', 32).notNullable()
      table.string('dedupe_key', 128).nullable()
      table.text('details').nullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('actor_email', 254).nullable()
      table.timestamp('occurred_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['commitment_id', 'id'])
      table.unique(['commitment_id', 'dedupe_key'])
    })

    this.schema.createTable('commitment_settings', (table) => {
      table.string('name', 64).primary()
      table.text('value').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('commitment_settings')
    this.schema.dropTable('commitment_events')
    this.schema.dropTable('commitment_extensions')
    this.schema.dropTable('commitment_reports')
    this.schema.dropTable('commitments')
  }
}

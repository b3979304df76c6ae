import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The audit trail: who did what to which resource, when, from where.
 * Never holds a secret's value.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_logs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.integer('actor_id').unsigned().nullable()
      table.string('actor_email', 254).nullable()
      table.string('action', 64).notNullable()
      table.string('subject_type', 64).nullable()
      table.string('subject_id', 64).nullable()
      table.text('details').nullable()
      table.string('ip', 64).nullable()
      table.string('request_id', 64).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['created_at'])
      table.index(['actor_id', 'created_at'])
      table.index(['subject_type', 'subject_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

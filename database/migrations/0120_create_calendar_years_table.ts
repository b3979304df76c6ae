import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The business calendar (issue 10): a year an administrator configured
 * (its weekday days off and its worked weekend days, as JSON lists of
 * `{ date, name }`) replaces the shipped defaults for that year.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('calendar_years', (table) => {
      table.integer('year').notNullable().primary()
      table.text('days_off').notNullable()
      table.text('working_days').notNullable()
      table.string('note', 1000).nullable()
      table.integer('revision').notNullable().defaultTo(1)
      table.integer('updated_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('calendar_years')
  }
}

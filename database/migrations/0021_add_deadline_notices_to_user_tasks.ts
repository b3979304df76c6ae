import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * When the inbox last told people a task is due soon or overdue, so each
 * notice goes out once.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('user_tasks', (table) => {
      table.timestamp('due_soon_noticed_at').nullable()
      table.timestamp('overdue_noticed_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('user_tasks', (table) => {
      table.dropColumn('due_soon_noticed_at')
      table.dropColumn('overdue_noticed_at')
    })
  }
}

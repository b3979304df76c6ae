import { BaseSchema } from '@adonisjs/lucid/schema'
import { ENGINE_EVENT_TABLES, createEngineTables } from '@senflow/engine'

/**
 * The embedded engine's tables for events (part 2): timers, message and
 * signal subscriptions, buffered messages, message start locks. Creating
 * the engine tables again keeps the existing ones and adds what is missing,
 * so databases created before part 2 get them.
 */
export default class extends BaseSchema {
  async up() {
    await createEngineTables(this.db.getWriteClient() as any)
  }

  async down() {
    for (const table of [...ENGINE_EVENT_TABLES].reverse()) {
      this.schema.dropTableIfExists(table)
    }
  }
}

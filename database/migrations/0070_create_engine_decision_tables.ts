import { BaseSchema } from '@adonisjs/lucid/schema'
import { ENGINE_DECISION_TABLES, createEngineTables } from '@senflow/engine'

/**
 * The embedded engine's tables for DMN decisions (part 3): decision
 * requirements graphs, decisions and decision instances. Creating the
 * engine tables again keeps the existing ones and adds what is missing, so
 * databases created before part 3 get them.
 */
export default class extends BaseSchema {
  async up() {
    await createEngineTables(this.db.getWriteClient() as any)
  }

  async down() {
    for (const table of [...ENGINE_DECISION_TABLES].reverse()) {
      this.schema.dropTableIfExists(table)
    }
  }
}

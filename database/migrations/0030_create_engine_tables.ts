import { BaseSchema } from '@adonisjs/lucid/schema'
import { createEngineTables, dropEngineTables } from '@senflow/engine'

/**
 * The embedded engine's tables (`engine_*`): definitions, instances,
 * jobs, incidents and the record log.
 */
export default class extends BaseSchema {
  async up() {
    await createEngineTables(this.db.getWriteClient() as any)
  }

  async down() {
    await dropEngineTables(this.db.getWriteClient() as any)
  }
}

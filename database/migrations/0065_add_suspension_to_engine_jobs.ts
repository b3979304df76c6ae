import { BaseSchema } from '@adonisjs/lucid/schema'
import { createEngineTables } from '@senflow/engine'

/**
 * Instance suspension (engine part 3): jobs get a `suspended` flag that
 * activation skips. Creating the engine tables again adds the column to an
 * existing `engine_jobs` (a fresh database has it already).
 */
export default class extends BaseSchema {
  async up() {
    await createEngineTables(this.db.getWriteClient() as any)
  }

  async down() {
    const knex = this.db.getWriteClient()
    if (await knex.schema.hasColumn('engine_jobs', 'suspended')) {
      await knex.schema.alterTable('engine_jobs', (table) => {
        table.dropColumn('suspended')
      })
    }
  }
}

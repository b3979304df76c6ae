import { BaseSchema } from '@adonisjs/lucid/schema'
import { createEngineTables, DELETABLE_TABLES } from '@senflow/engine'

/**
 * Resource deletion (issue 12): the engine's deployed resources (process
 * definitions, forms, decision graphs, decisions) get a `deleted_at` mark.
 * Creating the engine tables again adds the column to existing tables (a
 * fresh database has it already).
 */
export default class extends BaseSchema {
  async up() {
    await createEngineTables(this.db.getWriteClient() as any)
  }

  async down() {
    const knex = this.db.getWriteClient()
    for (const table of DELETABLE_TABLES) {
      if (await knex.schema.hasColumn(table, 'deleted_at')) {
        await knex.schema.alterTable(table, (builder) => {
          builder.dropColumn('deleted_at')
        })
      }
    }
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Units form the organisation tree (ministry → department → division).
 * BPMN candidate groups name units by their code.
 */
export default class extends BaseSchema {
  protected tableName = 'units'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('code', 64).notNullable().unique()
      table.string('name_vi', 255).notNullable()
      table.string('name_en', 255).notNullable()
      table.integer('parent_id').unsigned().nullable().references('id').inTable('units')
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['parent_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Resource deletion (issue 12): the versions the process and form
 * libraries mirror from the engine are marked when their deployed resource
 * is deleted (`POST /v2/resources/{key}/deletion`); "latest" skips them.
 */
export default class extends BaseSchema {
  async up() {
    for (const table of ['process_model_versions', 'form_versions']) {
      this.schema.alterTable(table, (builder) => {
        builder.timestamp('deleted_at').nullable()
      })
    }
  }

  async down() {
    for (const table of ['process_model_versions', 'form_versions']) {
      this.schema.alterTable(table, (builder) => {
        builder.dropColumn('deleted_at')
      })
    }
  }
}

import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import ProcessModelVersion from '#models/process_model_version'

/**
 * A process in the studio's library: its autosaved draft and the
 * pointer to its latest published version.
 */
export default class ProcessModel extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare processId: string

  @column()
  declare name: string

  @column()
  declare description: string | null

  @column({ serializeAs: null })
  declare draftXml: string

  @column()
  declare draftRevision: number

  @column()
  declare draftUpdatedBy: number | null

  @column.dateTime()
  declare draftUpdatedAt: DateTime

  @column()
  declare latestVersion: number | null

  @column()
  declare latestDefinitionKey: string | null

  @column()
  declare template: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'draftUpdatedBy' })
  declare editor: BelongsTo<typeof User>

  @hasMany(() => ProcessModelVersion)
  declare versions: HasMany<typeof ProcessModelVersion>
}

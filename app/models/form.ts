import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/**
 * A form in the library: its draft document (form-js schema plus
 * translations) and the pointer to its latest published version.
 */
export default class Form extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare formId: string

  @column()
  declare name: string

  @column({ serializeAs: null })
  declare draftDocument: string

  @column()
  declare draftRevision: number

  @column()
  declare draftUpdatedBy: number | null

  @column.dateTime()
  declare draftUpdatedAt: DateTime

  @column()
  declare latestVersion: number | null

  @column()
  declare latestFormKey: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'draftUpdatedBy' })
  declare editor: BelongsTo<typeof User>
}

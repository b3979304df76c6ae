import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/**
 * A published version of a form (read-only once published).
 */
export default class FormVersion extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column({ columnName: 'form_id' })
  declare formRowId: number

  @column()
  declare version: number

  @column()
  declare formKey: string

  @column({ serializeAs: null })
  declare document: string

  @column()
  declare publishedBy: number | null

  @column.dateTime()
  declare publishedAt: DateTime

  /** When its deployed resource was deleted from the engine (`null` while deployed). */
  @column.dateTime()
  declare deletedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'publishedBy' })
  declare publisher: BelongsTo<typeof User>
}

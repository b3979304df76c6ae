import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/**
 * A published (deployed) version of a process model, kept read-only.
 */
export default class ProcessModelVersion extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare processModelId: number

  @column()
  declare version: number

  @column()
  declare definitionKey: string

  @column({ serializeAs: null })
  declare xml: string

  @column()
  declare note: string | null

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

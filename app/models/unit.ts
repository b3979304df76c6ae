import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'

/**
 * A unit of the organisation tree (ministry → department → division).
 * Tasks are offered to units by their `code`.
 */
export default class Unit extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare nameVi: string

  @column()
  declare nameEn: string

  @column()
  declare parentId: number | null

  @column({ consume: (value) => Boolean(value) })
  declare active: boolean

  @belongsTo(() => Unit, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Unit>

  @hasMany(() => Unit, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Unit>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}

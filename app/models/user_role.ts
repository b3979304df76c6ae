import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { Role } from '#models/role'

/**
 * A role held by a user (one row per user and role).
 */
export default class UserRole extends BaseModel {
  static table = 'user_roles'

  @column({ isPrimary: true })
  declare userId: number

  @column({ isPrimary: true })
  declare role: Role
}

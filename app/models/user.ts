import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany, manyToMany } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import Unit from '#models/unit'
import UserRole from '#models/user_role'
import type { Role } from '#models/role'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/**
 * A person who signs in: staff, leaders, process owners, auditors and
 * administrators. Belongs to units and holds roles. On the `/v2` API a
 * user is named by their email (as an assignee, for example).
 */
export default class User extends compose(BaseModel, AuthFinder) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column({ serializeAs: null })
  declare password: string

  @column({ consume: (value) => Boolean(value) })
  declare active: boolean

  @column()
  declare locale: string

  @column()
  declare timeZone: string

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @manyToMany(() => Unit, {
    pivotTable: 'unit_memberships',
    pivotForeignKey: 'user_id',
    pivotRelatedForeignKey: 'unit_id',
    pivotColumns: ['is_primary'],
  })
  declare units: ManyToMany<typeof Unit>

  @hasMany(() => UserRole, { serializeAs: null })
  declare roleRows: HasMany<typeof UserRole>

  /**
   * Personal access tokens (stored hashed) for API clients and workers.
   */
  static accessTokens = DbAccessTokensProvider.forModel(User, {
    expiresIn: '365 days',
    prefix: 'sfl_',
    table: 'auth_access_tokens',
    type: 'auth_token',
    tokenSecretLength: 40,
  })

  /**
   * The role codes this user holds; `roleRows` must be preloaded.
   */
  get roles(): Role[] {
    return (this.roleRows ?? []).map((row) => row.role).sort()
  }

  /**
   * Tells whether the user holds a role; `roleRows` must be preloaded.
   */
  hasRole(...roles: Role[]): boolean {
    return this.roles.some((role) => roles.includes(role))
  }

  /**
   * The user as the API shows it: never the password hash; roles and
   * units when they are loaded.
   */
  toApi() {
    return {
      id: this.id,
      email: this.email,
      fullName: this.fullName,
      active: this.active,
      locale: this.locale,
      timeZone: this.timeZone,
      roles: this.$preloaded.roleRows ? this.roles : undefined,
      units: this.$preloaded.units
        ? this.units.map((unit) => ({
            id: unit.id,
            code: unit.code,
            nameVi: unit.nameVi,
            nameEn: unit.nameEn,
            primary: Boolean(unit.$extras.pivot_is_primary),
          }))
        : undefined,
      lastLoginAt: this.lastLoginAt?.toISO() ?? null,
      createdAt: this.createdAt?.toISO() ?? null,
      updatedAt: this.updatedAt?.toISO() ?? null,
    }
  }
}

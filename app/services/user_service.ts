import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import Unit from '#models/unit'
import type { Role } from '#models/role'
import AuditService, { type AuditActor } from '#services/audit_service'
import { inject } from '@adonisjs/core'

/**
 * What a caller may set on a user.
 */
export interface UserAttributes {
  email?: string
  fullName?: string
  password?: string
  unitIds?: number[]
  unitCodes?: string[]
  roles?: Role[]
  active?: boolean
  locale?: string
  timeZone?: string
}

/**
 * Creates and changes users with their unit memberships and roles in one
 * transaction, so a rejected change leaves nothing half-written.
 */
@inject()
export default class UserService {
  constructor(protected audit: AuditService) {}

  async create(
    attributes: UserAttributes & { email: string; fullName: string; password: string },
    actor: AuditActor
  ) {
    return db
      .transaction(async (trx) => {
        const user = new User()
        user.useTransaction(trx)
        user.merge({
          email: attributes.email,
          fullName: attributes.fullName,
          password: attributes.password,
          active: attributes.active ?? true,
          locale: attributes.locale ?? 'vi',
          timeZone: attributes.timeZone ?? 'Asia/Ho_Chi_Minh',
        })
        await user.save()
        await this.replaceUnits(user, attributes, trx)
        await this.replaceRoles(user, attributes.roles ?? ['staff'], trx)
        await this.audit.record(
          actor,
          {
            action: 'user.create',
            subjectType: 'user',
            subjectId: user.id,
            details: { email: user.email, roles: attributes.roles ?? ['staff'] },
          },
          trx
        )
        return user
      })
      .then((user) => this.find(user.id))
  }

  async update(user: User, attributes: UserAttributes, actor: AuditActor) {
    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      const { unitIds, unitCodes, roles, ...columns } = attributes
      user.merge(
        Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined))
      )
      await user.save()
      if (unitIds !== undefined || unitCodes !== undefined)
        await this.replaceUnits(user, attributes, trx)
      if (roles !== undefined) await this.replaceRoles(user, roles, trx)
      const changed = Object.keys(attributes).filter(
        (key) => attributes[key as keyof UserAttributes] !== undefined && key !== 'password'
      )
      await this.audit.record(
        actor,
        {
          action: attributes.active === false ? 'user.deactivate' : 'user.update',
          subjectType: 'user',
          subjectId: user.id,
          details: { changed, passwordReset: attributes.password !== undefined },
        },
        trx
      )
    })
    return this.find(user.id)
  }

  /**
   * A user with roles and units loaded.
   */
  async find(id: number) {
    return User.query().where('id', id).preload('roleRows').preload('units').firstOrFail()
  }

  protected async replaceUnits(
    user: User,
    attributes: UserAttributes,
    trx: TransactionClientContract
  ) {
    const ids = new Set(attributes.unitIds ?? [])
    if (attributes.unitCodes?.length) {
      const units = await Unit.query({ client: trx }).whereIn('code', attributes.unitCodes)
      units.forEach((unit) => ids.add(unit.id))
    }
    await trx.from('unit_memberships').where('user_id', user.id).delete()
    const rows = [...ids].map((unitId, index) => ({
      user_id: user.id,
      unit_id: unitId,
      is_primary: index === 0,
    }))
    if (rows.length) await trx.table('unit_memberships').multiInsert(rows)
  }

  protected async replaceRoles(user: User, roles: Role[], trx: TransactionClientContract) {
    await trx.from('user_roles').where('user_id', user.id).delete()
    if (roles.length)
      await trx.table('user_roles').multiInsert(roles.map((role) => ({ user_id: user.id, role })))
  }
}

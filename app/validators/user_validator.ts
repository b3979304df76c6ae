import vine from '@vinejs/vine'
import { timeZone } from '#validators/rules/time_zone_rule'
import { ROLES } from '#models/role'

const unitIds = () =>
  vine
    .array(vine.number().withoutDecimals().positive().exists({ table: 'units', column: 'id' }))
    .distinct()
    .optional()

const unitCodes = () =>
  vine
    .array(vine.string().trim().toUpperCase().exists({ table: 'units', column: 'code' }))
    .distinct()
    .optional()

/**
 * A new user: unit memberships by id (`unitIds`) or by code
 * (`unitCodes`), roles from the fixed set.
 */
export const createUserValidator = vine.compile(
  vine.object({
    email: vine
      .string()
      .trim()
      .toLowerCase()
      .email()
      .maxLength(254)
      .unique({ table: 'users', column: 'email' }),
    fullName: vine.string().trim().minLength(1).maxLength(255),
    password: vine.string().minLength(8).maxLength(512),
    unitIds: unitIds(),
    unitCodes: unitCodes(),
    roles: vine.array(vine.enum(ROLES)).distinct().optional(),
    active: vine.boolean().optional(),
    locale: vine.enum(['vi', 'en']).optional(),
    timeZone: timeZone(),
  })
)

/**
 * Changes to a user; `meta.userId` excludes the user from the uniqueness
 * check of the email. A given `unitIds`/`unitCodes`/`roles` replaces the set.
 */
export const updateUserValidator = vine.withMetaData<{ userId: number }>().compile(
  vine.object({
    email: vine
      .string()
      .trim()
      .toLowerCase()
      .email()
      .maxLength(254)
      .unique({
        table: 'users',
        column: 'email',
        filter: (db, _value, field) => {
          db.whereNot('id', field.meta.userId)
        },
      })
      .optional(),
    fullName: vine.string().trim().minLength(1).maxLength(255).optional(),
    password: vine.string().minLength(8).maxLength(512).optional(),
    unitIds: unitIds(),
    unitCodes: unitCodes(),
    roles: vine.array(vine.enum(ROLES)).distinct().optional(),
    active: vine.boolean().optional(),
    locale: vine.enum(['vi', 'en']).optional(),
    timeZone: timeZone(),
  })
)

/**
 * Filters of the user list.
 */
export const listUsersValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(100).optional(),
    unit: vine.string().trim().toUpperCase().maxLength(64).optional(),
    role: vine.enum(ROLES).optional(),
    active: vine.boolean().optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().min(1).max(500).optional(),
  })
)

import vine from '@vinejs/vine'
import { timeZone } from '#validators/rules/time_zone_rule'

/**
 * Sign-in with email and password.
 */
export const loginValidator = vine.compile(
  vine.object({
    email: vine.string().trim().toLowerCase().email().maxLength(254),
    password: vine.string().minLength(1).maxLength(512),
  })
)

/**
 * A user changing their own preferences or password.
 */
export const updateMeValidator = vine.compile(
  vine.object({
    fullName: vine.string().trim().minLength(1).maxLength(255).optional(),
    locale: vine.enum(['vi', 'en']).optional(),
    timeZone: timeZone(),
    currentPassword: vine.string().optional().requiredIfExists('password'),
    password: vine.string().minLength(8).maxLength(512).optional(),
  })
)

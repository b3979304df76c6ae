import vine from '@vinejs/vine'
import { SECRET_NAME_PATTERN } from '#services/secret_store'

/**
 * A secret's value: write-only, never trimmed (spaces may matter), at most 8 KiB.
 */
const value = () => vine.string().minLength(1).maxLength(8192)

/**
 * A new secret, referenced in connector configurations as `{{secrets.NAME}}`.
 */
export const createSecretValidator = vine.compile(
  vine.object({
    name: vine.string().trim().maxLength(64).regex(SECRET_NAME_PATTERN),
    value: value(),
    description: vine.string().trim().maxLength(255).nullable().optional(),
  })
)

/**
 * A new value for an existing secret (rotation).
 */
export const rotateSecretValidator = vine.compile(
  vine.object({
    value: value(),
    description: vine.string().trim().maxLength(255).nullable().optional(),
  })
)

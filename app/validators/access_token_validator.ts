import vine from '@vinejs/vine'

/**
 * A new personal access token; admins may create one for another user
 * (a worker account) with `userId`.
 */
export const createAccessTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(100),
    expiresInDays: vine.number().withoutDecimals().min(1).max(3650).optional(),
    userId: vine
      .number()
      .withoutDecimals()
      .positive()
      .exists({ table: 'users', column: 'id' })
      .optional(),
  })
)

/**
 * Renaming a token.
 */
export const updateAccessTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(100),
  })
)

import vine from '@vinejs/vine'

const formId = () =>
  vine
    .string()
    .trim()
    .maxLength(255)
    .regex(/^[A-Za-z_][\w.-]*$/)

/**
 * A new form: a name, an optional id (else derived), and optionally a
 * starting document (`schema` and `translations`, e.g. an import).
 */
export const createFormValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(255),
    formId: formId().optional(),
    schema: vine.object({}).allowUnknownProperties().optional(),
    translations: vine.object({}).allowUnknownProperties().optional(),
    defaultLocale: vine.enum(['vi', 'en']).optional(),
  })
)

/**
 * An autosave of the draft document with the revision it started from.
 */
export const saveFormDraftValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(255).optional(),
    schema: vine.object({}).allowUnknownProperties(),
    translations: vine.object({}).allowUnknownProperties().optional(),
    defaultLocale: vine.enum(['vi', 'en']).optional(),
    revision: vine.number().withoutDecimals().min(1),
  })
)

/**
 * A trial submission against the draft (the designer's preview).
 */
export const tryFormValidator = vine.compile(
  vine.object({
    data: vine.object({}).allowUnknownProperties(),
    variables: vine.object({}).allowUnknownProperties().optional(),
    locale: vine.enum(['vi', 'en']).optional(),
    page: vine.number().withoutDecimals().min(0).optional(),
  })
)

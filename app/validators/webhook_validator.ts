import vine from '@vinejs/vine'
import { SECRET_NAME_PATTERN } from '#services/secret_store'

const name = () => vine.string().trim().minLength(1).maxLength(255)
const optionalText = (max: number) =>
  vine.string().trim().minLength(1).maxLength(max).nullable().optional()
const kind = () => vine.enum(['start', 'correlate'] as const)
const authMode = () => vine.enum(['hmac', 'shared_secret'] as const)
const secretName = () => vine.string().trim().maxLength(64).regex(SECRET_NAME_PATTERN)
const requiredFields = () =>
  vine
    .array(
      vine
        .string()
        .trim()
        .maxLength(64)
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    )
    .maxLength(100)
    .distinct()
    .nullable()
    .optional()

/**
 * The settings a webhook may have besides its name, kind and secret.
 */
const webhookOptions = () => ({
  processDefinitionId: optionalText(255),
  messageName: optionalText(255),
  correlationKeyExpression: optionalText(2000),
  variablesExpression: optionalText(10_000),
  requiredFields: requiredFields(),
  authMode: authMode().optional(),
  enabled: vine.boolean().optional(),
})

/**
 * A new inbound webhook: `start` starts the latest version of
 * `processDefinitionId`; `correlate` publishes `messageName` with the key
 * that `correlationKeyExpression` yields. Callers sign the body with the
 * secret `secretName` (`hmac`, HMAC-SHA256) or send the secret itself
 * (`shared_secret`).
 */
export const createWebhookValidator = vine.compile(
  vine.object({ name: name(), kind: kind(), secretName: secretName(), ...webhookOptions() })
)

/**
 * Changes to a webhook; its public id never changes.
 */
export const updateWebhookValidator = vine.compile(
  vine.object({
    name: name().optional(),
    kind: kind().optional(),
    secretName: secretName().optional(),
    ...webhookOptions(),
  })
)

/**
 * Paging of a webhook's deliveries.
 */
export const listDeliveriesValidator = vine.compile(
  vine.object({
    limit: vine.number().withoutDecimals().range([1, 500]).optional(),
  })
)

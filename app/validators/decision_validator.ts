import vine from '@vinejs/vine'

/**
 * `POST /v2/decision-definitions/evaluation`: the decision by id (its latest
 * version) or by key, and the variables to evaluate it with.
 */
export const evaluateDecisionValidator = vine.compile(
  vine.object({
    decisionDefinitionId: vine.string().trim().minLength(1).maxLength(255).optional(),
    decisionDefinitionKey: vine
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
    variables: vine.object({}).allowUnknownProperties().optional(),
    tenantId: vine.string().maxLength(64).optional(),
  })
)

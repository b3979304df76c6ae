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

/** The filter (and sort) fields of decision definition searches. */
export const DECISION_DEFINITION_FILTERS = [
  'decisionDefinitionKey',
  'decisionDefinitionId',
  'name',
  'version',
  'decisionRequirementsId',
  'decisionRequirementsKey',
  'isLatestVersion',
] as const

/** The filter (and sort) fields of decision instance searches. */
export const DECISION_INSTANCE_FILTERS = [
  'decisionEvaluationInstanceKey',
  'decisionEvaluationKey',
  'state',
  'decisionDefinitionKey',
  'decisionDefinitionId',
  'decisionDefinitionName',
  'decisionDefinitionVersion',
  'decisionDefinitionType',
  'processDefinitionKey',
  'processInstanceKey',
  'elementInstanceKey',
] as const

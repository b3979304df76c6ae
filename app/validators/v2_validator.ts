import vine from '@vinejs/vine'

/**
 * An engine key: a decimal string, as Camunda 8's REST API writes keys.
 */
export const engineKey = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{1,19}$/)

const variables = () => vine.object({}).allowUnknownProperties()

/**
 * `POST /v2/process-instances`.
 */
export const createProcessInstanceValidator = vine.compile(
  vine.object({
    processDefinitionId: vine
      .string()
      .trim()
      .maxLength(255)
      .optional()
      .requiredIfMissing('processDefinitionKey'),
    processDefinitionKey: engineKey().optional(),
    processDefinitionVersion: vine.number().withoutDecimals().optional(),
    variables: variables().optional(),
    businessId: vine.string().trim().maxLength(255).optional(),
    tenantId: vine.string().maxLength(255).optional(),
    startInstructions: vine
      .array(vine.object({ elementId: vine.string().trim().maxLength(255) }))
      .optional(),
    awaitCompletion: vine.boolean().optional(),
    fetchVariables: vine.array(vine.string()).optional(),
    requestTimeout: vine.number().min(0).max(3_600_000).optional(),
    operationReference: vine.any().optional(),
    tags: vine.any().optional(),
  })
)

/**
 * A search request: filter, sort, page (`from`/`limit`).
 */
export const searchValidator = vine.compile(
  vine.object({
    filter: vine.object({}).allowUnknownProperties().optional(),
    sort: vine
      .array(
        vine.object({
          field: vine.string().maxLength(64),
          order: vine.string().toUpperCase().in(['ASC', 'DESC']).optional(),
        })
      )
      .optional(),
    page: vine
      .object({
        from: vine.number().withoutDecimals().min(0).optional(),
        limit: vine.number().withoutDecimals().min(0).max(10_000).optional(),
        after: vine.string().optional(),
        before: vine.string().optional(),
      })
      .optional(),
  })
)

/**
 * `POST /v2/jobs/activation`.
 */
export const activateJobsValidator = vine.compile(
  vine.object({
    type: vine.string().trim().minLength(1).maxLength(255),
    worker: vine.string().trim().maxLength(255).optional(),
    timeout: vine.number().withoutDecimals().min(1),
    maxJobsToActivate: vine.number().withoutDecimals().min(1).max(1000),
    fetchVariable: vine.array(vine.string()).optional(),
    requestTimeout: vine.number().withoutDecimals().min(-1).max(3_600_000).optional(),
    tenantIds: vine.array(vine.string()).optional(),
  })
)

/**
 * `POST /v2/jobs/{key}/completion`.
 */
export const completeJobValidator = vine.compile(
  vine.object({
    variables: variables().nullable().optional(),
    result: vine.any().optional(),
  })
)

/**
 * `POST /v2/jobs/{key}/failure`.
 */
export const failJobValidator = vine.compile(
  vine.object({
    retries: vine.number().withoutDecimals().min(0).optional(),
    errorMessage: vine.string().maxLength(10_000).optional(),
    retryBackOff: vine.number().withoutDecimals().min(0).optional(),
    variables: variables().optional(),
  })
)

/**
 * `POST /v2/jobs/{key}/error`.
 */
export const throwJobErrorValidator = vine.compile(
  vine.object({
    errorCode: vine.string().trim().minLength(1).maxLength(255),
    errorMessage: vine.string().maxLength(10_000).nullable().optional(),
    variables: variables().nullable().optional(),
  })
)

/**
 * `PATCH /v2/jobs/{key}`.
 */
export const updateJobValidator = vine.compile(
  vine.object({
    changeset: vine.object({
      retries: vine.number().withoutDecimals().min(0).nullable().optional(),
      timeout: vine.number().withoutDecimals().min(0).nullable().optional(),
    }),
    operationReference: vine.any().optional(),
  })
)

/**
 * `PUT /v2/element-instances/{key}/variables`.
 */
export const setVariablesValidator = vine.compile(
  vine.object({
    variables: variables(),
    local: vine.boolean().optional(),
    operationReference: vine.any().optional(),
  })
)

/**
 * `POST /v2/messages/publication`.
 */
export const publishMessageValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(255),
    correlationKey: vine.string().maxLength(255).optional(),
    timeToLive: vine.number().withoutDecimals().min(0).optional(),
    messageId: vine.string().maxLength(255).optional(),
    variables: variables().optional(),
    tenantId: vine.string().maxLength(255).optional(),
  })
)

/**
 * `POST /v2/messages/correlation` (Camunda's MessageCorrelationRequest):
 * correlates at once, without buffering.
 */
export const correlateMessageValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(255),
    correlationKey: vine.string().maxLength(255).optional(),
    variables: variables().optional(),
    tenantId: vine.string().maxLength(255).optional(),
  })
)

/**
 * `POST /v2/signals/broadcast`.
 */
export const broadcastSignalValidator = vine.compile(
  vine.object({
    signalName: vine.string().trim().minLength(1).maxLength(255),
    variables: variables().optional(),
    tenantId: vine.string().maxLength(255).optional(),
  })
)

/**
 * `PUT /v2/clock`.
 */
export const pinClockValidator = vine.compile(
  vine.object({
    timestamp: vine.number().withoutDecimals().min(0),
  })
)

/**
 * `POST /v2/user-tasks/{key}/assignment`.
 */
export const userTaskAssignmentValidator = vine.compile(
  vine.object({
    assignee: vine.string().trim().toLowerCase().maxLength(254).optional(),
    allowOverride: vine.boolean().optional(),
    action: vine.string().optional(),
  })
)

/**
 * `POST /v2/user-tasks/{key}/completion`.
 */
export const userTaskCompletionValidator = vine.compile(
  vine.object({
    variables: variables().nullable().optional(),
    action: vine.string().optional(),
  })
)

/**
 * `POST /v2/resources/{resourceKey}/deletion` (Camunda 8.6): an optional
 * operation reference, as Camunda's clients send it.
 */
export const resourceDeletionValidator = vine.compile(
  vine.object({
    operationReference: vine.number().withoutDecimals().min(1).optional(),
  })
)

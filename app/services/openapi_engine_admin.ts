import type { Operation, Schema } from '#services/openapi_document'

/**
 * The OpenAPI description of the instance administration routes under
 * `/v2` (admins): modification, migration, suspension and resumption; and
 * the deletion of deployed resources (admins and process owners).
 * Part of the document built by `openApiDocument()`.
 */

const ERRORS = {
  '400':
    'The request cannot be carried out (the reason names the element or mapping); nothing changed',
  '401': 'Not signed in',
  '403': 'Not allowed',
  '404': 'No such active process instance or definition',
  '422': 'Invalid input',
}
const CONFLICT = { '409': 'Not in a state that allows it (e.g. already suspended)' }
const NO_CONTENT = { '204': 'Done' }

const key: Schema = { type: 'string', pattern: '^\\d{1,19}$' }

const mappingInstructions: Schema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['sourceElementId', 'targetElementId'],
    properties: { sourceElementId: { type: 'string' }, targetElementId: { type: 'string' } },
  },
}

const migrationPlan: Schema = {
  type: 'object',
  required: ['targetProcessDefinitionKey', 'mappingInstructions'],
  properties: { targetProcessDefinitionKey: key, mappingInstructions },
}

const instanceKeys: Schema = {
  type: 'object',
  properties: { processInstanceKeys: { type: 'array', items: key } },
}

const TAG = 'Instance administration'

export const engineAdminOperations: Operation[] = [
  {
    method: 'post',
    path: '/v2/process-instances/{key}/modification',
    summary:
      'Modify a running instance: activate elements (creating their flow scopes, with variables) and terminate element instances',
    tag: TAG,
    access: 'administerInstances',
    body: {
      type: 'object',
      properties: {
        activateInstructions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['elementId'],
            properties: {
              elementId: { type: 'string' },
              ancestorElementInstanceKey: key,
              variableInstructions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['variables'],
                  properties: {
                    variables: { type: 'object' },
                    scopeId: {
                      type: 'string',
                      description:
                        'The element (or process) id whose scope gets the variables; the process by default',
                    },
                  },
                },
              },
            },
          },
        },
        terminateInstructions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['elementInstanceKey'],
            properties: { elementInstanceKey: key },
          },
        },
      },
    },
    responses: { ...NO_CONTENT, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/process-instances/{key}/migration',
    summary: 'Migrate a running instance to another version of its process by an element mapping',
    tag: TAG,
    access: 'administerInstances',
    body: migrationPlan,
    responses: { ...NO_CONTENT, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/process-instances/migration',
    summary:
      'Migrate every active or suspended instance of a process definition, all or nothing (synchronous)',
    tag: TAG,
    access: 'administerInstances',
    body: {
      type: 'object',
      required: ['filter', 'migrationPlan'],
      properties: {
        filter: {
          type: 'object',
          required: ['processDefinitionKey'],
          properties: { processDefinitionKey: key },
        },
        migrationPlan,
      },
    },
    responses: {
      '200': {
        type: 'object',
        properties: {
          batchOperationType: { const: 'MIGRATE_PROCESS_INSTANCE' },
          processInstanceKeys: { type: 'array', items: key },
          migratedCount: { type: 'integer' },
        },
      },
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/v2/process-instances/{key}/suspension',
    summary:
      'Suspend an instance: no job handed out or completed, no timer fired, no message correlated (Senflow)',
    tag: TAG,
    access: 'administerInstances',
    responses: { ...NO_CONTENT, ...CONFLICT, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/process-instances/{key}/resumption',
    summary: 'Resume a suspended instance; timers due meanwhile fire once (Senflow)',
    tag: TAG,
    access: 'administerInstances',
    responses: { ...NO_CONTENT, ...CONFLICT, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/process-definitions/{key}/suspension',
    summary: 'Suspend every active instance of a process definition (Senflow)',
    tag: TAG,
    access: 'administerInstances',
    responses: { '200': instanceKeys, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/process-definitions/{key}/resumption',
    summary: 'Resume every suspended instance of a process definition (Senflow)',
    tag: TAG,
    access: 'administerInstances',
    responses: { '200': instanceKeys, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/resources/{key}/deletion',
    summary:
      'Delete a deployed resource by key: a process definition (refused while instances of it run), a decision requirements graph with its decisions, or a form; the version before the latest becomes the latest again',
    tag: 'camunda',
    access: 'operateEngine',
    body: {
      type: 'object',
      properties: { operationReference: { type: 'integer', minimum: 1 } },
    },
    responses: {
      '200': 'Deleted (no body)',
      ...ERRORS,
      '400': 'Invalid argument',
      '404': 'No deployed resource (not deleted) has this key',
      '409': 'A process definition with running instances (the reason says how many)',
    },
  },
]

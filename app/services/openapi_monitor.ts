import type { Operation, Schema } from '#services/openapi_document'

/**
 * The OpenAPI description of the monitor's instance routes
 * (start/routes/monitor.ts): an instance's history and the actions
 * leaders, process owners and administrators take from the monitor.
 * Part of the document built by `openApiDocument()`.
 */

const ERRORS = { '401': 'Not signed in', '403': 'Not allowed', '422': 'Invalid input' }
const NOT_ACTIVE = { '404': 'Not found', '409': 'The instance or incident is no longer active' }

const variables: Schema = {
  type: 'object',
  description: 'Variables by name, any JSON values',
  additionalProperties: true,
  examples: [{ amount: 120, applicant: { name: 'Nguyễn Văn A' } }],
}

const historyEntry: Schema = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' },
    kind: { enum: ['element', 'task', 'audit'] },
    type: {
      type: 'string',
      description:
        'entered, left, terminated, incident (steps); created, claimed, completed… (tasks); the audit action',
    },
    elementId: { type: ['string', 'null'] },
    elementName: { type: ['string', 'null'] },
    actor: { type: ['string', 'null'], description: 'Who did it (email)' },
    details: { type: 'object' },
  },
}

export const monitorOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/tasks/{id}/context',
    summary:
      "What a task's instance belongs to: { kind: 'dossier' | 'commitment' | null, processInstanceKey } (read the record from /api/dossiers or /api/commitments by-process-instance)",
    tag: 'inbox',
    access: 'signed-in',
    responses: {
      '200': {
        type: 'object',
        properties: {
          kind: { enum: ['dossier', 'commitment', null] },
          processInstanceKey: { type: 'string' },
        },
      },
      '404': 'Not found',
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/tasks/{id}/history',
    summary:
      "The history of a task's instance (steps, incidents, human task events), for whoever may see the task",
    tag: 'inbox',
    access: 'signed-in',
    responses: {
      '200': { type: 'object', properties: { items: { type: 'array', items: historyEntry } } },
      '404': 'Not found',
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/monitor/instances/{key}/history',
    summary:
      'The history of an instance, oldest first: steps entered and left, incidents, human task events, and what was done to it',
    tag: 'monitor',
    access: 'monitorInstances',
    responses: {
      '200': {
        type: 'object',
        properties: {
          processInstanceKey: { type: 'string' },
          items: { type: 'array', items: historyEntry },
        },
      },
      '404': 'Not found',
      ...ERRORS,
    },
  },
  {
    method: 'put',
    path: '/api/monitor/instances/{key}/variables',
    summary:
      'Set variables on an active instance (each goes to the nearest scope that has it); audited',
    tag: 'monitor',
    access: 'operateInstances',
    body: { type: 'object', required: ['variables'], properties: { variables } },
    responses: { '204': 'Set', ...NOT_ACTIVE, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/monitor/instances/{key}/cancellation',
    summary: 'Cancel an active instance; audited',
    tag: 'monitor',
    access: 'operateInstances',
    responses: { '204': 'Cancelled', ...NOT_ACTIVE, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/monitor/incidents/{key}/retry',
    summary:
      'Retry the step an incident stopped: set the corrected { variables } first when given, then resolve the incident; audited',
    tag: 'monitor',
    access: 'operateInstances',
    body: { type: 'object', properties: { variables } },
    responses: { '204': 'Retried', ...NOT_ACTIVE, ...ERRORS },
  },
]

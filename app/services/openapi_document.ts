/**
 * The OpenAPI 3.1 description of the HTTP API: the product's own `/api`
 * resources and the Camunda 8 REST v2 subset under `/v2`. Each route is
 * described once in {@link operations}; a functional test checks that the
 * router and this document name the same routes.
 */
import { connectorOperations } from '#services/openapi_connectors'
import { engineAdminOperations } from '#services/openapi_engine_admin'
import { dossierOperations } from '#services/openapi_dossiers'
import { monitorOperations } from '#services/openapi_monitor'
import { decisionOperations } from '#services/openapi_decisions'
import { engineCallOperations } from '#services/openapi_engine_calls'
import { commitmentOperations } from '#services/openapi_commitments'

export type Schema = Record<string, unknown>

/**
 * Who may call an operation, as the route declares it.
 */
export type Access = 'public' | 'signed-in' | string

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  summary: string
  tag: string
  access: Access
  body?: Schema
  query?: { name: string; schema: Schema; description?: string }[]
  responses: Record<string, Schema | string>
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const list = (name: string): Schema => ({
  type: 'object',
  properties: { items: { type: 'array', items: ref(name) } },
})
const ERRORS = {
  '401': 'Not signed in',
  '403': 'Not allowed',
  '422': 'Invalid input',
}

/**
 * Every route of the API. Paths use OpenAPI `{param}` syntax.
 */
export const operations: Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Health of the server and its database',
    tag: 'system',
    access: 'public',
    responses: { '200': { type: 'object' }, '503': 'The database does not answer' },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'system',
    access: 'public',
    responses: { '200': { type: 'object' } },
  },
  {
    method: 'get',
    path: '/v2/topology',
    summary: 'Cluster topology (Camunda 8 REST shape)',
    tag: 'camunda',
    access: 'public',
    responses: { '200': ref('Topology') },
  },
  {
    method: 'get',
    path: '/v2/status',
    summary: 'Cluster status: 204 when healthy',
    tag: 'camunda',
    access: 'public',
    responses: { '204': 'Healthy' },
  },
  {
    method: 'get',
    path: '/*',
    summary: 'The admin UI (single-page app) for any other path',
    tag: 'system',
    access: 'public',
    responses: { '200': 'text/html' },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in with email and password (session cookie); throttled after failed attempts',
    tag: 'auth',
    access: 'public',
    body: {
      type: 'object',
      required: ['email', 'password'],
      properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
    },
    responses: {
      '200': { type: 'object', properties: { user: ref('User') } },
      '401': 'Wrong email or password, or a deactivated account',
      '422': 'Invalid input',
      '429': 'Too many failed attempts',
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out',
    tag: 'auth',
    access: 'signed-in',
    responses: { '204': 'Signed out', '401': 'Not signed in' },
  },
  {
    method: 'get',
    path: '/api/auth/session',
    summary: 'The signed-in user or null (no 401), and a fresh XSRF-TOKEN cookie',
    tag: 'auth',
    access: 'public',
    responses: {
      '200': { type: 'object', properties: { user: { oneOf: [ref('User'), { type: 'null' }] } } },
    },
  },
  {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in user with roles and units',
    tag: 'auth',
    access: 'signed-in',
    responses: {
      '200': { type: 'object', properties: { user: ref('User') } },
      '401': 'Not signed in',
    },
  },
  {
    method: 'patch',
    path: '/api/auth/me',
    summary: "Change one's own name, language, time zone or password",
    tag: 'auth',
    access: 'signed-in',
    body: {
      type: 'object',
      properties: {
        fullName: { type: 'string' },
        locale: { enum: ['vi', 'en'] },
        timeZone: { type: 'string' },
        currentPassword: { type: 'string' },
        password: { type: 'string', minLength: 8 },
      },
    },
    responses: { '200': { type: 'object', properties: { user: ref('User') } }, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/units',
    summary: 'List units (flat, or nested with ?tree=true)',
    tag: 'organisation',
    access: 'viewUnits',
    query: [{ name: 'tree', schema: { type: 'boolean' } }],
    responses: { '200': list('Unit'), ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/units/{id}',
    summary: 'One unit',
    tag: 'organisation',
    access: 'viewUnits',
    responses: { '200': ref('Unit'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/units',
    summary: 'Create a unit',
    tag: 'organisation',
    access: 'manageOrganisation',
    body: ref('UnitInput'),
    responses: { '201': ref('Unit'), ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/units/{id}',
    summary: 'Change a unit (code, names, parent, active)',
    tag: 'organisation',
    access: 'manageOrganisation',
    body: ref('UnitInput'),
    responses: { '200': ref('Unit'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/units/{id}',
    summary: 'Deactivate a unit',
    tag: 'organisation',
    access: 'manageOrganisation',
    responses: { '200': ref('Unit'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/users',
    summary: 'List users with filters (q, unit code, role, active) and pagination',
    tag: 'organisation',
    access: 'viewDirectory',
    query: [
      { name: 'q', schema: { type: 'string' } },
      { name: 'unit', schema: { type: 'string' } },
      { name: 'role', schema: { type: 'string' } },
      { name: 'active', schema: { type: 'boolean' } },
      { name: 'page', schema: { type: 'integer' } },
      { name: 'perPage', schema: { type: 'integer' } },
    ],
    responses: { '200': list('User'), ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/users/{id}',
    summary: 'One user',
    tag: 'organisation',
    access: 'viewDirectory',
    responses: { '200': ref('User'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/users',
    summary: 'Create a user with units and roles',
    tag: 'organisation',
    access: 'manageOrganisation',
    body: ref('UserInput'),
    responses: { '201': ref('User'), ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Change a user; a given unit or role list replaces the set; a password resets it',
    tag: 'organisation',
    access: 'manageOrganisation',
    body: ref('UserInput'),
    responses: { '200': ref('User'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/users/{id}',
    summary: 'Deactivate a user',
    tag: 'organisation',
    access: 'manageOrganisation',
    responses: { '200': ref('User'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/tokens',
    summary: "The caller's access tokens (admins: ?userId= or ?all=true)",
    tag: 'tokens',
    access: 'manageOwnTokens',
    responses: { '200': list('AccessToken'), ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/tokens',
    summary: 'Create an access token; its value is returned once',
    tag: 'tokens',
    access: 'manageOwnTokens',
    body: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
        userId: { type: 'integer', description: 'admins only: the owner' },
      },
    },
    responses: {
      '201': {
        allOf: [ref('AccessToken'), { type: 'object', properties: { token: { type: 'string' } } }],
      },
      ...ERRORS,
    },
  },
  {
    method: 'patch',
    path: '/api/tokens/{id}',
    summary: 'Rename an access token',
    tag: 'tokens',
    access: 'manageOwnTokens',
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    responses: { '200': ref('AccessToken'), '404': 'Not found', ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/tokens/{id}',
    summary: 'Revoke an access token',
    tag: 'tokens',
    access: 'manageOwnTokens',
    responses: { '204': 'Revoked', '404': 'Not found', ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/audit-logs',
    summary: 'The audit log, filterable; ?format=csv exports it',
    tag: 'audit',
    access: 'viewAudit',
    query: [
      { name: 'actor', schema: { type: 'string' }, description: 'part of the actor email' },
      { name: 'action', schema: { type: 'string' }, description: 'action prefix, e.g. user.' },
      { name: 'subjectType', schema: { type: 'string' } },
      { name: 'subjectId', schema: { type: 'string' } },
      { name: 'from', schema: { type: 'string', format: 'date-time' } },
      { name: 'to', schema: { type: 'string', format: 'date-time' } },
      { name: 'page', schema: { type: 'integer' } },
      { name: 'perPage', schema: { type: 'integer' } },
      { name: 'format', schema: { enum: ['json', 'csv'] } },
    ],
    responses: { '200': list('AuditEntry'), ...ERRORS },
  },
  ...[
    [
      'get',
      '/api/process-templates',
      'The shipped procedures a new process model can start from',
      list('ProcessTemplate'),
    ],
    [
      'get',
      '/api/process-models',
      'The process library (?q= text, ?status=draft|published)',
      list('ProcessModel'),
    ],
    ['get', '/api/process-models/{id}', 'A process model with its draft XML', ref('ProcessModel')],
    [
      'get',
      '/api/process-models/{id}/versions',
      'Published versions, newest first',
      list('ProcessModelVersion'),
    ],
    [
      'get',
      '/api/process-models/{id}/versions/{version}',
      'One published version with its XML (read-only)',
      ref('ProcessModelVersion'),
    ],
    [
      'get',
      '/api/process-models/{id}/export',
      'The draft (or ?version=N) as a .bpmn file',
      { type: 'string' },
    ],
    ['get', '/api/forms', 'The form library (?q= text)', list('FormSummary')],
    [
      'get',
      '/api/forms/{id}',
      'A form with its draft document, pages and missing translations',
      ref('FormSummary'),
    ],
    [
      'get',
      '/api/forms/{id}/dictionary',
      'The variables the draft form reads and writes',
      { type: 'object' },
    ],
    [
      'get',
      '/api/forms/{id}/versions',
      'Published versions of a form, newest first',
      { type: 'object' },
    ],
    [
      'get',
      '/api/forms/{id}/versions/{version}',
      'One published version of a form',
      { type: 'object' },
    ],
  ].map(([method, path, summaryText, response]): Operation => ({
    method: method as 'get',
    path: path as string,
    summary: summaryText as string,
    tag: 'studio',
    access: 'designProcesses',
    responses: { '200': response as Schema, '404': 'Not found', ...ERRORS },
  })),
  {
    method: 'post',
    path: '/api/process-models',
    summary: 'Create a process model: blank (name), from a template (template), or imported (xml)',
    tag: 'studio',
    access: 'designProcesses',
    body: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        processId: { type: 'string' },
        description: { type: 'string' },
        template: { type: 'string' },
        xml: { type: 'string', description: 'BPMN 2.0 XML to import' },
      },
    },
    responses: { '201': ref('ProcessModel'), ...ERRORS },
  },
  {
    method: 'put',
    path: '/api/process-models/{id}/draft',
    summary: 'Autosave the draft; 409 when revision is not the latest',
    tag: 'studio',
    access: 'designProcesses',
    body: {
      type: 'object',
      required: ['xml', 'revision'],
      properties: {
        xml: { type: 'string' },
        revision: { type: 'integer' },
        name: { type: 'string' },
      },
    },
    responses: { '200': ref('ProcessModel'), '409': 'Saved by someone else meanwhile', ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/forms',
    summary: 'Create a form (name, optional formId, optional schema and translations to import)',
    tag: 'studio',
    access: 'designProcesses',
    body: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        formId: { type: 'string' },
        schema: { type: 'object' },
        translations: { type: 'object' },
        defaultLocale: { enum: ['vi', 'en'] },
      },
    },
    responses: { '201': ref('FormSummary'), ...ERRORS },
  },
  {
    method: 'put',
    path: '/api/forms/{id}/draft',
    summary: 'Autosave the draft form (schema, translations); 409 when revision is not the latest',
    tag: 'studio',
    access: 'designProcesses',
    body: {
      type: 'object',
      required: ['schema', 'revision'],
      properties: {
        schema: { type: 'object' },
        translations: { type: 'object' },
        revision: { type: 'integer' },
      },
    },
    responses: { '200': ref('FormSummary'), '409': 'Saved by someone else meanwhile', ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/forms/{id}',
    summary: 'Delete a form that was never published',
    tag: 'studio',
    access: 'designProcesses',
    responses: { '204': 'Deleted', '409': 'It has published versions', ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/forms/{id}/try',
    summary: 'Validate a trial submission against the draft as a task completion would',
    tag: 'studio',
    access: 'designProcesses',
    body: {
      type: 'object',
      required: ['data'],
      properties: {
        data: { type: 'object' },
        variables: { type: 'object' },
        locale: { enum: ['vi', 'en'] },
        page: { type: 'integer' },
      },
    },
    responses: {
      '200': {
        type: 'object',
        properties: {
          valid: { type: 'boolean' },
          errors: { type: 'object' },
          values: { type: 'object' },
        },
      },
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/api/process-models/{id}/validate',
    summary: "Lint a model (the draft, or { xml }) with the engine's deploy validation",
    tag: 'studio',
    access: 'designProcesses',
    responses: {
      '200': {
        type: 'object',
        properties: { valid: { type: 'boolean' }, problems: { type: 'array' } },
      },
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/api/process-models/{id}/publish',
    summary: 'Deploy the draft as a new version { note? }; 422 with the problems when invalid',
    tag: 'studio',
    access: 'designProcesses',
    responses: { '200': { type: 'object' }, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/forms/{id}/publish',
    summary: 'Deploy the draft form as a new version (translations kept with it)',
    tag: 'studio',
    access: 'designProcesses',
    responses: { '200': { type: 'object' }, ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/process-models/{id}',
    summary: 'Delete a draft that was never published',
    tag: 'studio',
    access: 'designProcesses',
    responses: { '204': 'Deleted', '409': 'It has published versions', ...ERRORS },
  },
]

/**
 * The inbox routes: every signed-in user, checked per task.
 */
const inboxOperations: Operation[] = (
  [
    [
      'get',
      '/api/tasks',
      'Inbox: tasks by queue (mine, units, candidate, all) with filters, sorting, paging and the queue counts',
    ],
    ['get', '/api/tasks/counts', 'The counts per queue: mine, units, candidate, dueSoon, overdue'],
    [
      'get',
      '/api/tasks/{id}',
      'The task page: task, form, variables, draft, timeline, comments, attachments, allowed actions',
    ],
    ['post', '/api/tasks/{id}/claim', 'Claim an unassigned task (409 when someone else has it)'],
    ['post', '/api/tasks/{id}/unclaim', 'Give the task back to its candidates'],
    [
      'post',
      '/api/tasks/{id}/assign',
      'Assign or reassign to a user { assignee } (leaders, admins)',
    ],
    ['post', '/api/tasks/{id}/delegate', 'Hand the task to a colleague { to } (the assignee)'],
    [
      'post',
      '/api/tasks/{id}/complete',
      'Complete with { variables }: validated against the form (422 { errors: { field: [..] } }); 409 when no longer open',
    ],
    [
      'put',
      '/api/tasks/{id}/draft',
      'Save a draft of the form { data } (per user, not sent to the engine)',
    ],
    ['get', '/api/tasks/{id}/comments', 'Comments on the task'],
    ['post', '/api/tasks/{id}/comments', 'Comment { body }'],
    [
      'post',
      '/api/tasks/{id}/attachments',
      'Upload a file (multipart field "file"; size and type limits)',
    ],
    ['get', '/api/tasks/{id}/attachments/{attachmentId}', 'Download an attachment'],
    ['get', '/api/notifications', "The user's notifications (?unread=true)"],
    [
      'get',
      '/api/monitor/processes',
      'Processes with their versions and instance counts per state (monitorInstances)',
    ],
    [
      'get',
      '/api/monitor/definitions/{key}/heatmap',
      'Where the active instances of a version wait, per element (monitorInstances)',
    ],
    [
      'get',
      '/api/monitor/statistics',
      'Started/completed per day, tasks on time vs late, average step durations (?from&to&processDefinitionId) (monitorInstances)',
    ],
    [
      'get',
      '/api/processes/{processId}/start-form',
      'The latest version of a process and its start form (startProcesses)',
    ],
    [
      'post',
      '/api/processes/{processId}/instances',
      'Start a process { variables, businessId }: validated against its start form (422 per field) (startProcesses)',
    ],
    ['post', '/api/notifications/read-all', 'Mark every notification read'],
    ['post', '/api/notifications/{id}/read', 'Mark one notification read'],
  ] as const
).map(([method, path, summaryText]) => ({
  method,
  path,
  summary: summaryText,
  tag: path.startsWith('/api/notifications') ? 'notifications' : 'inbox',
  access: 'signed-in',
  responses: { '200': { type: 'object' }, '404': 'Not found', '409': 'Conflict', ...ERRORS },
}))

/**
 * The Camunda 8 REST API v2 subset (shapes as in Camunda's own API).
 */
const camundaOperations: Operation[] = (
  [
    ['post', '/v2/deployments', 'Deploy resources (multipart, field "resources")', 'operateEngine'],
    [
      'post',
      '/v2/process-instances',
      'Create a process instance (optionally awaiting its completion)',
      'operateEngine',
    ],
    [
      'post',
      '/v2/process-instances/{key}/cancellation',
      'Cancel a process instance',
      'operateEngine',
    ],
    ['get', '/v2/process-instances/{key}', 'A process instance', 'monitorInstances'],
    ['post', '/v2/process-instances/search', 'Search process instances', 'monitorInstances'],
    ['post', '/v2/process-definitions/search', 'Search process definitions', 'monitorInstances'],
    ['get', '/v2/process-definitions/{key}', 'A process definition', 'monitorInstances'],
    [
      'get',
      '/v2/process-definitions/{key}/xml',
      'The BPMN XML of a definition',
      'monitorInstances',
    ],
    [
      'get',
      '/v2/process-definitions/{key}/form',
      'The start form of a definition',
      'monitorInstances',
    ],
    [
      'post',
      '/v2/jobs/activation',
      'Activate jobs (long polling up to requestTimeout)',
      'operateEngine',
    ],
    ['post', '/v2/jobs/{key}/completion', 'Complete a job', 'operateEngine'],
    ['post', '/v2/jobs/{key}/failure', 'Fail a job (retries, back-off)', 'operateEngine'],
    ['post', '/v2/jobs/{key}/error', 'Throw a BPMN error from a job', 'operateEngine'],
    ['patch', '/v2/jobs/{key}', 'Update retries and timeout of a job', 'operateEngine'],
    ['post', '/v2/jobs/search', 'Search jobs', 'monitorInstances'],
    ['post', '/v2/incidents/search', 'Search incidents', 'monitorInstances'],
    ['get', '/v2/incidents/{key}', 'An incident', 'monitorInstances'],
    [
      'post',
      '/v2/incidents/{key}/resolution',
      'Resolve an incident (the failed step runs again)',
      'operateEngine',
    ],
    ['post', '/v2/variables/search', 'Search variables', 'monitorInstances'],
    ['get', '/v2/variables/{key}', 'A variable', 'monitorInstances'],
    ['post', '/v2/element-instances/search', 'Search element instances', 'monitorInstances'],
    ['get', '/v2/element-instances/{key}', 'An element instance', 'monitorInstances'],
    ['put', '/v2/element-instances/{key}/variables', 'Set variables on a scope', 'operateEngine'],
    [
      'post',
      '/v2/messages/publication',
      'Publish a message (buffered for timeToLive ms; a messageId is unique while buffered)',
      'operateEngine',
    ],
    [
      'post',
      '/v2/messages/correlation',
      'Correlate a message at once, without buffering: { messageKey, processInstanceKey } (404 when nothing waits)',
      'operateEngine',
    ],
    [
      'post',
      '/v2/message-subscriptions/search',
      'Search message subscriptions: what instances wait for (state CREATED) and what they caught',
      'monitorInstances',
    ],
    ['post', '/v2/signals/broadcast', 'Broadcast a signal', 'operateEngine'],
    [
      'put',
      '/v2/clock',
      'Pin the engine clock { timestamp } (SENFLOW_CLOCK_CONTROL=true)',
      'controlClock',
    ],
    ['post', '/v2/clock/reset', 'Return the engine clock to real time', 'controlClock'],
    ['post', '/v2/user-tasks/search', 'Search user tasks (inbox visibility rules)', 'signed-in'],
    ['get', '/v2/user-tasks/{key}', 'A user task', 'signed-in'],
    [
      'post',
      '/v2/user-tasks/{key}/assignment',
      'Assign a user task { assignee, allowOverride }',
      'signed-in',
    ],
    ['delete', '/v2/user-tasks/{key}/assignee', 'Unassign a user task', 'signed-in'],
    [
      'post',
      '/v2/user-tasks/{key}/completion',
      'Complete a user task (validated against its form)',
      'signed-in',
    ],
    ['get', '/v2/user-tasks/{key}/form', 'The form of a user task', 'signed-in'],
  ] as const
).map(([method, path, summaryText, access]) => ({
  method,
  path,
  summary: summaryText,
  tag: 'camunda',
  access,
  responses: {
    '200': { type: 'object' },
    '400': 'Invalid argument',
    '404': 'Not found',
    '409': 'Invalid state',
    ...ERRORS,
  },
}))

const schemas: Record<string, Schema> = {
  FormSummary: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      formId: { type: 'string' },
      name: { type: 'string' },
      status: { enum: ['draft', 'published'] },
      latestVersion: { type: ['integer', 'null'] },
      draftRevision: { type: 'integer' },
      document: {
        type: 'object',
        description: '{ id, version, name, defaultLocale, schema, translations }',
      },
    },
  },
  ProcessTemplate: {
    type: 'object',
    properties: {
      slug: { type: 'string' },
      name: { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } },
      description: { type: 'object' },
      processId: { type: 'string' },
    },
  },
  ProcessModel: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      processId: { type: 'string' },
      name: { type: 'string' },
      description: { type: ['string', 'null'] },
      status: { enum: ['draft', 'published'] },
      latestVersion: { type: ['integer', 'null'] },
      latestDefinitionKey: { type: ['string', 'null'] },
      draftRevision: { type: 'integer' },
      updatedBy: { type: ['object', 'null'] },
      updatedAt: { type: 'string', format: 'date-time' },
      xml: { type: 'string' },
    },
  },
  ProcessModelVersion: {
    type: 'object',
    properties: {
      version: { type: 'integer' },
      definitionKey: { type: 'string' },
      note: { type: ['string', 'null'] },
      publishedAt: { type: 'string', format: 'date-time' },
      publishedBy: { type: ['object', 'null'] },
      xml: { type: 'string' },
    },
  },
  AuditEntry: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      actorId: { type: ['integer', 'null'] },
      actorEmail: { type: ['string', 'null'] },
      action: { type: 'string' },
      subjectType: { type: ['string', 'null'] },
      subjectId: { type: ['string', 'null'] },
      details: { type: ['object', 'null'] },
      ip: { type: ['string', 'null'] },
      requestId: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  Error: {
    type: 'object',
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['message', 'code'],
          properties: {
            message: { type: 'string' },
            field: { type: 'string' },
            code: { type: 'string', examples: ['E_VALIDATION_ERROR', 'E_NOT_FOUND', 'E_CONFLICT'] },
          },
        },
      },
    },
  },
  Unit: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      code: { type: 'string' },
      nameVi: { type: 'string' },
      nameEn: { type: 'string' },
      parentId: { type: ['integer', 'null'] },
      active: { type: 'boolean' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  UnitInput: {
    type: 'object',
    properties: {
      code: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]*$' },
      nameVi: { type: 'string' },
      nameEn: { type: 'string' },
      parentId: { type: ['integer', 'null'] },
      active: { type: 'boolean' },
    },
  },
  User: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      email: { type: 'string', format: 'email' },
      fullName: { type: 'string' },
      active: { type: 'boolean' },
      locale: { enum: ['vi', 'en'] },
      timeZone: { type: 'string' },
      roles: {
        type: 'array',
        items: { enum: ['admin', 'process_owner', 'staff', 'leader', 'auditor'] },
      },
      units: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            code: { type: 'string' },
            nameVi: { type: 'string' },
            nameEn: { type: 'string' },
            primary: { type: 'boolean' },
          },
        },
      },
      lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  UserInput: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      fullName: { type: 'string' },
      password: { type: 'string', minLength: 8 },
      unitIds: { type: 'array', items: { type: 'integer' } },
      unitCodes: { type: 'array', items: { type: 'string' } },
      roles: {
        type: 'array',
        items: { enum: ['admin', 'process_owner', 'staff', 'leader', 'auditor'] },
      },
      active: { type: 'boolean' },
      locale: { enum: ['vi', 'en'] },
      timeZone: { type: 'string' },
    },
  },
  AccessToken: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      userId: { type: 'integer' },
      name: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      expired: { type: 'boolean' },
    },
  },
  Topology: {
    type: 'object',
    properties: {
      brokers: { type: 'array', items: { type: 'object' } },
      clusterSize: { type: 'integer' },
      partitionsCount: { type: 'integer' },
      replicationFactor: { type: 'integer' },
      gatewayVersion: { type: 'string' },
    },
  },
}

/**
 * Builds the whole OpenAPI document.
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, Schema>> = {}
  for (const operation of [
    ...operations,
    ...inboxOperations,
    ...camundaOperations,
    ...connectorOperations,
    ...engineAdminOperations,
    ...dossierOperations,
    ...monitorOperations,
    ...decisionOperations,
    ...engineCallOperations,
    ...commitmentOperations,
  ]) {
    const parameters = [
      ...[...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(operation.query ?? []).map((param) => ({ ...param, in: 'query', required: false })),
    ]
    const responses = Object.fromEntries(
      Object.entries(operation.responses).map(([status, value]) => {
        if (typeof value === 'string') {
          const errorBody =
            Number(status) >= 400
              ? { content: { 'application/json': { schema: ref('Error') } } }
              : {}
          return [status, { description: value, ...errorBody }]
        }
        return [status, { description: 'OK', content: { 'application/json': { schema: value } } }]
      })
    )
    paths[operation.path] ??= {}
    paths[operation.path][operation.method] = {
      'summary': operation.summary,
      'tags': [operation.tag],
      'x-access': operation.access,
      ...(operation.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: operation.body } },
            },
          }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Senflow API',
      version: '0.1.0',
      description:
        'The product API under /api and the Camunda 8 REST API v2 subset under /v2. Authenticate with the session cookie (browser; send X-XSRF-TOKEN), a Bearer access token, or HTTP Basic (email and password) on /v2.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }, { basic: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'senflow-session' },
        bearer: { type: 'http', scheme: 'bearer' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
  }
}

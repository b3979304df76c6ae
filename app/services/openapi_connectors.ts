import type { Operation, Schema } from '#services/openapi_document'

/**
 * The OpenAPI description of the connector routes (start/routes/connectors.ts):
 * connector configurations, secrets, webhooks and the public inbound
 * webhook endpoint. Part of the document built by `openApiDocument()`.
 */

const ERRORS = { '401': 'Not signed in', '403': 'Not allowed', '422': 'Invalid input' }
const NOT_FOUND = { '404': 'Not found' }

const field: Schema = {
  type: 'object',
  required: ['name', 'label'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    label: { type: 'string' },
    description: { type: 'string' },
    type: { enum: ['string', 'text', 'number', 'boolean', 'dropdown'] },
    required: { type: 'boolean' },
    choices: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, value: { type: 'string' } },
      },
    },
    defaultValue: { type: ['string', 'number', 'boolean'] },
    feel: { enum: ['optional', 'required'] },
  },
}

const secretReference: Schema = {
  type: 'string',
  description: 'A secret reference: {{secrets.NAME}}',
  examples: ['{{secrets.TREATY_DB_PASSWORD}}'],
}

const connector: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', description: 'The job type is senflow:connector:<code>' },
    name: { type: 'string' },
    kind: { enum: ['http', 'sql', 'mail', 'portal'] },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    jobType: { type: 'string' },
    elementTemplateId: { type: 'string' },
    revision: { type: 'integer', description: 'Bumped on every change; the template version' },
    configuration: {
      type: 'object',
      description: 'The kind-specific settings; credentials are secret references only',
    },
    secrets: { type: 'array', items: { type: 'string' }, description: 'Secrets it references' },
    createdBy: { type: ['string', 'null'] },
    updatedBy: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
    disabledAt: { type: ['string', 'null'], format: 'date-time' },
  },
}

const common = {
  timeoutMs: { type: 'integer', minimum: 100, maximum: 600000 },
  retries: { type: 'integer', minimum: 0, maximum: 100 },
  retryBackoff: { type: 'string', examples: ['PT30S'] },
  allowedHosts: {
    type: 'array',
    items: { type: 'string' },
    description: 'Hosts (host, host:port, *.suffix) allowed although private or loopback',
  },
}

const operation = (extra: Record<string, Schema>): Schema => ({
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    fields: { type: 'array', items: field },
    ...extra,
  },
})

const connectorSettings: Schema = {
  oneOf: [
    {
      title: 'http',
      type: 'object',
      required: ['baseUrl', 'operations'],
      properties: {
        ...common,
        baseUrl: { type: 'string' },
        authentication: {
          type: 'object',
          description:
            'type: noAuth | basic (username, password) | bearer (token) | apiKey (name, value, apiKeyLocation) | oauth-client-credentials-flow (oauthTokenEndpoint, clientId, clientSecret, audience, scopes, clientAuthentication) | oauth-refresh-token | session (loginUrl, loginBody, tokenPath, inject, …); credentials as secret references',
        },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        operations: {
          type: 'array',
          items: operation({
            method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] },
            path: { type: 'string', examples: ['/treaties/{treatyId}'] },
            queryParameters: { type: 'object', additionalProperties: { type: 'string' } },
            headers: { type: 'object', additionalProperties: { type: 'string' } },
            body: {},
            bodyType: { enum: ['json', 'form'] },
          }),
        },
        readOnly: { type: 'boolean' },
        connectionTimeoutMs: { type: 'integer' },
        readTimeoutMs: { type: 'integer' },
        maxResponseBytes: { type: 'integer' },
        followRedirects: { type: 'boolean' },
        maxRedirects: { type: 'integer' },
      },
    },
    {
      title: 'sql',
      type: 'object',
      required: ['dialect', 'connection', 'operations'],
      properties: {
        ...common,
        dialect: { enum: ['mysql', 'postgres', 'sqlite'] },
        connection: {
          type: 'object',
          properties: {
            host: { type: 'string' },
            port: { type: 'integer' },
            user: { type: 'string' },
            password: secretReference,
            database: { type: 'string' },
            filename: { type: 'string' },
          },
        },
        operations: {
          type: 'array',
          items: operation({
            sql: { type: 'string', examples: ['SELECT * FROM t WHERE id = :id'] },
          }),
        },
        readOnly: { type: 'boolean' },
        maxRows: { type: 'integer' },
        poolSize: { type: 'integer' },
        statementTimeoutMs: { type: 'integer' },
      },
    },
    {
      title: 'mail',
      type: 'object',
      required: ['smtp', 'from', 'operations'],
      properties: {
        ...common,
        smtp: {
          type: 'object',
          properties: {
            host: { type: 'string' },
            port: { type: 'integer' },
            secure: { type: 'boolean' },
            requireTls: { type: 'boolean' },
            user: { type: 'string' },
            password: secretReference,
            allowInvalidCertificates: { type: 'boolean' },
          },
        },
        from: { type: 'string' },
        replyTo: { type: 'string' },
        operations: {
          type: 'array',
          items: operation({
            subject: { type: 'string' },
            text: { type: 'string' },
            html: { type: 'string' },
          }),
        },
        allowedRecipientDomains: { type: 'array', items: { type: 'string' } },
      },
    },
    {
      title: 'portal',
      type: 'object',
      required: ['adapterUrl', 'dstcode', 'madonvi', 'username', 'password'],
      properties: {
        ...common,
        adapterUrl: { type: 'string' },
        loginPath: { type: 'string' },
        servicePath: { type: 'string' },
        dstcode: { type: 'string' },
        madonvi: { type: 'string' },
        username: { type: 'string' },
        password: secretReference,
        sessionTtlSeconds: { type: 'integer' },
        procedureCodes: { type: 'object', additionalProperties: { type: 'string' } },
        statusCodes: {
          type: 'object',
          additionalProperties: { type: 'integer', minimum: 1, maximum: 10 },
        },
        allowedServices: {
          type: 'array',
          items: { enum: ['TraCuuHoSo', 'DongBoHoSoMC', 'CapNhatTienDoHoSoMC', 'LayThuTuc'] },
        },
      },
    },
  ],
}

const connectorInput = (required: string[]): Schema => ({
  type: 'object',
  required,
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    name: { type: 'string' },
    kind: { enum: ['http', 'sql', 'mail', 'portal'] },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    configuration: connectorSettings,
  },
})

const secret: Schema = {
  type: 'object',
  description: 'Metadata only: the value is never returned',
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    version: { type: 'integer' },
    createdAt: { type: ['string', 'null'], format: 'date-time' },
    rotatedAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    createdBy: { type: ['string', 'null'] },
    rotatedBy: { type: ['string', 'null'] },
  },
}

const webhookProperties = {
  name: { type: 'string' },
  kind: { enum: ['start', 'correlate'] },
  processDefinitionId: { type: ['string', 'null'], description: 'kind start: the BPMN process id' },
  messageName: { type: ['string', 'null'], description: 'kind correlate' },
  correlationKeyExpression: {
    type: ['string', 'null'],
    description: 'kind correlate: FEEL over body, e.g. =body.dossierNumber',
  },
  variablesExpression: {
    type: ['string', 'null'],
    description: 'FEEL context over body and request; the body itself when absent',
  },
  requiredFields: { type: ['array', 'null'], items: { type: 'string' } },
  authMode: { enum: ['hmac', 'shared_secret'] },
  secretName: { type: 'string' },
  enabled: { type: 'boolean' },
}

const webhook: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    publicId: { type: 'string' },
    path: { type: 'string', examples: ['/hooks/3q2-fJ…'] },
    url: { type: 'string' },
    ...webhookProperties,
    createdBy: { type: ['string', 'null'] },
    updatedBy: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
}

const items = (schema: Schema): Schema => ({
  type: 'object',
  properties: { items: { type: 'array', items: schema } },
})

/**
 * Every connector route.
 */
export const connectorOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/connectors',
    summary: 'Connector configurations (credentials as secret references only)',
    tag: 'connectors',
    access: 'viewConnectors',
    responses: { '200': items(connector), ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/connectors/element-templates',
    summary: "Camunda 8 element templates of the enabled connectors, for the modeler's palette",
    tag: 'connectors',
    access: 'viewConnectors',
    responses: {
      '200': items({ type: 'object', description: 'A Camunda 8 element template' }),
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/connectors/{id}',
    summary: 'One connector configuration',
    tag: 'connectors',
    access: 'viewConnectors',
    responses: { '200': connector, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/connectors',
    summary:
      'Create a connector configuration; its workers start at once (422 for a literal credential or an unknown secret)',
    tag: 'connectors',
    access: 'manageConnectors',
    body: connectorInput(['code', 'name', 'kind', 'configuration']),
    responses: { '201': connector, '409': 'The code is taken', ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/connectors/{id}',
    summary: 'Change a connector configuration (a given configuration replaces the settings)',
    tag: 'connectors',
    access: 'manageConnectors',
    body: connectorInput([]),
    responses: { '200': connector, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/connectors/{id}/test',
    summary:
      'Test the connection with the stored settings: the kind’s probe, or one operation { operation, fields, to }',
    tag: 'connectors',
    access: 'manageConnectors',
    body: {
      type: 'object',
      properties: {
        operation: { type: 'string' },
        fields: { type: 'object' },
        to: { type: 'string', format: 'email' },
      },
    },
    responses: {
      '200': {
        type: 'object',
        properties: {
          ok: { type: 'boolean' },
          message: { type: 'string' },
          operation: { type: ['string', 'null'] },
          durationMs: { type: 'integer' },
          response: {},
        },
      },
      ...NOT_FOUND,
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/api/connectors/{id}/disable',
    summary: 'Disable a connector: its jobs wait, its template leaves the palette',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': connector, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/connectors/{id}/enable',
    summary: 'Enable a connector again',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': connector, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/secrets',
    summary: 'Secrets: names and metadata, never values',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': items(secret), ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/secrets',
    summary: 'Store a secret, encrypted with the app key (the value is write-only)',
    tag: 'connectors',
    access: 'manageConnectors',
    body: {
      type: 'object',
      required: ['name', 'value'],
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]*$' },
        value: { type: 'string', writeOnly: true },
        description: { type: ['string', 'null'] },
      },
    },
    responses: { '201': secret, '409': 'The name is taken', ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/secrets/{name}',
    summary: "A secret's metadata",
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': secret, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/secrets/{name}/rotate',
    summary: 'Replace the value of a secret (the next job uses it)',
    tag: 'connectors',
    access: 'manageConnectors',
    body: {
      type: 'object',
      required: ['value'],
      properties: {
        value: { type: 'string', writeOnly: true },
        description: { type: ['string', 'null'] },
      },
    },
    responses: { '200': secret, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/secrets/{name}',
    summary: 'Delete a secret no connector or webhook uses',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '204': 'Deleted', ...NOT_FOUND, '409': 'Still in use', ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/webhooks',
    summary: 'Inbound webhooks',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': items(webhook), ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/webhooks',
    summary: 'Create an inbound webhook (its URL carries a random public id)',
    tag: 'connectors',
    access: 'manageConnectors',
    body: {
      type: 'object',
      required: ['name', 'kind', 'secretName'],
      properties: webhookProperties,
    },
    responses: { '201': webhook, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/webhooks/{id}',
    summary: 'One webhook',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '200': webhook, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/webhooks/{id}',
    summary: 'Change a webhook',
    tag: 'connectors',
    access: 'manageConnectors',
    body: { type: 'object', properties: webhookProperties },
    responses: { '200': webhook, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'delete',
    path: '/api/webhooks/{id}',
    summary: 'Delete a webhook and its deliveries',
    tag: 'connectors',
    access: 'manageConnectors',
    responses: { '204': 'Deleted', ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    summary: 'The latest deliveries of a webhook (request id, status, what each started)',
    tag: 'connectors',
    access: 'manageConnectors',
    query: [{ name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 500 } }],
    responses: { '200': items({ type: 'object' }), ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/hooks/{publicId}',
    summary:
      'Inbound webhook call: X-Senflow-Signature: sha256=<HMAC-SHA256 of the raw body> (or X-Senflow-Token), Idempotency-Key (or X-Request-Id), a JSON object body; 202 with the key of what it started',
    tag: 'connectors',
    access: 'public',
    body: { type: 'object' },
    responses: {
      '202': {
        type: 'object',
        properties: { processInstanceKey: { type: 'string' }, messageKey: { type: 'string' } },
      },
      '400': 'The body is not a JSON object',
      '401': 'Bad signature or token: nothing starts',
      '404': 'No such (enabled) webhook',
      '409': 'The request id came with another body, or its first delivery is in progress',
      '422': 'Missing request id, or the body lacks a required field',
    },
  },
]

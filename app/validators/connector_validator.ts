import vine from '@vinejs/vine'
import { PORTAL_SERVICES } from '@senflow/connectors'

/**
 * What a connector code looks like; the job type is `senflow:connector:<code>`.
 */
export const CONNECTOR_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]*$/

/**
 * Kinds of external systems an administrator can configure.
 */
export const CONNECTOR_KINDS = ['http', 'sql', 'mail', 'portal'] as const

const text = (max = 255) => vine.string().trim().minLength(1).maxLength(max)
const milliseconds = (max = 600_000) => vine.number().withoutDecimals().range([100, max])
const identifier = () => vine.string().trim().maxLength(64).regex(CONNECTOR_CODE_PATTERN)

/**
 * `host`, `host:port`, `*.suffix` or a bracketed IPv6 address.
 */
const HOST_PATTERN = /^((\*\.)?[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/

/**
 * ISO-8601 durations such as `PT30S` or `P1DT2H`.
 */
const DURATION_PATTERN =
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/

/**
 * Adds `name` to an object when the data has it (unions cannot be optional).
 */
const whenPresent = (name: string, schema: any) =>
  vine
    .group([
      vine.group.if((data) => data[name] !== undefined && data[name] !== null, {
        [name]: schema,
      }),
    ])
    .otherwise(() => {})

const field = () =>
  vine
    .object({
      name: vine
        .string()
        .maxLength(64)
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      label: text(),
      description: vine.string().maxLength(1000).optional(),
      type: vine.enum(['string', 'text', 'number', 'boolean', 'dropdown'] as const).optional(),
      required: vine.boolean().optional(),
      choices: vine
        .array(vine.object({ name: text(), value: vine.string().maxLength(255) }))
        .maxLength(200)
        .optional(),
      feel: vine.enum(['optional', 'required'] as const).optional(),
    })
    .merge(
      whenPresent('defaultValue', vine.unionOfTypes([vine.string(), vine.number(), vine.boolean()]))
    )

const fields = () => vine.array(field()).maxLength(100).optional()

const common = () => ({
  timeoutMs: milliseconds().optional(),
  retries: vine.number().withoutDecimals().range([0, 100]).optional(),
  retryBackoff: vine.string().trim().regex(DURATION_PATTERN).optional(),
  allowedHosts: vine.array(vine.string().trim().regex(HOST_PATTERN)).maxLength(50).optional(),
})

/**
 * Time and size limits of the connectors that call out over HTTP (HTTP and the portal).
 */
const outboundLimits = () => ({
  connectionTimeoutMs: milliseconds().optional(),
  readTimeoutMs: milliseconds().optional(),
  maxResponseBytes: vine
    .number()
    .withoutDecimals()
    .range([1, 100 * 1024 * 1024])
    .optional(),
})

const isType = (type: string) => (value: unknown) =>
  vine.helpers.isObject(value) && (value as Record<string, unknown>).type === type

const httpAuthentication = () =>
  vine
    .union([
      vine.union.if(isType('noAuth'), vine.object({ type: vine.literal('noAuth') })),
      vine.union.if(
        isType('basic'),
        vine.object({ type: vine.literal('basic'), username: text(), password: text(1024) })
      ),
      vine.union.if(
        isType('bearer'),
        vine.object({ type: vine.literal('bearer'), token: text(1024) })
      ),
      vine.union.if(
        isType('apiKey'),
        vine.object({
          type: vine.literal('apiKey'),
          name: text(),
          value: text(1024),
          apiKeyLocation: vine.enum(['headers', 'query'] as const).optional(),
        })
      ),
      vine.union.if(
        isType('oauth-client-credentials-flow'),
        vine.object({
          type: vine.literal('oauth-client-credentials-flow'),
          oauthTokenEndpoint: text(2048),
          clientId: text(1024),
          clientSecret: text(1024),
          audience: text(1024).optional(),
          scopes: text(1024).optional(),
          clientAuthentication: vine
            .enum(['credentialsBody', 'basicAuthHeader'] as const)
            .optional(),
        })
      ),
      vine.union.if(
        isType('oauth-refresh-token'),
        vine.object({
          type: vine.literal('oauth-refresh-token'),
          oauthTokenEndpoint: text(2048),
          clientId: text(1024),
          clientSecret: text(1024).optional(),
          refreshToken: text(1024),
          scopes: text(1024).optional(),
        })
      ),
      vine.union.if(
        isType('session'),
        vine.object({
          type: vine.literal('session'),
          loginUrl: text(2048),
          loginBody: vine.record(vine.any()),
          loginBodyType: vine.enum(['json', 'form'] as const).optional(),
          loginHeaders: vine.record(vine.string().maxLength(4096)).optional(),
          tokenPath: text().optional(),
          tokenExpression: text(4096).optional(),
          expiresInPath: text().optional(),
          ttlSeconds: vine
            .number()
            .withoutDecimals()
            .range([1, 30 * 24 * 3600])
            .optional(),
          inject: vine
            .object({
              location: vine.enum(['header', 'body', 'query'] as const),
              name: text(),
              prefix: vine.string().maxLength(64).optional(),
            })
            .optional(),
        })
      ),
    ])
    .otherwise((_value, fieldContext) => {
      fieldContext.report(
        'Expected {{ field }}.type to be one of noAuth, basic, bearer, apiKey, oauth-client-credentials-flow, oauth-refresh-token, session',
        'authentication',
        fieldContext
      )
    })

const httpConfiguration = () =>
  vine
    .object({
      ...common(),
      baseUrl: text(2048),
      headers: vine.record(vine.string().maxLength(4096)).optional(),
      operations: vine
        .array(
          vine.object({
            id: identifier(),
            name: text(),
            method: vine.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const),
            path: vine.string().trim().maxLength(2048),
            fields: fields(),
            queryParameters: vine.record(vine.string().maxLength(2048)).optional(),
            headers: vine.record(vine.string().maxLength(4096)).optional(),
            body: vine.any().optional(),
            bodyType: vine.enum(['json', 'form'] as const).optional(),
          })
        )
        .minLength(1)
        .maxLength(100),
      readOnly: vine.boolean().optional(),
      ...outboundLimits(),
      followRedirects: vine.boolean().optional(),
      maxRedirects: vine.number().withoutDecimals().range([0, 20]).optional(),
    })
    .merge(whenPresent('authentication', httpAuthentication()))

const sqlConfiguration = () =>
  vine.object({
    ...common(),
    dialect: vine.enum(['mysql', 'postgres', 'sqlite'] as const),
    connection: vine.object({
      host: text().optional(),
      port: vine.number().withoutDecimals().range([1, 65535]).optional(),
      user: text().optional(),
      password: text(1024).optional(),
      database: text().optional(),
      filename: text(1024).optional(),
    }),
    operations: vine
      .array(vine.object({ id: identifier(), name: text(), sql: text(20_000), fields: fields() }))
      .minLength(1)
      .maxLength(100),
    readOnly: vine.boolean().optional(),
    maxRows: vine.number().withoutDecimals().range([1, 100_000]).optional(),
    poolSize: vine.number().withoutDecimals().range([1, 50]).optional(),
    statementTimeoutMs: milliseconds().optional(),
  })

const mailConfiguration = () =>
  vine.object({
    ...common(),
    smtp: vine.object({
      host: text(),
      port: vine.number().withoutDecimals().range([1, 65535]),
      secure: vine.boolean().optional(),
      requireTls: vine.boolean().optional(),
      user: text().optional(),
      password: text(1024).optional(),
      allowInvalidCertificates: vine.boolean().optional(),
    }),
    from: text(),
    replyTo: text().optional(),
    operations: vine
      .array(
        vine.object({
          id: identifier(),
          name: text(),
          subject: text(1000).optional(),
          text: text(100_000).optional(),
          html: text(200_000).optional(),
          fields: fields(),
        })
      )
      .minLength(1)
      .maxLength(100),
    allowedRecipientDomains: vine.array(text()).maxLength(100).optional(),
  })

const portalConfiguration = () =>
  vine.object({
    ...common(),
    adapterUrl: text(2048),
    loginPath: text().optional(),
    servicePath: text().optional(),
    dstcode: text(),
    madonvi: text(),
    username: text(),
    password: text(1024),
    sessionTtlSeconds: vine
      .number()
      .withoutDecimals()
      .range([1, 7 * 24 * 3600])
      .optional(),
    procedureCodes: vine.record(text()).optional(),
    statusCodes: vine.record(vine.number().withoutDecimals().range([1, 10])).optional(),
    allowedServices: vine.array(vine.enum(PORTAL_SERVICES)).minLength(1).optional(),
    ...outboundLimits(),
  })

/**
 * The kind-specific `configuration`, chosen by the sibling `kind`.
 */
const configurationByKind = (optional: boolean) => {
  const wrap = <T extends { optional(): any }>(schema: T) => (optional ? schema.optional() : schema)
  return vine
    .group([
      vine.group.if((data) => data.kind === 'http', { configuration: wrap(httpConfiguration()) }),
      vine.group.if((data) => data.kind === 'sql', { configuration: wrap(sqlConfiguration()) }),
      vine.group.if((data) => data.kind === 'mail', { configuration: wrap(mailConfiguration()) }),
      vine.group.if((data) => data.kind === 'portal', {
        configuration: wrap(portalConfiguration()),
      }),
    ])
    .otherwise(() => {})
}

/**
 * A new connector configuration: its code (the job type's suffix), name,
 * kind and the kind's settings (sensitive settings as `{{secrets.NAME}}`).
 */
export const createConnectorValidator = vine.compile(
  vine
    .object({
      code: identifier(),
      name: text(),
      kind: vine.enum(CONNECTOR_KINDS),
      description: vine.string().trim().maxLength(2000).nullable().optional(),
      enabled: vine.boolean().optional(),
    })
    .merge(configurationByKind(false))
)

/**
 * Changes to a connector configuration (`kind` is the stored one; a given
 * `configuration` replaces the whole settings).
 */
export const updateConnectorValidator = vine.compile(
  vine
    .object({
      name: text().optional(),
      kind: vine.enum(CONNECTOR_KINDS),
      description: vine.string().trim().maxLength(2000).nullable().optional(),
      enabled: vine.boolean().optional(),
    })
    .merge(configurationByKind(true))
)

/**
 * What a connection test may run: a configured operation with business
 * fields, or (without one) the kind's harmless probe.
 */
export const testConnectorValidator = vine.compile(
  vine.object({
    operation: vine.string().trim().minLength(1).maxLength(64).optional(),
    fields: vine.record(vine.any()).optional(),
    to: vine.string().trim().email().optional(),
  })
)

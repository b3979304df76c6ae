/**
 * The contract between the connectors and the rest of Senflow.
 *
 * Everything the engine asks of the outside world is a job (as in Zeebe): a
 * service task creates a job of its `zeebe:taskDefinition` type and a
 * connector is the job worker for that type. This file defines the job, the
 * three ways a job ends, and the ports the app implements (JobClient,
 * SecretProvider, AttachmentProvider, ConnectorLogger). It imports nothing
 * from the engine, so the embedded engine and Zeebe can both drive it.
 */

/**
 * A job activated for a connector, shaped like Zeebe's `ActivatedJob`.
 *
 * Rules: `variables` are the task's input mappings, already evaluated by the
 * engine (FEEL done, plain JSON values); `customHeaders` are the task's
 * `zeebe:taskHeaders`. `retries` is the number of retries the job has left
 * when it is handed to the worker (3 by default in Zeebe); a failure reports
 * `retries - 1`.
 */
export interface ConnectorJob {
  key: string
  type: string
  processInstanceKey: string
  elementId: string
  retries: number
  customHeaders: Record<string, string>
  variables: Record<string, unknown>
}

/**
 * The job is done: the engine merges `variables` into the task's scope
 * (through the task's output mappings).
 */
export interface JobCompleted {
  kind: 'complete'
  variables: Record<string, unknown>
}

/**
 * The job failed technically: the engine stores `errorMessage`, sets the
 * job's retries to `retries` and makes it activatable again after
 * `retryBackOffMs`; with `retries` 0 it raises an incident instead.
 */
export interface JobFailed {
  kind: 'fail'
  retries: number
  errorMessage: string
  retryBackOffMs: number
  /** Variables to set on the task's scope with the failure (Camunda's `jobError(message, variables)`). */
  variables?: Record<string, unknown>
}

/**
 * The job ended in a business error: the engine throws a BPMN error with
 * `errorCode`, caught by an error boundary event or an error event subprocess
 * (an incident if nothing catches it).
 */
export interface JobErrorThrown {
  kind: 'throwError'
  errorCode: string
  errorMessage: string
  variables: Record<string, unknown>
}

/** The three outcomes of a job, as a value (returned by `ConnectorRuntime.execute`). */
export type JobCompletion = JobCompleted | JobFailed | JobErrorThrown

/**
 * The port through which the runtime reports a job's outcome. The app binds
 * it to the embedded engine's commands or to Zeebe's (`zeebe-node`)
 * `completeJob` / `failJob` / `throwError`.
 *
 * Rules: each method is called at most once per job, and exactly one of them
 * is called by `ConnectorRuntime.handle`; the texts passed in are already
 * redacted of every secret.
 */
export interface JobClient {
  complete(jobKey: string, variables: Record<string, unknown>): Promise<void>
  fail(
    jobKey: string,
    failure: {
      retries: number
      errorMessage: string
      retryBackOffMs: number
      variables?: Record<string, unknown>
    }
  ): Promise<void>
  throwError(
    jobKey: string,
    error: { errorCode: string; errorMessage: string; variables: Record<string, unknown> }
  ): Promise<void>
}

/**
 * Where secrets come from. The app implements it over its encrypted secrets
 * table; the runtime appends an environment provider (`SENFLOW_SECRET_<NAME>`)
 * as a fallback.
 *
 * Rules: `get` returns `undefined` for an unknown name (never throws for
 * that); it is called at execution time, on every job, so a rotated secret
 * is used by the next job without a restart.
 */
export interface SecretProvider {
  get(name: string): Promise<string | undefined>
}

/**
 * A file attached to an outgoing mail. `content` is either the bytes or a
 * path on the server's disk that nodemailer streams from.
 */
export interface MailAttachment {
  filename: string
  contentType?: string
  content: Buffer | { path: string }
}

/**
 * Supplies the files a mail task attaches. The app implements it over the
 * dossier's documents: the job's `attachments` input lists references (a
 * document id, or whatever the app's forms store) and the provider turns
 * them into files.
 *
 * Rules: it returns one attachment per reference, in order, and rejects
 * (throws) for a reference the job's process instance may not read.
 */
export interface AttachmentProvider {
  attachmentsFor(references: readonly unknown[], job: ConnectorJob): Promise<MailAttachment[]>
}

/**
 * Structured logger the runtime writes to (the app passes its pino logger
 * through a thin adapter). Every message and field has passed the secret
 * redactor before it gets here.
 */
export interface ConnectorLogger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * What a connector gets to run one job: the job, its inputs (with secret
 * placeholders resolved when the connector allows it), a way to resolve the
 * placeholders of its own configuration, a place to register values that
 * must be redacted (tokens it obtained) and an abort signal that fires on
 * the runtime's timeout.
 */
export interface ConnectorContext {
  job: ConnectorJob
  inputs: Record<string, unknown>
  signal: AbortSignal
  environment: NodeJS.ProcessEnv
  logger: ConnectorLogger
  /** Replaces every `{{secrets.NAME}}` in a string, object or array; registers each value for redaction. */
  resolveSecrets<T>(value: T): Promise<T>
  /** Registers a value (a token, a derived header) so that it is redacted from anything the runtime emits. */
  registerSensitive(value: string): void
  /** Supplies mail attachments; undefined when the app did not give one. */
  attachmentProvider?: AttachmentProvider
}

/**
 * A job worker's logic for one job type. It returns the `response` that
 * `resultVariable`, `resultExpression` and `errorExpression` see, and throws
 * a `ConnectorError` (see errors.ts) when the call fails.
 */
export interface Connector {
  /** Human name used in failure messages, e.g. "Treaty database" or "REST (io.camunda:http-json:1)". */
  readonly name: string
  /**
   * Whether `{{secrets.NAME}}` placeholders in the job's inputs are
   * resolved. True for Camunda's generic connectors (their models put
   * placeholders in inputs); false for configured connectors, whose secrets
   * live in the administrator's configuration and whose business fields must
   * not be able to pull a secret out.
   */
  readonly resolvesSecretsInInputs: boolean
  /** Per-job time limit in milliseconds; the runtime's default when absent. */
  readonly timeoutMs?: number
  execute(context: ConnectorContext): Promise<unknown>
  /** Releases pools and transports. */
  close?(): Promise<void>
}

/** Kinds of external systems an administrator can configure. */
export type ConnectorKind = 'http' | 'sql' | 'mail' | 'portal'

/**
 * A business field a process owner fills in the modeler for a configured
 * connector. It becomes a `zeebe:input` bound to `fields.<name>`, so the
 * connector reads it from `inputs.fields`.
 */
export interface ConnectorField {
  /** Identifier, `[A-Za-z_][A-Za-z0-9_]*`. */
  name: string
  label: string
  description?: string
  /** `string` (default), `text` (multi-line), `number`, `boolean` or `dropdown`. */
  type?: 'string' | 'text' | 'number' | 'boolean' | 'dropdown'
  required?: boolean
  choices?: { name: string; value: string }[]
  defaultValue?: string | number | boolean
  /** Whether the modeler offers FEEL for the field: `optional` (default for string/text) or `required`. */
  feel?: 'optional' | 'required'
}

/**
 * What every configuration has: what an administrator sets once per
 * external system. String settings may contain `{{secrets.NAME}}`
 * placeholders, resolved at execution time only.
 */
export interface ConnectorConfigurationBase {
  /** Stable identifier, `[a-z0-9][a-z0-9_-]*`; the job type is `senflow:connector:<id>`. */
  id: string
  /** What process owners see in the palette, e.g. "Query the treaty database". */
  name: string
  description?: string
  kind: ConnectorKind
  /** Element template version; bump it when the fields change. Defaults to 1. */
  version?: number
  /** Per-job time limit in milliseconds (default: the runtime's, 60 s). */
  timeoutMs?: number
  /** Default `retries` written into the element template (default 3). */
  retries?: number
  /** Default `retryBackoff` ISO-8601 duration written into the element template (default PT30S). */
  retryBackoff?: string
  /**
   * Hosts allowed even though they resolve to private, loopback or
   * link-local addresses (`host` or `host:port`, `*.suffix` for a domain).
   * Used by the HTTP and portal connectors; added to `CONNECTORS_ALLOWED_HOSTS`.
   */
  allowedHosts?: string[]
}

/**
 * An HTTP request a process owner may trigger: its method and path are fixed
 * by the administrator; `{field}` in the path, and `{{field}}` (or a FEEL
 * string starting with `=`) in query parameters, headers and the body, take
 * the business fields' values.
 */
export interface HttpOperation {
  id: string
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'
  /** Appended to the configuration's `baseUrl`, e.g. `/treaties/{treatyId}`. */
  path: string
  fields?: ConnectorField[]
  queryParameters?: Record<string, string>
  headers?: Record<string, string>
  /** A JSON template: a string that is exactly `{{field}}` takes the field's typed value. */
  body?: unknown
  /** How the body is sent: `json` (default) or `form` (application/x-www-form-urlencoded). */
  bodyType?: 'json' | 'form'
}

/**
 * Authentication of an HTTP system: Camunda's `authentication` input shapes
 * (`noAuth`, `basic`, `bearer`, `apiKey`, `oauth-client-credentials-flow`,
 * `oauth-refresh-token`) plus Senflow's `session` login.
 */
export type HttpAuthentication =
  | { type: 'noAuth' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'apiKey'; name: string; value: string; apiKeyLocation?: 'headers' | 'query' }
  | {
      type: 'oauth-client-credentials-flow'
      oauthTokenEndpoint: string
      clientId: string
      clientSecret: string
      audience?: string
      scopes?: string
      clientAuthentication?: 'credentialsBody' | 'basicAuthHeader'
    }
  | {
      type: 'oauth-refresh-token'
      oauthTokenEndpoint: string
      clientId: string
      clientSecret?: string
      refreshToken: string
      scopes?: string
    }
  | SessionLoginAuthentication

/**
 * Session login: POST credentials to a login URL, read the token from the
 * JSON answer, send it with every call, log in again on 401 or expiry.
 */
export interface SessionLoginAuthentication {
  type: 'session'
  loginUrl: string
  /** The login request's body, e.g. `{ "username": "...", "password": "{{secrets.X}}" }`. */
  loginBody: Record<string, unknown>
  /** `json` (default) or `form`. */
  loginBodyType?: 'json' | 'form'
  /** Extra headers of the login request (a routing header, an API key). */
  loginHeaders?: Record<string, string>
  /** Dot path of the token in the JSON answer, e.g. `data.accessToken` (default `token`). */
  tokenPath?: string
  /** FEEL expression over `{ response: { status, headers, body } }` yielding the token; wins over tokenPath. */
  tokenExpression?: string
  /** Dot path of the token's lifetime in seconds in the answer, e.g. `expires_in`. */
  expiresInPath?: string
  /** Lifetime in seconds when the answer does not say (default: until the API answers 401). */
  ttlSeconds?: number
  /** Where the token goes: a header (default `Authorization`, prefix `Bearer `), a body field or a query parameter. */
  inject?: { location: 'header' | 'body' | 'query'; name: string; prefix?: string }
}

/** An HTTP/REST system configured by an administrator. */
export interface HttpConnectorConfiguration extends ConnectorConfigurationBase {
  kind: 'http'
  /** e.g. `https://treaties.mofa.gov.vn/api`. */
  baseUrl: string
  authentication?: HttpAuthentication
  /** Headers sent with every call (may hold secrets). */
  headers?: Record<string, string>
  operations: HttpOperation[]
  /** Refuses operations other than GET and HEAD. */
  readOnly?: boolean
  connectionTimeoutMs?: number
  readTimeoutMs?: number
  /** Largest accepted response body (default 5 MiB). */
  maxResponseBytes?: number
  followRedirects?: boolean
  maxRedirects?: number
}

/** A SQL statement an administrator allows, with `:name` parameters. */
export interface SqlOperation {
  id: string
  name: string
  /** One statement; values only through `:name` parameters (taken from the business fields). */
  sql: string
  /** One field per `:name` parameter; derived from the SQL when absent (all required strings). */
  fields?: ConnectorField[]
}

/** A database configured by an administrator. */
export interface SqlConnectorConfiguration extends ConnectorConfigurationBase {
  kind: 'sql'
  dialect: 'mysql' | 'postgres' | 'sqlite'
  /** Server databases: host, port, user, password, database. SQLite: `filename`. */
  connection: {
    host?: string
    port?: number
    user?: string
    password?: string
    database?: string
    filename?: string
  }
  operations: SqlOperation[]
  /** Refuses writes: by statement classification and by a read-only transaction (or a read-only SQLite handle). */
  readOnly?: boolean
  /** Rows returned at most (default 1000); `truncated` says when more matched. */
  maxRows?: number
  /** Pool size (default 5). */
  poolSize?: number
  /** Statement time limit in milliseconds (PostgreSQL `statement_timeout`; default 30 s). */
  statementTimeoutMs?: number
}

/** A mail message an administrator prepares: subject and bodies are templates. */
export interface MailOperation {
  id: string
  name: string
  /** `{{variable}}` placeholders, or a FEEL expression starting with `=`; from the job's `subject` input when absent. */
  subject?: string
  text?: string
  html?: string
  /** Template variables the process owner fills (become `fields.<name>`). */
  fields?: ConnectorField[]
}

/** An SMTP server configured by an administrator. */
export interface MailConnectorConfiguration extends ConnectorConfigurationBase {
  kind: 'mail'
  smtp: {
    host: string
    port: number
    /** TLS from the start (port 465); otherwise STARTTLS when offered. */
    secure?: boolean
    requireTls?: boolean
    user?: string
    password?: string
    /** Accept self-signed certificates (test servers only). */
    allowInvalidCertificates?: boolean
  }
  /** Sender, e.g. `"Cục Lãnh sự" <lanhsu@mofa.gov.vn>`. */
  from: string
  replyTo?: string
  operations: MailOperation[]
  /** Recipients must be in these domains when set. */
  allowedRecipientDomains?: string[]
}

/** The four services of the portal's dossier synchronisation profile. */
export type PortalServiceName = 'TraCuuHoSo' | 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC' | 'LayThuTuc'

/** The National Public Service Portal (Cổng Dịch vụ công quốc gia) adapter, configured by an administrator. */
export interface PortalConnectorConfiguration extends ConnectorConfigurationBase {
  kind: 'portal'
  /** The adapter's base URL (HTTPS in production). */
  adapterUrl: string
  /** Login service path (default `/login`). */
  loginPath?: string
  /** Integration service path (default `/service`). */
  servicePath?: string
  /** Routing code sent as the `dstcode` header on every call. */
  dstcode: string
  /** Agency code (`madonvi`) of the ministry unit. */
  madonvi: string
  username: string
  password: string
  /** Session lifetime in seconds when the login answer does not say (default 1800). */
  sessionTtlSeconds?: number
  /** Our procedure codes → the portal's procedure codes (MaTTHC). */
  procedureCodes?: Record<string, string>
  /** Our dossier statuses → the portal's status codes 1–10. */
  statusCodes?: Record<string, number>
  /** Services process owners may call (default: all four). */
  allowedServices?: PortalServiceName[]
  connectionTimeoutMs?: number
  readTimeoutMs?: number
  maxResponseBytes?: number
}

/** What an administrator configures once per external system, by kind. */
export type ConnectorConfiguration =
  | HttpConnectorConfiguration
  | SqlConnectorConfiguration
  | MailConnectorConfiguration
  | PortalConnectorConfiguration

/**
 * Errors a connector throws when a job cannot be done. The runtime turns
 * them into a failed job: `retryable` errors spend one retry (with the
 * task's back-off), the others go straight to an incident because trying
 * again cannot help (a wrong input, a refused address, a missing secret).
 * Their `code` and `response` are what `errorExpression` sees as
 * `error.code` and `error.response`, as in Camunda.
 */

/** Options shared by every connector error. */
export interface ConnectorErrorOptions {
  /** Machine-readable code; for HTTP the status as a string ("404"), as Camunda's REST connector does. */
  code?: string
  /** Whether trying again may succeed (default true). */
  retryable?: boolean
  /** What the external system answered, when it answered (`error.response` in errorExpression). */
  response?: unknown
  cause?: unknown
}

/** Thrown when a call to an external system fails; the base of every connector error. */
export class ConnectorError extends Error {
  readonly code?: string
  readonly retryable: boolean
  readonly response?: unknown

  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ConnectorError'
    this.code = options.code
    this.retryable = options.retryable ?? true
    this.response = options.response
  }
}

/** Thrown when a job's inputs or a configuration are invalid; not retryable. */
export class ConnectorInputError extends ConnectorError {
  constructor(message: string, options: Omit<ConnectorErrorOptions, 'retryable'> = {}) {
    super(message, { code: 'INVALID_INPUT', ...options, retryable: false })
    this.name = 'ConnectorInputError'
  }
}

/** Thrown when a `{{secrets.NAME}}` placeholder names a secret no provider knows; not retryable. */
export class SecretNotFoundError extends ConnectorInputError {
  readonly secretName: string

  constructor(secretName: string) {
    super(`Expected secret ${secretName} to be defined, but no secret provider knows it`, {
      code: 'SECRET_NOT_FOUND',
    })
    this.name = 'SecretNotFoundError'
    this.secretName = secretName
  }
}

/** Thrown when an outbound request targets a private, loopback or link-local address that is not allow-listed; not retryable. */
export class OutboundRequestRefusedError extends ConnectorError {
  constructor(message: string) {
    super(message, { code: 'OUTBOUND_REFUSED', retryable: false })
    this.name = 'OutboundRequestRefusedError'
  }
}

/** Thrown when an external system answers with an HTTP status of 400 or more; `code` is the status. */
export class HttpStatusError extends ConnectorError {
  readonly status: number

  constructor(message: string, status: number, response: unknown) {
    super(message, { code: String(status), response, retryable: true })
    this.name = 'HttpStatusError'
    this.status = status
  }
}

/** Thrown when a connection or a read takes longer than allowed, or a job exceeds its time limit. */
export class ConnectorTimeoutError extends ConnectorError {
  constructor(message: string) {
    super(message, { code: 'TIMEOUT', retryable: true })
    this.name = 'ConnectorTimeoutError'
  }
}

/** Thrown when a response body exceeds the configured size limit; not retryable. */
export class ResponseTooLargeError extends ConnectorError {
  constructor(message: string) {
    super(message, { code: 'RESPONSE_TOO_LARGE', retryable: false })
    this.name = 'ResponseTooLargeError'
  }
}

/** Thrown when a SQL statement is refused (a write on a read-only connector, several statements); not retryable. */
export class SqlStatementRefusedError extends ConnectorInputError {
  constructor(message: string) {
    super(message, { code: 'SQL_REFUSED' })
    this.name = 'SqlStatementRefusedError'
  }
}

/** Thrown when the national portal answers something that does not follow its profile, or reports an error. */
export class PortalProtocolError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super(message, { code: 'PORTAL_PROTOCOL', ...options })
    this.name = 'PortalProtocolError'
  }
}

/** Thrown when a FEEL expression cannot be parsed or does not yield what is expected; not retryable. */
export class FeelExpressionError extends ConnectorInputError {
  constructor(message: string) {
    super(message, { code: 'FEEL' })
    this.name = 'FeelExpressionError'
  }
}

/** Thrown at registration when a connector configuration is invalid (listing every problem). */
export class ConnectorConfigurationError extends Error {
  readonly configurationId: string
  readonly problems: string[]

  constructor(configurationId: string, problems: string[]) {
    super(`Connector configuration ${configurationId} is invalid: ${problems.join('; ')}`)
    this.name = 'ConnectorConfigurationError'
    this.configurationId = configurationId
    this.problems = problems
  }
}

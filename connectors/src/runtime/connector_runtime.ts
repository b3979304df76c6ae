import { ConnectorError, ConnectorTimeoutError, FeelExpressionError } from '../errors.js'
import { durationToMilliseconds, toPlainValue } from '../feel/feel_expression.js'
import {
  ChainedSecretProvider,
  EnvironmentSecretProvider,
} from '../secrets/environment_secret_provider.js'
import { SecretRedactor } from '../secrets/secret_redactor.js'
import { SecretResolver } from '../secrets/secret_resolver.js'
import type {
  AttachmentProvider,
  Connector,
  ConnectorContext,
  ConnectorJob,
  ConnectorLogger,
  JobClient,
  JobCompletion,
  SecretProvider,
} from '../types.js'
import type { ConnectorRegistry } from './connector_registry.js'
import {
  examineErrorExpression,
  mapResponseToVariables,
  readOutputMappingSettings,
  type OutputMappingSettings,
} from './output_mapping.js'

/** Longest error message handed to the engine, as Camunda's runtime (protects the engine's records). */
export const MAX_ERROR_MESSAGE_LENGTH = 6000

/** Per-job time limit when neither the connector nor the runtime options set one. */
export const DEFAULT_JOB_TIMEOUT_MS = 60_000

/** What the app gives the runtime. */
export interface ConnectorRuntimeOptions {
  registry: ConnectorRegistry
  /** The app's secret store; `SENFLOW_SECRET_<NAME>` environment variables are read after it. */
  secretProvider?: SecretProvider
  /** Environment for secrets and `CONNECTORS_ALLOWED_HOSTS` (default `process.env`). */
  environment?: NodeJS.ProcessEnv
  logger?: ConnectorLogger
  attachmentProvider?: AttachmentProvider
  /** Per-job time limit for connectors that do not set one (default 60 s). */
  defaultTimeoutMs?: number
}

/** A logger that drops everything; the default. */
export const silentLogger: ConnectorLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}

/**
 * Runs connector jobs: resolves the connector for the job's type and the
 * secrets in its inputs, runs it within a time limit, maps the response with
 * `resultVariable` / `resultExpression`, applies `errorExpression`, and
 * decides the job's outcome (complete, fail with retries and back-off, or
 * throw a BPMN error), as Camunda's `ConnectorJobHandler` does.
 *
 * Rules: `execute` never throws; every text and variable it returns or logs
 * has been redacted of the secrets the job resolved and of the tokens the
 * connector obtained.
 */
export class ConnectorRuntime {
  readonly #registry: ConnectorRegistry
  readonly #secretProvider: SecretProvider
  readonly #environment: NodeJS.ProcessEnv
  readonly #logger: ConnectorLogger
  readonly #attachmentProvider?: AttachmentProvider
  readonly #defaultTimeoutMs: number

  constructor(options: ConnectorRuntimeOptions) {
    this.#registry = options.registry
    this.#environment = options.environment ?? process.env
    const environmentProvider = new EnvironmentSecretProvider(this.#environment)
    this.#secretProvider = options.secretProvider
      ? new ChainedSecretProvider([options.secretProvider, environmentProvider])
      : environmentProvider
    this.#logger = options.logger ?? silentLogger
    this.#attachmentProvider = options.attachmentProvider
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS
  }

  /** The job types this runtime can work on (one job worker each). */
  jobTypes(): string[] {
    return this.#registry.jobTypes()
  }

  /** Runs a job and reports its outcome through the client; returns the outcome too. */
  async handle(job: ConnectorJob, client: JobClient): Promise<JobCompletion> {
    const completion = await this.execute(job)
    switch (completion.kind) {
      case 'complete':
        await client.complete(job.key, completion.variables)
        break
      case 'fail':
        await client.fail(job.key, {
          retries: completion.retries,
          errorMessage: completion.errorMessage,
          retryBackOffMs: completion.retryBackOffMs,
          ...(completion.variables ? { variables: completion.variables } : {}),
        })
        break
      case 'throwError':
        await client.throwError(job.key, {
          errorCode: completion.errorCode,
          errorMessage: completion.errorMessage,
          variables: completion.variables,
        })
        break
    }
    return completion
  }

  /** Runs a job and returns its outcome, redacted; never throws. */
  async execute(job: ConnectorJob): Promise<JobCompletion> {
    const redactor = new SecretRedactor()
    const logger = redactingLogger(this.#logger, redactor)
    const startedAt = Date.now()
    const completion = await this.#decide(job, redactor, logger)
    const redacted = redactCompletion(completion, redactor)
    const fields = {
      jobKey: job.key,
      jobType: job.type,
      elementId: job.elementId,
      durationMs: Date.now() - startedAt,
    }
    if (redacted.kind === 'complete') logger.info('Connector job completed', fields)
    if (redacted.kind === 'fail')
      logger.warn(`Connector job failed: ${redacted.errorMessage}`, {
        ...fields,
        retries: redacted.retries,
      })
    if (redacted.kind === 'throwError')
      logger.info(`Connector job threw BPMN error ${redacted.errorCode}`, fields)
    return redacted
  }

  async #decide(
    job: ConnectorJob,
    redactor: SecretRedactor,
    logger: ConnectorLogger
  ): Promise<JobCompletion> {
    const connector = this.#registry.resolve(job.type)
    const connectorName = connector?.name ?? job.type
    const settings = readOutputMappingSettings(job.customHeaders ?? {}, job.variables ?? {})

    // 1. The back-off must parse before anything runs: a wrong header is a modelling error.
    let retryBackOffMs = 0
    try {
      retryBackOffMs = settings.retryBackoff ? durationToMilliseconds(settings.retryBackoff) : 0
    } catch (error) {
      return failure(
        connectorName,
        `Failed to parse retryBackoff: ${(error as Error).message}`,
        0,
        0
      )
    }
    if (!connector) {
      return failure(
        connectorName,
        `Expected a connector for job type ${job.type}, but none is registered`,
        0,
        0
      )
    }

    // 2. Run the connector and map its response.
    let response: unknown
    let resultVariables: Record<string, unknown> = {}
    let error: ConnectorError | undefined
    try {
      response = toPlainValue(await this.#run(connector, job, redactor, logger))
      resultVariables = mapResponseToVariables(response, settings)
    } catch (thrown) {
      error = asConnectorError(thrown)
    }

    // 3. The error expression may turn either outcome into a BPMN error or a custom failure.
    if (settings.errorExpression) {
      const outcome = this.#examine(settings, job, response, resultVariables, error)
      if (outcome) return outcome
    }
    if (!error) return { kind: 'complete', variables: resultVariables }
    const retries = error.retryable ? Math.max(0, job.retries - 1) : 0
    return failure(connectorName, error.message, retries, error.retryable ? retryBackOffMs : 0)
  }

  #examine(
    settings: OutputMappingSettings,
    job: ConnectorJob,
    response: unknown,
    resultVariables: Record<string, unknown>,
    error: ConnectorError | undefined
  ): JobCompletion | undefined {
    const context: Record<string, unknown> = {
      ...resultVariables,
      job: { retries: job.retries },
    }
    if (!error) context.response = response
    if (error) {
      context.error = {
        type: error.name,
        message: error.message,
        ...(error.code !== undefined ? { code: error.code } : {}),
        ...(error.response !== undefined ? { response: error.response } : {}),
      }
    }
    try {
      const outcome = examineErrorExpression(settings.errorExpression!, context)
      if (outcome.kind === 'bpmnError') {
        return {
          kind: 'throwError',
          errorCode: outcome.error.code,
          errorMessage: truncate(outcome.error.message),
          variables: outcome.error.variables,
        }
      }
      if (outcome.kind === 'jobError') {
        return {
          kind: 'fail',
          retries: outcome.error.retries,
          errorMessage: truncate(outcome.error.message),
          retryBackOffMs: outcome.error.retryBackOffMs,
          variables: outcome.error.variables,
        }
      }
      return undefined
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown)
      return failure(this.#registry.resolve(job.type)?.name ?? job.type, message, 0, 0)
    }
  }

  async #run(
    connector: Connector,
    job: ConnectorJob,
    redactor: SecretRedactor,
    logger: ConnectorLogger
  ) {
    const resolver = new SecretResolver(this.#secretProvider, redactor)
    const controller = new AbortController()
    const timeoutMs = connector.timeoutMs ?? this.#defaultTimeoutMs
    const inputs = connector.resolvesSecretsInInputs
      ? await resolver.resolve(job.variables ?? {})
      : structuredClone(job.variables ?? {})
    const context: ConnectorContext = {
      job,
      inputs,
      signal: controller.signal,
      environment: this.#environment,
      logger,
      resolveSecrets: (value) => resolver.resolve(value),
      registerSensitive: (value) => redactor.add(value),
      attachmentProvider: this.#attachmentProvider,
    }
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new ConnectorTimeoutError(`Timed out after ${timeoutMs} ms`)
        controller.abort(error)
        reject(error)
      }, timeoutMs)
    })
    const execution = connector.execute(context)
    // The losing side of the race must not surface as an unhandled rejection.
    execution.catch(() => {})
    timeout.catch(() => {})
    try {
      return await Promise.race([execution, timeout])
    } finally {
      clearTimeout(timer)
      if (!controller.signal.aborted) controller.abort(new ConnectorError('Job finished'))
    }
  }
}

function failure(
  connectorName: string,
  message: string,
  retries: number,
  retryBackOffMs: number
): JobCompletion {
  return {
    kind: 'fail',
    retries,
    retryBackOffMs,
    errorMessage: truncate(
      `${connectorName}: ${message}${retries === 0 ? '' : ` (retries left: ${retries})`}`
    ),
  }
}

function asConnectorError(thrown: unknown): ConnectorError {
  if (thrown instanceof ConnectorError) return thrown
  if (thrown instanceof Error) {
    return new ConnectorError(thrown.message || thrown.name, {
      cause: thrown,
      retryable: !(thrown instanceof FeelExpressionError),
    })
  }
  return new ConnectorError(String(thrown))
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_LENGTH
    ? message.slice(0, MAX_ERROR_MESSAGE_LENGTH)
    : message
}

function redactCompletion(completion: JobCompletion, redactor: SecretRedactor): JobCompletion {
  if (redactor.isEmpty) return completion
  switch (completion.kind) {
    case 'complete':
      return { kind: 'complete', variables: redactor.redactValue(completion.variables) }
    case 'fail':
      return {
        ...completion,
        errorMessage: redactor.redact(completion.errorMessage),
        ...(completion.variables ? { variables: redactor.redactValue(completion.variables) } : {}),
      }
    case 'throwError':
      return {
        kind: 'throwError',
        errorCode: redactor.redact(completion.errorCode),
        errorMessage: redactor.redact(completion.errorMessage),
        variables: redactor.redactValue(completion.variables),
      }
  }
}

/** A logger that redacts every message and field before passing them on. */
export function redactingLogger(
  logger: ConnectorLogger,
  redactor: SecretRedactor
): ConnectorLogger {
  const wrap =
    (level: keyof ConnectorLogger) => (message: string, fields?: Record<string, unknown>) =>
      logger[level](
        redactor.redact(message),
        fields === undefined ? undefined : redactor.redactValue(fields)
      )
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') }
}

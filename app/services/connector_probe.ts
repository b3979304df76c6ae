import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import {
  ConnectorError,
  ConnectorRegistry,
  ConnectorRuntime,
  HttpStatusError,
  createConnector,
  jobTypeFor,
  type AttachmentProvider,
  type Connector,
  type ConnectorConfiguration,
  type ConnectorContext,
  type ConnectorLogger,
  type MailConnectorConfiguration,
} from '@senflow/connectors'
import SecretStore from '#services/secret_store'

/**
 * What a connection test runs: a configured operation with its business
 * fields (a real call: pick a read), or, without `operation`, the kind's
 * harmless probe.
 */
export interface ConnectionTestRequest {
  operation?: string
  fields?: Record<string, unknown>
  /** Mail operations: the recipient of the test message. */
  to?: string
}

/**
 * The verdict of a connection test. `message` says what went wrong (the
 * connector's failure message, redacted of every secret).
 */
export interface ConnectionTestResult {
  ok: boolean
  message: string
  operation: string | null
  durationMs: number
  /** The response, for a test that ran an operation or a probe that read something. */
  response?: unknown
}

/**
 * A dossier number no dossier has: the portal probe looks it up.
 */
const PORTAL_PROBE_DOSSIER = 'SENFLOW-CONNECTION-TEST'

/**
 * A connector that runs another connector with fixed inputs.
 */
function withInputs(
  connector: Connector,
  inputs: Record<string, unknown>,
  interpret: (run: () => Promise<unknown>) => Promise<unknown> = (run) => run()
): Connector {
  return {
    name: connector.name,
    resolvesSecretsInInputs: false,
    timeoutMs: connector.timeoutMs,
    execute: (context) => interpret(() => connector.execute({ ...context, inputs })),
    close: () => connector.close?.() ?? Promise.resolve(),
  }
}

/**
 * Checks the SMTP server: connects, greets, starts TLS when asked and
 * logs in, without sending anything.
 */
function smtpProbe(configuration: MailConnectorConfiguration): Connector {
  return {
    name: configuration.name,
    resolvesSecretsInInputs: false,
    timeoutMs: configuration.timeoutMs,
    async execute(context: ConnectorContext) {
      const smtp = await context.resolveSecrets(configuration.smtp)
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure ?? smtp.port === 465,
        requireTLS: smtp.requireTls ?? false,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        tls: { rejectUnauthorized: !(smtp.allowInvalidCertificates ?? false) },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 15_000,
      })
      try {
        await transport.verify()
        return { smtp: `${smtp.host}:${smtp.port}`, verified: true }
      } catch (error) {
        throw new ConnectorError(`SMTP check failed: ${(error as Error).message}`, {
          retryable: false,
        })
      } finally {
        transport.close()
      }
    },
  }
}

/**
 * The probe of a configuration: a call that reads nothing a process
 * relies on and changes nothing.
 * - http: GET on the base URL with the configured authentication (an
 *   OAuth token is fetched); any answer but 401, 403 or a 5xx proves it;
 * - sql: `SELECT 1` on a read-only connection;
 * - mail: the SMTP greeting and login;
 * - portal: a login and the lookup of a dossier that does not exist.
 */
function probeOf(configuration: ConnectorConfiguration): Connector {
  switch (configuration.kind) {
    case 'http': {
      const http = createConnector({
        ...configuration,
        readOnly: true,
        operations: [{ id: 'connection-test', name: 'Connection test', method: 'GET', path: '/' }],
      })
      return withInputs(http, {}, async (run) => {
        try {
          return await run()
        } catch (error) {
          if (
            error instanceof HttpStatusError &&
            ![401, 403].includes(error.status) &&
            error.status < 500
          ) {
            return { reachable: true, status: error.status }
          }
          throw error
        }
      })
    }
    case 'sql':
      return withInputs(
        createConnector({
          ...configuration,
          readOnly: true,
          operations: [{ id: 'connection-test', name: 'Connection test', sql: 'SELECT 1 AS ok' }],
        }),
        {}
      )
    case 'mail':
      return smtpProbe(configuration)
    case 'portal':
      return withInputs(createConnector({ ...configuration, allowedServices: undefined }), {
        operation: 'TraCuuHoSo',
        fields: { dossierNumber: PORTAL_PROBE_DOSSIER },
      })
  }
}

/**
 * Tests a configuration's connection on demand, outside any process: a
 * one-off registry and runtime with the app's secrets (each use audited
 * as a connection test), so the failure message is the one a job would
 * get, redacted of every secret.
 */
export default class ConnectorProbe {
  constructor(
    protected secrets: SecretStore,
    protected logger: ConnectorLogger,
    protected attachments?: AttachmentProvider
  ) {}

  async test(
    configuration: ConnectorConfiguration,
    request: ConnectionTestRequest = {}
  ): Promise<ConnectionTestResult> {
    const registry = new ConnectorRegistry({ camundaHttpJson: false })
    const jobType = jobTypeFor(configuration)
    const variables: Record<string, unknown> = {}
    if (request.operation) {
      registry.configure(configuration)
      variables.operation = request.operation
      variables.fields = request.fields ?? {}
      if (request.to) variables.to = request.to
    } else {
      registry.register(jobType, probeOf(configuration))
    }
    const runtime = new ConnectorRuntime({
      registry,
      secretProvider: this.secrets.provider(),
      logger: this.logger,
      attachmentProvider: this.attachments,
    })
    const started = Date.now()
    try {
      const completion = await SecretStore.withUse(
        { purpose: 'connection-test', connector: configuration.id },
        () =>
          runtime.execute({
            key: `connection-test-${randomUUID()}`,
            type: jobType,
            processInstanceKey: '',
            elementId: 'connection-test',
            retries: 1,
            customHeaders: { resultVariable: 'response' },
            variables,
          })
      )
      const durationMs = Date.now() - started
      const operation = request.operation ?? null
      if (completion.kind === 'complete') {
        return {
          ok: true,
          message: request.operation
            ? `${configuration.name}: ${request.operation} succeeded`
            : `${configuration.name}: connection works`,
          operation,
          durationMs,
          response: completion.variables.response ?? null,
        }
      }
      return {
        ok: false,
        message:
          completion.kind === 'fail'
            ? completion.errorMessage
            : `${configuration.name}: ${completion.errorCode} ${completion.errorMessage}`,
        operation,
        durationMs,
      }
    } finally {
      await registry.close()
    }
  }
}

import appLogger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import {
  CONFIGURED_JOB_TYPE_PREFIX,
  ConnectorRegistry,
  ConnectorRuntime,
  DEFAULT_JOB_TIMEOUT_MS,
  jobTypeFor,
  type AttachmentProvider,
  type Connector,
  type ConnectorJob,
  type ConnectorLogger,
  type JobClient,
} from '@senflow/connectors'
import type { JobWorker, JsonObject, WorkflowEngine, WorkerJob } from '@senflow/engine'
import SecretStore from '#services/secret_store'
import {
  toConnectorConfiguration,
  type ConnectorConfigurationRow,
} from '#services/connector_configuration_service'

/**
 * How often a server process looks for configurations changed by another
 * process sharing the database (changes made through this process apply at once).
 */
const REFRESH_INTERVAL_MS = 5_000

/**
 * How much longer than the connector's own time limit a job stays
 * reserved for its worker before the engine hands it out again.
 */
const ACTIVATION_MARGIN_MS = 30_000

/**
 * The name recorded on the jobs the connector workers activate.
 */
export const CONNECTOR_WORKER_NAME = 'senflow-connectors'

/**
 * The app's logger, as the connector runtime writes to it (every message
 * and field has already passed the runtime's secret redactor).
 */
export function connectorLogger(): ConnectorLogger {
  const child = () => appLogger.child({ component: 'connectors' })
  return {
    debug: (message, fields) => child().debug(fields ?? {}, message),
    info: (message, fields) => child().info(fields ?? {}, message),
    warn: (message, fields) => child().warn(fields ?? {}, message),
    error: (message, fields) => child().error(fields ?? {}, message),
  }
}

/**
 * The engine's job as the connector runtime reads it.
 */
export function toConnectorJob(job: WorkerJob): ConnectorJob {
  return {
    key: job.jobKey,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    retries: job.retries,
    customHeaders: job.customHeaders,
    variables: job.variables,
  }
}

/**
 * The connector runtime's `JobClient` over one in-process worker job
 * (the engine port's `complete`, `fail` and `throwError`, the same on the
 * embedded engine and on Zeebe).
 */
export function jobClientOf(job: WorkerJob): JobClient {
  return {
    complete: (_key, variables) => job.complete(variables as JsonObject),
    fail: (_key, failure) =>
      job.fail({
        retries: failure.retries,
        errorMessage: failure.errorMessage,
        retryBackOff: failure.retryBackOffMs,
        ...(failure.variables ? { variables: failure.variables as JsonObject } : {}),
      }),
    throwError: (_key, error) =>
      job.throwError({
        errorCode: error.errorCode,
        errorMessage: error.errorMessage,
        variables: error.variables as JsonObject,
      }),
  }
}

/**
 * The connector code of a job type (`senflow:connector:<code>`), or the
 * job type itself for Camunda's built-in connectors.
 */
function connectorOf(jobType: string) {
  return jobType.startsWith(CONFIGURED_JOB_TYPE_PREFIX)
    ? jobType.slice(CONFIGURED_JOB_TYPE_PREFIX.length)
    : jobType
}

interface RunningWorker {
  worker: JobWorker
  timeoutMs: number
}

/**
 * The connectors at work in this server process: one `ConnectorRegistry`
 * built from the enabled configurations (plus Camunda's
 * `io.camunda:http-json:1`), one `ConnectorRuntime` whose secrets come
 * from the encrypted store (each use audited), and one in-process job
 * worker per job type on the engine. `refresh` applies configuration
 * changes live: a new or changed configuration is (re)built and gets a
 * worker, a disabled one loses its worker and its connector.
 */
export default class ConnectorWorkers {
  #engine: WorkflowEngine | null = null
  #registry: ConnectorRegistry | null = null
  #runtime: ConnectorRuntime | null = null
  readonly #workers = new Map<string, RunningWorker>()
  readonly #revisions = new Map<string, number>()
  readonly #closing = new Set<Promise<void>>()
  #timer: NodeJS.Timeout | null = null
  #queue: Promise<void> = Promise.resolve()

  constructor(
    protected secrets: SecretStore,
    protected attachments: AttachmentProvider,
    protected logger: ConnectorLogger = connectorLogger()
  ) {}

  /**
   * Whether the workers run (the engine runtime started them).
   */
  get running() {
    return this.#engine !== null
  }

  /**
   * The job types with a worker in this process.
   */
  jobTypes(): string[] {
    return [...this.#workers.keys()].sort()
  }

  /**
   * Builds the registry and the runtime, opens a worker per job type and
   * starts watching for changes made by other server processes.
   */
  async start(engine: WorkflowEngine): Promise<void> {
    if (this.#engine) return
    this.#engine = engine
    this.#registry = new ConnectorRegistry()
    this.#runtime = new ConnectorRuntime({
      registry: this.#registry,
      secretProvider: this.secrets.provider(),
      attachmentProvider: this.attachments,
      logger: this.logger,
    })
    for (const jobType of this.#registry.jobTypes()) {
      this.#openWorker(jobType, this.#registry.resolve(jobType))
    }
    await this.refresh()
    this.#timer = setInterval(() => {
      this.refresh().catch((error) =>
        this.logger.error('Could not refresh the connector configurations', {
          error: (error as Error).message,
        })
      )
    }, REFRESH_INTERVAL_MS)
    this.#timer.unref?.()
  }

  /**
   * Applies the stored configurations: builds the new and changed ones and
   * opens their workers, closes the workers of disabled or removed ones.
   * Calls are serialized.
   */
  refresh(): Promise<void> {
    const next = this.#queue.then(() => this.#apply())
    this.#queue = next.catch(() => undefined)
    return next
  }

  /**
   * Closes every worker and connector.
   */
  async stop(): Promise<void> {
    if (!this.#engine) return
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#queue
    const workers = [...this.#workers.values()]
    this.#workers.clear()
    await Promise.all(workers.map(({ worker }) => worker.close()))
    await Promise.all(this.#closing)
    await this.#registry?.close()
    this.#revisions.clear()
    this.#engine = null
    this.#registry = null
    this.#runtime = null
  }

  async #apply() {
    if (!this.#engine || !this.#registry) return
    const rows: ConnectorConfigurationRow[] = await db.from('connector_configurations').select('*')
    const enabled = new Map(
      rows.filter((row) => Boolean(row.enabled)).map((row) => [row.code, row])
    )
    for (const code of [...this.#revisions.keys()]) {
      if (!enabled.has(code)) this.#retire(code)
    }
    for (const row of enabled.values()) {
      if (this.#revisions.get(row.code) === Number(row.revision)) continue
      try {
        const jobType = this.#registry.configure(toConnectorConfiguration(row))
        this.#revisions.set(row.code, Number(row.revision))
        this.#openWorker(jobType, this.#registry.resolve(jobType))
        this.logger.info('Connector configured', {
          connector: row.code,
          jobType,
          revision: Number(row.revision),
        })
      } catch (error) {
        this.logger.error('Could not build a connector from its stored configuration', {
          connector: row.code,
          error: (error as Error).message,
        })
      }
    }
  }

  /**
   * Opens the worker of a job type, or reopens it when the connector's
   * time limit changed (the activation timeout follows it).
   */
  #openWorker(jobType: string, connector: Connector | undefined) {
    const timeoutMs = (connector?.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS) + ACTIVATION_MARGIN_MS
    const running = this.#workers.get(jobType)
    if (running && running.timeoutMs === timeoutMs) return
    if (running) this.#track(running.worker.close())
    const worker = this.#engine!.openJobWorker({
      type: jobType,
      worker: CONNECTOR_WORKER_NAME,
      timeout: timeoutMs,
      maxJobsActive: 32,
      handler: (job) => this.#handle(job),
    })
    this.#workers.set(jobType, { worker, timeoutMs })
  }

  /**
   * Stops taking jobs for a connector at once; its connector is closed
   * when the jobs in progress are done (unless it was rebuilt meanwhile).
   */
  #retire(code: string) {
    const jobType = jobTypeFor({ id: code })
    this.#revisions.delete(code)
    const running = this.#workers.get(jobType)
    this.#workers.delete(jobType)
    const registry = this.#registry!
    const connector = registry.resolve(jobType)
    this.#track(
      (running ? running.worker.close() : Promise.resolve()).then(async () => {
        if (registry.resolve(jobType) === connector && !this.#revisions.has(code)) {
          await registry.remove(jobType)
        }
      })
    )
    this.logger.info('Connector disabled', { connector: code, jobType })
  }

  #track(closing: Promise<void>) {
    const tracked = closing.catch(() => undefined).finally(() => this.#closing.delete(tracked))
    this.#closing.add(tracked)
  }

  async #handle(job: WorkerJob) {
    const runtime = this.#runtime
    if (!runtime) throw new Error('The connector runtime is stopped')
    await SecretStore.withUse(
      {
        purpose: 'job',
        connector: connectorOf(job.type),
        jobKey: job.jobKey,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
      },
      () => runtime.handle(toConnectorJob(job), jobClientOf(job))
    )
  }
}

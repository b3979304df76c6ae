import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { ActivatedJob, EngineRecord, JobWorker, WorkflowEngine } from '@senflow/engine'
import { USER_TASK_JOB_TYPE } from '#services/user_task_headers'
import TaskService from '#services/task_service'
import DefinitionCatalog from '#services/definition_catalog'
import TaskDeadlineNotifier from '#services/task_deadline_notifier'
import { engineClock } from '#services/engine_clock'

/**
 * How long the inbox holds a user task job: a task waits for people, not
 * for a worker, so its job must not time out and be handed out again.
 */
const USER_TASK_JOB_TIMEOUT = 10 * 365 * 24 * 3600 * 1000

interface Runtime {
  engine: WorkflowEngine
  workers: JobWorker[]
  unsubscribe: () => void
  stops: (() => Promise<void>)[]
}

let runtime: Runtime | null = null

/**
 * Something else the app runs on the engine once it starts (the connector
 * runtime's workers, schedulers): it returns how to stop it.
 */
export type RuntimeExtension = (engine: WorkflowEngine) => Promise<() => Promise<void>>

const extensions: RuntimeExtension[] = []

/**
 * Registers an extension started with the engine runtime (from a
 * provider's boot); started at once if the runtime already runs.
 */
export async function extendEngineRuntime(extension: RuntimeExtension) {
  extensions.push(extension)
  if (runtime) runtime.stops.push(await extension(runtime.engine))
}

/**
 * Starts the engine's background work and the app's own workers: the
 * inbox feed (user task jobs into the task table; cancelled ones
 * withdrawn). Takes in user task jobs a crash left activated but not yet
 * in the inbox. Idempotent.
 */
export async function startEngineRuntime() {
  if (runtime) return runtime
  const engine = await app.container.make('senflow.engine')
  if (await engineOnly()) {
    // a cluster's role: the engine and its gateway; every job is left to the gateway's clients
    await (await import('#services/business_calendar')).businessCalendar.load()
    await engine.start()
    runtime = { engine, workers: [], unsubscribe: () => {}, stops: [] }
    runtime.stops.push(await startGrpcGateway(engine))
    return runtime
  }
  const tasks = await app.container.make(TaskService)
  const catalog = await app.container.make(DefinitionCatalog)

  const ingest = async (job: ActivatedJob) => {
    const labels = await catalog.labels(job.processDefinitionKey, job.processDefinitionId)
    await tasks.ingest(
      {
        key: job.jobKey,
        processInstanceKey: job.processInstanceKey,
        processDefinitionKey: job.processDefinitionKey,
        processDefinitionId: job.processDefinitionId,
        processDefinitionVersion: job.processDefinitionVersion,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        customHeaders: job.customHeaders,
        variables: job.variables,
      },
      {
        name: labels.elementNames.get(job.elementId) ?? job.elementId,
        processName: labels.processName,
      }
    )
  }

  const unsubscribe = engine.onRecords((records: EngineRecord[]) => {
    for (const record of records) {
      if (
        record.valueType === 'JOB' &&
        record.intent === 'CANCELED' &&
        record.value.type === USER_TASK_JOB_TYPE
      ) {
        tasks.withdraw(record.key, 'the element was terminated').catch((error) => {
          logger.error({ err: error, jobKey: record.key }, 'could not withdraw a user task')
        })
      }
    }
  })

  // the business calendar in memory before any timer evaluates its FEEL functions
  await (await import('#services/business_calendar')).businessCalendar.load()
  await engine.start()
  const inbox = engine.openJobWorker({
    type: USER_TASK_JOB_TYPE,
    worker: 'senflow-inbox',
    timeout: USER_TASK_JOB_TIMEOUT,
    maxJobsActive: 64,
    handler: async (job) => {
      // the job stays activated while the task waits in the inbox; it is completed from there
      await ingest(job)
    },
  })
  runtime = { engine, workers: [inbox], unsubscribe, stops: [] }
  await reconcileInbox(engine, ingest).catch((error) => {
    // on Zeebe without CAMUNDA_REST_ADDRESS there is no job search (docs/zeebe.md)
    if (error?.name !== 'NotAvailableOnZeebeError') throw error
  })
  runtime.stops.push(await startDeadlineNotices())
  for (const extension of extensions) runtime.stops.push(await extension(engine))
  runtime.stops.push(await startGrpcGateway(engine))
  return runtime
}

/**
 * Whether the server only hosts the engine for clients of its gRPC gateway
 * (`SENFLOW_ENGINE_ONLY=true` with `SENFLOW_GRPC_PORT`, docs/zeebe.md): no inbox worker,
 * connectors, dossier or commitment workers, deadline notices — as a Zeebe cluster, whose jobs
 * are all taken by the Senflow that runs with `ENGINE=zeebe` against it.
 */
export async function engineOnly() {
  const { default: env } = await import('#start/env')
  return (
    env.get('SENFLOW_ENGINE_ONLY', false) === true &&
    env.get('SENFLOW_GRPC_PORT') !== undefined &&
    env.get('ENGINE', 'embedded') === 'embedded'
  )
}

/**
 * Serves the embedded engine over Zeebe's gRPC protocol when SENFLOW_GRPC_PORT is set
 * (docs/zeebe.md): callers show a personal access token (`Bearer sfl_…`) of an active admin
 * or process owner, or nothing from loopback with SENFLOW_GRPC_INSECURE=true.
 */
async function startGrpcGateway(engine: WorkflowEngine): Promise<() => Promise<void>> {
  const { default: env } = await import('#start/env')
  const port = env.get('SENFLOW_GRPC_PORT')
  if (port === undefined || env.get('ENGINE', 'embedded') === 'zeebe') return async () => {}
  const { ZeebeGateway } = await import('@senflow/zeebe')
  const { default: User } = await import('#models/user')
  const { Secret } = await import('@adonisjs/core/helpers')
  const gateway = new ZeebeGateway({
    engine,
    port,
    host: env.get('SENFLOW_GRPC_HOST', '0.0.0.0'),
    insecureLoopback: env.get('SENFLOW_GRPC_INSECURE', false),
    authenticate: async (token) => {
      const accessToken = await User.accessTokens.verify(new Secret(token))
      if (!accessToken) return null
      const user = await User.query()
        .where('id', String(accessToken.tokenableId))
        .preload('roleRows')
        .first()
      return user?.active && user.hasRole('admin', 'process_owner')
        ? { id: user.id, name: user.email }
        : null
    },
    onInternalError: (method, error) =>
      logger.error({ err: error, method }, 'gRPC gateway call failed'),
  })
  const bound = await gateway.start()
  logger.info({ port: bound }, 'Zeebe gRPC gateway listening')
  return () => gateway.stop()
}

/**
 * Takes in user task jobs that are activated for the inbox but have no
 * task row (the process stopped between the two).
 */
async function reconcileInbox(
  engine: WorkflowEngine,
  ingest: (job: ActivatedJob) => Promise<void>
) {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  let from = 0
  for (;;) {
    const page = await engine.searchJobs({
      filter: { type: USER_TASK_JOB_TYPE, state: 'ACTIVATED' as any },
      page: { from, limit: 500 },
    })
    if (!page.items.length) break
    const keys = page.items.map((job) => job.jobKey)
    const known = new Set(
      (await db.from('user_tasks').whereIn('task_key', keys).select('task_key')).map(
        (row) => row.task_key
      )
    )
    for (const job of page.items.filter((item) => !known.has(item.jobKey))) {
      const variables = await engine.searchVariables({
        filter: { processInstanceKey: job.processInstanceKey },
        page: { limit: 1000 },
      })
      await ingest({
        ...job,
        worker: 'senflow-inbox',
        deadline: Date.now() + USER_TASK_JOB_TIMEOUT,
        variables: Object.fromEntries(
          variables.items.map((item) => [item.name, JSON.parse(item.value)])
        ),
      })
    }
    from += page.items.length
  }
}

/**
 * Every minute, tells people about tasks that became due soon or overdue
 * (by the engine's clock, so a moved clock counts).
 */
async function startDeadlineNotices() {
  const clock = await engineClock()
  const notifier = new TaskDeadlineNotifier(() => clock.now())
  let running: Promise<unknown> | null = null
  const tick = () => {
    if (running) return
    running = notifier
      .run()
      .catch((error) => logger.error({ err: error }, 'deadline notices failed'))
      .finally(() => (running = null))
  }
  const timer = setInterval(tick, Number(process.env.SENFLOW_DEADLINE_NOTICE_INTERVAL ?? 60_000))
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}

/**
 * Closes the app's workers and stops the engine's background work.
 */
export async function stopEngineRuntime() {
  if (!runtime) return
  const current = runtime
  runtime = null
  current.unsubscribe()
  for (const stop of current.stops.reverse()) await stop()
  await Promise.all(current.workers.map((worker) => worker.close()))
  await current.engine.stop()
}

// the dossiers (issue 10): the shipped procedures and the `senflow:dossier` job worker
void extendEngineRuntime(async (engine) => {
  const { startDossierRuntime } = await import('#services/dossier_job_worker')
  return startDossierRuntime(engine)
})

// commitment follow-up (issue 10): the shipped process and the `senflow:commitment` job worker
void extendEngineRuntime(async (engine) => {
  const { startCommitmentRuntime } = await import('#services/commitment_runtime')
  return startCommitmentRuntime(engine)
})

// instance administration (issue 5): user tasks follow their instance's migration
void extendEngineRuntime(async (engine) => {
  const { startInstanceAdminRuntime } = await import('#services/instance_admin_runtime')
  return startInstanceAdminRuntime(engine)
})

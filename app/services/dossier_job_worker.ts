import logger from '@adonisjs/core/services/logger'
import type { JobWorker, JsonObject, WorkerJob, WorkflowEngine } from '@senflow/engine'
import Dossier from '#models/dossier'
import Procedure from '#models/procedure'
import DossierService, {
  DossierChangeError,
  dossierService,
  type DossierAction,
} from '#services/dossier_service'
import { PortalSyncError } from '#services/dossier_portal_sync'

/** The job type of the service tasks that change dossiers. */
export const DOSSIER_JOB_TYPE = 'senflow:dossier'

/** The worker name recorded on the jobs it activates. */
export const DOSSIER_WORKER_NAME = 'senflow-dossiers'

/** The default wait before a job the portal failed is tried again. */
const DEFAULT_RETRY_BACKOFF_MS = 30_000

/**
 * An ISO-8601 duration (`PT30S`, `PT5M`, `PT1H`) in milliseconds, or null.
 */
function durationMs(value: string | undefined): number | null {
  if (!value) return null
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value)
  if (!match || value === 'PT') return null
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000
}

/**
 * Handles one `senflow:dossier` job: finds the instance's dossier (by the
 * variable `dossierCode`, else the process instance key; `register`
 * creates it), applies the action its headers name, synchronises the
 * portal and completes the job with the dossier's variables. A change
 * that cannot apply raises an incident at once; a portal failure spends a
 * retry and waits the back-off.
 */
export async function handleDossierJob(job: WorkerJob, dossiers: DossierService) {
  const headers = job.customHeaders ?? {}
  const action = (headers.action ?? '') as DossierAction
  const actor = { id: null, name: `system:${job.elementId}` }
  try {
    let dossier = await findDossier(job)
    if (!dossier) {
      if (action !== 'register')
        throw new DossierChangeError(
          `Expected a dossier for process instance ${job.processInstanceKey} (variable dossierCode or a dossier started with it), but there is none`
        )
      const procedure = await Procedure.query().where('process_id', job.processDefinitionId).first()
      if (!procedure)
        throw new DossierChangeError(
          `Expected a procedure whose processId is ${job.processDefinitionId}, but the registry has none`
        )
      dossier = await dossiers.register(
        procedure,
        job.variables as Record<string, unknown>,
        job,
        actor
      )
    }
    const changed = await dossiers.change(dossier.id, {
      action,
      status: headers.status,
      notice: headers.notice,
      content: headers.content,
      unit: headers.unit,
      clock: headers.clock,
      variables: job.variables as Record<string, unknown>,
      actor,
      jobKey: job.jobKey,
      elementId: job.elementId,
      portal: {
        sync: headers.portalSync !== 'false',
        ...(headers.portalConnector !== undefined
          ? { connector: headers.portalConnector || null }
          : {}),
      },
    })
    await job.complete(dossiers.variablesOf(changed, changed.procedure) as JsonObject)
  } catch (error) {
    if (error instanceof PortalSyncError && error.retryable) {
      await job.fail({
        retries: Math.max(0, job.retries - 1),
        errorMessage: `Portal synchronisation failed: ${error.message}`,
        retryBackOff: durationMs(headers.retryBackoff) ?? DEFAULT_RETRY_BACKOFF_MS,
      })
      return
    }
    if (error instanceof PortalSyncError || error instanceof DossierChangeError) {
      await job.fail({
        retries: 0,
        errorMessage:
          error instanceof PortalSyncError
            ? `Portal synchronisation failed: ${error.message}`
            : error.message,
      })
      return
    }
    logger.error({ err: error, jobKey: job.jobKey }, 'a dossier job failed')
    throw error
  }
}

async function findDossier(job: WorkerJob): Promise<Dossier | null> {
  const code = job.variables?.dossierCode
  if (typeof code === 'string' && code !== '') {
    const byCode = await Dossier.findBy('code', code)
    if (byCode) return byCode
    throw new DossierChangeError(
      `Expected variable dossierCode to name a dossier, but no dossier has code ${JSON.stringify(code)}`
    )
  }
  return Dossier.findBy('process_instance_key', job.processInstanceKey)
}

/**
 * Opens the in-process worker of `senflow:dossier` on the engine (one per
 * server process, on the embedded engine or Zeebe alike) and answers how to
 * stop it.
 */
export async function startDossierWorker(engine: WorkflowEngine) {
  const dossiers = await dossierService()
  const worker: JobWorker = engine.openJobWorker({
    type: DOSSIER_JOB_TYPE,
    worker: DOSSIER_WORKER_NAME,
    timeout: 5 * 60_000,
    maxJobsActive: 16,
    handler: (job) => handleDossierJob(job, dossiers),
  })
  // dossiers the portal could not take when they were received are sent again every minute
  let resyncing: Promise<unknown> | null = null
  const timer = setInterval(
    () => {
      if (resyncing) return
      resyncing = dossiers
        .resyncPending()
        .catch((error) => logger.warn({ err: error }, 'could not resend dossiers to the portal'))
        .finally(() => (resyncing = null))
    },
    Number(process.env.SENFLOW_DOSSIER_RESYNC_INTERVAL ?? 60_000)
  )
  timer.unref()
  return async () => {
    clearInterval(timer)
    await resyncing
    await worker.close()
  }
}

/**
 * What the dossiers run with the engine: the shipped procedures deployed
 * (`processes/<name>/`, idempotent) and the `senflow:dossier` worker.
 */
export async function startDossierRuntime(engine: WorkflowEngine) {
  const { loadShippedProcesses } = await import('#services/shipped_processes')
  try {
    await loadShippedProcesses()
  } catch (error) {
    logger.error({ err: error }, 'could not load the shipped procedures')
  }
  const stop = await startDossierWorker(engine)
  const demo = await import('#services/demo_dossiers')
  if (demo.livingDemoDossiersPending()) {
    demo
      .createLivingDemoDossiers()
      .then((created) => logger.info(created, 'started the living demo dossiers'))
      .catch((error) => logger.error({ err: error }, 'could not start the living demo dossiers'))
  }
  return stop
}

import { InvalidArgumentError, InvalidStateError, NotFoundError } from '../../errors.js'
import { jobRecordValue } from '../../behaviors/job_behavior.js'
import type { ActivatedJob } from '../../port.js'
import type { JobData } from '../../state/entities.js'
import { jobFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import { activatedJob, jobVariables } from '../job_variables.js'
import type { JobCommand, JobCommandSupport } from './engine_command.js'

/** Reads job rows into the batch (the batch's own version wins). */
function adopt(batch: BatchContext, rows: Array<Record<string, unknown>>): JobData[] {
  return rows.map((row) => {
    const job = jobFromRow(row as never)
    const known = batch.state.jobs.get(job.jobKey)
    if (known) {
      return known
    }
    batch.state.jobs.set(job.jobKey, job)
    return job
  })
}

/**
 * Activates up to `maxJobsToActivate` jobs of a type for a worker: higher priority first, then
 * oldest first. Rows locked by another transaction are skipped (`FOR UPDATE SKIP LOCKED` on
 * MySQL/MariaDB), so two workers activating at once never get the same job.
 */
export class ActivateJobsCommand implements JobCommand<ActivatedJob[]> {
  readonly kind = 'job'

  constructor(
    private readonly request: {
      type: string
      worker: string
      maxJobsToActivate: number
      timeout: number
      fetchVariables: string[] | null
    }
  ) {}

  async run(tx: StoreTransaction, batch: BatchContext, support: JobCommandSupport) {
    const { type, worker, maxJobsToActivate, timeout, fetchVariables } = this.request
    const rows = await tx.claim('engine_jobs', {
      where: { type, state: 'ACTIVATABLE', suspended: false },
      orderBy: [
        { column: 'priority', order: 'desc' },
        { column: 'job_key', order: 'asc' },
      ],
      limit: maxJobsToActivate,
    })
    const jobs = adopt(batch, rows).filter((job) => job.state === 'ACTIVATABLE')
    if (jobs.length === 0) {
      return []
    }
    await support.loadInstancesForRead(tx, batch, [
      ...new Set(jobs.map((j) => j.processInstanceKey)),
    ])
    const deadline = batch.now + timeout
    return jobs.map((job): ActivatedJob => {
      batch.append('JOB', 'ACTIVATED', job.jobKey, job.processInstanceKey, {
        ...jobRecordValue(job),
        worker,
        deadline,
      })
      const instance = batch.state.instance(job.processInstanceKey)
      const variables = instance
        ? jobVariables(instance, job.elementInstanceKey, fetchVariables)
        : {}
      return activatedJob(batch.state.jobs.get(job.jobKey)!, variables)
    })
  }
}

/**
 * Scheduled work on jobs that became due: activated jobs past their deadline time out and are
 * activatable again; failed jobs whose back-off elapsed are activatable again.
 */
export class DueJobsCommand implements JobCommand<Set<string>> {
  readonly kind = 'job'

  constructor(private readonly limit = 500) {}

  async run(tx: StoreTransaction, batch: BatchContext): Promise<Set<string>> {
    const types = new Set<string>()
    const timedOut = await tx.claim('engine_jobs', {
      where: { state: 'ACTIVATED', deadline: { lte: batch.now } },
      orderBy: [{ column: 'deadline', order: 'asc' }],
      limit: this.limit,
    })
    for (const job of adopt(batch, timedOut)) {
      if (job.state === 'ACTIVATED' && job.deadline !== null && job.deadline <= batch.now) {
        batch.append('JOB', 'TIMED_OUT', job.jobKey, job.processInstanceKey, jobRecordValue(job))
        types.add(job.type)
      }
    }
    const recurring = await tx.claim('engine_jobs', {
      where: { state: 'FAILED', recur_at: { lte: batch.now } },
      orderBy: [{ column: 'recur_at', order: 'asc' }],
      limit: this.limit,
    })
    for (const job of adopt(batch, recurring)) {
      if (job.state === 'FAILED' && job.recurAt !== null && job.recurAt <= batch.now) {
        batch.append(
          'JOB',
          'RECURRED_AFTER_BACKOFF',
          job.jobKey,
          job.processInstanceKey,
          jobRecordValue(job)
        )
        types.add(job.type)
      }
    }
    return types
  }
}

/** Updates the retries and/or the timeout of a job. */
export class UpdateJobCommand implements JobCommand<void> {
  readonly kind = 'job'

  constructor(
    private readonly jobKey: string,
    private readonly request: { retries?: number; timeout?: number }
  ) {}

  async run(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const [job] = adopt(batch, await tx.lock('engine_jobs', [this.jobKey]))
    if (!job) {
      throw new NotFoundError(
        `Expected to update job with key '${this.jobKey}', but no such job was found`
      )
    }
    const { retries, timeout } = this.request
    if (retries !== undefined && retries < 1) {
      throw new InvalidArgumentError(
        `Expected to update retries for job with key '${this.jobKey}' with a positive amount of ` +
          `retries, but the amount given was '${retries}'`
      )
    }
    if (timeout !== undefined && job.state !== 'ACTIVATED') {
      throw new InvalidStateError(
        `Expected to update the timeout of job with key '${this.jobKey}', but it is in state '${job.state}'`
      )
    }
    if (retries !== undefined) {
      batch.append('JOB', 'RETRIES_UPDATED', job.jobKey, job.processInstanceKey, {
        ...jobRecordValue(job),
        retries,
      })
    }
    if (timeout !== undefined) {
      batch.append('JOB', 'TIMEOUT_UPDATED', job.jobKey, job.processInstanceKey, {
        ...jobRecordValue(batch.state.jobs.get(job.jobKey)!),
        deadline: batch.now + timeout,
      })
    }
  }
}

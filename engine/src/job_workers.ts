import type { JsonObject } from './feel/feel_values.js'
import type { WorkerReservation, WorkerReservations } from './processing/batch_context.js'
import type {
  ActivatedJob,
  ActivateJobsRequest,
  FailJobRequest,
  JobWorker,
  JobWorkerOptions,
  ThrowJobErrorRequest,
  WorkerJob,
} from './port.js'

/** What an in-process worker needs from the engine. */
export interface WorkerEngine {
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>
  completeJob(jobKey: string, variables?: JsonObject): Promise<void>
  failJob(jobKey: string, request: FailJobRequest): Promise<void>
  throwJobError(jobKey: string, request: ThrowJobErrorRequest): Promise<void>
}

const DEFAULT_TIMEOUT = 5 * 60_000

/**
 * An in-process job worker. New jobs of its type are created already activated for it while it
 * has room (see `WorkerRegistry.reserve`) and handed over right after their commit; it also
 * activates jobs itself when it may have missed some (jobs made while it was full, timed out,
 * or created by another server process), at most every `pollInterval`.
 */
export class LocalJobWorker implements JobWorker {
  readonly type: string
  readonly #name: string
  readonly #maxJobsActive: number
  readonly #timeout: number
  readonly #fetchVariables: string[] | null
  #active = 0
  #closed = false
  #polling = false
  #backlog = true
  #idle: Array<() => void> = []
  #timer: NodeJS.Timeout

  constructor(
    private readonly engine: WorkerEngine,
    private readonly options: JobWorkerOptions,
    private readonly onClose: (worker: LocalJobWorker) => void
  ) {
    this.type = options.type
    this.#name = options.worker ?? 'in-process'
    this.#maxJobsActive = Math.max(1, options.maxJobsActive ?? 32)
    this.#timeout = options.timeout ?? DEFAULT_TIMEOUT
    this.#fetchVariables = options.fetchVariables ?? null
    this.#timer = setInterval(() => {
      this.#backlog = true
      this.poll()
    }, options.pollInterval ?? 1000)
    this.#timer.unref?.()
    queueMicrotask(() => this.poll())
  }

  /** Takes a slot for a job being created now; `null` when full or closed. */
  reserve(): WorkerReservation | null {
    if (this.#closed || this.#active >= this.#maxJobsActive) {
      if (!this.#closed) {
        this.#backlog = true
      }
      return null
    }
    this.#active++
    return {
      worker: this.#name,
      timeout: this.#timeout,
      fetchVariables: this.#fetchVariables,
      deliver: (job) => {
        if (job) {
          this.#handle(job)
        } else {
          this.#release()
        }
      },
    }
  }

  /** Jobs of this type may have become activatable: look for them if there is room. */
  wake(): void {
    this.#backlog = true
    this.poll()
  }

  /** Activates waiting jobs while there is room and jobs may be waiting. */
  poll(): void {
    if (this.#closed || this.#polling || !this.#backlog) {
      return
    }
    // a poll takes at most half the capacity: jobs created meanwhile in this process are still
    // pushed to the worker (with all its room taken, each would wait for the next poll's batch
    // instead, and that poll would take all the room again: a cycle of polls under load)
    const room = Math.min(this.#maxJobsActive - this.#active, Math.ceil(this.#maxJobsActive / 2))
    if (room <= 0) {
      return
    }
    this.#polling = true
    this.#backlog = false
    this.#active += room
    this.engine
      .activateJobs({
        type: this.type,
        worker: this.#name,
        maxJobsToActivate: room,
        timeout: this.#timeout,
        fetchVariable: this.#fetchVariables ?? undefined,
      })
      .then(
        (jobs) => {
          this.#active -= room - jobs.length
          if (jobs.length === room) {
            this.#backlog = true
          }
          for (const job of jobs) {
            this.#handle(job)
          }
        },
        () => {
          this.#active -= room
        }
      )
      .finally(() => {
        this.#polling = false
        this.#checkIdle()
      })
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.onClose(this)
    if (this.#active > 0 || this.#polling) {
      await new Promise<void>((resolve) => this.#idle.push(resolve))
    }
  }

  #handle(job: ActivatedJob): void {
    let settled = false
    const settle = (action: () => Promise<void>) => {
      settled = true
      return action()
    }
    const workerJob: WorkerJob = {
      ...job,
      complete: (variables) => settle(() => this.engine.completeJob(job.jobKey, variables)),
      fail: (request) => settle(() => this.engine.failJob(job.jobKey, request)),
      throwError: (request) => settle(() => this.engine.throwJobError(job.jobKey, request)),
    }
    Promise.resolve()
      .then(() => this.options.handler(workerJob))
      .catch(async (error: unknown) => {
        if (!settled) {
          const message = error instanceof Error ? error.message : String(error)
          await this.engine.failJob(job.jobKey, { retries: job.retries - 1, errorMessage: message })
        }
      })
      // a job that can no longer be settled (canceled meanwhile) is none of the worker's business
      .catch(() => undefined)
      .finally(() => this.#release())
  }

  #release(): void {
    this.#active--
    this.poll()
    this.#checkIdle()
  }

  #checkIdle(): void {
    if (this.#closed && this.#active === 0 && !this.#polling) {
      for (const resolve of this.#idle.splice(0)) {
        resolve()
      }
    }
  }
}

/**
 * The in-process workers of an engine by job type. Processing asks it for a worker with room
 * for each job it creates (round robin between workers of a type).
 */
export class WorkerRegistry implements WorkerReservations {
  readonly #byType = new Map<string, LocalJobWorker[]>()
  readonly #next = new Map<string, number>()

  add(worker: LocalJobWorker): void {
    const list = this.#byType.get(worker.type) ?? []
    list.push(worker)
    this.#byType.set(worker.type, list)
  }

  remove(worker: LocalJobWorker): void {
    const list = (this.#byType.get(worker.type) ?? []).filter((w) => w !== worker)
    if (list.length > 0) {
      this.#byType.set(worker.type, list)
    } else {
      this.#byType.delete(worker.type)
    }
  }

  reserve(type: string): WorkerReservation | null {
    const workers = this.#byType.get(type)
    if (!workers) {
      return null
    }
    const start = this.#next.get(type) ?? 0
    for (let offset = 0; offset < workers.length; offset++) {
      const index = (start + offset) % workers.length
      const reservation = workers[index].reserve()
      if (reservation) {
        this.#next.set(type, index + 1)
        return reservation
      }
    }
    return null
  }

  /** Tells the workers of a type that jobs may be waiting. */
  wake(type: string): void {
    for (const worker of this.#byType.get(type) ?? []) {
      worker.wake()
    }
  }

  /** Every open worker. */
  all(): LocalJobWorker[] {
    return [...this.#byType.values()].flat()
  }
}

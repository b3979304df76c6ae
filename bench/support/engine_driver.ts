import type { Knex } from 'knex'
import {
  createEngineTables,
  EmbeddedEngine,
  SqlStore,
  type EngineRecord,
  type JobWorker,
} from '@senflow/engine'
import { JOB_TYPES, PROCESS_ID, THREE_TASKS_ZEEBE } from './three_tasks.js'
import { now, sleep } from './figures.js'

/** What one load phase measured: completions, elapsed time, start-to-end latencies. */
export interface PhaseFigures {
  started: number
  completed: number
  elapsedMs: number
  /** Completed instances per second over the phase. */
  piPerSecond: number
  /** Start-to-end latency of each completed instance (ms). */
  latencies: number[]
}

/**
 * Drives Senflow's embedded engine with the three-task process on a SQL store: three in-process
 * job workers (one per task type) completing their jobs at once, instances started through
 * `createProcessInstance`, and their ends seen in the record feed (`onRecords`: the
 * `PROCESS_INSTANCE` / `ELEMENT_COMPLETED` record of the `PROCESS` element), as the app sees
 * them. Latency is from the start call (or, open loop, the planned arrival) to that record.
 */
export class ThreeTaskDriver {
  readonly engine: EmbeddedEngine
  readonly #workers: JobWorker[] = []
  /** Instances started and not yet seen completing: key → start time. */
  readonly #waiting = new Map<string, { startedAt: number; done: (endedAt: number) => void }>()
  /** Completions seen before their start call returned (the key was not known yet). */
  readonly #early = new Map<string, number>()
  #unsubscribe: () => void = () => undefined
  #sequence = 0

  private constructor(engine: EmbeddedEngine) {
    this.engine = engine
  }

  /**
   * Builds the engine on `knex` (creating its tables when missing), deploys the process and
   * opens the workers. `maxJobsActive` is each worker's capacity: as large as the number of
   * instances in flight, so new jobs are pushed to the workers right after their commit.
   */
  static async open(
    knex: Knex,
    options: { maxJobsActive: number; overlapBatches?: boolean; maxBatchSize?: number }
  ): Promise<ThreeTaskDriver> {
    await createEngineTables(knex)
    const driver = new ThreeTaskDriver(
      new EmbeddedEngine({
        store: new SqlStore(knex),
        overlapBatches: options.overlapBatches,
        maxBatchSize: options.maxBatchSize,
      })
    )
    await driver.engine.start()
    await driver.engine.deploy([{ name: 'bench_three_tasks.bpmn', content: THREE_TASKS_ZEEBE }])
    for (const type of JOB_TYPES) {
      driver.#workers.push(
        driver.engine.openJobWorker({
          type,
          worker: `bench-${type}`,
          maxJobsActive: options.maxJobsActive,
          handler: (job) => job.complete(),
        })
      )
    }
    driver.#unsubscribe = driver.engine.onRecords((records) => driver.#onRecords(records))
    return driver
  }

  #onRecords(records: EngineRecord[]): void {
    const at = now()
    for (const record of records) {
      if (
        record.valueType === 'PROCESS_INSTANCE' &&
        record.intent === 'ELEMENT_COMPLETED' &&
        record.value.bpmnElementType === 'PROCESS'
      ) {
        const waiting = this.#waiting.get(record.key)
        if (waiting) {
          this.#waiting.delete(record.key)
          waiting.done(at)
        } else {
          this.#early.set(record.key, at)
        }
      }
    }
  }

  /** Starts one instance; resolves with its start-to-end latency (ms) from `startedAt`. */
  async runOne(startedAt = now()): Promise<number> {
    const { processInstanceKey } = await this.engine.createProcessInstance({
      processDefinitionId: PROCESS_ID,
      variables: { dossierCode: `BENCH-${++this.#sequence}`, amount: 1 },
    })
    const early = this.#early.get(processInstanceKey)
    if (early !== undefined) {
      this.#early.delete(processInstanceKey)
      return early - startedAt
    }
    return new Promise<number>((resolve) => {
      this.#waiting.set(processInstanceKey, {
        startedAt,
        done: (endedAt) => resolve(endedAt - startedAt),
      })
    })
  }

  /**
   * Closed loop: `inFlight` instances at all times (a new one starts when one ends), until
   * `count` have started or `durationMs` has passed; then waits for those in flight.
   */
  async closedLoop(options: {
    inFlight: number
    count: number
    durationMs: number
  }): Promise<PhaseFigures> {
    const latencies: number[] = []
    let started = 0
    const startedAt = now()
    let lastEnd = startedAt
    const lane = async () => {
      while (started < options.count && now() - startedAt < options.durationMs) {
        started++
        latencies.push(await this.runOne())
        lastEnd = now()
      }
    }
    await Promise.all(Array.from({ length: options.inFlight }, lane))
    const elapsedMs = lastEnd - startedAt
    return {
      started,
      completed: latencies.length,
      elapsedMs,
      piPerSecond: latencies.length / (elapsedMs / 1000),
      latencies,
    }
  }

  /**
   * Open loop: instances arrive at `ratePerSecond` on a fixed schedule for `durationMs`,
   * whatever the engine's pace (latency counts from each planned arrival, so a stalled engine
   * shows in the figures instead of slowing the arrivals). Waits at most `drainMs` for the
   * last ones.
   */
  async openLoop(options: {
    ratePerSecond: number
    durationMs: number
    drainMs: number
  }): Promise<PhaseFigures & { unfinished: number }> {
    const latencies: number[] = []
    const pending: Array<Promise<void>> = []
    const interval = 1000 / options.ratePerSecond
    const startedAt = now()
    let started = 0
    let lastEnd = startedAt
    while (now() - startedAt < options.durationMs) {
      const due = Math.floor((now() - startedAt) / interval) + 1
      while (started < due) {
        const plannedAt = startedAt + started * interval
        started++
        pending.push(
          this.runOne(plannedAt).then((latency) => {
            latencies.push(latency)
            lastEnd = now()
          })
        )
      }
      await sleep(Math.max(1, Math.min(5, interval)))
    }
    await Promise.race([Promise.all(pending), sleep(options.drainMs)])
    const elapsedMs = lastEnd - startedAt
    return {
      started,
      completed: latencies.length,
      unfinished: started - latencies.length,
      elapsedMs,
      piPerSecond: latencies.length / (elapsedMs / 1000),
      latencies: [...latencies],
    }
  }

  /** Closes the workers and stops the engine (the knex instance stays the caller's). */
  async close(): Promise<void> {
    this.#unsubscribe()
    await Promise.all(this.#workers.map((worker) => worker.close()))
    await this.engine.stop()
  }
}

import type { EngineCommand } from './commands/engine_command.js'
import {
  ActivateCallActivityCommand,
  TerminateChildInstanceCommand,
} from './commands/call_activity_commands.js'
import { CreateProcessInstanceCommand } from './commands/create_process_instance_command.js'
import { ActivateJobsCommand } from './commands/job_activation_commands.js'
import {
  CompleteJobCommand,
  FailJobCommand,
  ThrowJobErrorCommand,
} from './commands/job_commands.js'
import type { CommandBatch, QueuedCommand } from './command_batch.js'

/**
 * Commands whose batch may be processed while the previous batch is still writing and
 * committing. Each reads and writes only the instances it locks (a batch touching an instance
 * the other one holds waits for its commit), new rows under fresh keys, and rows that only
 * batches of other commands write (definitions, buffered messages). Everything else — messages,
 * signals, timers, deployments, administration — waits until the batch before has committed:
 * it reads rows (subscriptions, buffered messages) that another batch may be writing at the
 * same time, which only one-after-the-other processing keeps consistent.
 */
const OVERLAPPING: ReadonlySet<unknown> = new Set([
  CreateProcessInstanceCommand,
  CompleteJobCommand,
  FailJobCommand,
  ThrowJobErrorCommand,
  ActivateJobsCommand,
  ActivateCallActivityCommand,
  TerminateChildInstanceCommand,
])

/** Whether a command's batch may overlap the commit of the batch before (see `OVERLAPPING`). */
export function mayOverlap(command: EngineCommand<unknown>): boolean {
  return OVERLAPPING.has(command.constructor)
}

/** What a batch run in a pipeline tells and needs (see `CommandBatch.run`). */
export interface Overlap {
  /** Called once the batch's commands are processed: its writes and commit are what is left. */
  processed(): void
  /** The batch still writing or committing when this one started, or null. */
  previous: Promise<void> | null
}

/**
 * Most batches writing or committing at once, the one being processed not counted. Measured on
 * two cores: a third brought nothing beyond the noise, and more batches mean more row locks
 * held at once.
 */
const MAX_IN_FLIGHT = 2

/** A batch still in flight. */
interface InFlight {
  overlaps: boolean
  settled: boolean
  done: Promise<void>
}

/**
 * Drains the engine's queue in batches, one transaction each (group commit). On a database
 * that runs transactions side by side (MySQL/MariaDB), the next batch is processed while the
 * previous one writes and commits — the engine's CPU work overlaps the database's — as long as
 * both batches hold only commands that allow it (`mayOverlap`); at most two batches are in
 * flight. Two batches never hold the same instance at once (instance rows are locked until
 * commit), so each instance still sees its commands one after the other. What is given up:
 * records of two different instances may commit in the other order than their positions.
 * On SQLite (one writer) and in memory, batches run strictly one after the other.
 */
export class GroupCommit {
  #wake: (() => void) | null = null

  constructor(
    private readonly batch: CommandBatch,
    private readonly overlapping: boolean
  ) {}

  /** Commands were queued: a drain waiting for the batch in flight takes them at once. */
  arrived(): void {
    const wake = this.#wake
    this.#wake = null
    wake?.()
  }

  /** Runs the queue's commands until the queue is empty and no batch is in flight. */
  async drain(queue: QueuedCommand[], maxBatchSize: number): Promise<void> {
    // batches still writing or committing, oldest first
    let inFlight: InFlight[] = []
    for (;;) {
      inFlight = inFlight.filter((entry) => !entry.settled)
      if (queue.length === 0) {
        if (inFlight.length === 0) {
          return
        }
        const arrived = await new Promise<boolean>((resolve) => {
          this.#wake = () => resolve(true)
          void Promise.race(inFlight.map((entry) => entry.done)).then(() => resolve(false))
        })
        this.#wake = null
        if (arrived) {
          // commands usually come in waves (workers answering the jobs of a commit): take the
          // whole wave in the next batch
          await new Promise((resolve) => setImmediate(resolve))
        }
        continue
      }
      const commands = queue.splice(0, maxBatchSize)
      const overlaps = this.overlapping && commands.every((queued) => mayOverlap(queued.command))
      if (inFlight.length > 0 && !(overlaps && inFlight.every((entry) => entry.overlaps))) {
        await Promise.all(inFlight.map((entry) => entry.done))
        inFlight = []
      }
      let processed!: () => void
      const ready = new Promise<void>((resolve) => {
        processed = resolve
      })
      const entry: InFlight = { overlaps, settled: false, done: Promise.resolve() }
      const previous = inFlight.length > 0 ? Promise.all(inFlight.map((e) => e.done)) : null
      entry.done = this.batch
        .run(commands, { processed, previous: previous?.then(() => undefined) ?? null })
        .catch((error: unknown) => {
          // run() settles every command itself; this only guards against an engine bug
          for (const command of commands) {
            command.reject(error)
          }
        })
        .finally(() => {
          entry.settled = true
          processed()
        })
      await ready
      inFlight.push(entry)
      // the next batch starts once there is room: the oldest ones have committed
      while (inFlight.length >= MAX_IN_FLIGHT) {
        await inFlight.shift()!.done
      }
    }
  }
}

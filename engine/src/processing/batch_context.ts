import { LoadedDecisions } from '../dmn/decision_repository.js'
import type { Clock } from '../clock.js'
import { MissingStateError } from '../errors.js'
import type { ExpressionLanguage } from '../feel/expression_language.js'
import type { JsonValue } from '../feel/feel_values.js'
import type { Intent, ProcessInstanceCommand, ValueType } from '../intents.js'
import type { KeyGenerator } from '../keys.js'
import type { ActivatedJob } from '../port.js'
import type { ExecutableProcess } from '../model/executable.js'
import type { InstanceCommand } from './commands/engine_command.js'
import { BatchState } from '../state/batch_state.js'
import type { DefinitionData, EngineRecord, FormData } from '../state/entities.js'
import { applyRecord } from '../state/event_appliers.js'

/** A process definition with its compiled executable. */
export interface LoadedDefinition {
  definition: DefinitionData
  executable: ExecutableProcess
}

/** A slot an in-process worker reserved for a job created in this batch. */
export interface WorkerReservation {
  /** The worker name written on the job. */
  worker: string
  /** Activation timeout (ms). */
  timeout: number
  /** Hands the job to the worker after commit; called with `null` if it will not come. */
  deliver(job: ActivatedJob | null): void
  /** Variable names to fetch, or `null` for all. */
  fetchVariables: string[] | null
}

/** Reserves in-process workers for new jobs, so they are pushed without polling. */
export interface WorkerReservations {
  reserve(type: string): WorkerReservation | null
}

/** The engine's long-lived services processing uses. */
export interface ProcessingServices {
  clock: Clock
  keys: KeyGenerator
  language: ExpressionLanguage
  workers: WorkerReservations
  /** Largest JSON size of one variable value, in bytes. */
  maxVariableBytes: number
}

/** An element command waiting in the batch's queue. */
export interface ElementCommand {
  intent: ProcessInstanceCommand
  processInstanceKey: string
  elementInstanceKey: string
  elementId: string
  flowScopeKey: string | null
  /** Reached by a sequence flow: the activation consumes a token, and is dropped without one. */
  viaFlow?: boolean
  /** For a container: start these elements instead of the none start event. */
  startElementIds?: string[]
  /** With `startElementIds`: keys given beforehand to elements on the way (modification). */
  startKeys?: Record<string, string>
}

/** A variable created or updated in this batch, for conditional events to look at. */
export interface VariableChange {
  processInstanceKey: string
  scopeKey: string
  name: string
  intent: 'CREATED' | 'UPDATED'
}

/** A job created in this batch for an in-process worker, delivered after commit. */
export interface JobPush {
  reservation: WorkerReservation
  jobKey: string
  processInstanceKey: string
  elementInstanceKey: string
}

/**
 * Everything one transaction (a batch of commands) works with: the working state, the clock
 * reading, the key generator, the queue of element commands, and what must happen after commit.
 * Records are appended through `append`, which applies them to the state at once.
 */
export class BatchContext {
  readonly state = new BatchState()
  readonly now: number
  readonly queue: ElementCommand[] = []
  readonly pushes: JobPush[] = []
  /** Definitions (with executables) this batch may use, by key. */
  readonly definitions = new Map<string, LoadedDefinition>()
  /** Deployed forms this batch may link user tasks to, by form id (every version). */
  readonly forms = new Map<string, FormData[]>()
  /** Decisions business-rule tasks of this batch may evaluate (loaded with definitions). */
  readonly decisions = new LoadedDecisions()
  /** The row version each loaded instance was read at (0 for instances created here). */
  readonly instanceVersions = new Map<string, number>()
  /** How many records were already written to the store. */
  flushedRecords = 0
  /** Instances whose rows were written in this batch. */
  readonly writtenInstances = new Set<string>()
  /** Jobs pushed to in-process workers, ready to hand over (filled just before commit). */
  readonly pushedJobs = new Map<string, ActivatedJob>()
  /**
   * Commands to process after the current ones, in the same transaction, with what they need
   * loaded in a further round: a signal thrown inside an instance reaches other instances, a
   * new message subscription looks for buffered messages, a deployment opens start events.
   * Internal: their rejections are dropped.
   */
  readonly followUps: InstanceCommand<unknown>[] = []
  /** The earliest due date of the timers this batch created (the scheduler wakes for it). */
  earliestTimer: number | null = null
  /** Variables changed in instances with conditional subscriptions, not yet looked at. */
  readonly variableChanges: VariableChange[] = []

  constructor(readonly services: ProcessingServices) {
    this.now = services.clock.now()
  }

  /** A new key. */
  key(): string {
    return this.services.keys.next()
  }

  /** The loaded definition with that key (it must have been prefetched). */
  definition(processDefinitionKey: string): LoadedDefinition {
    const loaded = this.definitions.get(processDefinitionKey)
    if (!loaded) {
      throw new MissingStateError(
        `Expected process definition '${processDefinitionKey}' to be loaded, but it is not`
      )
    }
    return loaded
  }

  /** Appends a record to the log of this batch and applies it to the state. */
  append(
    valueType: ValueType,
    intent: Intent,
    key: string,
    processInstanceKey: string | null,
    value: { [name: string]: JsonValue }
  ): EngineRecord {
    const record: EngineRecord = {
      key,
      valueType,
      intent,
      processInstanceKey,
      timestamp: this.now,
      value,
    }
    applyRecord(this.state, record)
    this.state.records.push(record)
    return record
  }
}

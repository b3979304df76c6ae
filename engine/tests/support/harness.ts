import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { ControllableClock } from '../../src/clock.js'
import { EmbeddedEngine, type EmbeddedEngineOptions } from '../../src/engine.js'
import type { ActivatedJob, CreateProcessInstanceRequest, Deployment } from '../../src/port.js'
import type { EngineRecord } from '../../src/state/entities.js'
import { storeKinds, type OpenedStore, type StoreKind } from './stores.js'

/** 2024-06-03T08:00:00Z, a Monday: the instant tests pin the clock to. */
export const T0 = Date.UTC(2024, 5, 3, 8, 0, 0)

/** Reads a BPMN or form fixture from tests/fixtures. */
export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(`../fixtures/${name}`, import.meta.url))
}

/** An engine on a store, with a pinned clock and helpers that keep specs short. */
export class EngineHarness {
  readonly clock = new ControllableClock()
  readonly engine: EmbeddedEngine

  constructor(
    readonly opened: OpenedStore,
    options: Partial<EmbeddedEngineOptions> = {}
  ) {
    this.clock.pin(T0)
    this.engine = new EmbeddedEngine({ store: opened.store, clock: this.clock, ...options })
  }

  /** Deploys fixtures by file name. */
  async deploy(...names: string[]): Promise<Deployment> {
    return this.engine.deploy(
      await Promise.all(names.map(async (name) => ({ name, content: await fixture(name) })))
    )
  }

  /** Creates an instance of the latest version of a process; returns its key. */
  async start(
    processDefinitionId: string,
    variables: Record<string, unknown> = {},
    extra: Partial<CreateProcessInstanceRequest> = {}
  ): Promise<string> {
    const created = await this.engine.createProcessInstance({
      processDefinitionId,
      variables: variables as never,
      ...extra,
    })
    return created.processInstanceKey
  }

  /** Activates jobs of a type (up to 100, for a minute, by default). */
  activate(type: string, maxJobsToActivate = 100, timeout = 60_000): Promise<ActivatedJob[]> {
    return this.engine.activateJobs({ type, worker: 'test', maxJobsToActivate, timeout })
  }

  /** Activates and completes every job of a type; returns the jobs. */
  async completeAll(
    type: string,
    variables: Record<string, unknown> = {}
  ): Promise<ActivatedJob[]> {
    const jobs = await this.activate(type)
    for (const job of jobs) {
      await this.engine.completeJob(job.jobKey, variables as never)
    }
    return jobs
  }

  /** The records of an instance. */
  records(processInstanceKey: string): Promise<EngineRecord[]> {
    return this.engine.getRecords(processInstanceKey)
  }

  /** The element lifecycle of an instance as `elementId:INTENT` strings, in order. */
  async trail(processInstanceKey: string, intents?: string[]): Promise<string[]> {
    return (await this.records(processInstanceKey))
      .filter((record) => record.valueType === 'PROCESS_INSTANCE')
      .filter((record) => !intents || intents.includes(record.intent))
      .map((record) => `${record.value.elementId}:${record.intent}`)
  }

  /** The ids of elements completed in an instance, in order. */
  async completed(processInstanceKey: string): Promise<string[]> {
    return (await this.trail(processInstanceKey, ['ELEMENT_COMPLETED'])).map(
      (entry) => entry.split(':')[0]
    )
  }

  /** Moves the clock forward and runs the due scheduled work (timers, expiry). */
  async advance(milliseconds: number): Promise<void> {
    this.clock.advance(milliseconds)
    await this.engine.tick()
  }

  /**
   * The records of an instance as `valueType:intent:elementId` strings (element id, or target
   * element of timers and subscriptions), optionally only some value types.
   */
  async history(processInstanceKey: string, valueTypes?: string[]): Promise<string[]> {
    return (await this.records(processInstanceKey))
      .filter((record) => !valueTypes || valueTypes.includes(record.valueType))
      .map((record) => {
        const id = record.value.elementId ?? record.value.targetElementId ?? ''
        return `${record.valueType}:${record.intent}${id ? `:${id}` : ''}`
      })
  }

  /** How many times an element completed in an instance. */
  async timesCompleted(processInstanceKey: string, elementId: string): Promise<number> {
    return (await this.completed(processInstanceKey)).filter((id) => id === elementId).length
  }

  /** The state of an instance. */
  async state(processInstanceKey: string): Promise<string> {
    return (await this.engine.getProcessInstance(processInstanceKey)).state
  }

  /** Active incidents of an instance. */
  async incidents(processInstanceKey: string) {
    return (await this.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }))
      .items
  }

  /** The root-scope variables of an instance, as values. */
  async variables(processInstanceKey: string): Promise<Record<string, unknown>> {
    const result = await this.engine.searchVariables({
      filter: { processInstanceKey, scopeKey: processInstanceKey },
    })
    return Object.fromEntries(
      result.items.map((variable) => [variable.name, JSON.parse(variable.value)])
    )
  }

  /** Stops the engine. */
  stop(): Promise<void> {
    return this.engine.stop()
  }
}

/** Context handed to specs registered with `storeGroup`. */
export interface StoreGroupContext {
  kind: StoreKind
  /** A fresh engine on the group's store (stopped after the test). */
  harness(options?: Partial<EmbeddedEngineOptions>): EngineHarness
  /** The store of the group. */
  opened(): OpenedStore
}

/**
 * Declares the same group of specs once per store kind (memory, SQLite, and MySQL when
 * DB_CONNECTION=mysql). Each group gets a fresh database; each test its own engines.
 */
export function storeGroup(title: string, specs: (context: StoreGroupContext) => void): void {
  for (const kind of storeKinds()) {
    test.group(`${title} (${kind.name})`, (group) => {
      let opened: OpenedStore | null = null
      const engines: EngineHarness[] = []
      group.setup(async () => {
        opened = await kind.open()
        return async () => {
          await opened?.close()
        }
      })
      group.each.setup(async () => {
        await opened!.reset()
        return async () => {
          await Promise.all(engines.splice(0).map((harness) => harness.stop()))
        }
      })
      specs({
        kind,
        harness(options) {
          const harness = new EngineHarness(opened!, options)
          engines.push(harness)
          return harness
        },
        opened: () => opened!,
      })
    })
  }
}

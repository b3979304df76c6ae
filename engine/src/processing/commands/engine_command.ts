import type { DefinitionData, FormData } from '../../state/entities.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'

/** Identifies a definition by process id: the latest version, or a given one. */
export interface DefinitionRef {
  tenantId: string
  bpmnProcessId: string
  version: number | null
}

/** The string a definition reference is looked up by. */
export function refKey(ref: DefinitionRef): string {
  return `${ref.tenantId}/${ref.bpmnProcessId}/${ref.version ?? 'latest'}`
}

/**
 * What the commands of a batch need loaded before processing starts (processing itself never
 * waits): jobs, incidents, instances, element scopes, definitions, business ids, latest forms.
 */
export class PrefetchPlan {
  readonly jobKeys = new Set<string>()
  readonly incidentKeys = new Set<string>()
  readonly instanceKeys = new Set<string>()
  /** Element instance keys whose process instance must be found. */
  readonly scopeKeys = new Set<string>()
  readonly definitionKeys = new Set<string>()
  readonly definitionRefs = new Map<string, DefinitionRef>()
  /**
   * Definitions named by key that must not have been deleted (a new instance's, a migration's
   * target): those that were are added to `BatchState.deletedDefinitions`.
   */
  readonly liveDefinitionKeys = new Set<string>()
  /** `tenant/formId` whose latest form version is needed (deployments). */
  readonly latestForms = new Set<string>()
}

/** What the prefetch found, beyond what went into the batch state. */
export interface Prefetched {
  /** Element instance key → process instance key. */
  scopeOwners: Map<string, string>
  /** `refKey(ref)` → definition. */
  definitionsByRef: Map<string, DefinitionData>
  /** Business-id hashes held by active instances. */
  takenBusinessHashes: Set<string>
  /** `tenant/formId` → latest form. */
  latestForms: Map<string, FormData>
}

/**
 * A command that works on process instances (or on definitions): it declares what to load,
 * checks its preconditions without changing anything (throwing a typed rejection), then
 * executes by appending records. Executing may throw only on engine bugs; the batch is then
 * rolled back and its other commands retried without it.
 */
export interface InstanceCommand<R> {
  readonly kind: 'instance'
  /** Adds what the command needs to the plan. */
  plan(plan: PrefetchPlan): void
  /**
   * Reads what the command finds by query (subscriptions, buffered messages, due timers), once
   * definitions are loaded and before instances are: the instances it names in `instanceKeys`
   * are then loaded and locked with the others.
   */
  load?(tx: StoreTransaction, batch: BatchContext, prefetched: Prefetched): Promise<void>
  /** After jobs, incidents and scopes are loaded: the instances the command works on. */
  instanceKeys?(batch: BatchContext, prefetched: Prefetched): string[]
  /** After definitions are known: business-id hashes whose use by active instances to check. */
  businessHashes?(batch: BatchContext, prefetched: Prefetched): string[]
  /** After instances: definitions the command needs besides those of its instances. */
  definitionKeys?(batch: BatchContext, prefetched: Prefetched): string[]
  /** Validates; throws a rejection (not found, invalid state …) without changing anything. */
  check(batch: BatchContext, prefetched: Prefetched): void
  /** Appends the records that carry out the command. */
  execute(batch: BatchContext, processor: BpmnStreamProcessor, prefetched: Prefetched): R
}

/**
 * A command that works on job rows only (activation, time-outs, back-offs, retries and timeout
 * updates). It runs after the instance commands of the batch, with its own queries.
 */
export interface JobCommand<R> {
  readonly kind: 'job'
  run(tx: StoreTransaction, batch: BatchContext, support: JobCommandSupport): Promise<R>
}

/** What job commands may use from the engine. */
export interface JobCommandSupport {
  /** Loads instances read-only (to read variables for activated jobs). */
  loadInstancesForRead(tx: StoreTransaction, batch: BatchContext, keys: string[]): Promise<void>
  /** Loads definitions (to read versions and ids). */
  loadDefinitions(tx: StoreTransaction, batch: BatchContext, keys: string[]): Promise<void>
}

/** Any command. */
export type EngineCommand<R> = InstanceCommand<R> | JobCommand<R>

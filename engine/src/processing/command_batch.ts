import { loadCalledDecisions } from '../dmn/business_rule_task_processor.js'
import {
  EngineError,
  EngineInternalError,
  KeyBlockExhaustedError,
  AlreadyExistsError,
} from '../errors.js'
import type { ProcessInstanceData } from '../state/instance_state.js'
import { ProcessInstance } from '../state/instance_state.js'
import {
  definitionFromRow,
  definitionToRow,
  formFromRow,
  formToRow,
  incidentFromRow,
  incidentToRow,
  instanceToRow,
  jobFromRow,
  jobToRow,
  messageToRow,
  recordToRow,
  resourceToRow,
  startCorrelationToRow,
  subscriptionToRow,
  timerToRow,
} from '../store/rows.js'
import {
  isTransientStoreError,
  isUniqueViolation,
  type EngineStore,
  type Row,
  type StoreChanges,
  type StoreTransaction,
  type TableName,
} from '../store/store.js'
import type { TableState } from '../state/batch_state.js'
import { BatchContext, type ProcessingServices } from './batch_context.js'
import { BpmnStreamProcessor } from './bpmn_stream_processor.js'
import {
  PrefetchPlan,
  type EngineCommand,
  type InstanceCommand,
  type JobCommandSupport,
  type Prefetched,
} from './commands/engine_command.js'
import type { DefinitionCache } from './definition_cache.js'
import type { InstanceCache } from './instance_cache.js'
import { mayOverlap, type Overlap } from './group_commit.js'
import { activatedJob, jobVariables } from './job_variables.js'

/** A command waiting in the engine's queue, with the promise to settle. */
export interface QueuedCommand {
  command: EngineCommand<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

/** The outcome of one command of a committed batch. */
export type CommandOutcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Called after a batch committed, with what it did. */
export type AfterCommit = (batch: BatchContext) => void

/** How many keys to have at hand before a batch (processing never waits for keys). */
const KEYS_PER_COMMAND = 64

/**
 * Runs a batch of commands as ONE transaction (group commit): prefetch what they need, process
 * the instance commands one after the other (commands on one instance in arrival order), write
 * every change with a few multi-row statements, then run the job commands, and commit.
 *
 * Each command stays an atomic unit: a rejected precondition settles only that command; an
 * unexpected error rolls the batch back and the commands are retried one by one, so only the
 * faulty one fails. Deadlocks and busy databases are retried as a whole.
 */
export class CommandBatch {
  constructor(
    private readonly store: EngineStore,
    private readonly services: ProcessingServices,
    private readonly instances: InstanceCache,
    private readonly definitions: DefinitionCache,
    private readonly afterCommit: AfterCommit
  ) {}

  /**
   * Runs the commands; every command's promise is settled when this resolves. With `overlap`,
   * the batch runs while the previous one may still be committing (see `GroupCommit`): it says
   * when its commands are processed, and should a follow-up need one-after-the-other
   * processing (`mayOverlap`) while the previous batch is still in flight, it rolls back, waits
   * for that batch, and runs again.
   */
  async run(commands: QueuedCommand[], overlap?: Overlap): Promise<void> {
    let processedCalled = false
    const processed = () => {
      if (!processedCalled) {
        processedCalled = true
        overlap?.processed()
      }
    }
    let previous = overlap?.previous ?? null
    void previous?.then(() => {
      previous = null
    })
    try {
      await this.#run(commands, processed, () => previous)
    } finally {
      processed()
    }
  }

  async #run(
    commands: QueuedCommand[],
    processed: () => void,
    previous: () => Promise<void> | null
  ): Promise<void> {
    let keysNeeded = KEYS_PER_COMMAND * commands.length
    for (let attempt = 0; ; attempt++) {
      try {
        await this.services.keys.reserve(keysNeeded)
      } catch (error) {
        if (isTransientStoreError(error) || (isUniqueViolation(error) && attempt < 3)) {
          continue
        }
        for (const command of commands) {
          command.reject(error)
        }
        return
      }
      let batch: BatchContext | null = null
      const outcomes: CommandOutcome[] = []
      try {
        await this.store.transaction(async (tx) => {
          batch = new BatchContext(this.services)
          await this.#process(tx, batch, commands, outcomes, processed, previous)
        })
      } catch (error) {
        this.#undo(batch)
        if (error instanceof MustRunAlone) {
          // the previous batch commits first; this one then runs again on its own
          await previous()
          attempt--
          continue
        }
        if (error instanceof KeyBlockExhaustedError && attempt < 3) {
          keysNeeded *= 10
          continue
        }
        if (isTransientStoreError(error) && attempt < 5) {
          continue
        }
        if (commands.length > 1) {
          for (const command of commands) {
            await this.run([command], { processed: () => {}, previous: previous() })
          }
          return
        }
        commands[0].reject(translate(error))
        return
      }
      this.#committed(batch!, commands, outcomes)
      return
    }
  }

  async #process(
    tx: StoreTransaction,
    batch: BatchContext,
    commands: QueuedCommand[],
    outcomes: CommandOutcome[],
    processed: () => void,
    previous: () => Promise<void> | null
  ): Promise<void> {
    let round: Array<{ command: InstanceCommand<unknown>; index: number | null }> = []
    for (const [index, queued] of commands.entries()) {
      if (queued.command.kind === 'instance') {
        round.push({ command: queued.command, index })
      }
    }
    if (round.length > 0) {
      // commands first, then the follow-ups they asked for (and theirs), round after round
      while (round.length > 0) {
        const prefetched = await this.#prefetch(
          tx,
          batch,
          round.map((entry) => entry.command)
        )
        const processor = new BpmnStreamProcessor(batch)
        for (const { command, index } of round) {
          try {
            command.check(batch, prefetched)
          } catch (error) {
            if (isRejection(error)) {
              if (index !== null) {
                outcomes[index] = { ok: false, error }
              }
              continue
            }
            throw error
          }
          const value = command.execute(batch, processor, prefetched)
          if (index !== null) {
            outcomes[index] = { ok: true, value }
          }
          processor.drain()
        }
        round = batch.followUps.splice(0).map((command) => ({ command, index: null }))
        if (previous() && round.some((entry) => !mayOverlap(entry.command))) {
          throw new MustRunAlone()
        }
      }
      this.#preparePushes(batch)
      processed()
      await this.#flush(tx, batch)
    }
    processed()
    const support = this.#jobSupport()
    for (const [index, queued] of commands.entries()) {
      if (queued.command.kind !== 'job') {
        continue
      }
      try {
        outcomes[index] = { ok: true, value: await queued.command.run(tx, batch, support) }
      } catch (error) {
        if (!isRejection(error)) {
          throw error
        }
        outcomes[index] = { ok: false, error }
      }
      // the next job command queries the rows this one changed
      if (batch.state.records.length > batch.flushedRecords) {
        await this.#flush(tx, batch)
      }
    }
    keepActivatableTypes(batch)
  }

  /** Loads everything the instance commands need, in three rounds of batched queries. */
  async #prefetch(
    tx: StoreTransaction,
    batch: BatchContext,
    commands: InstanceCommand<unknown>[]
  ): Promise<Prefetched> {
    const plan = new PrefetchPlan()
    for (const command of commands) {
      command.plan(plan)
    }
    const prefetched: Prefetched = {
      scopeOwners: new Map(),
      definitionsByRef: new Map(),
      takenBusinessHashes: new Set(),
      latestForms: new Map(),
    }
    // 1. jobs, incidents, element scopes, definitions by id, business ids, latest forms: reads
    // that need nothing from each other, started together (one request on MySQL/MariaDB)
    await Promise.all([
      this.#loadJobs(tx, batch, [...plan.jobKeys]),
      this.#loadIncidents(tx, batch, [...plan.incidentKeys]),
      (async () => {
        if (plan.scopeKeys.size === 0) {
          return
        }
        const rows = await tx.query('engine_records', {
          where: { record_key: [...plan.scopeKeys], value_type: 'PROCESS_INSTANCE' },
          columns: ['record_key', 'process_instance_key'],
        })
        for (const row of rows) {
          prefetched.scopeOwners.set(String(row.record_key), String(row.process_instance_key))
        }
      })(),
      ...[...plan.definitionRefs].map(async ([key, ref]) => {
        const where: Record<string, string | number | null> = {
          tenant_id: ref.tenantId,
          bpmn_process_id: ref.bpmnProcessId,
          deleted_at: null,
        }
        if (ref.version !== null) {
          where.version = ref.version
        }
        const rows = await tx.query('engine_process_definitions', {
          where,
          orderBy: [{ column: 'version', order: 'desc' }],
          limit: 1,
        })
        if (rows[0]) {
          prefetched.definitionsByRef.set(key, definitionFromRow(rows[0]))
        }
      }),
      ...[...plan.latestForms].map(async (tenantAndForm) => {
        const [tenantId, formId] = splitOnce(tenantAndForm)
        const rows = await tx.query('engine_forms', {
          where: { tenant_id: tenantId, form_id: formId, deleted_at: null },
          orderBy: [{ column: 'version', order: 'desc' }],
          limit: 1,
        })
        if (rows[0]) {
          prefetched.latestForms.set(tenantAndForm, formFromRow(rows[0]))
        }
      }),
    ])
    await this.#loadDefinitions(tx, batch, [
      ...plan.definitionKeys,
      ...[...prefetched.definitionsByRef.values()].map((d) => d.processDefinitionKey),
    ])
    await findDeletedDefinitions(tx, batch, plan.liveDefinitionKeys)
    for (const command of commands) {
      await command.load?.(tx, batch, prefetched)
    }
    const businessHashes = new Set<string>()
    for (const command of commands) {
      for (const hash of command.businessHashes?.(batch, prefetched) ?? []) {
        businessHashes.add(hash)
      }
    }
    if (businessHashes.size > 0) {
      const rows = await tx.query('engine_process_instances', {
        where: { unique_business_hash: [...businessHashes] },
        columns: ['unique_business_hash'],
      })
      for (const row of rows) {
        prefetched.takenBusinessHashes.add(String(row.unique_business_hash))
      }
    }
    // 2. instances (checked against their row version, locked), with their jobs and incidents
    const instanceKeys = new Set(plan.instanceKeys)
    for (const command of commands) {
      for (const key of command.instanceKeys?.(batch, prefetched) ?? []) {
        instanceKeys.add(key)
      }
    }
    await this.#loadInstances(tx, batch, [...instanceKeys], true)
    await this.#loadAncestors(tx, batch)
    const jobKeys: string[] = []
    const incidentKeys: string[] = []
    for (const instance of batch.state.instances.values()) {
      for (const element of Object.values(instance.data.elements)) {
        if (element.jobKey && !batch.state.jobs.has(element.jobKey)) {
          jobKeys.push(element.jobKey)
        }
      }
      for (const incidentKey of Object.keys(instance.data.incidents)) {
        if (!batch.state.incidents.has(incidentKey)) {
          incidentKeys.push(incidentKey)
        }
      }
    }
    await this.#loadJobs(tx, batch, jobKeys)
    await this.#loadIncidents(tx, batch, incidentKeys)
    // 3. definitions of the instances and of new instances, and the forms they link to
    const definitionKeys = new Set(plan.definitionKeys)
    for (const instance of batch.state.instances.values()) {
      definitionKeys.add(instance.data.processDefinitionKey)
    }
    for (const definition of prefetched.definitionsByRef.values()) {
      definitionKeys.add(definition.processDefinitionKey)
    }
    for (const command of commands) {
      for (const key of command.definitionKeys?.(batch, prefetched) ?? []) {
        definitionKeys.add(key)
      }
    }
    await this.#loadDefinitions(tx, batch, [...definitionKeys])
    return prefetched
  }

  async #loadJobs(tx: StoreTransaction, batch: BatchContext, keys: string[]): Promise<void> {
    const missing = keys.filter((key) => !batch.state.jobs.has(key))
    for (const row of await tx.lock('engine_jobs', missing)) {
      const job = jobFromRow(row)
      batch.state.jobs.set(job.jobKey, job)
    }
  }

  async #loadIncidents(tx: StoreTransaction, batch: BatchContext, keys: string[]): Promise<void> {
    const missing = keys.filter((key) => !batch.state.incidents.has(key))
    for (const row of await tx.lock('engine_incidents', missing)) {
      const incident = incidentFromRow(row)
      batch.state.incidents.set(incident.incidentKey, incident)
    }
  }

  /**
   * Loads instances into the batch: cached states whose row version still matches are reused,
   * others are read. With `lock`, the rows stay locked until commit (MySQL/MariaDB).
   */
  async #loadInstances(tx: StoreTransaction, batch: BatchContext, keys: string[], lock: boolean) {
    const wanted = keys.filter((key) => !batch.state.instances.has(key))
    if (wanted.length === 0) {
      return
    }
    const versions = lock
      ? await tx.lock('engine_process_instances', wanted, ['process_instance_key', 'row_version'])
      : await tx.query('engine_process_instances', {
          where: { process_instance_key: wanted },
          columns: ['process_instance_key', 'row_version'],
        })
    const toRead: string[] = []
    for (const row of versions) {
      const key = String(row.process_instance_key)
      const version = Number(row.row_version)
      const cached = this.instances.get(key)
      if (cached && cached.version === version) {
        batch.state.instances.set(key, new ProcessInstance(cached.data))
        batch.instanceVersions.set(key, version)
      } else {
        this.instances.delete(key)
        toRead.push(key)
      }
    }
    if (toRead.length === 0) {
      return
    }
    // a locking read: on MySQL a plain read could return this transaction's older snapshot
    const columns = ['process_instance_key', 'row_version', 'state_json']
    const rows = lock
      ? await tx.lock('engine_process_instances', toRead, columns)
      : await tx.query('engine_process_instances', {
          where: { process_instance_key: toRead },
          columns,
        })
    for (const row of rows) {
      if (row.state_json === null || row.state_json === undefined) {
        // an ended instance: its state is no longer kept
        continue
      }
      const data = JSON.parse(String(row.state_json)) as ProcessInstanceData
      const key = String(row.process_instance_key)
      batch.state.instances.set(key, new ProcessInstance(data))
      batch.instanceVersions.set(key, Number(row.row_version))
    }
  }

  /**
   * Loads (and locks) the calling instances of loaded child instances, up to the root: a child
   * ends into its call activity, and errors and escalations it does not catch go up.
   */
  async #loadAncestors(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    for (;;) {
      const missing = new Set<string>()
      for (const instance of batch.state.instances.values()) {
        const parent = instance.data.parentProcessInstanceKey
        if (parent && !batch.state.instances.has(parent)) {
          missing.add(parent)
        }
      }
      if (missing.size === 0) {
        return
      }
      await this.#loadInstances(tx, batch, [...missing], true)
      if ([...missing].every((key) => !batch.state.instances.has(key))) {
        return
      }
    }
  }

  async #loadDefinitions(tx: StoreTransaction, batch: BatchContext, keys: string[]) {
    await this.definitions.load(tx, keys)
    const formIds = new Set<string>()
    for (const key of keys) {
      const loaded = this.definitions.get(key)
      if (!loaded) {
        continue
      }
      batch.definitions.set(key, loaded)
      for (const element of loaded.executable.elements.values()) {
        // a multi-instance user task links its form on the inner activity, not on the body
        for (const activity of [element, element.innerActivity]) {
          const form = activity?.userTask?.form
          if (form?.kind === 'formId' && !batch.forms.has(form.formId)) {
            formIds.add(form.formId)
          }
        }
      }
    }
    if (formIds.size > 0) {
      const rows = await tx.query('engine_forms', {
        where: { form_id: [...formIds], deleted_at: null },
      })
      for (const formId of formIds) {
        batch.forms.set(formId, [])
      }
      for (const form of rows.map(formFromRow)) {
        batch.forms.get(form.formId)!.push(form)
      }
    }
    await loadCalledDecisions(tx, batch, keys)
  }

  #jobSupport(): JobCommandSupport {
    return {
      loadInstancesForRead: (tx, batch, keys) => this.#loadInstances(tx, batch, keys, false),
      loadDefinitions: (tx, batch, keys) => this.#loadDefinitions(tx, batch, keys),
    }
  }

  /** Computes the variables of jobs pushed to in-process workers, from the final state. */
  #preparePushes(batch: BatchContext): void {
    for (const push of batch.pushes) {
      const job = batch.state.jobs.get(push.jobKey)
      const instance = batch.state.instance(push.processInstanceKey)
      if (
        !job ||
        job.state !== 'ACTIVATED' ||
        !instance ||
        !instance.element(push.elementInstanceKey)
      ) {
        continue
      }
      batch.pushedJobs.set(
        push.jobKey,
        activatedJob(
          job,
          jobVariables(instance, push.elementInstanceKey, push.reservation.fetchVariables)
        )
      )
    }
  }

  /** Writes what changed since the last flush. */
  async #flush(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const state = batch.state
    const changes: StoreChanges = { inserts: [], upserts: [], deletes: [] }
    const records = state.records.slice(batch.flushedRecords)
    batch.flushedRecords = state.records.length
    if (records.length > 0) {
      changes.inserts.push({ table: 'engine_records', rows: records.map(recordToRow) })
    }
    if (state.resources.length > 0) {
      changes.inserts.push({
        table: 'engine_resources',
        rows: state.resources.splice(0).map(resourceToRow),
      })
    }
    if (state.definitions.length > 0) {
      changes.inserts.push({
        table: 'engine_process_definitions',
        rows: state.definitions.splice(0).map(definitionToRow),
      })
    }
    if (state.forms.length > 0) {
      changes.inserts.push({ table: 'engine_forms', rows: state.forms.splice(0).map(formToRow) })
    }
    changes.inserts.push(...state.inserts.splice(0))
    changes.upserts.push(...state.upserts.splice(0))
    if (state.changedInstances.size > 0) {
      // new instances are plain inserts, so a clash on the unique business id fails the batch
      // (an upsert would silently update the other row on MySQL)
      const inserts = []
      const updates = []
      for (const key of state.changedInstances) {
        const instance = state.instances.get(key)!
        const version = (batch.instanceVersions.get(key) ?? 0) + 1
        batch.instanceVersions.set(key, version)
        const row = instanceToRow(instance.data, version, instance.hasIncident)
        if (state.createdInstances.delete(key)) {
          inserts.push(row)
        } else {
          updates.push(row)
        }
        batch.writtenInstances.add(key)
      }
      state.changedInstances.clear()
      if (inserts.every((row) => row.unique_business_hash === null)) {
        // nothing to clash on (keys are fresh): one statement for new and changed instances
        changes.upserts.push({ table: 'engine_process_instances', rows: [...inserts, ...updates] })
      } else {
        changes.inserts.push({ table: 'engine_process_instances', rows: inserts })
        changes.upserts.push({ table: 'engine_process_instances', rows: updates })
      }
    }
    if (state.changedJobs.size > 0) {
      const rows = [...state.changedJobs].map((key) => jobToRow(state.jobs.get(key)!))
      state.changedJobs.clear()
      changes.upserts.push({ table: 'engine_jobs', rows })
    }
    if (state.deletedJobs.size > 0) {
      changes.deletes.push({ table: 'engine_jobs', keys: [...state.deletedJobs] })
      state.deletedJobs.clear()
    }
    if (state.changedIncidents.size > 0) {
      const rows = [...state.changedIncidents].map((key) =>
        incidentToRow(state.incidents.get(key)!)
      )
      state.changedIncidents.clear()
      changes.upserts.push({ table: 'engine_incidents', rows })
    }
    for (const timer of [...state.timers.changed].map((key) => state.timers.get(key)!)) {
      batch.earliestTimer = Math.min(batch.earliestTimer ?? Infinity, timer.dueDate)
    }
    flushTable(changes, 'engine_timers', state.timers, timerToRow)
    flushTable(changes, 'engine_message_subscriptions', state.messageSubscriptions, (row) =>
      subscriptionToRow(row, 'message')
    )
    flushTable(changes, 'engine_signal_subscriptions', state.signalSubscriptions, (row) =>
      subscriptionToRow(row, 'signal')
    )
    flushTable(changes, 'engine_messages', state.messages, messageToRow)
    flushTable(changes, 'engine_start_correlations', state.startCorrelations, startCorrelationToRow)
    await tx.write(changes)
  }

  #committed(batch: BatchContext, commands: QueuedCommand[], outcomes: CommandOutcome[]) {
    for (const key of batch.writtenInstances) {
      const instance = batch.state.instances.get(key)!
      if (instance.data.state === 'ACTIVE') {
        this.instances.set(key, { data: instance.data, version: batch.instanceVersions.get(key)! })
      } else {
        this.instances.delete(key)
      }
    }
    try {
      this.afterCommit(batch)
    } catch {
      // the batch is committed: nothing after commit may undo it
    }
    for (const [index, queued] of commands.entries()) {
      const outcome = outcomes[index]
      if (outcome?.ok) {
        queued.resolve(outcome.value)
      } else {
        queued.reject(outcome ? outcome.error : new Error('command was not processed'))
      }
    }
  }

  /** Forgets what a failed batch did: cached states it touched, worker reservations. */
  #undo(batch: BatchContext | null): void {
    if (!batch) {
      return
    }
    for (const key of batch.state.instances.keys()) {
      this.instances.delete(key)
    }
    for (const push of batch.pushes) {
      push.reservation.deliver(null)
    }
  }
}

/**
 * Keeps, of the job types marked activatable during the batch, those that still have an
 * activatable job at its end: a job created and pushed to an in-process worker at once passes
 * through ACTIVATABLE, and waking that type's workers after commit would only make them poll
 * for nothing (a query per type, in every batch).
 */
function keepActivatableTypes(batch: BatchContext): void {
  const types = batch.state.activatableTypes
  if (types.size === 0) {
    return
  }
  const still = new Set<string>()
  for (const job of batch.state.jobs.values()) {
    if (job.state === 'ACTIVATABLE' && types.has(job.type)) {
      still.add(job.type)
    }
  }
  for (const type of types) {
    if (!still.has(type)) {
      types.delete(type)
    }
  }
}

/**
 * Marks which of the given process definitions were deleted: the cache keeps compiled
 * definitions (another engine on the same database may have deleted one since), so commands
 * that name a definition by key ask the table once per batch.
 */
async function findDeletedDefinitions(
  tx: StoreTransaction,
  batch: BatchContext,
  keys: Set<string>
): Promise<void> {
  if (keys.size === 0) {
    return
  }
  const live = new Set(
    (
      await tx.query('engine_process_definitions', {
        where: { process_definition_key: [...keys], deleted_at: null },
        columns: ['process_definition_key'],
      })
    ).map((row) => String(row.process_definition_key))
  )
  for (const key of keys) {
    if (!live.has(key)) {
      batch.state.deletedDefinitions.add(key)
    }
  }
}

/** Adds the changed and removed rows of a table to the changes to write. */
function flushTable<T>(
  changes: StoreChanges,
  table: TableName,
  rows: TableState<T>,
  toRow: (row: T) => Row
): void {
  if (rows.changed.size > 0) {
    changes.upserts.push({ table, rows: [...rows.changed].map((key) => toRow(rows.get(key)!)) })
    rows.changed.clear()
  }
  if (rows.deleted.size > 0) {
    changes.deletes.push({ table, keys: [...rows.deleted] })
    rows.deleted.clear()
  }
}

/**
 * Thrown inside a batch that overlaps the previous one's commit when a follow-up needs
 * one-after-the-other processing: the batch rolls back and runs again once that one is done.
 */
class MustRunAlone extends Error {}

/** Whether an error is a command rejection (settles that command only). */
function isRejection(error: unknown): boolean {
  return error instanceof EngineError && !(error instanceof EngineInternalError)
}

/** Maps store errors that have a meaning for the caller. */
function translate(error: unknown): unknown {
  if (isUniqueViolation(error) && /business/i.test(String((error as Error).message))) {
    return new AlreadyExistsError(
      'Expected to create a process instance with a unique business id, but an active instance already has it'
    )
  }
  return error
}

function splitOnce(text: string): [string, string] {
  const index = text.indexOf('/')
  return [text.slice(0, index), text.slice(index + 1)]
}

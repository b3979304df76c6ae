import { InvalidArgumentError, NotFoundError } from '../../errors.js'
import type { JsonValue } from '../../feel/feel_values.js'
import { jobRecordValue } from '../../behaviors/job_behavior.js'
import { catchEventsOf, type ExecutableElement } from '../../model/executable.js'
import type { MigratedElement } from '../../state/admin_appliers.js'
import type { ProcessInstance } from '../../state/instance_state.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext, LoadedDefinition } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import { contextOf } from '../element_context.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'
import { isMultiInstance } from './modification_command.js'

/** Camunda 8's migration plan. */
export interface MigrationPlan {
  targetProcessDefinitionKey: string
  mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>
}

/** What the check decided for one instance. */
interface InstanceMigration {
  instance: ProcessInstance
  elements: MigratedElement[]
  /** Waits kept, by key: the catch element of the target they now trigger. */
  keptWaits: Record<string, string>
  /** Waits closed (their catch event has no counterpart in the target). */
  closedWaits: Set<string>
  /** Element instances whose target element has catch events to open. */
  opens: Array<{ elementInstanceKey: string; events: ExecutableElement[] }>
}

/** Which instances a migration command works on. */
export type MigrationSubject = { processInstanceKey: string } | { processDefinitionKey: string }

/**
 * Migrates running instances to another version of their process (Camunda 8's process instance
 * migration): every live element instance must have a mapping to an element of the same type
 * in the same (mapped) flow scope of the target; element instances keep their keys, jobs
 * (user tasks included) their keys and state, timers and message subscriptions of mapped catch
 * events stay open (same due date, same correlation key); waits of catch events that are not
 * mapped close, and catch events new in the target open. Every instance is checked before
 * anything changes: a single instance that cannot be migrated rejects the whole command with
 * the reason (for a definition: every instance of it, all or nothing).
 */
export class MigrateProcessInstancesCommand implements InstanceCommand<string[]> {
  readonly kind = 'instance'
  #keys: string[] = []
  #migrations: InstanceMigration[] = []

  constructor(
    private readonly subject: MigrationSubject,
    private readonly migrationPlan: MigrationPlan
  ) {}

  plan(plan: PrefetchPlan): void {
    plan.definitionKeys.add(this.migrationPlan.targetProcessDefinitionKey)
    plan.liveDefinitionKeys.add(this.migrationPlan.targetProcessDefinitionKey)
    if ('processInstanceKey' in this.subject) {
      plan.instanceKeys.add(this.subject.processInstanceKey)
    } else {
      plan.definitionKeys.add(this.subject.processDefinitionKey)
    }
  }

  async load(tx: StoreTransaction): Promise<void> {
    if ('processDefinitionKey' in this.subject) {
      const rows = await tx.query('engine_process_instances', {
        where: {
          process_definition_key: this.subject.processDefinitionKey,
          state: ['ACTIVE', 'SUSPENDED'],
        },
        orderBy: [{ column: 'process_instance_key', order: 'asc' }],
        columns: ['process_instance_key'],
      })
      this.#keys = rows.map((row) => String(row.process_instance_key))
    } else {
      this.#keys = [this.subject.processInstanceKey]
    }
  }

  instanceKeys(): string[] {
    return this.#keys
  }

  check(batch: BatchContext): void {
    const targetKey = this.migrationPlan.targetProcessDefinitionKey
    const target = batch.definitions.get(targetKey)
    if (!target || batch.state.deletedDefinitions.has(targetKey)) {
      throw new NotFoundError(
        `Expected to migrate process instance to process definition but no process definition found with key '${targetKey}'`
      )
    }
    if (
      'processDefinitionKey' in this.subject &&
      !batch.definitions.has(this.subject.processDefinitionKey)
    ) {
      throw new NotFoundError(
        `Expected to migrate the instances of process definition '${this.subject.processDefinitionKey}', but no such process definition was found`
      )
    }
    this.#migrations = []
    for (const key of this.#keys) {
      const instance = batch.state.instance(key)
      if (!instance || instance.data.state !== 'ACTIVE') {
        throw new NotFoundError(
          `Expected to migrate process instance but no process instance found with key '${key}'`
        )
      }
      this.#migrations.push(
        checkInstance(
          instance,
          batch.definition(instance.data.processDefinitionKey),
          target,
          this.migrationPlan
        )
      )
    }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): string[] {
    const target = batch.definition(this.migrationPlan.targetProcessDefinitionKey)
    for (const migration of this.#migrations) {
      const { instance } = migration
      const source = batch.definition(instance.data.processDefinitionKey)
      // waits without a counterpart close first (their records name the source elements)
      const owners = new Set(
        [...migration.closedWaits].map((key) => instance.data.waits[key].scopeKey)
      )
      for (const owner of owners) {
        processor.behaviors.catchEvents.unsubscribe(instance, owner, (wait) =>
          [...migration.closedWaits].some((key) => instance.data.waits[key] === wait)
        )
      }
      batch.append('PROCESS_INSTANCE_MIGRATION', 'MIGRATED', instance.key, instance.key, {
        processInstanceKey: instance.key,
        sourceProcessDefinitionKey: source.definition.processDefinitionKey,
        sourceVersion: source.definition.version,
        processDefinitionKey: target.definition.processDefinitionKey,
        bpmnProcessId: target.definition.bpmnProcessId,
        version: target.definition.version,
        tenantId: instance.data.tenantId,
        mappingInstructions: this.migrationPlan.mappingInstructions as unknown as JsonValue,
        elementInstances: migration.elements as unknown as JsonValue,
        waits: migration.keptWaits,
      })
      for (const element of Object.values(instance.data.elements)) {
        const job = element.jobKey ? batch.state.jobs.get(element.jobKey) : undefined
        if (job) {
          batch.append('JOB', 'MIGRATED', job.jobKey, instance.key, {
            ...jobRecordValue(job),
            elementId: element.elementId,
            bpmnProcessId: target.definition.bpmnProcessId,
            processDefinitionKey: target.definition.processDefinitionKey,
            processDefinitionVersion: target.definition.version,
          })
        }
      }
      for (const { elementInstanceKey, events } of migration.opens) {
        const data = instance.element(elementInstanceKey)
        if (!data) {
          continue
        }
        const context = contextOf(instance, target, data, null)
        const opened = processor.behaviors.catchEvents.subscribe(context, events)
        if (!opened.ok) {
          processor.behaviors.incidents.createIncident(context, opened.failure)
        }
      }
      processor.drain()
    }
    return this.#migrations.map((migration) => migration.instance.key)
  }
}

/** Checks that an instance can be migrated by the plan; decides what happens to its waits. */
function checkInstance(
  instance: ProcessInstance,
  source: LoadedDefinition,
  target: LoadedDefinition,
  plan: MigrationPlan
): InstanceMigration {
  const key = instance.key
  const reject = (reason: string): never => {
    throw new InvalidArgumentError(`Expected to migrate process instance '${key}' but ${reason}`)
  }
  if (source.definition.bpmnProcessId !== target.definition.bpmnProcessId) {
    reject(
      `the target process definition is a version of process '${target.definition.bpmnProcessId}', ` +
        `not of '${source.definition.bpmnProcessId}'. Instances move between versions of their process only.`
    )
  }
  const mapping = new Map<string, string>()
  for (const { sourceElementId, targetElementId } of plan.mappingInstructions) {
    if (mapping.has(sourceElementId)) {
      reject(
        `the mapping instructions contain a non-unique source element id '${sourceElementId}'. ` +
          `Multiple mapping instructions with the same source element id are not allowed.`
      )
    }
    if (!source.executable.elements.has(sourceElementId)) {
      reject(
        `mapping instructions contain a non-existing source element id '${sourceElementId}'. ` +
          `Elements provided in mapping instructions must exist in the source process definition.`
      )
    }
    if (!target.executable.elements.has(targetElementId)) {
      reject(
        `mapping instructions contain a non-existing target element id '${targetElementId}'. ` +
          `Elements provided in mapping instructions must exist in the target process definition.`
      )
    }
    mapping.set(sourceElementId, targetElementId)
  }
  if (Object.keys(instance.data.eventTriggers).length > 0) {
    reject('an event it caught is still being processed. Try again once it has run.')
  }
  const rootKey = instance.key
  mapping.set(source.executable.root.id, target.executable.root.id)
  const elements: MigratedElement[] = []
  const targets = new Map<string, ExecutableElement>()
  const opens: InstanceMigration['opens'] = []
  for (const element of Object.values(instance.data.elements)) {
    const sourceElement =
      element.key === rootKey
        ? source.executable.root
        : source.executable.elements.get(element.elementId)!
    const targetId = mapping.get(element.elementId)
    if (targetId === undefined) {
      reject(
        `no mapping instruction defined for active element with id '${element.elementId}'. ` +
          `Elements cannot be migrated without a mapping.`
      )
    }
    const targetElement =
      element.key === rootKey ? target.executable.root : target.executable.elements.get(targetId!)!
    if (targetElement.type !== sourceElement.type) {
      reject(
        `active element with id '${element.elementId}' and type '${sourceElement.type}' is mapped to ` +
          `an element with id '${targetElement.id}' and different type '${targetElement.type}'. ` +
          `Elements must be mapped to elements of the same type.`
      )
    }
    if (element.key !== rootKey) {
      const expectedScope = mapping.get(sourceElement.flowScope!.id)
      if (targetElement.flowScope!.id !== expectedScope) {
        reject(
          `the flow scope of active element with id '${element.elementId}' is changed. The flow ` +
            `scope of the active element is expected to be '${expectedScope}' but was ` +
            `'${targetElement.flowScope!.id}'. The flow scope of an element cannot be changed during migration yet.`
        )
      }
    }
    if (isMultiInstance(sourceElement) || isMultiInstance(targetElement)) {
      reject(
        `active element with id '${element.elementId}' is a multi-instance element. ` +
          `Multi-instance elements cannot be migrated yet.`
      )
    }
    if (sourceElement.type === 'EVENT_BASED_GATEWAY') {
      reject(
        `active element with id '${element.elementId}' is an event-based gateway. ` +
          `Migrate the instance once one of its events has occurred.`
      )
    }
    if (element.tokens) {
      const waiting = Object.keys(element.tokens).join("', '")
      reject(
        `the element instance of '${element.elementId}' has a taken sequence flow to '${waiting}' whose ` +
          `target is not active yet (a joining gateway waits). Migrate once it has joined.`
      )
    }
    targets.set(element.key, targetElement)
    elements.push({
      elementInstanceKey: element.key,
      sourceElementId: element.elementId,
      targetElementId: targetElement.id,
    })
  }
  const keptWaits: Record<string, string> = {}
  const closedWaits = new Set<string>()
  const keptByOwner = new Map<string, Set<string>>()
  for (const [waitKey, wait] of Object.entries(instance.data.waits)) {
    const owner = targets.get(wait.scopeKey)
    const sourceEvent = source.executable.elements.get(wait.elementId)
    const targetId = mapping.get(wait.elementId)
    const targetEvent =
      targetId === undefined ? undefined : target.executable.elements.get(targetId)
    const reachable = owner && targetEvent && catchEventsOf(owner).includes(targetEvent)
    if (!reachable || !sourceEvent || !targetEvent) {
      closedWaits.add(waitKey)
      continue
    }
    if (waitKind(sourceEvent) !== waitKind(targetEvent)) {
      reject(
        `the catch event with id '${sourceEvent.id}' is mapped to '${targetEvent.id}', which waits ` +
          `for a ${waitKind(targetEvent)} instead of a ${waitKind(sourceEvent)}. Catch events must keep their event type.`
      )
    }
    keptWaits[waitKey] = targetEvent.id
    addTo(keptByOwner, wait.scopeKey, targetEvent.id)
  }
  for (const [elementInstanceKey, targetElement] of targets) {
    if (instance.element(elementInstanceKey)?.state !== 'ACTIVATED') {
      continue
    }
    const kept = keptByOwner.get(elementInstanceKey) ?? new Set<string>()
    // the element's own catch event was open before (kept) or has caught: not opened again
    const events = catchEventsOf(targetElement).filter(
      (event) => !kept.has(event.id) && event !== targetElement
    )
    if (events.length > 0) {
      opens.push({ elementInstanceKey, events })
    }
  }
  return { instance, elements, keptWaits, closedWaits, opens }
}

function waitKind(event: ExecutableElement): string {
  if (event.timer) {
    return 'timer'
  }
  if (event.message) {
    return 'message'
  }
  if (event.signalName) {
    return 'signal'
  }
  return event.condition ? 'condition' : 'other event'
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>()
  set.add(value)
  map.set(key, set)
}

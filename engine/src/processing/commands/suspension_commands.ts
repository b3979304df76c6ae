import { InvalidStateError, NotFoundError } from '../../errors.js'
import type { ProcessInstance } from '../../state/instance_state.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import { requireInstance } from './command_support.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'
import { CorrelateBufferedMessagesCommand } from './message_commands.js'

/** How many instances of a definition one command suspends or resumes. */
export const SUSPENSION_PAGE = 500

/** The value of PROCESS_INSTANCE_SUSPENSION records. */
function suspensionValue(instance: ProcessInstance) {
  return {
    processInstanceKey: instance.key,
    processDefinitionKey: instance.data.processDefinitionKey,
    bpmnProcessId: instance.data.bpmnProcessId,
    version: instance.data.version,
    tenantId: instance.data.tenantId,
  }
}

/**
 * Suspends (`suspend`) or resumes one instance. While suspended, its jobs are not handed out
 * and cannot be completed, failed or thrown, its timers do not fire, messages and signals do not
 * reach it (a message with a time to live stays buffered and is taken on resumption), incidents
 * cannot be resolved. Resuming puts the timers back: one due meanwhile fires once, at once.
 * The instances its call activities created follow it (`cascade`: a follow-up per child, which
 * does nothing when the child is already in that state); a child cannot be suspended or resumed
 * on its own (its root is), as it cannot be cancelled on its own.
 */
export class SuspendInstanceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(
    private readonly processInstanceKey: string,
    private readonly suspend: boolean,
    private readonly cascade = false
  ) {}

  plan(plan: PrefetchPlan): void {
    plan.instanceKeys.add(this.processInstanceKey)
  }

  check(batch: BatchContext): void {
    const action = this.suspend ? 'suspend' : 'resume'
    const instance = requireInstance(
      batch,
      this.processInstanceKey,
      `Expected to ${action} a process instance with key '${this.processInstanceKey}', but no such process instance was found`
    )
    if (this.cascade) {
      return
    }
    if (instance.data.parentProcessInstanceKey) {
      throw new InvalidStateError(
        `Expected to ${action} process instance '${this.processInstanceKey}', but it is created by a ` +
          `parent process instance. ${this.suspend ? 'Suspend' : 'Resume'} the root process instance '${rootOf(batch, instance)}' instead.`
      )
    }
    if (!!instance.data.suspended === this.suspend) {
      throw new InvalidStateError(
        `Expected to ${action} process instance '${this.processInstanceKey}', but it is ${this.suspend ? 'already suspended' : 'not suspended'}`
      )
    }
  }

  execute(batch: BatchContext): void {
    const instance = batch.state.instance(this.processInstanceKey)!
    if (!!instance.data.suspended !== this.suspend) {
      setSuspended(batch, instance, this.suspend)
    }
  }
}

/**
 * Suspends or resumes the root instances of one process definition (one version) that are not
 * in that state yet, up to `SUSPENSION_PAGE` per command, with what they called; returns the
 * keys it changed (the engine repeats until fewer come back). Instances of the definition
 * created by a call activity follow their root.
 */
export class SuspendDefinitionInstancesCommand implements InstanceCommand<string[]> {
  readonly kind = 'instance'
  #keys: string[] = []

  constructor(
    private readonly processDefinitionKey: string,
    private readonly suspend: boolean
  ) {}

  plan(plan: PrefetchPlan): void {
    plan.definitionKeys.add(this.processDefinitionKey)
  }

  async load(tx: StoreTransaction): Promise<void> {
    const rows = await tx.query('engine_process_instances', {
      where: {
        process_definition_key: this.processDefinitionKey,
        state: this.suspend ? 'ACTIVE' : 'SUSPENDED',
        parent_process_instance_key: null,
      },
      orderBy: [{ column: 'process_instance_key', order: 'asc' }],
      limit: SUSPENSION_PAGE,
      columns: ['process_instance_key'],
    })
    this.#keys = rows.map((row) => String(row.process_instance_key))
  }

  instanceKeys(): string[] {
    return this.#keys
  }

  check(batch: BatchContext): void {
    if (!batch.definitions.has(this.processDefinitionKey)) {
      throw new NotFoundError(
        `Expected to ${this.suspend ? 'suspend' : 'resume'} the instances of process definition '${this.processDefinitionKey}', but no such process definition was found`
      )
    }
  }

  execute(batch: BatchContext): string[] {
    const changed: string[] = []
    for (const key of this.#keys) {
      const instance = batch.state.instance(key)
      if (
        instance &&
        instance.data.state === 'ACTIVE' &&
        instance.data.processDefinitionKey === this.processDefinitionKey &&
        !instance.data.parentProcessInstanceKey &&
        !!instance.data.suspended !== this.suspend
      ) {
        setSuspended(batch, instance, this.suspend)
        changed.push(key)
      }
    }
    return changed
  }
}

function setSuspended(batch: BatchContext, instance: ProcessInstance, suspend: boolean): void {
  batch.append(
    'PROCESS_INSTANCE_SUSPENSION',
    suspend ? 'SUSPENDED' : 'RESUMED',
    instance.key,
    instance.key,
    suspensionValue(instance)
  )
  // what its call activities created follows it, in a further round (loaded there)
  for (const element of Object.values(instance.data.elements)) {
    if (element.calledChildKey) {
      batch.followUps.push(new SuspendInstanceCommand(element.calledChildKey, suspend, true))
    }
  }
  if (!suspend) {
    // messages buffered meanwhile are taken now, oldest first (as a subscription opening does)
    for (const [key, wait] of Object.entries(instance.data.waits)) {
      if (wait.kind === 'MESSAGE') {
        CorrelateBufferedMessagesCommand.lookUp(batch, instance.key, key)
      }
    }
  }
}

/** The root of a call hierarchy (ancestors are loaded with their children). */
function rootOf(batch: BatchContext, instance: ProcessInstance): string {
  let current = instance
  for (;;) {
    const parentKey = current.data.parentProcessInstanceKey
    const parent = parentKey ? batch.state.instance(parentKey) : undefined
    if (!parent) {
      return parentKey ?? current.key
    }
    current = parent
  }
}

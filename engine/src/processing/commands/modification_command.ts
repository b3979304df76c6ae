import { InvalidArgumentError } from '../../errors.js'
import type { JsonObject, JsonValue } from '../../feel/feel_values.js'
import type { ExecutableElement } from '../../model/executable.js'
import type { ElementInstanceData, ProcessInstance } from '../../state/instance_state.js'
import type { BatchContext, LoadedDefinition } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import { requireInstance } from './command_support.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'

/** An activate instruction, checked. */
export interface ActivateInstruction {
  elementId: string
  ancestorElementInstanceKey?: string
  variableInstructions?: Array<{ variables: JsonObject; scopeId?: string }>
}

/** The instructions of a modification, checked for shape by the engine. */
export interface ModificationInstructions {
  activateInstructions: ActivateInstruction[]
  terminateInstructions: Array<{ elementInstanceKey: string }>
}

/** Element types that cannot be activated by a modification (as in Zeebe). */
const UNSUPPORTED_TYPES = new Set(['START_EVENT', 'BOUNDARY_EVENT', 'SEQUENCE_FLOW'])

/** How an activation is carried out, decided by the check. */
interface ActivationPlan {
  element: ExecutableElement
  /** The live container instance the activation starts in. */
  scopeKey: string
  /** The elements to create in it, outermost first, ending with the element itself. */
  path: ExecutableElement[]
  /** The key each element of the path gets. */
  keys: Record<string, string>
  /** Variables to set first, by scope element id (the process id for the root). */
  variables: Array<{ scopeId: string; variables: JsonObject }>
}

/**
 * Modifies a running instance (Camunda 8's process instance modification): activates elements,
 * creating the flow scopes on the way that do not run yet (with their input mappings and
 * event sub-processes), with variables set locally in the given scopes beforehand, then
 * terminates element instances. A flow scope left with nothing running is terminated too (up to
 * the process instance, which then ends as terminated). Every instruction is checked before
 * anything changes; one invalid instruction rejects the whole modification.
 */
export class ModifyProcessInstanceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  #plans: ActivationPlan[] = []

  constructor(
    private readonly processInstanceKey: string,
    private readonly instructions: ModificationInstructions
  ) {}

  plan(plan: PrefetchPlan): void {
    plan.instanceKeys.add(this.processInstanceKey)
  }

  check(batch: BatchContext): void {
    const instance = requireInstance(
      batch,
      this.processInstanceKey,
      `Expected to modify a process instance with key '${this.processInstanceKey}', but no such process instance was found`
    )
    const definition = batch.definition(instance.data.processDefinitionKey)
    const processId = instance.data.bpmnProcessId
    const reject = (reason: string): never => {
      throw new InvalidArgumentError(
        `Expected to modify instance of process '${processId}' but it contains one or more ${reason}`
      )
    }
    for (const { elementInstanceKey } of this.instructions.terminateInstructions) {
      const element = instance.element(elementInstanceKey)
      if (!element || element.state === 'TERMINATING') {
        reject(
          `terminate instructions with an element instance that could not be found: '${elementInstanceKey}'`
        )
      }
      if (element!.flowScopeKey === null) {
        reject(
          `terminate instructions for the process instance itself: '${elementInstanceKey}' (cancel the instance instead)`
        )
      }
    }
    this.#plans = this.instructions.activateInstructions.map((instruction) =>
      this.#planActivation(batch, instance, definition, instruction, reject)
    )
  }

  #planActivation(
    batch: BatchContext,
    instance: ProcessInstance,
    definition: LoadedDefinition,
    instruction: ActivateInstruction,
    reject: (reason: string) => never
  ): ActivationPlan {
    const executable = definition.executable
    const element = executable.elements.get(instruction.elementId)
    if (!element || element.flowScope === null) {
      return reject(
        `activate instructions with an element that could not be found: '${instruction.elementId}'`
      )
    }
    if (UNSUPPORTED_TYPES.has(element.type)) {
      reject(
        `activate instructions for elements that are unsupported: '${element.id}'. The activation ` +
          `for elements of type 'START_EVENT', 'SEQUENCE_FLOW' and 'BOUNDARY_EVENT' is not supported`
      )
    }
    if (element.afterEventGateway) {
      reject(
        `activate instructions for elements that are unsupported: '${element.id}'. The activation ` +
          `of events belonging to an event-based gateway is not supported`
      )
    }
    // the containers from the element outwards (the process last)
    const containers: ExecutableElement[] = []
    for (let scope: ExecutableElement | null = element.flowScope; scope; scope = scope.flowScope) {
      containers.push(scope)
    }
    for (const container of containers) {
      if (isMultiInstance(container)) {
        reject(
          `activate instructions for elements inside a multi-instance element: '${element.id}' ` +
            `is inside '${container.id}'. The activation of elements inside a multi-instance ` +
            `element is not supported`
        )
      }
      if (container.type === 'EVENT_SUB_PROCESS') {
        reject(
          `activate instructions for elements inside an event sub-process: '${element.id}' is ` +
            `inside '${container.id}'. Activate the event sub-process's start event by its ` +
            `event instead`
        )
      }
    }
    const ancestorKey = instruction.ancestorElementInstanceKey
    let scopeIndex = -1
    let scopeKey = ''
    if (ancestorKey !== undefined) {
      const ancestor = instance.element(ancestorKey)
      if (!ancestor || ancestor.state !== 'ACTIVATED') {
        reject(
          `activate instructions with an ancestor scope key that does not exist, or is not in ` +
            `an active state: '${ancestorKey}'`
        )
      }
      scopeIndex = containers.findIndex((container) => container.id === ancestor!.elementId)
      if (scopeIndex < 0) {
        reject(
          `activate instructions with an ancestor scope key that is not an ancestor of the ` +
            `element to activate: '${ancestorKey}' is an instance of '${ancestor!.elementId}', ` +
            `which does not contain '${element.id}'`
        )
      }
      scopeKey = ancestorKey
    } else {
      // the innermost container running exactly once; none running: it is created
      for (const [index, container] of containers.entries()) {
        const live = liveInstancesOf(instance, container, instance.key)
        if (live.length > 1) {
          reject(
            `activate instructions with an ambiguous flow scope: '${container.id}' runs ` +
              `${live.length} times; give ancestorElementInstanceKey to choose one for '${element.id}'`
          )
        }
        if (live.length === 1) {
          scopeIndex = index
          scopeKey = live[0].key
          break
        }
      }
    }
    const path = [...containers.slice(0, scopeIndex).reverse(), element]
    const keys: Record<string, string> = {}
    for (const step of path) {
      keys[step.id] = batch.key()
    }
    const variables: ActivationPlan['variables'] = []
    for (const variableInstruction of instruction.variableInstructions ?? []) {
      const scopeId = variableInstruction.scopeId || instance.data.bpmnProcessId
      if (scopeId !== element.id && !containers.some((container) => container.id === scopeId)) {
        reject(
          `variable instructions with a scope element id that is not the element to activate ` +
            `or one of its flow scopes: '${scopeId}' for '${element.id}'`
        )
      }
      variables.push({ scopeId, variables: variableInstruction.variables })
    }
    return { element, scopeKey, path, keys, variables }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const instance = batch.state.instance(this.processInstanceKey)!
    batch.append('PROCESS_INSTANCE_MODIFICATION', 'MODIFIED', instance.key, instance.key, {
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      bpmnProcessId: instance.data.bpmnProcessId,
      version: instance.data.version,
      tenantId: instance.data.tenantId,
      activateInstructions: this.instructions.activateInstructions as unknown as JsonValue,
      terminateInstructions: this.instructions.terminateInstructions as unknown as JsonValue,
    })
    const transitions = processor.behaviors.transitions
    for (const plan of this.#plans) {
      for (const { scopeId, variables } of plan.variables) {
        const scopeKey = plan.keys[scopeId] ?? this.#existingScope(instance, plan, scopeId)
        processor.behaviors.variables.mergeLocal(instance, scopeKey, variables)
      }
      const [first, ...deeper] = plan.path
      transitions.activateElement(instance, first, plan.scopeKey, {
        key: plan.keys[first.id],
        ...(deeper.length > 0 ? { startElementIds: [plan.element.id], startKeys: plan.keys } : {}),
      })
    }
    processor.drain()
    for (const key of this.#terminationRoots(instance)) {
      const element = instance.element(key)
      if (element) {
        transitions.terminateElement(instance, element)
      }
    }
  }

  /** The live instance of a flow scope of the element on the way to the process instance. */
  #existingScope(instance: ProcessInstance, plan: ActivationPlan, scopeId: string): string {
    for (let key: string | null = plan.scopeKey; key !== null; key = instance.parentScope(key)) {
      if (instance.element(key)?.elementId === scopeId) {
        return key
      }
    }
    return instance.key
  }

  /**
   * The element instances to terminate: those asked for, or, when everything running in their
   * flow scope is being terminated, the flow scope instead (outwards, up to the process).
   */
  #terminationRoots(instance: ProcessInstance): string[] {
    const doomed = new Set<string>()
    for (const { elementInstanceKey } of this.instructions.terminateInstructions) {
      if (instance.element(elementInstanceKey)) {
        doomed.add(elementInstanceKey)
      }
    }
    // a flow scope all of whose children are doomed (and with no token waiting) goes too
    for (let changed = true; changed;) {
      changed = false
      for (const key of [...doomed]) {
        const scopeKey = instance.parentScope(key)
        if (scopeKey === null || doomed.has(scopeKey)) {
          continue
        }
        const scope = instance.element(scopeKey)!
        const children = instance.children(scopeKey)
        if (scope.tokens === null && children.every((child) => doomed.has(child.key))) {
          doomed.add(scopeKey)
          changed = true
        }
      }
    }
    // only the outermost: terminating a scope terminates what runs inside
    return [...doomed].filter((key) => {
      for (
        let scope = instance.parentScope(key);
        scope !== null;
        scope = instance.parentScope(scope)
      ) {
        if (doomed.has(scope)) {
          return false
        }
      }
      return true
    })
  }
}

/** The live instances of a container element (the process: the instance itself). */
function liveInstancesOf(
  instance: ProcessInstance,
  container: ExecutableElement,
  rootKey: string
): ElementInstanceData[] {
  if (container.flowScope === null) {
    return [instance.element(rootKey)!]
  }
  return Object.values(instance.data.elements).filter(
    (element) =>
      element.elementId === container.id &&
      element.state === 'ACTIVATED' &&
      element.type !== 'MULTI_INSTANCE_BODY'
  )
}

/** Whether an element is (or belongs to) a multi-instance activity, however the model says so. */
export function isMultiInstance(element: ExecutableElement): boolean {
  const loose = element as unknown as { multiInstance?: unknown; loopCharacteristics?: unknown }
  return (
    element.type === 'MULTI_INSTANCE_BODY' || !!loose.multiInstance || !!loose.loopCharacteristics
  )
}

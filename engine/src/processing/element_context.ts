import type { JsonValue } from '../feel/feel_values.js'
import { elementOfInstance, type ExecutableElement } from '../model/executable.js'
import type { ElementInstanceData, ProcessInstance } from '../state/instance_state.js'
import type { ElementCommand, LoadedDefinition } from './batch_context.js'

/**
 * What a processor and the behaviors know about the element instance being processed: the
 * instance, its definition, the compiled element and its live state.
 */
export interface ElementContext {
  readonly instance: ProcessInstance
  readonly definition: LoadedDefinition
  readonly element: ExecutableElement
  /** The element instance key. */
  readonly key: string
  readonly flowScopeKey: string | null
  /** The live element instance (present once ELEMENT_ACTIVATING was applied). */
  readonly data: ElementInstanceData
  /** The command being processed (start instructions travel on it). */
  readonly command: ElementCommand | null
}

/** The value of a PROCESS_INSTANCE record for an element of an instance. */
export function elementRecordValue(
  instance: ProcessInstance,
  definition: LoadedDefinition,
  element: ExecutableElement,
  flowScopeKey: string | null
): { [name: string]: JsonValue } {
  return {
    bpmnProcessId: instance.data.bpmnProcessId,
    processDefinitionKey: instance.data.processDefinitionKey,
    version: definition.definition.version,
    processInstanceKey: instance.key,
    elementId: element.id,
    bpmnElementType: element.type,
    bpmnEventType: element.eventType,
    flowScopeKey,
    tenantId: instance.data.tenantId,
    // a called instance's records name its caller, as Zeebe's do
    ...(instance.data.parentProcessInstanceKey
      ? {
          parentProcessInstanceKey: instance.data.parentProcessInstanceKey,
          parentElementInstanceKey: instance.data.parentElementInstanceKey ?? null,
        }
      : {}),
  }
}

/** The context of a live element instance. */
export function contextOf(
  instance: ProcessInstance,
  definition: LoadedDefinition,
  data: ElementInstanceData,
  command: ElementCommand | null
): ElementContext {
  const element = elementOfInstance(definition.executable, data)!
  return {
    instance,
    definition,
    element,
    key: data.key,
    flowScopeKey: data.flowScopeKey,
    data,
    command,
  }
}

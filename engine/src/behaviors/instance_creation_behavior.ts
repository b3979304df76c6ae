import type { JsonObject } from '../feel/feel_values.js'
import type { ExecutableElement } from '../model/executable.js'
import type { BatchContext, LoadedDefinition } from '../processing/batch_context.js'
import type { VariableBehavior } from './variable_behavior.js'

/** What an instance is created with. */
export interface InstanceCreation {
  variables: JsonObject
  businessId: string | null
  /** The unique-business-id hash while the instance is active, if the process asks for it. */
  uniqueBusinessKey: string | null
  /** Start at these elements instead of the none start event. */
  startElementIds: string[]
  /** A child instance of a call activity: the calling instance and call activity instance. */
  parent?: { processInstanceKey: string; elementInstanceKey: string }
}

/**
 * Creates process instances: from the API (variables in the root scope, started at the none
 * start event or at start instructions), or for a timer, message or signal start event (the
 * event's variables reach the root scope through the start event, as in Zeebe).
 */
export class InstanceCreationBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly variables: VariableBehavior
  ) {}

  /** Creates an instance from the API and queues its activation; returns its key. */
  create(loaded: LoadedDefinition, creation: InstanceCreation): string {
    const key = this.#created(loaded, creation)
    const instance = this.batch.state.instance(key)!
    this.variables.mergeLocal(instance, key, creation.variables)
    this.#activate(loaded, key, creation.startElementIds)
    return key
  }

  /**
   * Creates an instance started by a timer, message or signal start event: the event is kept
   * with its variables (PROCESS_EVENT TRIGGERING) until the process activates and runs it.
   * `beforeActivation` may append records about the start (a correlated subscription).
   */
  createAtEvent(
    loaded: LoadedDefinition,
    startEvent: ExecutableElement,
    variables: JsonObject,
    beforeActivation?: (processInstanceKey: string) => void
  ): string {
    const key = this.#created(loaded, {
      variables: {},
      businessId: null,
      uniqueBusinessKey: null,
      startElementIds: [],
    })
    beforeActivation?.(key)
    this.batch.append('PROCESS_EVENT', 'TRIGGERING', this.batch.key(), key, {
      scopeKey: key,
      targetElementId: startEvent.id,
      variables,
      processInstanceKey: key,
      processDefinitionKey: loaded.definition.processDefinitionKey,
      tenantId: loaded.definition.tenantId,
    })
    this.#activate(loaded, key, [])
    return key
  }

  #created(loaded: LoadedDefinition, creation: InstanceCreation): string {
    const { definition, executable } = loaded
    const key = this.batch.key()
    this.batch.instanceVersions.set(key, 0)
    this.batch.append('PROCESS_INSTANCE_CREATION', 'CREATED', key, key, {
      processInstanceKey: key,
      bpmnProcessId: executable.bpmnProcessId,
      processDefinitionKey: definition.processDefinitionKey,
      version: definition.version,
      tenantId: definition.tenantId,
      businessId: creation.businessId,
      uniqueBusinessKey: creation.uniqueBusinessKey,
      startInstructions: creation.startElementIds,
      ...(creation.parent
        ? {
            parentProcessInstanceKey: creation.parent.processInstanceKey,
            parentElementInstanceKey: creation.parent.elementInstanceKey,
          }
        : {}),
    })
    return key
  }

  #activate(loaded: LoadedDefinition, key: string, startElementIds: string[]): void {
    this.batch.queue.push({
      intent: 'ACTIVATE_ELEMENT',
      processInstanceKey: key,
      elementInstanceKey: key,
      elementId: loaded.executable.bpmnProcessId,
      flowScopeKey: null,
      startElementIds,
    })
  }
}

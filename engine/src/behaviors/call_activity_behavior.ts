import type { JsonObject } from '../feel/feel_values.js'
import type { BatchContext, LoadedDefinition } from '../processing/batch_context.js'
import { contextOf, type ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import type { ProcessInstance } from '../state/instance_state.js'
import { scopeLookup } from './expression_behavior.js'
import type { InstanceCreationBehavior } from './instance_creation_behavior.js'
import type { StateTransitionBehavior } from './state_transition_behavior.js'

/**
 * Call activities as in Zeebe: the child instance is created with the variables of the call
 * activity's scope (all visible ones, or only its input mappings' results when
 * `propagateAllParentVariables` is off) and linked to it (`parentProcessInstanceKey`,
 * `parentElementInstanceKey`). When the child completes, its root variables become the call
 * activity's trigger variables (all of them when `propagateAllChildVariables` is on or output
 * mappings read them; none otherwise) and the call activity completes; terminating the call
 * activity terminates the child first.
 */
export class CallActivityBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly transitions: StateTransitionBehavior,
    private readonly creation: InstanceCreationBehavior
  ) {}

  /**
   * The process id to call and the child's business id (the caller's unless `businessId` is
   * given), evaluated in the call activity's scope.
   */
  evaluateCall(context: ElementContext): Result<{ processId: string; businessId: string | null }> {
    const called = context.element.calledElement!
    const { language } = this.batch.services
    const lookup = scopeLookup(context.instance, context.key)
    const processId = language.evaluateString(called.processId, lookup, 'EXTRACT_VALUE_ERROR')
    if (!processId.ok) {
      return processId
    }
    if (!called.businessId) {
      return ok({ processId: processId.value, businessId: context.instance.data.businessId })
    }
    const businessId = language.evaluateOptionalString(
      called.businessId,
      lookup,
      'EXTRACT_VALUE_ERROR'
    )
    return businessId.ok
      ? ok({ processId: processId.value, businessId: businessId.value })
      : businessId
  }

  /** Checks the called definition found for the binding: it must exist and start plainly. */
  checkCalled(
    context: ElementContext,
    processId: string,
    loaded: LoadedDefinition | null
  ): Result<LoadedDefinition> {
    const called = context.element.calledElement!
    if (!loaded) {
      if (called.bindingType === 'versionTag') {
        return failure(
          'CALLED_ELEMENT_ERROR',
          `Expected to call process with BPMN process id '${processId}' and version tag ` +
            `'${called.versionTag}', but no such process found.`
        )
      }
      if (called.bindingType === 'deployment') {
        return failure(
          'CALLED_ELEMENT_ERROR',
          `Expected to call process with BPMN process id '${processId}' with binding type ` +
            `'deployment', but no such process found in the deployment with key ` +
            `'${context.definition.definition.deploymentKey}' which contained the current process.`
        )
      }
      return failure(
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId}' to be deployed, but not found.`
      )
    }
    if (!loaded.executable.root.noneStartEvent) {
      return failure(
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`
      )
    }
    return ok(loaded)
  }

  /** Creates the child instance of an activated call activity; returns its key. */
  createChild(
    context: ElementContext,
    loaded: LoadedDefinition,
    businessId: string | null
  ): string {
    const { instance, key } = context
    const variables: JsonObject = {}
    if (context.element.calledElement!.propagateAllParentVariables) {
      Object.assign(variables, instance.visibleVariables(key))
    } else {
      const local = instance.localVariables(key)
      for (const name of Object.keys(local)) {
        variables[name] = local[name].value
      }
    }
    return this.creation.create(loaded, {
      variables,
      businessId,
      uniqueBusinessKey: null,
      startElementIds: [],
      parent: { processInstanceKey: instance.key, elementInstanceKey: key },
    })
  }

  /**
   * Terminates the child of a terminating call activity. Returns `false` when there is none
   * (the call activity can end at once); otherwise the call activity ends with its child. A
   * child not loaded in this batch is terminated by a follow-up command (`terminateLater`).
   */
  terminateChild(context: ElementContext, terminateLater: (childKey: string) => void): boolean {
    const childKey = context.data.calledChildKey
    if (!childKey) {
      return false
    }
    const child = this.batch.state.instance(childKey)
    if (!child) {
      terminateLater(childKey)
      return true
    }
    const root = child.data.state === 'ACTIVE' ? child.element(child.key) : undefined
    if (!root) {
      return false
    }
    if (root.state !== 'TERMINATING') {
      this.transitions.terminateElement(child, root)
    }
    return true
  }

  /**
   * A child instance ended: its call activity completes with the child's variables (when it
   * completed) or ends its termination (when it was terminated).
   */
  childEnded(child: ProcessInstance): void {
    const { parentProcessInstanceKey, parentElementInstanceKey } = child.data
    if (!parentProcessInstanceKey || !parentElementInstanceKey) {
      return
    }
    const parent = this.batch.state.instance(parentProcessInstanceKey)
    const callActivity = parent?.element(parentElementInstanceKey)
    if (!parent || !callActivity || parent.data.state !== 'ACTIVE') {
      return
    }
    const definition = this.batch.definition(parent.data.processDefinitionKey)
    const context = contextOf(parent, definition, callActivity, null)
    if (callActivity.state === 'TERMINATING') {
      this.transitions.terminated(context)
      return
    }
    if (child.data.state !== 'COMPLETED' || callActivity.state !== 'ACTIVATED') {
      return
    }
    const called = context.element.calledElement!
    const variables: JsonObject = {}
    if (called.propagateAllChildVariables || context.element.outputMappings.length > 0) {
      const local = child.localVariables(child.key)
      for (const name of Object.keys(local)) {
        variables[name] = local[name].value
      }
    }
    // the child's variables wait on the call activity as its trigger, like a completed job's
    this.batch.append('PROCESS_EVENT', 'TRIGGERING', this.batch.key(), parent.key, {
      scopeKey: callActivity.key,
      targetElementId: callActivity.elementId,
      variables,
      processInstanceKey: parent.key,
      processDefinitionKey: parent.data.processDefinitionKey,
      tenantId: parent.data.tenantId,
    })
    this.transitions.completeElement(context)
  }
}

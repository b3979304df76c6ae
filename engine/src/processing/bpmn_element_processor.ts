import type { BpmnBehaviors } from '../behaviors/bpmn_behaviors.js'
import type { Failure, Result } from '../result.js'
import type { ElementContext } from './element_context.js'

/**
 * One processor per BPMN element type (as Zeebe's `BpmnElementProcessor`): it decides what an
 * element does when it activates, completes and terminates; shared logic lives in behaviors.
 * Expected failures become incidents and leave the element in its state, so resolving the
 * incident calls the same step again.
 */
export interface BpmnElementProcessor {
  /** The element is ACTIVATING (it just entered, or an incident on activation was resolved). */
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void
  /** The element is COMPLETING (its work is done, or an incident on completion was resolved). */
  onComplete(context: ElementContext, behaviors: BpmnBehaviors): void
  /** The element is TERMINATING (cancellation, a terminate end event). */
  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void
  /** Containers only: an element instance inside ended (completed or terminated). */
  onChildEnded?(context: ElementContext, behaviors: BpmnBehaviors): void
}

/**
 * Turns a failed result into an incident on the element being processed. Use as
 * `if (failed(result, context, behaviors)) return`, after which `result.value` is available.
 */
export function failed<T>(
  result: Result<T>,
  context: ElementContext,
  behaviors: BpmnBehaviors
): result is { ok: false; failure: Failure } {
  if (!result.ok) {
    behaviors.incidents.createIncident(context, result.failure)
    return true
  }
  return false
}

/**
 * Marks the element being processed ACTIVATED with its waits open (its own catch event, the
 * targets of an event-based gateway, its boundary events, the event sub-processes of a
 * container), then evaluates its conditional waits (Zeebe evaluates conditions when their
 * scope activates). Returns `false` when an expression failed: an incident, nothing opened.
 */
export function activateWithEvents(context: ElementContext, behaviors: BpmnBehaviors): boolean {
  const subscribed = behaviors.catchEvents.subscribe(context)
  if (failed(subscribed, context, behaviors)) {
    return false
  }
  behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
  behaviors.triggers.evaluateConditions(context.instance, context.key)
  return true
}

/**
 * Completes an activity or event: output mappings (with the trigger's variables), then the
 * outgoing flows to take (conditions are evaluated), then COMPLETED and the flows.
 */
export function completeWithOutputs(context: ElementContext, behaviors: BpmnBehaviors): void {
  const output = behaviors.mappings.applyOutputMappings(context)
  if (failed(output, context, behaviors)) {
    return
  }
  if (!behaviors.multiInstance.beforeInnerCompleted(context)) {
    return
  }
  const flows = behaviors.flows.activity(context)
  if (failed(flows, context, behaviors)) {
    return
  }
  behaviors.compensation.activityCompleted(context)
  behaviors.compensation.handlerCompleted(context)
  behaviors.transitions.completeAndContinue(context, flows.value)
}

/** Terminates an element that may wait on a job and may have an incident. */
export function terminateActivity(context: ElementContext, behaviors: BpmnBehaviors): void {
  behaviors.jobs.cancelJob(context)
  behaviors.incidents.resolveIncidents(context)
  behaviors.transitions.terminated(context)
}

import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { MissingStateError } from '../../errors.js'
import { activateWithEvents, type BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * Event-based gateways: on activation they open the waits of the catch events after them
 * (timers, messages, signals); the first event to occur wins: the gateway completes (its other
 * waits are closed), takes the flow to that catch event, and the catch event runs with the
 * event's variables.
 */
export const eventBasedGatewayProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    activateWithEvents(context, behaviors)
  },

  onComplete(context: ElementContext, behaviors: BpmnBehaviors): void {
    const { instance } = context
    const caught = Object.entries(instance.data.eventTriggers).find(
      ([, trigger]) => trigger.scopeKey === context.key
    )
    const flow =
      caught &&
      context.element.outgoing.find((outgoing) => outgoing.target.id === caught[1].elementId)
    if (!caught || !flow) {
      throw new MissingStateError(
        `Expected event-based gateway '${context.element.id}' to complete for an event it caught, but it caught none`,
        instance.key,
        context.element.id
      )
    }
    behaviors.transitions.transition(context, 'ELEMENT_COMPLETED')
    behaviors.transitions.recordSequenceFlow(context, flow)
    behaviors.triggers.activateTriggered(
      instance,
      flow.target,
      context.flowScopeKey!,
      behaviors.batch.key(),
      caught[0]
    )
  },

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    behaviors.incidents.resolveIncidents(context)
    behaviors.transitions.terminated(context)
  },
}

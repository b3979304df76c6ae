import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import {
  activateWithEvents,
  completeWithOutputs,
  failed,
  terminateActivity,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * Intermediate catch events: a timer, message, signal or conditional event waits (its wait is
 * opened on activation; a condition already true completes it at once) and completes when its
 * event arrives, with the event's variables (output mappings, or merged outwards). A link catch
 * event passes through. Catch events after an event-based gateway are not activated this way:
 * the gateway runs the one that caught the event.
 */
export const intermediateCatchEventProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    if (activateWithEvents(context, behaviors) && context.element.eventType === 'LINK') {
      behaviors.transitions.completeElement(context)
    }
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

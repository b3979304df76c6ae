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
 * Elements without a wait state: manual and undefined tasks, none start events, none
 * intermediate throw events and none end events. They activate (with input mappings), complete
 * (with output mappings) and take their outgoing flows.
 */
export const passThroughProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    if (activateWithEvents(context, behaviors)) {
      behaviors.transitions.completeElement(context)
    }
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

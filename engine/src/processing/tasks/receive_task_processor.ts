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
 * Receive tasks: an activity waiting for a message (its subscription, with the correlation key
 * evaluated now, opens on activation together with its boundary events) and completing with
 * the message's variables when it is correlated.
 */
export const receiveTaskProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    activateWithEvents(context, behaviors)
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

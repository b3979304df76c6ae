import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import {
  completeWithOutputs,
  terminateActivity,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * Boundary events: their waits belong to the activity they are attached to (opened when it
 * activates). When one catches its event, the event trigger behavior runs it directly
 * (activated with the event's variables, then completed), after ending the activity if it is
 * interrupting; it then takes its outgoing flows.
 */
export const boundaryEventProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    // only reached when an incident on its activation is resolved: it just goes on
    behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
    behaviors.transitions.completeElement(context)
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

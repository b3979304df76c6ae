import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { failed } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/** Whether the element being processed throws compensation (intermediate or end event). */
export function throwsCompensation(context: ElementContext): boolean {
  return context.element.eventType === 'COMPENSATION'
}

/**
 * Activates a compensation throw event (see `CompensationBehavior`): its input mappings, then
 * ACTIVATED and the handlers of what it compensates; it completes when they all completed, or
 * at once when there is nothing to compensate.
 */
export function activateCompensationThrow(context: ElementContext, behaviors: BpmnBehaviors): void {
  const input = behaviors.mappings.applyInputMappings(context)
  if (failed(input, context, behaviors)) {
    return
  }
  behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
  if (!behaviors.compensation.throwCompensation(context)) {
    behaviors.transitions.completeElement(context)
  }
}

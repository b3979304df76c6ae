import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { MissingStateError } from '../../errors.js'
import type { ExecutableSequenceFlow } from '../../model/executable.js'
import type { BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/** Gateways have no wait state: once their flows are chosen they complete at once. */
export function passGateway(
  context: ElementContext,
  behaviors: BpmnBehaviors,
  flows: ExecutableSequenceFlow[]
): void {
  behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
  behaviors.transitions.transition(context, 'ELEMENT_COMPLETING')
  behaviors.transitions.completeAndContinue(context, flows)
}

/** What gateways share: no explicit completion, termination resolves a pending incident. */
export const gatewayDefaults: Pick<BpmnElementProcessor, 'onComplete' | 'onTerminate'> = {
  onComplete(context: ElementContext): void {
    throw new MissingStateError(
      `Expected gateway '${context.element.id}' to complete on activation, but it was asked to complete`,
      context.instance.key,
      context.element.id
    )
  },

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    behaviors.incidents.resolveIncidents(context)
    behaviors.transitions.terminated(context)
  },
}

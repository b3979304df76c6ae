import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import type { BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { gatewayDefaults, passGateway } from './gateway_support.js'

/**
 * Parallel gateways fork to every outgoing flow. As a join, the gateway is only activated once
 * every incoming flow brought a token (checked when the activation is processed), and consumes
 * one token per incoming flow, so loops that bring several tokens on one flow join correctly.
 */
export const parallelGatewayProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    passGateway(context, behaviors, context.element.outgoing)
  },
  ...gatewayDefaults,
}

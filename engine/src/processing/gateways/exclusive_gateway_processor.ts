import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { failed, type BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { gatewayDefaults, passGateway } from './gateway_support.js'

/**
 * Exclusive gateways take the first outgoing flow whose condition holds, else the default
 * flow; with neither, a CONDITION_ERROR incident keeps the gateway activating until resolved.
 */
export const exclusiveGatewayProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const flow = behaviors.flows.exclusive(context)
    if (failed(flow, context, behaviors)) {
      return
    }
    passGateway(context, behaviors, flow.value ? [flow.value] : [])
  },
  ...gatewayDefaults,
}

import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import type { ExecutableElement } from '../../model/executable.js'
import type { ElementInstanceData, ProcessInstance } from '../../state/instance_state.js'
import { failed, type BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { gatewayDefaults, passGateway } from './gateway_support.js'

/**
 * Inclusive gateways fork to every outgoing flow whose condition holds (else the default flow,
 * else a CONDITION_ERROR incident). As a join, the gateway waits only for tokens that can still
 * arrive: it activates once some incoming flow has a token and no live element or waiting
 * token of the container can still reach an incoming flow without one.
 */
export const inclusiveGatewayProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const flows = behaviors.flows.inclusive(context)
    if (failed(flows, context, behaviors)) {
      return
    }
    passGateway(context, behaviors, flows.value)
  },
  ...gatewayDefaults,
}

/** Whether an inclusive join can be activated now in its container instance. */
export function canActivateInclusiveJoin(
  instance: ProcessInstance,
  scope: ElementInstanceData,
  join: ExecutableElement
): boolean {
  const tokens = scope.tokens?.[join.id]
  if (!tokens) {
    return false
  }
  const children = instance.children(scope.key)
  for (const flow of join.incoming) {
    if (tokens[flow.id]) {
      continue
    }
    const reach = join.joinReach?.get(flow.id)
    if (!reach) {
      continue
    }
    if (children.some((child) => reach.has(child.elementId))) {
      return false
    }
    for (const target of Object.keys(scope.tokens!)) {
      if (target !== join.id && reach.has(target)) {
        return false
      }
    }
  }
  return true
}

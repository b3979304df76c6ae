import { businessRuleTaskProcessor } from '../dmn/business_rule_task_processor.js'
import type { BpmnElementType } from '../intents.js'
import type { BpmnElementProcessor } from './bpmn_element_processor.js'
import { containerProcessor } from './containers/container_processor.js'
import { multiInstanceBodyProcessor } from './containers/multi_instance_body_processor.js'
import { callActivityProcessor } from './tasks/call_activity_processor.js'
import { boundaryEventProcessor } from './events/boundary_event_processor.js'
import { endEventProcessor } from './events/end_event_processor.js'
import { intermediateCatchEventProcessor } from './events/intermediate_catch_event_processor.js'
import { intermediateThrowEventProcessor } from './events/intermediate_throw_event_processor.js'
import { startEventProcessor } from './events/start_event_processor.js'
import { eventBasedGatewayProcessor } from './gateways/event_based_gateway_processor.js'
import { exclusiveGatewayProcessor } from './gateways/exclusive_gateway_processor.js'
import { inclusiveGatewayProcessor } from './gateways/inclusive_gateway_processor.js'
import { parallelGatewayProcessor } from './gateways/parallel_gateway_processor.js'
import { jobWorkerTaskProcessor } from './tasks/job_worker_task_processor.js'
import { passThroughProcessor } from './tasks/pass_through_processor.js'
import { receiveTaskProcessor } from './tasks/receive_task_processor.js'
import { scriptTaskProcessor } from './tasks/script_task_processor.js'
import { userTaskProcessor } from './tasks/user_task_processor.js'

/**
 * The processor of each element type the engine runs. Types missing here are rejected at
 * deployment by the validator, so processing never meets them.
 */
export const BPMN_PROCESSORS: Partial<Record<BpmnElementType, BpmnElementProcessor>> = {
  PROCESS: containerProcessor,
  SUB_PROCESS: containerProcessor,
  EVENT_SUB_PROCESS: containerProcessor,
  START_EVENT: startEventProcessor,
  END_EVENT: endEventProcessor,
  INTERMEDIATE_THROW_EVENT: intermediateThrowEventProcessor,
  INTERMEDIATE_CATCH_EVENT: intermediateCatchEventProcessor,
  BOUNDARY_EVENT: boundaryEventProcessor,
  RECEIVE_TASK: receiveTaskProcessor,
  EVENT_BASED_GATEWAY: eventBasedGatewayProcessor,
  SERVICE_TASK: jobWorkerTaskProcessor,
  SEND_TASK: jobWorkerTaskProcessor,
  BUSINESS_RULE_TASK: businessRuleTaskProcessor,
  SCRIPT_TASK: scriptTaskProcessor,
  USER_TASK: userTaskProcessor,
  MANUAL_TASK: passThroughProcessor,
  TASK: passThroughProcessor,
  EXCLUSIVE_GATEWAY: exclusiveGatewayProcessor,
  PARALLEL_GATEWAY: parallelGatewayProcessor,
  INCLUSIVE_GATEWAY: inclusiveGatewayProcessor,
  CALL_ACTIVITY: callActivityProcessor,
  MULTI_INSTANCE_BODY: multiInstanceBodyProcessor,
}

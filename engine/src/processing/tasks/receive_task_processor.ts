import { intermediateCatchEventProcessor } from '../events/intermediate_catch_event_processor.js'
import type { BpmnElementProcessor } from '../bpmn_element_processor.js'

/**
 * Receive tasks: an activity waiting for a message, with the lifecycle of a message catch event
 * (its subscription, with the correlation key evaluated now, opens on activation together with
 * its boundary events; it completes with the message's variables when one is correlated).
 */
export const receiveTaskProcessor: BpmnElementProcessor = intermediateCatchEventProcessor

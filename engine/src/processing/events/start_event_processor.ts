import { passThroughProcessor } from '../tasks/pass_through_processor.js'
import type { BpmnElementProcessor } from '../bpmn_element_processor.js'

/**
 * Start events: a none start event passes through (output mappings apply). Timer, message,
 * signal and (in event sub-processes) error, escalation and conditional start events are run
 * directly by the event trigger behavior when their event arrives (activated with the event's
 * variables as local variables), then complete here like a none start event, merging those
 * variables outwards.
 */
export const startEventProcessor: BpmnElementProcessor = passThroughProcessor

import { passThroughProcessor } from '../tasks/pass_through_processor.js'
import type { BpmnElementProcessor } from '../bpmn_element_processor.js'

/**
 * None start events: they pass through (output mappings apply). Message, timer, signal and
 * conditional start events come with part 2.
 */
export const startEventProcessor: BpmnElementProcessor = passThroughProcessor

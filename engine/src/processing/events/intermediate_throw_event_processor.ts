import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import {
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { jobWorkerTaskProcessor } from '../tasks/job_worker_task_processor.js'
import { passThroughProcessor } from '../tasks/pass_through_processor.js'
import { activateThrowEvent, throwsEvent } from './throw_event_support.js'
import { activateCompensationThrow, throwsCompensation } from './compensation_throw.js'

/**
 * Intermediate throw events: a none event passes through; a message throw event with a
 * `zeebe:taskDefinition` is a job; signal and escalation events throw their event (see
 * `activateThrowEvent`); a link event continues at the link catch event of the same name in its
 * scope (no sequence flow between them).
 */
export const intermediateThrowEventProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    if (throwsCompensation(context)) {
      activateCompensationThrow(context, behaviors)
      return
    }
    if (throwsEvent(context)) {
      activateThrowEvent(context, behaviors)
      return
    }
    const processor = context.element.jobWorker ? jobWorkerTaskProcessor : passThroughProcessor
    processor.onActivate(context, behaviors)
  },

  onComplete(context: ElementContext, behaviors: BpmnBehaviors): void {
    const link = context.element.linkTarget
    if (!link) {
      completeWithOutputs(context, behaviors)
      return
    }
    const output = behaviors.mappings.applyOutputMappings(context)
    if (failed(output, context, behaviors)) {
      return
    }
    behaviors.transitions.completeAndContinue(context, [], link)
  },

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    jobWorkerTaskProcessor.onTerminate(context, behaviors)
  },
}

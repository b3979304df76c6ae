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
 * End events: a none end event just completes (its container completes when nothing else runs
 * inside); a terminate end event first terminates every other element instance of its
 * container, so the container completes right after; a message end event with a
 * `zeebe:taskDefinition` is a job, like a send task; signal, escalation and error end events
 * throw their event (see `activateThrowEvent`).
 */
export const endEventProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    if (throwsCompensation(context)) {
      activateCompensationThrow(context, behaviors)
      return
    }
    if (context.element.jobWorker) {
      jobWorkerTaskProcessor.onActivate(context, behaviors)
      return
    }
    if (throwsEvent(context)) {
      activateThrowEvent(context, behaviors)
      return
    }
    if (context.element.eventType !== 'TERMINATE') {
      passThroughProcessor.onActivate(context, behaviors)
      return
    }
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
    behaviors.transitions.terminateChildren(context.instance, context.flowScopeKey!, context.key)
    behaviors.transitions.completeElement(context)
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    jobWorkerTaskProcessor.onTerminate(context, behaviors)
  },
}

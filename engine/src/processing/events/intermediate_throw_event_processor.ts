import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { completeWithOutputs, type BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { jobWorkerTaskProcessor } from '../tasks/job_worker_task_processor.js'
import { passThroughProcessor } from '../tasks/pass_through_processor.js'

/**
 * Intermediate throw events: a none event passes through; a message throw event with a
 * `zeebe:taskDefinition` is a job (signal, escalation, link and compensation throws come with
 * part 2 and are rejected at deployment until then).
 */
export const intermediateThrowEventProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const processor = context.element.jobWorker ? jobWorkerTaskProcessor : passThroughProcessor
    processor.onActivate(context, behaviors)
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    jobWorkerTaskProcessor.onTerminate(context, behaviors)
  },
}

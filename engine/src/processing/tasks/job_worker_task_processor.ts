import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import {
  activateWithEvents,
  completeWithOutputs,
  failed,
  terminateActivity,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * Service, send and business-rule tasks, script tasks implemented by a job, and message throw
 * events with a `zeebe:taskDefinition`: activation creates a job of the task definition's type
 * (with its custom headers); the job's completion completes the element.
 */
export const jobWorkerTaskProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    const properties = behaviors.jobs.evaluateProperties(context, context.element.jobWorker!)
    if (failed(properties, context, behaviors)) {
      return
    }
    if (activateWithEvents(context, behaviors)) {
      behaviors.jobs.createJob(context, properties.value)
    }
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

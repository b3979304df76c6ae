import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { USER_TASK_JOB_TYPE } from '../../intents.js'
import {
  activateWithEvents,
  completeWithOutputs,
  failed,
  terminateActivity,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * User tasks: a job of type `io.camunda.zeebe:userTask` whose custom headers carry the
 * assignment, schedule, priority and form (evaluated now), whether or not the model marks the
 * task `zeebe:userTask`. The app's task service keeps its inbox from these jobs and completes
 * the job when the form is submitted, as it does with Zeebe.
 */
export const userTaskProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    const headers = behaviors.userTasks.evaluateHeaders(context, context.element.userTask!)
    if (failed(headers, context, behaviors)) {
      return
    }
    if (!activateWithEvents(context, behaviors)) {
      return
    }
    behaviors.jobs.createJob(context, {
      type: USER_TASK_JOB_TYPE,
      retries: 1,
      priority: 0,
      headers: headers.value,
    })
  },

  onComplete: completeWithOutputs,

  onTerminate: terminateActivity,
}

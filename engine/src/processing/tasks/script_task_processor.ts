import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import type { JsonValue } from '../../feel/feel_values.js'
import { scopeLookup } from '../../behaviors/expression_behavior.js'
import {
  activateWithEvents,
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { jobWorkerTaskProcessor } from './job_worker_task_processor.js'

/**
 * Script tasks: with `zeebe:script`, the FEEL expression is evaluated on activation and its
 * result stored in the result variable (in the task's scope when it has output mappings,
 * otherwise in the enclosing scope, as Zeebe does); with a `zeebe:taskDefinition`, the task
 * is a job like a service task.
 */
export const scriptTaskProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const script = context.element.script
    if (!script) {
      jobWorkerTaskProcessor.onActivate(context, behaviors)
      return
    }
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    const result = behaviors.batch.services.language.evaluateJson(
      script.expression,
      scopeLookup(context.instance, context.key),
      'EXTRACT_VALUE_ERROR'
    )
    if (failed(result, context, behaviors)) {
      return
    }
    completeWithResult(context, behaviors, script.resultVariable, result.value)
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    jobWorkerTaskProcessor.onTerminate(context, behaviors)
  },
}

/**
 * Stores a task's result in its result variable — in the task's scope when it has output
 * mappings, otherwise in the enclosing scope, as Zeebe does — and completes the task (script
 * tasks, business-rule tasks with a called decision).
 */
export function completeWithResult(
  context: ElementContext,
  behaviors: BpmnBehaviors,
  resultVariable: string,
  value: JsonValue
): void {
  const document = { [resultVariable]: value }
  const size = behaviors.variables.checkSize(document)
  if (failed(size, context, behaviors)) {
    return
  }
  // local when output mappings read it, or when this element instance already holds the
  // variable (the output element of a multi-instance inner instance, kept local so that the body
  // collects it); otherwise in the flow scope
  const local =
    context.element.outputMappings.length > 0 ||
    Object.hasOwn(context.instance.localVariables(context.key), resultVariable)
  behaviors.variables.mergeLocal(
    context.instance,
    local ? context.key : (context.flowScopeKey ?? context.key),
    document
  )
  if (activateWithEvents(context, behaviors)) {
    behaviors.transitions.completeElement(context)
  }
}

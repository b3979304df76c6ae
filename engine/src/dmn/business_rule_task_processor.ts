import type { BpmnBehaviors } from '../behaviors/bpmn_behaviors.js'
import { scopeLookup } from '../behaviors/expression_behavior.js'
import type { BatchContext } from '../processing/batch_context.js'
import {
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../processing/bpmn_element_processor.js'
import type { ElementContext } from '../processing/element_context.js'
import { jobWorkerTaskProcessor } from '../processing/tasks/job_worker_task_processor.js'
import { completeWithResult } from '../processing/tasks/script_task_processor.js'
import { flowNodesOf } from '../model/executable.js'
import { failure } from '../result.js'
import type { StoreTransaction } from '../store/store.js'
import { evaluateDecisionGraph } from './decision_evaluator.js'
import type { DecisionBinding } from './decision_repository.js'
import { recordDecisionEvaluation } from './decision_evaluation.js'

/**
 * Business-rule tasks: with `zeebe:calledDecision`, the decision is evaluated on activation
 * (its required decisions first), the evaluation is kept as a DECISION_EVALUATION record, and
 * the result is stored in the result variable (in the task's scope when it has output
 * mappings, otherwise in the enclosing scope, as Zeebe does). A decision that is not deployed
 * is a CALLED_DECISION_ERROR incident; a failed evaluation (a FEEL error, no or several rules
 * under UNIQUE, different outputs under ANY) a DECISION_EVALUATION_ERROR incident. With a
 * `zeebe:taskDefinition` instead, the task is a job like a service task.
 */
export const businessRuleTaskProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const called = context.element.calledDecision
    if (!called) {
      jobWorkerTaskProcessor.onActivate(context, behaviors)
      return
    }
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    const batch = behaviors.batch
    const lookup = scopeLookup(context.instance, context.key)
    const decisionId = batch.services.language.evaluateString(
      called.decisionId,
      lookup,
      'EXTRACT_VALUE_ERROR'
    )
    if (failed(decisionId, context, behaviors)) {
      return
    }
    const definition = context.definition.definition
    const loaded = batch.decisions.find(context.instance.data.tenantId, decisionId.value, {
      bindingType: called.bindingType,
      versionTag: called.versionTag,
      deploymentKey: definition.deploymentKey,
    })
    if (failed(loaded, context, behaviors)) {
      return
    }
    const graph = evaluateDecisionGraph(
      loaded.value.executable,
      loaded.value.decision.decisionId,
      lookup.all(),
      batch.services.language
    )
    recordDecisionEvaluation(batch, loaded.value, graph, {
      bpmnProcessId: context.instance.data.bpmnProcessId,
      processDefinitionKey: context.instance.data.processDefinitionKey,
      processInstanceKey: context.instance.key,
      elementInstanceKey: context.key,
      elementId: context.element.id,
    })
    if (graph.failure) {
      failed(failure('DECISION_EVALUATION_ERROR', graph.failure.message), context, behaviors)
      return
    }
    completeWithResult(context, behaviors, called.resultVariable, graph.output)
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    jobWorkerTaskProcessor.onTerminate(context, behaviors)
  },
}

/**
 * Loads, for the definitions just loaded into a batch, the decisions their business-rule tasks
 * call: the versions of static decision ids (every decision of the tenant when an id is FEEL)
 * and the compiled graphs their bindings pick. Called once per definition and batch.
 */
export async function loadCalledDecisions(
  tx: StoreTransaction,
  batch: BatchContext,
  definitionKeys: string[]
): Promise<void> {
  for (const key of definitionKeys) {
    const loaded = batch.definitions.get(key)
    if (!loaded || batch.decisions.handledDefinitions.has(key)) {
      continue
    }
    batch.decisions.handledDefinitions.add(key)
    const ids = new Set<string>()
    let dynamic = false
    const bindings: DecisionBinding[] = []
    // the inner activity of a multi-instance body calls the decision, not the body
    for (const element of flowNodesOf(loaded.executable)) {
      const called = element.calledDecision
      if (!called) {
        continue
      }
      if (called.decisionId.staticValue !== null) {
        ids.add(called.decisionId.staticValue)
      } else {
        dynamic = true
      }
      bindings.push({
        bindingType: called.bindingType,
        versionTag: called.versionTag,
        deploymentKey: loaded.definition.deploymentKey,
      })
    }
    if (bindings.length === 0) {
      continue
    }
    await batch.decisions.load(
      tx,
      batch.services.language,
      loaded.definition.tenantId,
      dynamic ? null : [...ids],
      bindings
    )
  }
}

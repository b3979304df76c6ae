import type { JsonValue } from '../feel/feel_values.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { GraphEvaluation } from './decision_evaluator.js'
import type { LoadedDecision } from './decision_repository.js'
import { decisionInstanceToRow, type DecisionInstanceData } from './decision_rows.js'

/** Where an evaluation happened: a business-rule task, or the API (all `null`). */
export interface EvaluationOrigin {
  bpmnProcessId: string | null
  processDefinitionKey: string | null
  processInstanceKey: string | null
  elementInstanceKey: string | null
  elementId: string | null
}

/** An evaluation as kept: its key and the decision instances it wrote. */
export interface RecordedEvaluation {
  decisionEvaluationKey: string
  instances: DecisionInstanceData[]
}

/**
 * Keeps an evaluation in the records: one DECISION_EVALUATION record (EVALUATED or FAILED, with
 * Zeebe's value shape: the decision, its output, every decision evaluated with its inputs and
 * matched rules, the failure) and one decision instance row per decision evaluated (and one
 * for the decision that failed), for searches.
 */
export function recordDecisionEvaluation(
  batch: BatchContext,
  loaded: LoadedDecision,
  graph: GraphEvaluation,
  origin: EvaluationOrigin
): RecordedEvaluation {
  const key = batch.key()
  const root = loaded.decision
  const instances: DecisionInstanceData[] = graph.evaluated.map((result, index) => {
    const decision = loaded.graphDecisions.get(result.decision.id) ?? root
    return {
      instanceId: `${key}-${index + 1}`,
      decisionEvaluationKey: key,
      state: 'EVALUATED',
      evaluationDate: batch.now,
      evaluationFailure: null,
      decisionKey: decision.decisionKey,
      decisionId: decision.decisionId,
      decisionName: decision.name,
      decisionVersion: decision.version,
      decisionType: result.decision.logic.kind,
      rootDecisionKey: root.decisionKey,
      decisionRequirementsKey: root.decisionRequirementsKey,
      result: JSON.stringify(result.output),
      inputsJson: JSON.stringify(result.evaluatedInputs),
      matchedRulesJson: JSON.stringify(result.matchedRules),
      ...originColumns(origin),
      tenantId: root.tenantId,
    }
  })
  if (graph.failure) {
    const failedId = graph.failure.decisionId
    const decision = loaded.graphDecisions.get(failedId) ?? root
    instances.push({
      instanceId: `${key}-${instances.length + 1}`,
      decisionEvaluationKey: key,
      state: 'FAILED',
      evaluationDate: batch.now,
      evaluationFailure: graph.failure.message,
      decisionKey: decision.decisionKey,
      decisionId: decision.decisionId,
      decisionName: decision.name,
      decisionVersion: decision.version,
      decisionType: loaded.executable.decisions.get(failedId)?.logic.kind ?? 'DECISION_TABLE',
      rootDecisionKey: root.decisionKey,
      decisionRequirementsKey: root.decisionRequirementsKey,
      result: null,
      inputsJson: '[]',
      matchedRulesJson: '[]',
      ...originColumns(origin),
      tenantId: root.tenantId,
    })
  }
  const evaluatedDecisions: JsonValue[] = graph.evaluated.map((result, index) => ({
    decisionId: instances[index].decisionId,
    decisionName: instances[index].decisionName,
    decisionKey: instances[index].decisionKey,
    decisionVersion: instances[index].decisionVersion,
    decisionType: result.decision.logic.kind,
    decisionOutput: JSON.stringify(result.output),
    decisionEvaluationInstanceKey: instances[index].instanceId,
    evaluatedInputs: result.evaluatedInputs as unknown as JsonValue[],
    matchedRules: result.matchedRules as unknown as JsonValue[],
    tenantId: root.tenantId,
  }))
  batch.append(
    'DECISION_EVALUATION',
    graph.failure ? 'FAILED' : 'EVALUATED',
    key,
    origin.processInstanceKey,
    {
      decisionKey: root.decisionKey,
      decisionId: root.decisionId,
      decisionName: root.name,
      decisionVersion: root.version,
      decisionRequirementsKey: root.decisionRequirementsKey,
      decisionRequirementsId: root.decisionRequirementsId,
      decisionOutput: graph.failure ? null : JSON.stringify(graph.output),
      bpmnProcessId: origin.bpmnProcessId,
      processDefinitionKey: origin.processDefinitionKey,
      processInstanceKey: origin.processInstanceKey,
      elementInstanceKey: origin.elementInstanceKey,
      elementId: origin.elementId,
      evaluatedDecisions,
      evaluationFailureMessage: graph.failure?.message ?? null,
      failedDecisionId: graph.failure?.decisionId ?? null,
      tenantId: root.tenantId,
    }
  )
  batch.state.inserts.push({
    table: 'engine_decision_instances',
    rows: instances.map(decisionInstanceToRow),
  })
  return { decisionEvaluationKey: key, instances }
}

function originColumns(origin: EvaluationOrigin) {
  return {
    processDefinitionKey: origin.processDefinitionKey,
    processInstanceKey: origin.processInstanceKey,
    elementInstanceKey: origin.elementInstanceKey,
    elementId: origin.elementId,
  }
}

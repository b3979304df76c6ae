import { NotFoundError } from '../errors.js'
import type { JsonObject } from '../feel/feel_values.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { InstanceCommand, PrefetchPlan } from '../processing/commands/engine_command.js'
import type { EvaluateDecisionResult } from '../port.js'
import type { Result } from '../result.js'
import type { StoreTransaction } from '../store/store.js'
import { evaluateDecisionGraph } from './decision_evaluator.js'
import { recordDecisionEvaluation } from './decision_evaluation.js'
import type { LoadedDecision } from './decision_repository.js'
import { decisionFromRow } from './decision_rows.js'

/**
 * Evaluates a decision outside any process (`POST /v2/decision-definitions/evaluation`): the
 * latest version of a decision id, or a decision by key. The evaluation is kept like one of a
 * business-rule task (a DECISION_EVALUATION record and decision instances); a failed
 * evaluation is kept as FAILED and answered with the failure.
 */
export class EvaluateDecisionCommand implements InstanceCommand<EvaluateDecisionResult> {
  readonly kind = 'instance'
  #found: Result<LoadedDecision> | null = null

  constructor(
    private readonly target: { decisionId: string } | { decisionKey: string },
    private readonly variables: JsonObject,
    private readonly tenantId: string
  ) {}

  plan(_plan: PrefetchPlan): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const language = batch.services.language
    if ('decisionId' in this.target) {
      await batch.decisions.load(
        tx,
        language,
        this.tenantId,
        [this.target.decisionId],
        [{ bindingType: 'latest', versionTag: null, deploymentKey: null }]
      )
      this.#found = batch.decisions.find(this.tenantId, this.target.decisionId, {
        bindingType: 'latest',
        versionTag: null,
        deploymentKey: null,
      })
      return
    }
    const [row] = await tx.query('engine_decisions', {
      where: { decision_key: this.target.decisionKey, deleted_at: null },
    })
    if (!row) {
      return
    }
    const decision = decisionFromRow(row)
    await batch.decisions.loadGraphs(tx, language, [decision.decisionRequirementsKey])
    this.#found = batch.decisions.byKey(decision.decisionKey, decision.decisionRequirementsKey)
  }

  check(): void {
    if (!this.#found?.ok) {
      const what =
        'decisionId' in this.target
          ? `a decision with id '${this.target.decisionId}'`
          : `a decision with key '${this.target.decisionKey}'`
      throw new NotFoundError(`Expected to evaluate ${what}, but none found`)
    }
  }

  execute(batch: BatchContext): EvaluateDecisionResult {
    const loaded = (this.#found as { ok: true; value: LoadedDecision }).value
    const graph = evaluateDecisionGraph(
      loaded.executable,
      loaded.decision.decisionId,
      this.variables,
      batch.services.language
    )
    const recorded = recordDecisionEvaluation(batch, loaded, graph, {
      bpmnProcessId: null,
      processDefinitionKey: null,
      processInstanceKey: null,
      elementInstanceKey: null,
      elementId: null,
    })
    const decision = loaded.decision
    return {
      decisionDefinitionId: decision.decisionId,
      decisionDefinitionKey: decision.decisionKey,
      decisionDefinitionName: decision.name,
      decisionDefinitionVersion: decision.version,
      decisionRequirementsId: decision.decisionRequirementsId,
      decisionRequirementsKey: decision.decisionRequirementsKey,
      decisionEvaluationKey: recorded.decisionEvaluationKey,
      decisionInstanceKey: recorded.decisionEvaluationKey,
      output: JSON.stringify(graph.output),
      failedDecisionDefinitionId: graph.failure?.decisionId ?? '',
      failureMessage: graph.failure?.message ?? '',
      tenantId: decision.tenantId,
      evaluatedDecisions: graph.evaluated.map((result, index) => {
        const instance = recorded.instances[index]
        return {
          decisionDefinitionId: instance.decisionId,
          decisionDefinitionKey: instance.decisionKey,
          decisionDefinitionName: instance.decisionName,
          decisionDefinitionVersion: instance.decisionVersion,
          decisionDefinitionType: instance.decisionType,
          decisionEvaluationInstanceKey: instance.instanceId,
          output: JSON.stringify(result.output),
          tenantId: instance.tenantId,
          matchedRules: result.matchedRules,
          evaluatedInputs: result.evaluatedInputs,
        }
      }),
    }
  }
}

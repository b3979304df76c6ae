import { latestVersions } from '../engine_queries.js'
import type { ExpressionLanguage } from '../feel/expression_language.js'
import type { ModelProblem } from '../model/bpmn_validator.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { Row, StoreTransaction } from '../store/store.js'
import type { DeployedDecision, DeployedDecisionRequirements } from '../port.js'
import type { ExecutableDecisionRequirements } from './decision_model.js'
import {
  decisionFromRow,
  decisionToRow,
  requirementsFromRow,
  requirementsToRow,
  type DecisionData,
  type DecisionRequirementsData,
} from './decision_rows.js'
import { compileDmn } from './dmn_compiler.js'

/** A DMN resource that parsed, validated and compiled. */
export interface CompiledDmnResource {
  name: string
  content: string
  checksum: string
  requirements: ExecutableDecisionRequirements
}

/** Compiles one `.dmn` resource of a deployment. */
export async function compileDmnResource(
  name: string,
  content: string,
  checksum: string,
  language: ExpressionLanguage
): Promise<{ resource: CompiledDmnResource | null; problems: ModelProblem[] }> {
  const compiled = await compileDmn(content, language)
  return {
    resource: compiled.requirements
      ? { name, content, checksum, requirements: compiled.requirements }
      : null,
    problems: compiled.problems,
  }
}

/** The latest versions of the graphs and decisions a deployment's DMN resources define. */
export interface LatestDecisionVersions {
  /** `decisionRequirementsId` → latest graph. */
  requirements: Map<string, DecisionRequirementsData>
  /** `decisionId` → latest version. */
  decisions: Map<string, DecisionData>
  /**
   * `decisionRequirementsId` and `decisionId` → highest version number given, deleted versions
   * included (a number is never given twice).
   */
  highest: Map<string, number>
}

/** Reads the latest versions a deployment compares its DMN resources with. */
export async function loadLatestDecisionVersions(
  tx: StoreTransaction,
  tenantId: string,
  resources: CompiledDmnResource[]
): Promise<LatestDecisionVersions> {
  if (resources.length === 0) {
    return { requirements: new Map(), decisions: new Map(), highest: new Map() }
  }
  const graphIds = resources.map((resource) => resource.requirements.id)
  const decisionIds = resources.flatMap((resource) => [...resource.requirements.decisions.keys()])
  const graphRows = await tx.query('engine_decision_requirements', {
    where: { tenant_id: tenantId, decision_requirements_id: graphIds },
  })
  const decisionRows = await tx.query('engine_decisions', {
    where: { tenant_id: tenantId, decision_id: decisionIds },
  })
  const highest = new Map<string, number>()
  for (const [rows, idColumn, prefix] of [
    [graphRows, 'decision_requirements_id', 'drg:'],
    [decisionRows, 'decision_id', 'decision:'],
  ] as const) {
    for (const row of rows) {
      const id = prefix + String(row[idColumn])
      highest.set(id, Math.max(highest.get(id) ?? 0, Number(row.version)))
    }
  }
  const live = (row: Row) => row.deleted_at === null || row.deleted_at === undefined
  const latest: LatestDecisionVersions = {
    highest,
    requirements: new Map(
      latestVersions(graphRows.filter(live), 'decision_requirements_id')
        .map(requirementsFromRow)
        .map((graph) => [graph.decisionRequirementsId, graph])
    ),
    decisions: new Map(
      latestVersions(decisionRows.filter(live), 'decision_id')
        .map(decisionFromRow)
        .map((decision) => [decision.decisionId, decision])
    ),
  }
  return latest
}

/**
 * Stores the DMN resources of a deployment. A resource identical (same name and checksum) to
 * the latest version of its graph is not deployed again: its decisions are returned as they
 * are. Otherwise the graph gets a new version and each of its decisions the next version of its
 * decision id. Writes DECISION_REQUIREMENTS and DECISION records.
 */
export function deployDecisions(
  batch: BatchContext,
  tenantId: string,
  deploymentKey: string,
  resources: CompiledDmnResource[],
  latest: LatestDecisionVersions
): { decisions: DeployedDecision[]; decisionRequirements: DeployedDecisionRequirements[] } {
  const deployed = {
    decisions: [] as DeployedDecision[],
    decisionRequirements: [] as DeployedDecisionRequirements[],
  }
  for (const resource of resources) {
    const previous = latest.requirements.get(resource.requirements.id)
    if (
      previous &&
      previous.checksum === resource.checksum &&
      previous.resourceName === resource.name
    ) {
      deployed.decisionRequirements.push(deployedRequirements(previous))
      for (const id of resource.requirements.decisions.keys()) {
        const decision = latest.decisions.get(id)
        if (decision) {
          deployed.decisions.push(deployedDecision(decision))
        }
      }
      continue
    }
    const graph: DecisionRequirementsData = {
      decisionRequirementsKey: batch.key(),
      decisionRequirementsId: resource.requirements.id,
      name: resource.requirements.name,
      version: (latest.highest.get(`drg:${resource.requirements.id}`) ?? 0) + 1,
      resourceName: resource.name,
      checksum: resource.checksum,
      content: resource.content,
      tenantId,
      deploymentKey,
      createdAt: batch.now,
    }
    batch.state.inserts.push({
      table: 'engine_decision_requirements',
      rows: [requirementsToRow(graph)],
    })
    batch.append('DECISION_REQUIREMENTS', 'CREATED', graph.decisionRequirementsKey, null, {
      ...deployedRequirements(graph),
      deploymentKey,
      checksum: graph.checksum,
    })
    deployed.decisionRequirements.push(deployedRequirements(graph))
    const rows = []
    for (const executable of resource.requirements.decisions.values()) {
      const decision: DecisionData = {
        decisionKey: batch.key(),
        decisionId: executable.id,
        name: executable.name,
        version: (latest.highest.get(`decision:${executable.id}`) ?? 0) + 1,
        versionTag: executable.versionTag,
        decisionRequirementsKey: graph.decisionRequirementsKey,
        decisionRequirementsId: graph.decisionRequirementsId,
        tenantId,
        deploymentKey,
        createdAt: batch.now,
      }
      rows.push(decisionToRow(decision))
      batch.append('DECISION', 'CREATED', decision.decisionKey, null, {
        ...deployedDecision(decision),
        deploymentKey,
        versionTag: decision.versionTag,
      })
      deployed.decisions.push(deployedDecision(decision))
    }
    batch.state.inserts.push({ table: 'engine_decisions', rows })
  }
  return deployed
}

/** A decision as deployments and DECISION records show it. */
export function deployedDecision(decision: DecisionData): DeployedDecision {
  return {
    decisionDefinitionId: decision.decisionId,
    version: decision.version,
    name: decision.name,
    tenantId: decision.tenantId,
    decisionRequirementsId: decision.decisionRequirementsId,
    decisionDefinitionKey: decision.decisionKey,
    decisionRequirementsKey: decision.decisionRequirementsKey,
  }
}

/** A decision requirements graph as deployments and DECISION_REQUIREMENTS records show it. */
export function deployedRequirements(
  graph: DecisionRequirementsData
): DeployedDecisionRequirements {
  return {
    decisionRequirementsId: graph.decisionRequirementsId,
    version: graph.version,
    decisionRequirementsName: graph.name,
    tenantId: graph.tenantId,
    resourceName: graph.resourceName,
    decisionRequirementsKey: graph.decisionRequirementsKey,
  }
}

import type { Row, Scalar } from '../store/store.js'

/**
 * Rows of the DMN tables (`engine_decision_requirements`, `engine_decisions`,
 * `engine_decision_instances`, created by `createEngineTables`) and what they hold.
 */

/** A deployed version of a decision requirements graph (a DMN resource). */
export interface DecisionRequirementsData {
  decisionRequirementsKey: string
  decisionRequirementsId: string
  name: string
  version: number
  resourceName: string
  checksum: string
  /** The DMN XML. */
  content: string
  tenantId: string
  deploymentKey: string
  createdAt: number
}

/** A deployed version of a decision. */
export interface DecisionData {
  decisionKey: string
  decisionId: string
  name: string
  version: number
  versionTag: string | null
  decisionRequirementsKey: string
  decisionRequirementsId: string
  tenantId: string
  deploymentKey: string
  createdAt: number
}

/** One decision evaluated within an evaluation (Camunda's decision instance). */
export interface DecisionInstanceData {
  /** `<evaluation key>-<position from 1>`, as Camunda's decisionEvaluationInstanceKey. */
  instanceId: string
  decisionEvaluationKey: string
  state: 'EVALUATED' | 'FAILED'
  evaluationDate: number
  evaluationFailure: string | null
  decisionKey: string
  decisionId: string
  decisionName: string
  decisionVersion: number
  decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION'
  rootDecisionKey: string
  decisionRequirementsKey: string
  /** The result as JSON text (`null` when it failed). */
  result: string | null
  /** Evaluated inputs and matched rules, as JSON text. */
  inputsJson: string
  matchedRulesJson: string
  processDefinitionKey: string | null
  processInstanceKey: string | null
  elementInstanceKey: string | null
  elementId: string | null
  tenantId: string
}

const str = (value: Scalar | undefined): string =>
  value === null || value === undefined ? '' : String(value)
const optStr = (value: Scalar | undefined): string | null =>
  value === null || value === undefined ? null : String(value)

/** Row of `engine_decision_requirements`. */
export function requirementsToRow(data: DecisionRequirementsData): Row {
  return {
    decision_requirements_key: data.decisionRequirementsKey,
    decision_requirements_id: data.decisionRequirementsId,
    name: data.name,
    version: data.version,
    resource_name: data.resourceName,
    checksum: data.checksum,
    content: data.content,
    tenant_id: data.tenantId,
    deployment_key: data.deploymentKey,
    created_at: data.createdAt,
  }
}

/** Decision requirements from a row. */
export function requirementsFromRow(row: Row): DecisionRequirementsData {
  return {
    decisionRequirementsKey: str(row.decision_requirements_key),
    decisionRequirementsId: str(row.decision_requirements_id),
    name: str(row.name),
    version: Number(row.version),
    resourceName: str(row.resource_name),
    checksum: str(row.checksum),
    content: str(row.content),
    tenantId: str(row.tenant_id),
    deploymentKey: str(row.deployment_key),
    createdAt: Number(row.created_at),
  }
}

/** Row of `engine_decisions`. */
export function decisionToRow(data: DecisionData): Row {
  return {
    decision_key: data.decisionKey,
    decision_id: data.decisionId,
    name: data.name,
    version: data.version,
    version_tag: data.versionTag,
    decision_requirements_key: data.decisionRequirementsKey,
    decision_requirements_id: data.decisionRequirementsId,
    tenant_id: data.tenantId,
    deployment_key: data.deploymentKey,
    created_at: data.createdAt,
  }
}

/** Decision from a row. */
export function decisionFromRow(row: Row): DecisionData {
  return {
    decisionKey: str(row.decision_key),
    decisionId: str(row.decision_id),
    name: str(row.name),
    version: Number(row.version),
    versionTag: optStr(row.version_tag),
    decisionRequirementsKey: str(row.decision_requirements_key),
    decisionRequirementsId: str(row.decision_requirements_id),
    tenantId: str(row.tenant_id),
    deploymentKey: str(row.deployment_key),
    createdAt: Number(row.created_at),
  }
}

/** Row of `engine_decision_instances`. */
export function decisionInstanceToRow(data: DecisionInstanceData): Row {
  return {
    instance_id: data.instanceId,
    decision_evaluation_key: data.decisionEvaluationKey,
    state: data.state,
    evaluation_date: data.evaluationDate,
    evaluation_failure: data.evaluationFailure,
    decision_key: data.decisionKey,
    decision_id: data.decisionId,
    decision_name: data.decisionName,
    decision_version: data.decisionVersion,
    decision_type: data.decisionType,
    root_decision_key: data.rootDecisionKey,
    decision_requirements_key: data.decisionRequirementsKey,
    result: data.result,
    inputs_json: data.inputsJson,
    matched_rules_json: data.matchedRulesJson,
    process_definition_key: data.processDefinitionKey,
    process_instance_key: data.processInstanceKey,
    element_instance_key: data.elementInstanceKey,
    element_id: data.elementId,
    tenant_id: data.tenantId,
  }
}

/** Decision instance from a row. */
export function decisionInstanceFromRow(row: Row): DecisionInstanceData {
  return {
    instanceId: str(row.instance_id),
    decisionEvaluationKey: str(row.decision_evaluation_key),
    state: str(row.state) as DecisionInstanceData['state'],
    evaluationDate: Number(row.evaluation_date),
    evaluationFailure: optStr(row.evaluation_failure),
    decisionKey: str(row.decision_key),
    decisionId: str(row.decision_id),
    decisionName: str(row.decision_name),
    decisionVersion: Number(row.decision_version),
    decisionType: str(row.decision_type) as DecisionInstanceData['decisionType'],
    rootDecisionKey: str(row.root_decision_key),
    decisionRequirementsKey: str(row.decision_requirements_key),
    result: optStr(row.result),
    inputsJson: str(row.inputs_json),
    matchedRulesJson: str(row.matched_rules_json),
    processDefinitionKey: optStr(row.process_definition_key),
    processInstanceKey: optStr(row.process_instance_key),
    elementInstanceKey: optStr(row.element_instance_key),
    elementId: optStr(row.element_id),
    tenantId: str(row.tenant_id),
  }
}

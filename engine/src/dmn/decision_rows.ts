import type { Knex } from 'knex'
import type { Row, Scalar } from '../store/store.js'

/**
 * The tables of DMN decisions (engine part 3), created by `createEngineTables` like the others:
 * decision requirements graphs (one per deployed DMN resource version, with its XML), decisions
 * (one row per version of a decision id), and decision instances (one row per decision
 * evaluated, for searches; the full evaluation is also a DECISION_EVALUATION record).
 */
export const ENGINE_DECISION_TABLES = [
  'engine_decision_requirements',
  'engine_decisions',
  'engine_decision_instances',
] as const

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

/**
 * Creates the decision tables (idempotent: existing tables are kept). Called by
 * `createEngineTables`, so a fresh database and a later migration both get them.
 */
export async function createDecisionTables(knex: Knex): Promise<void> {
  const mysql = String(
    (knex.client as { config?: { client?: unknown } }).config?.client ?? ''
  ).includes('mysql')
  const create = async (name: string, build: (table: Knex.CreateTableBuilder) => void) => {
    if (!(await knex.schema.hasTable(name))) {
      await knex.schema.createTable(name, (table) => {
        if (mysql) {
          table.engine('InnoDB')
          table.charset('utf8mb4')
        }
        build(table)
      })
    }
  }
  await create('engine_decision_requirements', (table) => {
    table.bigInteger('decision_requirements_key').primary()
    table.string('decision_requirements_id', 255).notNullable()
    table.string('name', 255).notNullable()
    table.integer('version').notNullable()
    table.string('resource_name', 255).notNullable()
    table.string('checksum', 64).notNullable()
    table.text('content', 'longtext').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.unique(['tenant_id', 'decision_requirements_id', 'version'], {
      indexName: 'engine_decision_requirements_version',
    })
  })
  await create('engine_decisions', (table) => {
    table.bigInteger('decision_key').primary()
    table.string('decision_id', 255).notNullable()
    table.string('name', 255).notNullable()
    table.integer('version').notNullable()
    table.string('version_tag', 255).nullable()
    table.bigInteger('decision_requirements_key').notNullable().index('engine_decisions_drg')
    table.string('decision_requirements_id', 255).notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.unique(['tenant_id', 'decision_id', 'version'], { indexName: 'engine_decisions_version' })
  })
  await create('engine_decision_instances', (table) => {
    table.string('instance_id', 40).primary()
    table
      .bigInteger('decision_evaluation_key')
      .notNullable()
      .index('engine_decision_instances_eval')
    table.string('state', 16).notNullable()
    table.bigInteger('evaluation_date').notNullable()
    table.text('evaluation_failure').nullable()
    table.bigInteger('decision_key').notNullable().index('engine_decision_instances_decision')
    table.string('decision_id', 255).notNullable()
    table.string('decision_name', 255).notNullable()
    table.integer('decision_version').notNullable()
    table.string('decision_type', 32).notNullable()
    table.bigInteger('root_decision_key').notNullable()
    table.bigInteger('decision_requirements_key').notNullable()
    table.text('result', 'longtext').nullable()
    table.text('inputs_json', 'longtext').notNullable()
    table.text('matched_rules_json', 'longtext').notNullable()
    table.bigInteger('process_definition_key').nullable()
    table.bigInteger('process_instance_key').nullable().index('engine_decision_instances_pi')
    table.bigInteger('element_instance_key').nullable()
    table.string('element_id', 255).nullable()
    table.string('tenant_id', 64).notNullable()
  })
}

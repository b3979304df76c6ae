import { NotFoundError } from '../errors.js'
import type {
  DecisionDefinition,
  DecisionDefinitionFilter,
  DecisionInstance,
  DecisionInstanceDetail,
  DecisionInstanceFilter,
  SearchQuery,
  SearchResult,
} from '../port.js'
import type { Condition, EngineStore, Row, TableName } from '../store/store.js'
import {
  decisionFromRow,
  decisionInstanceFromRow,
  requirementsFromRow,
  type DecisionInstanceData,
} from './decision_rows.js'

const DEFAULT_LIMIT = 100

const DEFINITION_FIELDS: Record<string, string> = {
  decisionDefinitionKey: 'decision_key',
  decisionDefinitionId: 'decision_id',
  name: 'name',
  version: 'version',
  versionTag: 'version_tag',
  decisionRequirementsId: 'decision_requirements_id',
  decisionRequirementsKey: 'decision_requirements_key',
  tenantId: 'tenant_id',
}

const INSTANCE_FIELDS: Record<string, string> = {
  decisionEvaluationInstanceKey: 'instance_id',
  decisionEvaluationKey: 'decision_evaluation_key',
  state: 'state',
  evaluationDate: 'evaluation_date',
  decisionDefinitionKey: 'decision_key',
  decisionDefinitionId: 'decision_id',
  decisionDefinitionName: 'decision_name',
  decisionDefinitionVersion: 'decision_version',
  decisionDefinitionType: 'decision_type',
  processDefinitionKey: 'process_definition_key',
  processInstanceKey: 'process_instance_key',
  elementInstanceKey: 'element_instance_key',
  tenantId: 'tenant_id',
}

/** Read side of decisions: deployed decisions, their XML, and evaluated decision instances. */
export class DecisionQueries {
  constructor(private readonly store: EngineStore) {}

  async searchDecisionDefinitions(
    query: SearchQuery<DecisionDefinitionFilter> = {}
  ): Promise<SearchResult<DecisionDefinition>> {
    const { isLatestVersion, ...filter } = query.filter ?? {}
    if (!isLatestVersion) {
      return this.#search('engine_decisions', DEFINITION_FIELDS, { ...query, filter }, toDefinition)
    }
    const rows = await this.store.query('engine_decisions', {
      where: toWhere(filter, DEFINITION_FIELDS),
    })
    const latest = new Map<string, Row>()
    for (const row of rows) {
      const id = `${row.tenant_id}/${row.decision_id}`
      const known = latest.get(id)
      if (!known || Number(row.version) > Number(known.version)) {
        latest.set(id, row)
      }
    }
    const items = [...latest.values()]
      .map(toDefinition)
      .sort((a, b) => a.decisionDefinitionId.localeCompare(b.decisionDefinitionId))
    const from = query.page?.from ?? 0
    const limit = query.page?.limit ?? DEFAULT_LIMIT
    return { items: items.slice(from, from + limit), page: { totalItems: items.length } }
  }

  async getDecisionDefinition(key: string): Promise<DecisionDefinition> {
    return toDefinition(await this.#definitionRow(key))
  }

  async getDecisionDefinitionXml(key: string): Promise<string> {
    const decision = decisionFromRow(await this.#definitionRow(key))
    const [row] = await this.store.query('engine_decision_requirements', {
      where: { decision_requirements_key: decision.decisionRequirementsKey },
    })
    return requirementsFromRow(row).content
  }

  searchDecisionInstances(
    query: SearchQuery<DecisionInstanceFilter> = {}
  ): Promise<SearchResult<DecisionInstance>> {
    return this.#search('engine_decision_instances', INSTANCE_FIELDS, query, (row) =>
      toInstance(decisionInstanceFromRow(row))
    )
  }

  async getDecisionInstance(key: string): Promise<DecisionInstanceDetail> {
    const [row] = await this.store.query('engine_decision_instances', {
      where: { instance_id: key },
    })
    if (!row) {
      throw new NotFoundError(
        `Expected to find decision instance with key '${key}', but none found`
      )
    }
    const data = decisionInstanceFromRow(row)
    return {
      ...toInstance(data),
      evaluatedInputs: JSON.parse(data.inputsJson),
      matchedRules: JSON.parse(data.matchedRulesJson),
    }
  }

  async #definitionRow(key: string): Promise<Row> {
    const [row] = /^\d+$/.test(key)
      ? await this.store.query('engine_decisions', { where: { decision_key: key } })
      : []
    if (!row) {
      throw new NotFoundError(
        `Expected to find decision definition with key '${key}', but none found`
      )
    }
    return row
  }

  async #search<T>(
    table: TableName,
    fields: Record<string, string>,
    query: SearchQuery<object>,
    map: (row: Row) => T
  ): Promise<SearchResult<T>> {
    const where = toWhere((query.filter ?? {}) as Record<string, unknown>, fields)
    const orderBy = (query.sort ?? [])
      .filter((sort) => fields[sort.field])
      .map((sort) => ({
        column: fields[sort.field],
        order: sort.order === 'DESC' ? ('desc' as const) : ('asc' as const),
      }))
    const keyColumn = Object.values(fields)[0]
    if (!orderBy.some((order) => order.column === keyColumn)) {
      orderBy.push({ column: keyColumn, order: 'asc' })
    }
    const rows = await this.store.query(table, {
      where,
      orderBy,
      offset: query.page?.from ?? 0,
      limit: query.page?.limit ?? DEFAULT_LIMIT,
    })
    return { items: rows.map(map), page: { totalItems: await this.store.count(table, where) } }
  }
}

function toWhere(filter: Record<string, unknown>, fields: Record<string, string>) {
  const where: Record<string, Condition> = {}
  for (const [field, value] of Object.entries(filter)) {
    const column = fields[field]
    if (column && value !== undefined) {
      where[column] = value as Condition
    }
  }
  return where
}

function toDefinition(row: Row): DecisionDefinition {
  const decision = decisionFromRow(row)
  return {
    decisionDefinitionKey: decision.decisionKey,
    decisionDefinitionId: decision.decisionId,
    name: decision.name,
    version: decision.version,
    versionTag: decision.versionTag,
    decisionRequirementsId: decision.decisionRequirementsId,
    decisionRequirementsKey: decision.decisionRequirementsKey,
    tenantId: decision.tenantId,
  }
}

function toInstance(data: DecisionInstanceData): DecisionInstance {
  return {
    decisionEvaluationInstanceKey: data.instanceId,
    decisionEvaluationKey: data.decisionEvaluationKey,
    state: data.state,
    evaluationDate: new Date(data.evaluationDate).toISOString(),
    evaluationFailure: data.evaluationFailure,
    decisionDefinitionKey: data.decisionKey,
    decisionDefinitionId: data.decisionId,
    decisionDefinitionName: data.decisionName,
    decisionDefinitionVersion: data.decisionVersion,
    decisionDefinitionType: data.decisionType,
    rootDecisionDefinitionKey: data.rootDecisionKey,
    result: data.result,
    processDefinitionKey: data.processDefinitionKey,
    processInstanceKey: data.processInstanceKey,
    elementInstanceKey: data.elementInstanceKey,
    elementId: data.elementId,
    tenantId: data.tenantId,
  }
}

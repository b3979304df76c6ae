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
import { latestVersions, page, searchRows, toWhere, type FieldMap } from '../engine_queries.js'
import type { EngineStore, Row } from '../store/store.js'
import {
  decisionFromRow,
  decisionInstanceFromRow,
  requirementsFromRow,
  type DecisionInstanceData,
} from './decision_rows.js'

const DEFINITION_FIELDS: FieldMap = {
  decisionDefinitionKey: 'decision_key',
  decisionDefinitionId: 'decision_id',
  name: 'name',
  version: 'version',
  versionTag: 'version_tag',
  decisionRequirementsId: 'decision_requirements_id',
  decisionRequirementsKey: 'decision_requirements_key',
  tenantId: 'tenant_id',
}

const INSTANCE_FIELDS: FieldMap = {
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
      // deleted decisions stay readable by key (history), but are no longer listed
      return searchRows(
        this.store,
        'engine_decisions',
        DEFINITION_FIELDS,
        { ...query, filter },
        toDefinition,
        undefined,
        { deleted_at: null }
      )
    }
    const rows = await this.store.query('engine_decisions', {
      where: { ...toWhere(filter, DEFINITION_FIELDS), deleted_at: null },
    })
    return page(
      latestVersions(rows, 'decision_id').map(toDefinition),
      query,
      'decisionDefinitionKey'
    )
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
    return searchRows(this.store, 'engine_decision_instances', INSTANCE_FIELDS, query, (row) =>
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

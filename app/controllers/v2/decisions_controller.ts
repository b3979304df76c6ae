import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import {
  DEFAULT_TENANT,
  type DecisionDefinition,
  type DecisionDefinitionFilter,
  type DecisionInstance,
  type DecisionInstanceFilter,
  type JsonObject,
} from '@senflow/engine'
import { BadRequestException } from '#exceptions/api_exception'
import { searchValidator } from '#validators/v2_validator'
import {
  DECISION_DEFINITION_FILTERS,
  DECISION_INSTANCE_FILTERS,
  evaluateDecisionValidator,
} from '#validators/decision_validator'
import { searchPage, toEngineQuery } from '#services/camunda_search'

function presentDefinition(definition: DecisionDefinition) {
  return {
    decisionDefinitionKey: definition.decisionDefinitionKey,
    decisionDefinitionId: definition.decisionDefinitionId,
    name: definition.name,
    version: definition.version,
    versionTag: definition.versionTag ?? undefined,
    decisionRequirementsId: definition.decisionRequirementsId,
    decisionRequirementsKey: definition.decisionRequirementsKey,
    tenantId: definition.tenantId,
  }
}

function presentInstance(instance: DecisionInstance) {
  return {
    ...instance,
    evaluationFailure: instance.evaluationFailure ?? undefined,
    processDefinitionKey: instance.processDefinitionKey ?? undefined,
    processInstanceKey: instance.processInstanceKey ?? undefined,
    elementInstanceKey: instance.elementInstanceKey ?? undefined,
    elementId: instance.elementId ?? undefined,
    result: instance.result ?? undefined,
  }
}

/**
 * DMN decisions on the Camunda 8 REST API: evaluate a decision, search and
 * read deployed decisions (and their DMN XML), search and read evaluated
 * decisions (decision instances, with their inputs and matched rules).
 */
export default class DecisionsController {
  async evaluate({ request }: HttpContext) {
    const body = await request.validateUsing(evaluateDecisionValidator)
    if ((body.decisionDefinitionId === undefined) === (body.decisionDefinitionKey === undefined)) {
      throw new BadRequestException(
        'decisionDefinitionId: expected either decisionDefinitionId or decisionDefinitionKey, but found ' +
          (body.decisionDefinitionId === undefined ? 'neither' : 'both')
      )
    }
    if (body.tenantId && body.tenantId !== DEFAULT_TENANT) {
      throw new BadRequestException(
        `tenantId: only the default tenant exists, not '${body.tenantId}'`
      )
    }
    return engine.evaluateDecision({
      decisionDefinitionId: body.decisionDefinitionId,
      decisionDefinitionKey: body.decisionDefinitionKey,
      variables: (body.variables ?? {}) as JsonObject,
    })
  }

  async search({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchDecisionDefinitions(
      toEngineQuery<DecisionDefinitionFilter>(body, DECISION_DEFINITION_FILTERS)
    )
    return {
      items: result.items.map(presentDefinition),
      page: searchPage(result.page.totalItems),
    }
  }

  async show({ params }: HttpContext) {
    return presentDefinition(await engine.getDecisionDefinition(params.key))
  }

  async xml({ params, response }: HttpContext) {
    const xml = await engine.getDecisionDefinitionXml(params.key)
    response.header('content-type', 'text/xml; charset=utf-8')
    return xml
  }

  async searchInstances({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchDecisionInstances(
      toEngineQuery<DecisionInstanceFilter>(body, DECISION_INSTANCE_FILTERS)
    )
    return {
      items: result.items.map(presentInstance),
      page: searchPage(result.page.totalItems),
    }
  }

  async showInstance({ params }: HttpContext) {
    const instance = await engine.getDecisionInstance(params.decisionEvaluationInstanceKey)
    return {
      ...presentInstance(instance),
      evaluatedInputs: instance.evaluatedInputs,
      matchedRules: instance.matchedRules,
    }
  }
}

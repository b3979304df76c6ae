import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import type { ProcessDefinition, ProcessDefinitionFilter } from '@senflow/engine'
import { searchValidator } from '#validators/v2_validator'
import { searchPage, toEngineQuery } from '#services/camunda_search'

const FILTER_FIELDS = [
  'processDefinitionKey',
  'processDefinitionId',
  'version',
  'versionTag',
  'name',
  'resourceName',
  'isLatestVersion',
] as const

function present(definition: ProcessDefinition) {
  return {
    processDefinitionKey: definition.processDefinitionKey,
    processDefinitionId: definition.processDefinitionId,
    name: definition.name ?? definition.processDefinitionId,
    version: definition.version,
    versionTag: definition.versionTag ?? undefined,
    resourceName: definition.resourceName,
    tenantId: definition.tenantId,
  }
}

/**
 * Deployed process definitions: search, get, and the BPMN XML.
 */
export default class ProcessDefinitionsController {
  async search({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchProcessDefinitions(
      toEngineQuery<ProcessDefinitionFilter>(body, FILTER_FIELDS)
    )
    return { items: result.items.map(present), page: searchPage(result.page.totalItems) }
  }

  async show({ params }: HttpContext) {
    return present(await engine.getProcessDefinition(params.key))
  }

  async xml({ params, response }: HttpContext) {
    const xml = await engine.getProcessDefinitionXml(params.key)
    response.header('content-type', 'text/xml; charset=utf-8')
    return xml
  }
}

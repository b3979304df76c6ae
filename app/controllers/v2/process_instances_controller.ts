import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import type { ProcessInstance, ProcessInstanceFilter } from '@senflow/engine'
import { createProcessInstanceValidator, searchValidator } from '#validators/v2_validator'
import { searchPage, toEngineQuery } from '#services/camunda_search'
import AuditService from '#services/audit_service'

const FILTER_FIELDS = [
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'processDefinitionVersion',
  'state',
  'hasIncident',
  'businessId',
  'parentProcessInstanceKey',
] as const

/**
 * A process instance in Camunda's shape, with its definition's name.
 */
async function present(instance: ProcessInstance, names: Map<string, Promise<string | null>>) {
  let name = names.get(instance.processDefinitionKey)
  if (!name) {
    name = engine
      .getProcessDefinition(instance.processDefinitionKey)
      .then((definition) => definition.name)
      .catch(() => null)
    names.set(instance.processDefinitionKey, name)
  }
  return {
    processInstanceKey: instance.processInstanceKey,
    processDefinitionKey: instance.processDefinitionKey,
    processDefinitionId: instance.processDefinitionId,
    processDefinitionName: (await name) ?? instance.processDefinitionId,
    processDefinitionVersion: instance.processDefinitionVersion,
    state: instance.state,
    hasIncident: instance.hasIncident,
    businessId: instance.businessId,
    startDate: instance.startDate,
    endDate: instance.endDate ?? undefined,
    parentProcessInstanceKey: instance.parentProcessInstanceKey ?? undefined,
    parentElementInstanceKey: instance.parentElementInstanceKey ?? undefined,
    tenantId: instance.tenantId,
  }
}

/**
 * Process instances: create (optionally awaiting the result), get,
 * search, cancel.
 */
export default class ProcessInstancesController {
  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createProcessInstanceValidator)
    const result = await engine.createProcessInstance({
      processDefinitionId: payload.processDefinitionId,
      processDefinitionKey: payload.processDefinitionKey,
      processDefinitionVersion: payload.processDefinitionVersion,
      variables: payload.variables as any,
      businessId: payload.businessId,
      startInstructions: payload.startInstructions,
      awaitCompletion: payload.awaitCompletion,
      requestTimeout: payload.requestTimeout,
      fetchVariables: payload.fetchVariables,
    })
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'process_instance.create',
      subjectType: 'process_instance',
      subjectId: result.processInstanceKey,
      details: {
        processDefinitionId: result.processDefinitionId,
        version: result.processDefinitionVersion,
      },
    })
    return {
      processDefinitionId: result.processDefinitionId,
      processDefinitionVersion: result.processDefinitionVersion,
      processDefinitionKey: result.processDefinitionKey,
      processInstanceKey: result.processInstanceKey,
      tenantId: result.tenantId,
      businessId: result.businessId,
      variables: result.variables ?? {},
    }
  }

  async show({ params }: HttpContext) {
    return present(await engine.getProcessInstance(params.key), new Map())
  }

  /**
   * The call hierarchy of an instance, root first (Camunda 8.8's
   * `GET /v2/process-instances/{key}/call-hierarchy`).
   */
  async callHierarchy({ params }: HttpContext) {
    return engine.getCallHierarchy(params.key)
  }

  async search({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const query = toEngineQuery<ProcessInstanceFilter>(body, FILTER_FIELDS, [
      ...FILTER_FIELDS,
      'startDate',
      'endDate',
    ])
    const result = await engine.searchProcessInstances(query)
    const names = new Map<string, Promise<string | null>>()
    return {
      items: await Promise.all(result.items.map((item) => present(item, names))),
      page: searchPage(result.page.totalItems),
    }
  }

  async cancel(ctx: HttpContext) {
    await engine.cancelProcessInstance(ctx.params.key)
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'process_instance.cancel',
      subjectType: 'process_instance',
      subjectId: ctx.params.key,
    })
    return ctx.response.noContent()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import type {
  ElementInstanceFilter,
  IncidentFilter,
  MessageSubscriptionFilter,
  VariableFilter,
} from '@senflow/engine'
import {
  broadcastSignalValidator,
  correlateMessageValidator,
  pinClockValidator,
  publishMessageValidator,
  searchValidator,
  setVariablesValidator,
} from '#validators/v2_validator'
import { searchPage, toEngineQuery } from '#services/camunda_search'
import { ApiException } from '#exceptions/api_exception'
import AuditService from '#services/audit_service'
import { engineClockControl } from '#services/engine_clock'

const INCIDENT_FIELDS = [
  'incidentKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementInstanceKey',
  'errorType',
  'state',
  'jobKey',
] as const
const VARIABLE_FIELDS = ['variableKey', 'processInstanceKey', 'scopeKey', 'name'] as const
const ELEMENT_FIELDS = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'elementId',
  'type',
  'state',
  'flowScopeKey',
  'elementInstanceScopeKey',
  'hasIncident',
] as const

const MESSAGE_SUBSCRIPTION_FIELDS = [
  'messageSubscriptionKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementInstanceKey',
  'messageName',
  'correlationKey',
  'messageSubscriptionState',
] as const

/**
 * Incidents, variables, element instances, messages, message
 * subscriptions, signals and the engine clock, in the Camunda 8 REST
 * shapes.
 */
export default class RuntimeController {
  async searchIncidents({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchIncidents(
      toEngineQuery<IncidentFilter>(body, INCIDENT_FIELDS)
    )
    return { items: result.items, page: searchPage(result.page.totalItems) }
  }

  async showIncident({ params }: HttpContext) {
    return engine.getIncident(params.key)
  }

  /**
   * Resolves an incident: the failed step runs again.
   */
  async resolveIncident(ctx: HttpContext) {
    await engine.resolveIncident(ctx.params.key)
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'incident.resolve',
      subjectType: 'incident',
      subjectId: ctx.params.key,
    })
    return ctx.response.noContent()
  }

  async searchVariables({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchVariables(
      toEngineQuery<VariableFilter>(body, VARIABLE_FIELDS)
    )
    return {
      items: result.items.map((variable) => ({ ...variable, isTruncated: false })),
      page: searchPage(result.page.totalItems),
    }
  }

  async showVariable({ params }: HttpContext) {
    const result = await engine.searchVariables({
      filter: { variableKey: params.key },
      page: { limit: 1 },
    })
    const variable = result.items[0]
    if (!variable) {
      throw new ApiException(`Variable ${params.key} not found`, { status: 404, code: 'NOT_FOUND' })
    }
    return variable
  }

  async searchElementInstances({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const filter = { ...(body.filter ?? {}) }
    if (filter.elementInstanceScopeKey !== undefined) {
      filter.flowScopeKey = filter.elementInstanceScopeKey
      delete filter.elementInstanceScopeKey
    }
    const result = await engine.searchElementInstances(
      toEngineQuery<ElementInstanceFilter>({ ...body, filter }, ELEMENT_FIELDS)
    )
    return {
      items: result.items.map((element) => ({
        ...element,
        elementName: element.elementName ?? element.elementId,
        endDate: element.endDate ?? undefined,
        incidentKey: element.incidentKey ?? undefined,
      })),
      page: searchPage(result.page.totalItems),
    }
  }

  async showElementInstance({ params }: HttpContext) {
    const result = await engine.searchElementInstances({
      filter: { elementInstanceKey: params.key },
      page: { limit: 1 },
    })
    const element = result.items[0]
    if (!element) {
      throw new ApiException(`Element instance ${params.key} not found`, {
        status: 404,
        code: 'NOT_FOUND',
      })
    }
    return element
  }

  /**
   * Sets variables on an element instance or process instance scope.
   */
  async setVariables(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(setVariablesValidator)
    await engine.setVariables(ctx.params.key, payload.variables as any, {
      local: payload.local ?? false,
    })
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'variables.set',
      subjectType: 'element_instance',
      subjectId: ctx.params.key,
      details: { names: Object.keys(payload.variables) },
    })
    return ctx.response.noContent()
  }

  async publishMessage({ request }: HttpContext) {
    const payload = await request.validateUsing(publishMessageValidator)
    return engine.publishMessage({ ...payload, variables: payload.variables as any })
  }

  /**
   * Correlates a message at once, without buffering: `{ messageKey,
   * processInstanceKey, tenantId }`, or 404 when nothing waits for it.
   */
  async correlateMessage({ request }: HttpContext) {
    const payload = await request.validateUsing(correlateMessageValidator)
    return engine.correlateMessage({ ...payload, variables: payload.variables as any })
  }

  /**
   * What instances wait for (open subscriptions) and what they caught;
   * `state` is accepted for `messageSubscriptionState`.
   */
  async searchMessageSubscriptions({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const filter = { ...(body.filter ?? {}) }
    if (filter.state !== undefined) {
      filter.messageSubscriptionState = filter.state
      delete filter.state
    }
    const result = await engine.searchMessageSubscriptions(
      toEngineQuery<MessageSubscriptionFilter>({ ...body, filter }, MESSAGE_SUBSCRIPTION_FIELDS, [
        ...MESSAGE_SUBSCRIPTION_FIELDS,
        'lastUpdatedDate',
      ])
    )
    return { items: result.items, page: searchPage(result.page.totalItems) }
  }

  async broadcastSignal({ request }: HttpContext) {
    const payload = await request.validateUsing(broadcastSignalValidator)
    return engine.broadcastSignal({ ...payload, variables: payload.variables as any })
  }

  /**
   * Pins the engine clock (tests and demos); only when
   * SENFLOW_CLOCK_CONTROL=true.
   */
  async pinClock(ctx: HttpContext) {
    const clock = await this.controllableClock()
    const { timestamp } = await ctx.request.validateUsing(pinClockValidator)
    await clock.pin(timestamp)
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'clock.pin',
      details: { timestamp: new Date(timestamp).toISOString() },
    })
    return ctx.response.noContent()
  }

  async resetClock(ctx: HttpContext) {
    const clock = await this.controllableClock()
    await clock.reset()
    await new AuditService().record(AuditService.actorOf(ctx), { action: 'clock.reset' })
    return ctx.response.noContent()
  }

  protected async controllableClock() {
    if (process.env.SENFLOW_CLOCK_CONTROL !== 'true') {
      throw new ApiException('The engine clock can be moved only when SENFLOW_CLOCK_CONTROL=true', {
        status: 403,
        code: 'FORBIDDEN',
      })
    }
    const clock = await engineClockControl()
    if (!clock) {
      throw new ApiException('This engine has no controllable clock', {
        status: 400,
        code: 'INVALID_ARGUMENT',
      })
    }
    return clock
  }
}

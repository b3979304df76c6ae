import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#services/audit_service'
import ConnectorConfigurationService, {
  presentConnector,
  toConnectorConfiguration,
} from '#services/connector_configuration_service'
import ConnectorWorkers from '#services/connector_workers'
import ConnectorProbe from '#services/connector_probe'
import {
  createConnectorValidator,
  testConnectorValidator,
  updateConnectorValidator,
} from '#validators/connector_validator'
import { UnprocessableException } from '#exceptions/api_exception'

/**
 * Connector configurations: administrators create, change, test, disable
 * and enable them; process owners read them and their element templates
 * (the modeler's palette). Every change applies to the running workers at
 * once.
 */
@inject()
export default class ConnectorsController {
  constructor(
    protected configurations: ConnectorConfigurationService,
    protected workers: ConnectorWorkers,
    protected probe: ConnectorProbe,
    protected audit: AuditService
  ) {}

  async index() {
    return { items: (await this.configurations.list()).map(presentConnector) }
  }

  async show({ params }: HttpContext) {
    return presentConnector(await this.configurations.find(Number(params.id)))
  }

  /**
   * The Camunda 8 element templates of every enabled connector.
   */
  async elementTemplates() {
    return { items: await this.configurations.elementTemplates() }
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createConnectorValidator)
    const row = await this.configurations.create(payload, AuditService.actorOf(ctx))
    await this.workers.refresh()
    return ctx.response.created(presentConnector(row))
  }

  async update(ctx: HttpContext) {
    const row = await this.configurations.find(Number(ctx.params.id))
    const body = ctx.request.body()
    for (const immutable of ['code', 'kind'] as const) {
      if (body[immutable] !== undefined && body[immutable] !== row[immutable]) {
        throw new UnprocessableException(
          `Expected ${immutable} to stay ${row[immutable]} (process models use it), but it was changed`,
          immutable
        )
      }
    }
    const payload = await updateConnectorValidator.validate({ ...body, kind: row.kind })
    const updated = await this.configurations.update(row, payload, AuditService.actorOf(ctx))
    await this.workers.refresh()
    return presentConnector(updated)
  }

  async disable(ctx: HttpContext) {
    return this.#setEnabled(ctx, false)
  }

  async enable(ctx: HttpContext) {
    return this.#setEnabled(ctx, true)
  }

  /**
   * Tests the connection with the stored settings and secrets: the kind's
   * probe, or one operation when the body names it.
   */
  async test(ctx: HttpContext) {
    const row = await this.configurations.find(Number(ctx.params.id))
    const payload = await ctx.request.validateUsing(testConnectorValidator)
    const result = await this.probe.test(toConnectorConfiguration(row), payload)
    await this.audit.record(AuditService.actorOf(ctx), {
      action: 'connector.test',
      subjectType: 'connector',
      subjectId: row.code,
      details: { ok: result.ok, operation: result.operation, durationMs: result.durationMs },
    })
    return result
  }

  async #setEnabled(ctx: HttpContext, enabled: boolean) {
    const row = await this.configurations.find(Number(ctx.params.id))
    const updated = await this.configurations.setEnabled(row, enabled, AuditService.actorOf(ctx))
    await this.workers.refresh()
    return presentConnector(updated)
  }
}

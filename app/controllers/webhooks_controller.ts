import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#services/audit_service'
import WebhookService, { presentWebhook, type WebhookRow } from '#services/webhook_service'
import {
  createWebhookValidator,
  listDeliveriesValidator,
  updateWebhookValidator,
} from '#validators/webhook_validator'

/**
 * Inbound webhooks, managed by administrators: each has a URL with a
 * random public id (`url` in every answer) and names the secret its
 * callers sign with.
 */
@inject()
export default class WebhooksController {
  constructor(protected webhooks: WebhookService) {}

  async index(ctx: HttpContext) {
    return { items: (await this.webhooks.list()).map((row) => this.#present(ctx, row)) }
  }

  async show(ctx: HttpContext) {
    return this.#present(ctx, await this.webhooks.find(Number(ctx.params.id)))
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createWebhookValidator)
    const row = await this.webhooks.create(payload, AuditService.actorOf(ctx))
    return ctx.response.created(this.#present(ctx, row))
  }

  async update(ctx: HttpContext) {
    const row = await this.webhooks.find(Number(ctx.params.id))
    const payload = await ctx.request.validateUsing(updateWebhookValidator)
    return this.#present(ctx, await this.webhooks.update(row, payload, AuditService.actorOf(ctx)))
  }

  async destroy(ctx: HttpContext) {
    const row = await this.webhooks.find(Number(ctx.params.id))
    await this.webhooks.delete(row, AuditService.actorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * The latest deliveries (request id, status, what each started).
   */
  async deliveries(ctx: HttpContext) {
    const row = await this.webhooks.find(Number(ctx.params.id))
    const { limit } = await ctx.request.validateUsing(listDeliveriesValidator, {
      data: ctx.request.qs(),
    })
    return { items: await this.webhooks.deliveries(row, limit) }
  }

  #present(ctx: HttpContext, row: WebhookRow) {
    const webhook = presentWebhook(row)
    return { ...webhook, url: `${ctx.request.protocol()}://${ctx.request.host()}${webhook.path}` }
  }
}

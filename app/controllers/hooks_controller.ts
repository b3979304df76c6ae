import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import WebhookService, { REQUEST_ID_HEADERS } from '#services/webhook_service'

/**
 * The header a client sent, as it sent it: the server fills `X-Request-Id`
 * with a generated id when it is absent, which must not count as the
 * client's request id.
 */
function clientHeader(ctx: HttpContext, names: string[]) {
  const raw = ctx.request.request.rawHeaders
  for (const name of names) {
    for (let index = 0; index < raw.length; index += 2) {
      if (raw[index].toLowerCase() === name) return raw[index + 1]
    }
  }
  return null
}

/**
 * The public inbound endpoint `POST /hooks/{publicId}`: no session, the
 * caller proves itself with the webhook's signature or shared secret.
 */
@inject()
export default class HooksController {
  constructor(protected webhooks: WebhookService) {}

  async receive(ctx: HttpContext) {
    const engine = await app.container.make('senflow.engine')
    const outcome = await this.webhooks.receive(
      ctx.params.publicId,
      {
        rawBody: ctx.request.raw(),
        body: ctx.request.raw() ? ctx.request.body() : null,
        headers: ctx.request.headers(),
        requestId: clientHeader(ctx, REQUEST_ID_HEADERS),
      },
      engine
    )
    if (outcome.replayed) ctx.response.header('Idempotent-Replayed', 'true')
    return ctx.response.status(202).send(outcome.body)
  }
}

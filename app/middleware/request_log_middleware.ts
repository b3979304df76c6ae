import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Logs every API request once it is answered (method, path, status,
 * duration) through the request's logger, which carries the request id;
 * echoes that id in `X-Request-Id` so a user's report can be matched to
 * the server's log lines. Static assets are not logged.
 */
export default class RequestLogMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    const requestId = ctx.request.id()
    if (requestId) ctx.response.header('X-Request-Id', requestId)
    try {
      await next()
    } finally {
      const url = ctx.request.url()
      if (/^\/(api|v2|health)/.test(url)) {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6
        ctx.logger.info(
          {
            method: ctx.request.method(),
            url,
            status: ctx.response.getStatus(),
            durationMs: Math.round(durationMs * 10) / 10,
          },
          'request completed'
        )
      }
    }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import { existsSync } from 'node:fs'
import { errors as routerErrors } from '@adonisjs/core/http'
import { openApiDocument } from '#services/openapi_document'

/**
 * The Camunda 8 gateway version our `/v2` API follows.
 */
export const CAMUNDA_API_VERSION = '8.8.0'

/**
 * Health, topology and the API description.
 */
export default class SystemController {
  /**
   * 200 when the database answers, 503 otherwise.
   */
  async health({ response }: HttpContext) {
    const started = performance.now()
    try {
      await db.rawQuery('select 1 as ok')
      return {
        status: 'ok',
        checks: { database: { status: 'ok', latencyMs: Math.round(performance.now() - started) } },
      }
    } catch (error) {
      return response.status(503).send({
        status: 'error',
        checks: { database: { status: 'error', message: (error as Error).message } },
      })
    }
  }

  /**
   * The cluster topology in the Camunda 8 REST shape: one broker, one
   * partition, so Camunda clients recognise the server.
   */
  async topology({ request }: HttpContext) {
    const host = request.hostname() ?? '127.0.0.1'
    const port = Number(process.env.PORT ?? 3333)
    return {
      brokers: [
        {
          nodeId: 0,
          host,
          port,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: CAMUNDA_API_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: CAMUNDA_API_VERSION,
      lastCompletedChangeId: '-1',
    }
  }

  /**
   * Camunda's status probe: 204 when healthy.
   */
  async status({ response }: HttpContext) {
    await db.rawQuery('select 1 as ok')
    return response.noContent()
  }

  async openapi() {
    return openApiDocument()
  }

  /**
   * The admin UI's index.html for client-side routes; API paths that
   * matched no route stay a JSON 404.
   */
  async spa({ request, response }: HttpContext) {
    const path = request.url()
    const index = app.publicPath('index.html')
    if (/^\/(api|v2)(\/|$)/.test(path) || !existsSync(index)) {
      throw new routerErrors.E_ROUTE_NOT_FOUND(['GET', path])
    }
    response.header('cache-control', 'no-cache')
    return response.download(index)
  }
}

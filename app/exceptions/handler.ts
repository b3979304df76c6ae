import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { ApiException, type ApiErrorEntry } from '#exceptions/api_exception'
import { FormValidationException } from '#exceptions/form_validation_exception'
import { DeploymentRejectedError, EngineError } from '@senflow/engine'

/**
 * Known framework error codes and the status the API answers with.
 */
const STATUS_BY_CODE: Record<string, number> = {
  E_UNAUTHORIZED_ACCESS: 401,
  E_INVALID_CREDENTIALS: 401,
  E_AUTHORIZATION_FAILURE: 403,
  E_BAD_CSRF_TOKEN: 403,
  E_ROW_NOT_FOUND: 404,
  E_ROUTE_NOT_FOUND: 404,
  E_TOO_MANY_REQUESTS: 429,
  E_VALIDATION_ERROR: 422,
}

/**
 * Problem titles of Camunda's REST API by status.
 */
const PROBLEM_TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

/**
 * Turns any error into the API's error body and status:
 * `{ "errors": [{ "message", "field"?, "code" }] }`.
 */
export function toApiError(error: unknown): { status: number; body: { errors: ApiErrorEntry[] } } {
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const messages = error.messages as { field: string; message: string; rule: string }[]
    return {
      status: 422,
      body: {
        errors: messages.map((entry) => ({
          message: entry.message,
          field: entry.field,
          code: 'E_VALIDATION_ERROR',
          rule: entry.rule,
        })),
      },
    }
  }
  if (error instanceof FormValidationException) {
    return { status: 422, body: { errors: error.fieldErrors as any } }
  }
  if (error instanceof ApiException) {
    return { status: error.status, body: { errors: error.entries } }
  }
  if (error instanceof DeploymentRejectedError) {
    return {
      status: 400,
      body: {
        errors: error.problems.map((problem) => ({
          message: problem.message,
          code: 'INVALID_ARGUMENT',
          resource: problem.resourceName,
          ...(problem.elementId ? { elementId: problem.elementId } : {}),
        })),
      },
    }
  }
  if (error instanceof EngineError) {
    const message =
      error.status >= 500 && app.inProduction ? 'Internal engine error' : error.message
    return { status: error.status, body: { errors: [{ message, code: error.code }] } }
  }
  const err = error as { status?: number; code?: string; message?: string; responseText?: string }
  const code = err.code && /^E_[A-Z0-9_]+$/.test(err.code) ? err.code : 'E_INTERNAL_ERROR'
  const status = STATUS_BY_CODE[code] ?? (err.status && err.status >= 400 ? err.status : 500)
  let message = err.message ?? 'Unexpected error'
  if (status === 500 && app.inProduction) message = 'Internal server error'
  if (code === 'E_ROW_NOT_FOUND') message = 'Resource not found'
  if (code === 'E_AUTHORIZATION_FAILURE') message = 'You are not allowed to do this'
  if (code === 'E_BAD_CSRF_TOKEN')
    message =
      'Missing or invalid CSRF token (send the XSRF-TOKEN cookie value in the X-XSRF-TOKEN header)'
  if (status === 400 && code === 'E_INTERNAL_ERROR') {
    return { status, body: { errors: [{ message, code: 'E_BAD_REQUEST' }] } }
  }
  return { status, body: { errors: [{ message, code }] } }
}

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  async handle(error: unknown, ctx: HttpContext) {
    const { status, body } = toApiError(error)
    if (ctx.request.url().startsWith('/v2/')) {
      // Camunda's REST API answers RFC 7807 problem details; keep our `errors` beside them
      const first = (body.errors as ApiErrorEntry[])[0] ?? { message: 'Error', code: 'UNKNOWN' }
      const detail =
        error instanceof EngineError || !Array.isArray(body.errors)
          ? (error as Error).message
          : (body.errors as ApiErrorEntry[])
              .map((entry) => (entry.field ? `${entry.field}: ${entry.message}` : entry.message))
              .join('; ')
      return ctx.response
        .status(status)
        .header('content-type', 'application/problem+json')
        .send({
          type: 'about:blank',
          title: PROBLEM_TITLES[status] ?? first.code,
          status,
          detail,
          instance: ctx.request.url(),
          ...body,
        })
    }
    return ctx.response.status(status).send(body)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}

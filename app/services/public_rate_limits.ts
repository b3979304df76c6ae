import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { ApiException } from '#exceptions/api_exception'

/**
 * The public side's limits per client address, from the environment:
 * `SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR` (20) and
 * `SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE` (30).
 */
function limitOf(name: string, fallback: number) {
  const value = Number(process.env[name])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

const LIMITS = {
  submission: () => ({
    requests: limitOf('SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR', 20),
    duration: '1 hour',
  }),
  lookup: () => ({
    requests: limitOf('SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE', 30),
    duration: '1 minute',
  }),
}

/**
 * Counts one public request of a kind from the client's address; past the
 * limit, answers 429 with Retry-After (a lookup that guesses codes and
 * numbers, or a flood of submissions, is slowed down).
 *
 * @throws ApiException 429 E_TOO_MANY_REQUESTS past the limit.
 */
export async function throttlePublic(ctx: HttpContext, kind: keyof typeof LIMITS) {
  const settings = LIMITS[kind]()
  const key = `public_${kind}_${ctx.request.ip()}`
  try {
    const response = await limiter.use(settings).consume(key)
    ctx.response.header('X-RateLimit-Limit', String(response.limit))
    ctx.response.header('X-RateLimit-Remaining', String(response.remaining))
  } catch (error) {
    if (error instanceof limiterErrors.ThrottleException) {
      const seconds = error.response.availableIn
      ctx.response.header('Retry-After', String(seconds))
      const message = 'Too many requests from this address; try again later'
      throw new ApiException(message, {
        status: 429,
        code: 'E_TOO_MANY_REQUESTS',
        entries: [{ message, code: 'E_TOO_MANY_REQUESTS', retryAfterSeconds: seconds }],
      })
    }
    throw error
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'
import { errors as authErrors } from '@adonisjs/auth'

/**
 * Authenticates a request with the first guard that accepts it (session
 * cookie, Bearer access token, or HTTP Basic), refuses deactivated users,
 * and loads the user's roles and units once for the policies.
 */
export default class AuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[] } = {}
  ) {
    const guards = options.guards ?? ['web', 'api']
    await ctx.auth.authenticateUsing(guards)
    const user = ctx.auth.user!
    if (!user.active) {
      if (ctx.auth.authenticatedViaGuard === 'web') await ctx.auth.use('web').logout()
      throw new authErrors.E_UNAUTHORIZED_ACCESS('This account is deactivated', {
        guardDriverName: 'session',
      })
    }
    await user.load((loader) => loader.load('roleRows').load('units'))
    return next()
  }
}

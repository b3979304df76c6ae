import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import limiter from '@adonisjs/limiter/services/main'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import { loginValidator, updateMeValidator } from '#validators/auth_validator'
import { ApiException, UnprocessableException } from '#exceptions/api_exception'
import AuditService from '#services/audit_service'
import UserService from '#services/user_service'

/**
 * Failed sign-ins allowed per email and client address before the pair is
 * blocked for a while.
 */
const LOGIN_ATTEMPTS = 5

/**
 * Session sign-in for the browser: login, logout, and the signed-in user.
 */
@inject()
export default class AuthController {
  constructor(
    protected audit: AuditService,
    protected users: UserService
  ) {}

  /**
   * Signs in with email and password. Wrong passwords count against the
   * email and the client address; after {@link LOGIN_ATTEMPTS} failures the
   * pair gets 429 with Retry-After, even with the right password.
   */
  async login(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(loginValidator)
    const loginLimiter = limiter.use({
      requests: LOGIN_ATTEMPTS,
      duration: '15 mins',
      blockDuration: '15 mins',
    })
    const key = `login_${email}_${ctx.request.ip()}`
    const [error, user] = await loginLimiter.penalize(key, () =>
      User.verifyCredentials(email, password)
    )
    if (error) {
      await this.audit.record(
        { ...AuditService.actorOf(ctx), email },
        { action: 'auth.login_throttled' }
      )
      ctx.response.header('Retry-After', String(error.response.availableIn))
      throw new ApiException('Too many failed sign-in attempts; try again later', {
        status: 429,
        code: 'E_TOO_MANY_REQUESTS',
        entries: [
          {
            message: 'Too many failed sign-in attempts; try again later',
            code: 'E_TOO_MANY_REQUESTS',
            retryAfterSeconds: error.response.availableIn,
          },
        ],
      })
    }
    if (!user.active) {
      throw new ApiException('This account is deactivated', {
        status: 401,
        code: 'E_ACCOUNT_DEACTIVATED',
      })
    }
    await ctx.auth.use('web').login(user)
    user.lastLoginAt = DateTime.now()
    await user.save()
    await this.audit.record(
      { ...AuditService.actorOf(ctx), id: user.id, email: user.email },
      { action: 'auth.login' }
    )
    return { user: (await this.users.find(user.id)).toApi() }
  }

  async logout(ctx: HttpContext) {
    await ctx.auth.use('web').logout()
    return ctx.response.noContent()
  }

  async me({ auth }: HttpContext) {
    return { user: auth.user!.toApi() }
  }

  /**
   * The browser's session check: the signed-in user or `null` (never a
   * 401, which browsers log as an error), and a fresh XSRF-TOKEN cookie
   * (set by the shield middleware on every routed request).
   */
  async session({ auth }: HttpContext) {
    const user = await auth
      .use('web')
      .check()
      .then((ok) => (ok ? auth.use('web').user! : null))
    if (!user || !user.active) return { user: null }
    await user.load((loader) => loader.load('roleRows').load('units'))
    return { user: user.toApi() }
  }

  /**
   * The signed-in user changes their name, language, time zone or password.
   */
  async updateMe(ctx: HttpContext) {
    const { currentPassword, ...attributes } = await ctx.request.validateUsing(updateMeValidator)
    const user = ctx.auth.user!
    if (attributes.password && !(await hash.verify(user.password, currentPassword ?? ''))) {
      throw new UnprocessableException(
        'The current password is wrong',
        'currentPassword',
        'E_WRONG_PASSWORD'
      )
    }
    const updated = await this.users.update(user, attributes, AuditService.actorOf(ctx))
    return { user: updated.toApi() }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import User from '#models/user'
import {
  createUserValidator,
  listUsersValidator,
  updateUserValidator,
} from '#validators/user_validator'
import AuditService from '#services/audit_service'
import UserService from '#services/user_service'

/**
 * Users with their units and roles: list, show, create, update, deactivate.
 */
@inject()
export default class UsersController {
  constructor(protected users: UserService) {}

  /**
   * Users filtered by text (name or email), unit code, role and active
   * flag, paginated.
   */
  async index({ request }: HttpContext) {
    const filters = await request.validateUsing(listUsersValidator, { data: request.qs() })
    const query = User.query().preload('roleRows').preload('units').orderBy('email')
    if (filters.q) {
      const like = `%${filters.q.toLowerCase()}%`
      query.where((where) =>
        where.whereRaw('lower(email) like ?', [like]).orWhereRaw('lower(full_name) like ?', [like])
      )
    }
    if (filters.unit) {
      query.whereHas('units', (units) => units.where('code', filters.unit!))
    }
    if (filters.role) {
      query.whereHas('roleRows', (roles) => roles.where('role', filters.role!))
    }
    if (filters.active !== undefined) query.where('active', filters.active)
    const page = await query.paginate(filters.page ?? 1, filters.perPage ?? 50)
    return {
      items: page.all().map((user) => user.toApi()),
      page: {
        total: page.total,
        page: page.currentPage,
        perPage: page.perPage,
        lastPage: page.lastPage,
      },
    }
  }

  async show({ params }: HttpContext) {
    return (await this.users.find(Number(params.id))).toApi()
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createUserValidator)
    const user = await this.users.create(payload, AuditService.actorOf(ctx))
    return ctx.response.created(user.toApi())
  }

  async update(ctx: HttpContext) {
    const user = await User.findOrFail(ctx.params.id)
    const payload = await ctx.request.validateUsing(updateUserValidator, {
      meta: { userId: user.id },
    })
    return (await this.users.update(user, payload, AuditService.actorOf(ctx))).toApi()
  }

  /**
   * Deactivates a user (history keeps naming them; they can no longer sign in).
   */
  async destroy(ctx: HttpContext) {
    const user = await User.findOrFail(ctx.params.id)
    return (await this.users.update(user, { active: false }, AuditService.actorOf(ctx))).toApi()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import {
  createAccessTokenValidator,
  updateAccessTokenValidator,
} from '#validators/access_token_validator'
import AuditService from '#services/audit_service'
import { NotFoundException } from '#exceptions/api_exception'
import AccessTokenPolicy from '#policies/access_token_policy'
import { isoTime, sqlTime } from '#services/sql_time'

interface TokenRow {
  id: number
  tokenable_id: number
  name: string | null
  abilities: string
  created_at: string | Date
  updated_at: string | Date
  last_used_at: string | Date | null
  expires_at: string | Date | null
}

function present(row: TokenRow, now = Date.now()) {
  const expiresAt = isoTime(row.expires_at)
  return {
    id: row.id,
    userId: row.tokenable_id,
    name: row.name,
    createdAt: isoTime(row.created_at),
    lastUsedAt: isoTime(row.last_used_at),
    expiresAt,
    expired: expiresAt ? Date.parse(expiresAt) <= now : false,
  }
}

/**
 * Personal access tokens for API clients and external workers. The value
 * is returned once, at creation; only its hash is stored.
 */
@inject()
export default class AccessTokensController {
  constructor(protected audit: AuditService) {}

  /**
   * The caller's tokens; an admin may list another user's with `?userId=`
   * or everyone's with `?all=true`.
   */
  async index({ auth, request }: HttpContext) {
    const user = auth.user!
    const query = db.from('auth_access_tokens').orderBy('id', 'desc')
    const requested = request.input('userId')
    if (user.hasRole('admin') && request.input('all') === 'true') {
      // every token
    } else if (user.hasRole('admin') && requested) {
      query.where('tokenable_id', Number(requested))
    } else {
      query.where('tokenable_id', user.id)
    }
    const rows: TokenRow[] = await query
    const owners = new Map<number, { id: number; email: string; fullName: string }>()
    const ids = [...new Set(rows.map((row) => row.tokenable_id))]
    if (ids.length) {
      for (const owner of await db
        .from('users')
        .whereIn('id', ids)
        .select('id', 'email', 'full_name')) {
        owners.set(owner.id, { id: owner.id, email: owner.email, fullName: owner.full_name })
      }
    }
    return {
      items: rows.map((row) => ({ ...present(row), user: owners.get(row.tokenable_id) ?? null })),
    }
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createAccessTokenValidator)
    const ownerId = payload.userId ?? ctx.auth.user!.id
    await ctx.bouncer.with(AccessTokenPolicy).authorize('createFor', ownerId)
    const owner = await User.findOrFail(ownerId)
    const token = await User.accessTokens.create(owner, ['*'], {
      name: payload.name,
      expiresIn: `${payload.expiresInDays ?? 365} days`,
    })
    await this.audit.record(AuditService.actorOf(ctx), {
      action: 'token.create',
      subjectType: 'access_token',
      subjectId: String(token.identifier),
      details: { name: payload.name, userId: owner.id },
    })
    const row: TokenRow = await db
      .from('auth_access_tokens')
      .where('id', Number(token.identifier))
      .firstOrFail()
    return ctx.response.created({ ...present(row), token: token.value!.release() })
  }

  async update(ctx: HttpContext) {
    const row = await this.findAuthorized(ctx)
    const { name } = await ctx.request.validateUsing(updateAccessTokenValidator)
    await db.from('auth_access_tokens').where('id', row.id).update({ name, updated_at: sqlTime() })
    await this.audit.record(AuditService.actorOf(ctx), {
      action: 'token.update',
      subjectType: 'access_token',
      subjectId: row.id,
    })
    return present({ ...row, name })
  }

  /**
   * Revokes a token: it stops working at once.
   */
  async destroy(ctx: HttpContext) {
    const row = await this.findAuthorized(ctx)
    await db.from('auth_access_tokens').where('id', row.id).delete()
    await this.audit.record(AuditService.actorOf(ctx), {
      action: 'token.revoke',
      subjectType: 'access_token',
      subjectId: row.id,
    })
    return ctx.response.noContent()
  }

  protected async findAuthorized(ctx: HttpContext): Promise<TokenRow> {
    const row: TokenRow | null = await db
      .from('auth_access_tokens')
      .where('id', Number(ctx.params.id))
      .first()
    if (!row) throw new NotFoundException(`Access token ${ctx.params.id} not found`)
    await ctx.bouncer.with(AccessTokenPolicy).authorize('manage', { tokenableId: row.tokenable_id })
    return row
  }
}

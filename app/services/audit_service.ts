import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { HttpContext } from '@adonisjs/core/http'
import { sqlTime } from '#services/sql_time'

/**
 * Who did something, as recorded in the audit trail.
 */
export interface AuditActor {
  id: number | null
  email: string | null
  ip?: string | null
  requestId?: string | null
}

/**
 * One audit entry to append.
 */
export interface AuditEntry {
  action: string
  subjectType?: string
  subjectId?: string | number
  details?: Record<string, unknown>
}

/**
 * Appends to the audit trail: who did what to which resource, when and
 * from where. Callers never pass a secret's value in `details`.
 */
export default class AuditService {
  /**
   * The actor of an HTTP request (the signed-in user, the client's IP and
   * the request id).
   */
  static actorOf(ctx: HttpContext): AuditActor {
    const user = ctx.auth?.user
    return {
      id: user?.id ?? null,
      email: user?.email ?? null,
      ip: ctx.request.ip(),
      requestId: ctx.request.id() ?? null,
    }
  }

  async record(actor: AuditActor, entry: AuditEntry, trx?: TransactionClientContract) {
    const client = trx ?? db
    await client.table('audit_logs').insert({
      actor_id: actor.id,
      actor_email: actor.email,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
      created_at: sqlTime(),
    })
  }
}

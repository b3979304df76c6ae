import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { listAuditLogsValidator } from '#validators/audit_log_validator'
import { isoTime, sqlTime } from '#services/sql_time'

interface AuditRow {
  id: number | string
  actor_id: number | null
  actor_email: string | null
  action: string
  subject_type: string | null
  subject_id: string | null
  details: string | null
  ip: string | null
  request_id: string | null
  created_at: string | Date
}

function present(row: AuditRow) {
  return {
    id: Number(row.id),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details ? JSON.parse(row.details) : null,
    ip: row.ip,
    requestId: row.request_id,
    createdAt: isoTime(row.created_at),
  }
}

function csvCell(value: unknown) {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The audit trail: who did what, when; filterable, exportable as CSV.
 */
export default class AuditLogsController {
  async index({ request, response }: HttpContext) {
    const filters = await request.validateUsing(listAuditLogsValidator, { data: request.qs() })
    const query = db.from('audit_logs').orderBy('id', 'desc')
    if (filters.actor)
      query.whereRaw('lower(actor_email) like ?', [`%${filters.actor.toLowerCase()}%`])
    if (filters.action) query.where('action', 'like', `${filters.action}%`)
    if (filters.subjectType) query.where('subject_type', filters.subjectType)
    if (filters.subjectId) query.where('subject_id', filters.subjectId)
    if (filters.from) query.where('created_at', '>=', sqlTime(filters.from))
    if (filters.to) query.where('created_at', '<', sqlTime(filters.to))

    if (filters.format === 'csv') {
      const rows: AuditRow[] = await query.limit(100_000)
      const header = [
        'id',
        'createdAt',
        'actorEmail',
        'action',
        'subjectType',
        'subjectId',
        'details',
        'ip',
        'requestId',
      ]
      const lines = rows
        .map(present)
        .map((entry) =>
          [
            entry.id,
            entry.createdAt,
            entry.actorEmail,
            entry.action,
            entry.subjectType,
            entry.subjectId,
            entry.details,
            entry.ip,
            entry.requestId,
          ]
            .map(csvCell)
            .join(',')
        )
      response.header('content-type', 'text/csv; charset=utf-8')
      response.header('content-disposition', 'attachment; filename="audit-log.csv"')
      return '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n'
    }

    const page = filters.page ?? 1
    const perPage = filters.perPage ?? 50
    const total = await query.clone().clearOrder().count('* as total').first()
    const rows: AuditRow[] = await query.offset((page - 1) * perPage).limit(perPage)
    return {
      items: rows.map(present),
      page: {
        total: Number(total?.total ?? 0),
        page,
        perPage,
        lastPage: Math.max(1, Math.ceil(Number(total?.total ?? 0) / perPage)),
      },
    }
  }
}

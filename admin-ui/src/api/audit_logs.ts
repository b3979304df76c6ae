import { queryString, request } from './http'

/**
 * One entry of the audit trail: who did what to which subject, when, from where.
 */
export interface AuditLogEntry {
  id: number
  actorId: number | null
  actorEmail: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  details: Record<string, unknown> | null
  ip: string | null
  requestId: string | null
  createdAt: string
}

/**
 * Filters of the audit log; `action` is a prefix (`user.` matches every
 * user action); `from` (inclusive) and `to` (exclusive) are ISO instants.
 */
export interface AuditLogFilters {
  actor?: string
  action?: string
  subjectType?: string
  subjectId?: string
  from?: string
  to?: string
  page?: number
  perPage?: number
}

/**
 * The pagination block of the audit log (it has no `lastPage`).
 */
export interface AuditLogPage {
  total: number
  page: number
  perPage: number
}

/**
 * `GET /api/audit-logs`: one page of entries, newest first.
 */
export function listAuditLogs(filters: AuditLogFilters = {}) {
  return request<{ items: AuditLogEntry[]; page: AuditLogPage }>(
    'GET',
    `/api/audit-logs${queryString({ ...filters })}`
  )
}

/**
 * The address of the CSV export of the entries matching the filters
 * (without pagination), for a download link.
 */
export function auditLogCsvUrl(filters: AuditLogFilters = {}) {
  return `/api/audit-logs${queryString({ ...filters, page: undefined, perPage: undefined, format: 'csv' })}`
}

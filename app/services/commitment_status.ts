import { engineClock } from '#services/engine_clock'
import { DateTime } from 'luxon'
import { CALENDAR_ZONE } from '#services/business_calendar'

/** The four classes reports use. */
export const STATUS_CLASSES = [
  'completed_on_time',
  'completed_late',
  'in_progress',
  'overdue',
] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

/** Where a commitment is in its follow-up process. */
export const COMMITMENT_STATUSES = [
  'registered',
  'in_progress',
  'awaiting_verification',
  'completed',
  'cancelled',
] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

/**
 * Now by the engine's clock (which tests and `PUT /v2/clock` may move), so reminders,
 * overdue classes and dashboards agree with the timers.
 */
export async function engineNow(): Promise<DateTime> {
  return DateTime.fromMillis((await engineClock()).now(), { zone: CALENDAR_ZONE })
}

/** Today (YYYY-MM-DD) in Asia/Ho_Chi_Minh by the engine's clock. */
export async function today(): Promise<string> {
  return (await engineNow()).toISODate()!
}

/** The report class of a commitment; `null` for a cancelled one. */
export function statusClassOf(
  row: { status: string; deadline: string; completed_on: string | null },
  on: string
): StatusClass | null {
  if (row.status === 'cancelled') return null
  if (row.status === 'completed') {
    return row.completed_on && row.completed_on > row.deadline
      ? 'completed_late'
      : 'completed_on_time'
  }
  return on > row.deadline ? 'overdue' : 'in_progress'
}

/**
 * The same class as SQL (a CASE expression over the `commitments` columns, aliased `c`),
 * with the bindings to pass, for filters and dashboard counts on both databases.
 */
export function statusClassSql(on: string, alias = 'c'): { sql: string; bindings: string[] } {
  return {
    sql:
      `CASE WHEN ${alias}.status = 'cancelled' THEN NULL ` +
      `WHEN ${alias}.status = 'completed' AND ${alias}.completed_on > ${alias}.deadline THEN 'completed_late' ` +
      `WHEN ${alias}.status = 'completed' THEN 'completed_on_time' ` +
      `WHEN ? > ${alias}.deadline THEN 'overdue' ELSE 'in_progress' END`,
    bindings: [on],
  }
}

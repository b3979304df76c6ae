import type { StatusClass } from '../../api/commitments'

/** The badge look of a report class. */
export function classBadge(statusClass: StatusClass | null) {
  return {
    'badge--success': statusClass === 'completed_on_time',
    'badge--accent': statusClass === 'completed_late',
    'badge--danger': statusClass === 'overdue',
    'badge--muted': statusClass === null,
  }
}

/** A comma-separated list typed by a user, as a clean array (empty items dropped). */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

/** Today as YYYY-MM-DD in Asia/Ho_Chi_Minh. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now)
}

/**
 * The field errors of a failed call (first message per field), or `null` when the failure
 * names no field (shown as a toast instead).
 */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  const byField = (error as { fieldErrors?: Record<string, string[]> }).fieldErrors
  if (!byField || Object.keys(byField).length === 0) return null
  return Object.fromEntries(
    Object.entries(byField).map(([field, messages]) => [field, messages[0]])
  )
}

import { DateTime } from 'luxon'
/**
 * The custom headers Zeebe puts on a job-based user task
 * (`io.camunda.zeebe:userTask` jobs); the embedded engine writes the same.
 */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask'

export const USER_TASK_HEADERS = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  formId: 'io.camunda.zeebe:formId',
  formBinding: 'io.camunda.zeebe:formBindingType',
  formVersionTag: 'io.camunda.zeebe:formVersionTag',
  priority: 'io.camunda.zeebe:priority',
  name: 'io.camunda.zeebe:name',
} as const

/**
 * What the inbox reads from a user task job's headers.
 */
export interface UserTaskAssignment {
  assignee: string | null
  candidateGroups: string[]
  candidateUsers: string[]
  dueDate: Date | null
  followUpDate: Date | null
  priority: number
  formKey: string | null
  formId: string | null
  formBinding: string | null
  formVersionTag: string | null
}

/**
 * A list header: a JSON array (as Zeebe writes it) or comma-separated text.
 */
export function listHeader(value: string | undefined): string[] {
  if (!value) return []
  const text = value.trim()
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text)
      if (Array.isArray(parsed)) return parsed.map((item) => String(item).trim()).filter(Boolean)
    } catch {
      // not JSON after all: fall through to comma-separated
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/**
 * A due or follow-up date as FEEL writes it: ISO 8601 with an offset, optionally followed by the
 * zone id in brackets (`2026-04-21T17:00:00+07:00[Asia/Ho_Chi_Minh]`), or a local date-time with
 * only the zone id (`2026-04-21T17:00:00@Asia/Ho_Chi_Minh`, `…[Asia/Ho_Chi_Minh]`).
 */
export function dateHeader(value: string | undefined): Date | null {
  if (!value) return null
  const zoned = /^(.*?)(?:\[([^\]]+)\]|@([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*))$/.exec(value.trim())
  const parsed = zoned
    ? DateTime.fromISO(zoned[1], { zone: zoned[2] ?? zoned[3], setZone: false })
    : DateTime.fromISO(value.trim())
  if (parsed.isValid) return parsed.toJSDate()
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * Reads the assignment, schedule, priority and form of a user task from
 * its job's custom headers.
 */
export function readUserTaskHeaders(headers: Record<string, unknown>): UserTaskAssignment {
  const text = (name: string) => {
    const value = headers[name]
    return value === undefined || value === null || value === '' ? undefined : String(value)
  }
  const priority = Number(text(USER_TASK_HEADERS.priority) ?? 50)
  return {
    assignee: text(USER_TASK_HEADERS.assignee)?.toLowerCase() ?? null,
    candidateGroups: listHeader(text(USER_TASK_HEADERS.candidateGroups)),
    candidateUsers: listHeader(text(USER_TASK_HEADERS.candidateUsers)).map((user) =>
      user.toLowerCase()
    ),
    dueDate: dateHeader(text(USER_TASK_HEADERS.dueDate)),
    followUpDate: dateHeader(text(USER_TASK_HEADERS.followUpDate)),
    priority: Number.isFinite(priority) ? Math.max(0, Math.min(100, Math.round(priority))) : 50,
    formKey: text(USER_TASK_HEADERS.formKey) ?? null,
    formId: text(USER_TASK_HEADERS.formId) ?? null,
    formBinding: text(USER_TASK_HEADERS.formBinding) ?? null,
    formVersionTag: text(USER_TASK_HEADERS.formVersionTag) ?? null,
  }
}

import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../../format/date_time'
import type { TaskFilters, TaskQueue } from '../../api/tasks'

/**
 * How close a task's deadline is: without one; overdue by `days` (0: due
 * earlier today); due today; due in `days` days. `tone` says how to colour
 * it: danger when overdue, warning when due within two days.
 */
export interface DeadlineStatus {
  kind: 'none' | 'overdue' | 'today' | 'upcoming'
  days: number
  tone: 'danger' | 'warning' | 'neutral'
  /** Whether `days` counts working days (the business calendar) or calendar days. */
  workingDays?: boolean
}

/**
 * Whether a calendar day (`YYYY-MM-DD`) is worked, from the business
 * calendar; without one, deadlines count calendar days.
 */
export type WorkingDayTest = (day: string) => boolean

/**
 * A working-day test from the business calendar's years
 * (`GET /api/calendar/{year}`): Monday to Friday, minus the days off, plus
 * the make-up working days.
 */
export function workingDayTest(
  years: readonly { daysOff: { date: string }[]; workingDays: { date: string }[] }[]
): WorkingDayTest {
  const off = new Set(years.flatMap((year) => year.daysOff.map((day) => day.date)))
  const on = new Set(years.flatMap((year) => year.workingDays.map((day) => day.date)))
  return (day) => {
    if (on.has(day)) return true
    if (off.has(day)) return false
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    return weekday !== 0 && weekday !== 6
  }
}

function dayText(dayNumber: number) {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)
}

/** The working days in (after, upTo]. */
function workingDaysIn(after: number, upTo: number, isWorkingDay: WorkingDayTest) {
  let count = 0
  for (let day = after + 1; day <= upTo; day++) if (isWorkingDay(dayText(day))) count++
  return count
}

/** A deadline this many days away or closer is shown as a warning. */
export const DUE_SOON_DAYS = 2

/**
 * The calendar day of an instant in `timeZone`, as a day number (days
 * since 1970-01-01 in that zone).
 */
export function zonedDayNumber(instant: Date, timeZone: string): number {
  const zone = isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant)
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value)
  return Math.floor(Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000)
}

/**
 * The status of a deadline at `now`, counted in calendar days of
 * `timeZone` (Asia/Ho_Chi_Minh unless the user chose another): a task due
 * tomorrow at 08:00 is "due in 1 day" all of today; one due yesterday is
 * "overdue by 1 day". (Working days need the business calendar; until the
 * server offers one, days are calendar days.)
 */
export function deadlineStatus(
  due: string | null | undefined,
  now: Date = new Date(),
  timeZone: string = DEFAULT_TIME_ZONE,
  isWorkingDay?: WorkingDayTest | null
): DeadlineStatus {
  if (!due) return { kind: 'none', days: 0, tone: 'neutral' }
  const instant = new Date(due)
  if (Number.isNaN(instant.getTime())) return { kind: 'none', days: 0, tone: 'neutral' }
  const dueDay = zonedDayNumber(instant, timeZone)
  const today = zonedDayNumber(now, timeZone)
  const workingDays = Boolean(isWorkingDay)
  const count = (after: number, upTo: number) =>
    isWorkingDay ? workingDaysIn(after, upTo, isWorkingDay) : Math.max(0, upTo - after)
  if (instant.getTime() < now.getTime()) {
    return { kind: 'overdue', days: count(dueDay, today), tone: 'danger', workingDays }
  }
  if (dueDay === today) return { kind: 'today', days: 0, tone: 'warning', workingDays }
  const days = count(today, dueDay)
  return {
    kind: 'upcoming',
    days,
    tone: days <= DUE_SOON_DAYS ? 'warning' : 'neutral',
    workingDays,
  }
}

/**
 * The message key and parameters that say a deadline status in words
 * (`inbox.deadline.*` of the operations messages).
 */
export function deadlineMessage(status: DeadlineStatus): {
  key: string
  params: Record<string, number>
} {
  switch (status.kind) {
    case 'none':
      return { key: 'operations.inbox.deadline.none', params: {} }
    case 'today':
      return { key: 'operations.inbox.deadline.today', params: {} }
    case 'overdue': {
      if (status.days === 0) return { key: 'operations.inbox.deadline.overdueToday', params: {} }
      const unit = status.workingDays ? 'Working' : ''
      return {
        key: `operations.inbox.deadline.overdue${unit}${status.days === 1 ? 'One' : ''}`,
        params: { days: status.days },
      }
    }
    default: {
      // due on a day off after the last working day before it: due "in 0 working days"
      if (status.days === 0) return { key: 'operations.inbox.deadline.nextWorkingDay', params: {} }
      const unit = status.workingDays ? 'Working' : ''
      return {
        key: `operations.inbox.deadline.due${unit}${status.days === 1 ? 'One' : ''}`,
        params: { days: status.days },
      }
    }
  }
}

interface SchemaComponent {
  id?: string
  key?: string
  path?: string
  type?: string
  components?: SchemaComponent[]
}

/**
 * form-js keeps validation errors by field id; the server names fields by
 * their key (with the path of enclosing groups: `applicant.name`). Maps
 * the server's `{ key: [messages] }` to form-js's `{ id: [messages] }`;
 * answers the entries no field shows too, to list them above the form.
 */
export function fieldErrorsById(
  schema: { components?: SchemaComponent[] } | null | undefined,
  errors: Record<string, string[]>
): { byId: Record<string, string[]>; unmatched: Record<string, string[]> } {
  const idByPath = new Map<string, string>()
  const walk = (components: SchemaComponent[] | undefined, prefix: string[]) => {
    for (const component of components ?? []) {
      const path = component.path ? [...prefix, ...component.path.split('.')] : prefix
      if (component.key && component.id) {
        const full = [...prefix, ...component.key.split('.')].join('.')
        idByPath.set(full, component.id)
        if (!idByPath.has(component.key)) idByPath.set(component.key, component.id)
      }
      if (component.components) walk(component.components, path)
    }
  }
  walk(schema?.components, [])
  const byId: Record<string, string[]> = {}
  const unmatched: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(errors)) {
    const id = idByPath.get(field)
    if (id) byId[id] = [...(byId[id] ?? []), ...messages]
    else unmatched[field] = messages
  }
  return { byId, unmatched }
}

/**
 * A saved inbox view: a queue with its filters and sort, under a name.
 */
export interface SavedView {
  name: string
  queue: TaskQueue
  filters: Pick<
    TaskFilters,
    'q' | 'processDefinitionId' | 'priorityMin' | 'state' | 'sort' | 'order'
  >
}

const VIEWS_KEY = 'senflow.inbox.views'

/**
 * The saved views of a user, kept in this browser (per user id).
 */
export function readSavedViews(userId: number, storage: Storage = localStorage): SavedView[] {
  try {
    const value = JSON.parse(storage.getItem(`${VIEWS_KEY}.${userId}`) ?? '[]') as unknown
    return Array.isArray(value)
      ? value.filter(
          (view): view is SavedView =>
            typeof view === 'object' &&
            view !== null &&
            typeof (view as SavedView).name === 'string' &&
            typeof (view as SavedView).queue === 'string'
        )
      : []
  } catch {
    return []
  }
}

/**
 * Saves (or replaces, by name) a view of a user; answers the new list.
 */
export function saveView(
  userId: number,
  view: SavedView,
  storage: Storage = localStorage
): SavedView[] {
  const views = readSavedViews(userId, storage).filter((existing) => existing.name !== view.name)
  views.push(view)
  views.sort((a, b) => a.name.localeCompare(b.name))
  storage.setItem(`${VIEWS_KEY}.${userId}`, JSON.stringify(views))
  return views
}

/**
 * Deletes a saved view by name; answers the new list.
 */
export function deleteView(userId: number, name: string, storage: Storage = localStorage) {
  const views = readSavedViews(userId, storage).filter((existing) => existing.name !== name)
  storage.setItem(`${VIEWS_KEY}.${userId}`, JSON.stringify(views))
  return views
}

import { DateTime } from 'luxon'

/**
 * The business calendar as dossiers use it: working days in
 * Asia/Ho_Chi_Minh. It is the app's business calendar
 * (`#services/business_calendar`: Vietnamese public holidays and make-up
 * working days, configured by administrators); should that module be
 * missing from a build, Saturdays and Sundays are the only days off.
 */
export interface WorkingDays {
  addWorkingDays(date: DateTime, days: number): Promise<DateTime>
  workingDaysBetween(from: DateTime, to: DateTime): Promise<number>
}

const ZONE = 'Asia/Ho_Chi_Minh'

/** Weekends only: the fallback. */
const weekendsOnly: WorkingDays = {
  async addWorkingDays(date, days) {
    let current = date.setZone(ZONE)
    let left = days
    while (left > 0) {
      current = current.plus({ days: 1 })
      if (current.weekday <= 5) left--
    }
    return current.toUTC()
  },
  async workingDaysBetween(from, to) {
    let current = from.setZone(ZONE).startOf('day')
    const end = to.setZone(ZONE).startOf('day')
    let count = 0
    while (current < end) {
      current = current.plus({ days: 1 })
      if (current.weekday <= 5) count++
    }
    return count
  },
}

let resolved: WorkingDays | null = null

/**
 * The working-day arithmetic in use (the business calendar when present).
 */
export async function workingDays(): Promise<WorkingDays> {
  if (resolved) return resolved
  const specifier = '#services/business_calendar'
  try {
    const module = (await import(specifier)) as {
      businessCalendar?: {
        addWorkingDays(date: unknown, n: number): Promise<DateTime | Date | string>
        workingDaysBetween(a: unknown, b: unknown): Promise<number>
      }
    }
    const calendar = module.businessCalendar
    if (calendar) {
      resolved = {
        async addWorkingDays(date, days) {
          return toDateTime(await calendar.addWorkingDays(date, days))
        },
        workingDaysBetween: (from, to) => calendar.workingDaysBetween(from, to),
      }
      return resolved
    }
  } catch {
    // no business calendar in this build: weekends only
  }
  resolved = weekendsOnly
  return resolved
}

function toDateTime(value: DateTime | Date | string): DateTime {
  if (DateTime.isDateTime(value)) return value.toUTC()
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: 'utc' })
  return DateTime.fromISO(value, { zone: 'utc' })
}

/** `date` plus `days` working days. */
export async function addWorkingDays(date: DateTime, days: number): Promise<DateTime> {
  return (await workingDays()).addWorkingDays(date, days)
}

/** The working days from `from` to `to` (0 when `to` is not later). */
export async function workingDaysBetween(from: DateTime, to: DateTime): Promise<number> {
  if (to <= from) return 0
  return (await workingDays()).workingDaysBetween(from, to)
}

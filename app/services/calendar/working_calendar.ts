import { FIXED_SOLAR_HOLIDAYS, type CalendarDay } from '#services/calendar/vn_holidays'

/** A year's departures from the Monday–Friday week. */
export interface YearDays {
  daysOff: CalendarDay[]
  workingDays: CalendarDay[]
}

/** The most working days one call may add or count, about 40 years. */
export const MAX_WORKING_DAYS = 10_000

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real date. */
export function dayNumber(iso: string): number {
  const match = ISO_DATE.exec(iso)
  if (!match) throw new Error(`'${iso}' is not a date (expected YYYY-MM-DD)`)
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const time = Date.UTC(year, month - 1, day)
  const check = new Date(time)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`'${iso}' is not a date of the calendar`)
  }
  return Math.round(time / DAY_MS)
}

/** The ISO date of a day number. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

/**
 * The working days of a calendar: Monday to Friday, minus each year's days off, plus its
 * make-up working days. Pure and synchronous (FEEL functions call it); built from the
 * shipped defaults and the administrator's configuration by the business calendar.
 *
 * Counting follows the legal reading of "within N working days": the day a period starts
 * from is not counted; `addWorkingDays(d, n)` is the n-th working day after `d` (before it
 * for a negative n), and `workingDaysBetween(a, b)` counts the working days in (a, b].
 */
export class WorkingCalendar {
  readonly #years = new Map<number, { off: Set<number>; worked: Set<number> }>()

  constructor(
    private readonly years: ReadonlyMap<number, YearDays>,
    private readonly fallback: (year: number) => YearDays = solarHolidaysOf
  ) {}

  /** Whether people work on that day. */
  isWorkingDay(iso: string): boolean {
    return this.#isWorking(dayNumber(iso))
  }

  /** The n-th working day after the date (n < 0: before it; 0: the date itself). */
  addWorkingDays(iso: string, n: number): string {
    checkCount(n)
    let day = dayNumber(iso)
    const step = n < 0 ? -1 : 1
    for (let left = Math.abs(n); left > 0;) {
      day += step
      if (this.#isWorking(day)) left--
    }
    return isoOf(day)
  }

  /** Working days in (a, b]; negative when b is before a. */
  workingDaysBetween(a: string, b: string): number {
    const from = dayNumber(a)
    const to = dayNumber(b)
    if (to < from) return -this.workingDaysBetween(b, a)
    if (to - from > MAX_WORKING_DAYS * 2) {
      throw new Error(`the dates ${a} and ${b} are more than ${MAX_WORKING_DAYS * 2} days apart`)
    }
    let count = 0
    for (let day = from + 1; day <= to; day++) if (this.#isWorking(day)) count++
    return count
  }

  /** Days off and make-up days of a year, as they apply (defaults or configuration). */
  daysOf(year: number): YearDays {
    return this.years.get(year) ?? this.fallback(year)
  }

  #isWorking(day: number): boolean {
    const year = Number(isoOf(day).slice(0, 4))
    const sets = this.#setsOf(year)
    if (sets.worked.has(day)) return true
    if (sets.off.has(day)) return false
    const weekday = weekdayOf(day)
    return weekday !== 0 && weekday !== 6
  }

  #setsOf(year: number) {
    let sets = this.#years.get(year)
    if (!sets) {
      const days = this.daysOf(year)
      sets = {
        off: new Set(days.daysOff.map((entry) => dayNumber(entry.date))),
        worked: new Set(days.workingDays.map((entry) => dayNumber(entry.date))),
      }
      this.#years.set(year, sets)
    }
    return sets
  }
}

function checkCount(n: number) {
  if (!Number.isInteger(n))
    throw new Error(`the number of working days must be an integer, not ${n}`)
  if (Math.abs(n) > MAX_WORKING_DAYS) {
    throw new Error(
      `the number of working days must be between -${MAX_WORKING_DAYS} and ${MAX_WORKING_DAYS}`
    )
  }
}

/**
 * A year nobody configured: the solar-calendar holidays, each moved to the next free
 * weekday when it falls on a weekend or on another holiday.
 */
export function solarHolidaysOf(year: number): YearDays {
  const prefix = String(year).padStart(4, '0')
  const holidays = FIXED_SOLAR_HOLIDAYS.map((holiday) => ({
    day: dayNumber(`${prefix}-${holiday.monthDay}`),
    name: holiday.name,
  }))
  const isWeekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6
  const taken = new Set(holidays.filter((holiday) => !isWeekend(holiday.day)).map((h) => h.day))
  const daysOff: CalendarDay[] = []
  for (const holiday of holidays) {
    if (!isWeekend(holiday.day)) {
      daysOff.push({ date: isoOf(holiday.day), name: holiday.name })
      continue
    }
    let day = holiday.day
    while (isWeekend(day) || taken.has(day)) day++
    taken.add(day)
    daysOff.push({ date: isoOf(day), name: `Nghỉ bù ${holiday.name}` })
  }
  return { daysOff: daysOff.sort((a, b) => a.date.localeCompare(b.date)), workingDays: [] }
}

import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuditService, { type AuditActor } from '#services/audit_service'
import { isoTime, sqlTime } from '#services/sql_time'
import { VN_HOLIDAYS, type CalendarDay } from '#services/calendar/vn_holidays'
import {
  WorkingCalendar,
  dayNumber,
  solarHolidaysOf,
  type YearDays,
} from '#services/calendar/working_calendar'
import { ConflictException, UnprocessableException } from '#exceptions/api_exception'

/** Deadlines and working days are reckoned in Vietnam's time zone. */
export const CALENDAR_ZONE = 'Asia/Ho_Chi_Minh'

/** A date as callers have it: a Luxon DateTime, a JS Date or an ISO string. */
export type DateInput = DateTime | Date | string

/** How long another process's change may go unseen by the asynchronous methods. */
const RELOAD_AFTER_MS = 30_000

/** The first and last years an administrator may configure. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 }

/** A year of the calendar as the API shows it. */
export interface CalendarYearView {
  year: number
  /** `configured` by an administrator, shipped `default`s, or `rules` (solar holidays only). */
  source: 'configured' | 'default' | 'rules'
  provisional: boolean
  basis: string | null
  note: string | null
  daysOff: CalendarDay[]
  workingDays: CalendarDay[]
  /** Working days in the year. */
  workingDayCount: number
  revision: number
  updatedBy: string | null
  updatedAt: string | null
}

/** What an administrator sets for a year. */
export interface CalendarYearInput {
  daysOff: CalendarDay[]
  workingDays: CalendarDay[]
  note?: string | null
  revision?: number
}

/** Reads any accepted date input as a DateTime in Asia/Ho_Chi_Minh; throws naming the value. */
export function toCalendarTime(input: DateInput): DateTime {
  let value: DateTime
  if (DateTime.isDateTime(input)) value = input
  else if (input instanceof Date) value = DateTime.fromJSDate(input)
  else if (typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.trim())) {
    value = DateTime.fromISO(input.trim(), { zone: CALENDAR_ZONE })
  } else if (typeof input === 'string') {
    value = DateTime.fromISO(input.trim().replace(/\[[^\]]+\]$/, ''), { setZone: true })
  } else {
    throw new Error(`expected a date, got ${JSON.stringify(input)}`)
  }
  if (!value.isValid) throw new Error(`'${String(input)}' is not a date or date-time`)
  return value.setZone(CALENDAR_ZONE)
}

/**
 * The business calendar: Monday to Friday minus Vietnamese public holidays, plus make-up
 * working days, per year either as shipped (`calendar/vn_holidays.ts`) or as an
 * administrator configured it (`calendar_years`). Kept in memory: the synchronous methods
 * (used by FEEL functions) read the last loaded calendar; the asynchronous ones reload it
 * when it is older than 30 seconds, and a change made here reloads it at once.
 */
export class BusinessCalendar {
  #calendar = new WorkingCalendar(defaultYears())
  #loadedAt = 0
  #loading: Promise<void> | null = null

  /** Reads the configured years from the database. */
  async load(): Promise<void> {
    if (!this.#loading) {
      this.#loading = (async () => {
        const rows = await db.from('calendar_years').select('year', 'days_off', 'working_days')
        const years = defaultYears()
        for (const row of rows) {
          years.set(Number(row.year), {
            daysOff: JSON.parse(row.days_off),
            workingDays: JSON.parse(row.working_days),
          })
        }
        this.#calendar = new WorkingCalendar(years)
        this.#loadedAt = Date.now()
      })().finally(() => (this.#loading = null))
    }
    await this.#loading
  }

  /**
   * The calendar, reloaded when older than 30 seconds. Only the first load is awaited: later
   * reloads run in the background and this call answers from memory, because callers may hold
   * a transaction (on SQLite, the only connection): awaiting a query on the pool from inside one
   * would wait for that transaction to end, which never comes.
   */
  async #fresh(): Promise<WorkingCalendar> {
    if (this.#loadedAt === 0) {
      await this.load()
    } else if (Date.now() - this.#loadedAt > RELOAD_AFTER_MS) {
      this.load().catch(() => {
        // the calendar in memory stays in use; the next call tries again
      })
    }
    return this.#calendar
  }

  /** The n-th working day after the date (before it when n < 0), keeping the time of day. */
  async addWorkingDays(date: DateInput, n: number): Promise<DateTime> {
    await this.#fresh()
    return this.addWorkingDaysSync(date, n)
  }

  /** Working days after a and up to b (negative when b is before a). */
  async workingDaysBetween(a: DateInput, b: DateInput): Promise<number> {
    await this.#fresh()
    return this.workingDaysBetweenSync(a, b)
  }

  /** Whether the date (in Asia/Ho_Chi_Minh) is a working day. */
  async isWorkingDay(date: DateInput): Promise<boolean> {
    await this.#fresh()
    return this.isWorkingDaySync(date)
  }

  /** As `addWorkingDays`, from the calendar in memory. */
  addWorkingDaysSync(date: DateInput, n: number): DateTime {
    const start = toCalendarTime(date)
    const target = DateTime.fromISO(this.#calendar.addWorkingDays(start.toISODate()!, n), {
      zone: CALENDAR_ZONE,
    })
    return start.set({ year: target.year, month: target.month, day: target.day })
  }

  /** As `workingDaysBetween`, from the calendar in memory. */
  workingDaysBetweenSync(a: DateInput, b: DateInput): number {
    return this.#calendar.workingDaysBetween(
      toCalendarTime(a).toISODate()!,
      toCalendarTime(b).toISODate()!
    )
  }

  /** As `isWorkingDay`, from the calendar in memory. */
  isWorkingDaySync(date: DateInput): boolean {
    return this.#calendar.isWorkingDay(toCalendarTime(date).toISODate()!)
  }

  /** A year as it applies, with where its days come from. */
  async year(year: number): Promise<CalendarYearView> {
    checkYear(year)
    const row = await db.from('calendar_years').where('year', year).first()
    const shipped = VN_HOLIDAYS[year]
    const days: YearDays = row
      ? { daysOff: JSON.parse(row.days_off), workingDays: JSON.parse(row.working_days) }
      : (shipped ?? solarHolidaysOf(year))
    const probe = new WorkingCalendar(new Map([[year, days]]))
    const updatedBy = row?.updated_by
      ? ((await db.from('users').where('id', row.updated_by).select('email').first())?.email ??
        null)
      : null
    return {
      year,
      source: row ? 'configured' : shipped ? 'default' : 'rules',
      provisional: row ? false : (shipped?.provisional ?? true),
      basis: shipped?.basis ?? null,
      note: row?.note ?? null,
      daysOff: sortDays(days.daysOff),
      workingDays: sortDays(days.workingDays),
      workingDayCount: probe.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`),
      revision: row ? Number(row.revision) : 0,
      updatedBy,
      updatedAt: row ? isoTime(row.updated_at) : null,
    }
  }

  /**
   * Sets a year's days off and make-up working days (replacing the shipped defaults for
   * that year), audited. `revision`, when given, must be the one last read (409 otherwise).
   */
  async configureYear(
    year: number,
    input: CalendarYearInput,
    actor: AuditActor
  ): Promise<CalendarYearView> {
    checkYear(year)
    const daysOff = checkDays(year, input.daysOff, 'daysOff', false)
    const workingDays = checkDays(year, input.workingDays, 'workingDays', true)
    const both = new Set(daysOff.map((day) => day.date))
    workingDays.forEach((day, index) => {
      if (both.has(day.date)) {
        throw new UnprocessableException(
          `${day.date} is both a day off and a working day`,
          `workingDays.${index}.date`
        )
      }
    })
    await db.transaction(async (trx) => {
      const row = await trx.from('calendar_years').where('year', year).first()
      const current = row ? Number(row.revision) : 0
      if (input.revision !== undefined && input.revision !== current) {
        throw new ConflictException(
          `the calendar of ${year} was changed meanwhile (revision ${current}, not ${input.revision}); reload it`,
          'revision'
        )
      }
      const values = {
        days_off: JSON.stringify(daysOff),
        working_days: JSON.stringify(workingDays),
        note: input.note ?? null,
        revision: current + 1,
        updated_by: actor.id,
        updated_at: sqlTime(),
      }
      if (row) await trx.from('calendar_years').where('year', year).update(values)
      else await trx.table('calendar_years').insert({ year, created_at: sqlTime(), ...values })
      await new AuditService().record(
        actor,
        {
          action: 'calendar.configure',
          subjectType: 'calendar_year',
          subjectId: year,
          details: {
            daysOff: daysOff.map((day) => day.date),
            workingDays: workingDays.map((day) => day.date),
            previous: row
              ? {
                  daysOff: JSON.parse(row.days_off).map((day: CalendarDay) => day.date),
                  workingDays: JSON.parse(row.working_days).map((day: CalendarDay) => day.date),
                }
              : 'default',
          },
        },
        trx
      )
    })
    await this.load()
    return this.year(year)
  }

  /** Drops an administrator's configuration: the year follows the shipped defaults again. */
  async resetYear(year: number, actor: AuditActor): Promise<CalendarYearView> {
    checkYear(year)
    await db.transaction(async (trx) => {
      const deleted = await trx.from('calendar_years').where('year', year).delete()
      if (Number(deleted) > 0) {
        await new AuditService().record(
          actor,
          { action: 'calendar.reset', subjectType: 'calendar_year', subjectId: year },
          trx
        )
      }
    })
    await this.load()
    return this.year(year)
  }
}

function defaultYears(): Map<number, YearDays> {
  return new Map(Object.values(VN_HOLIDAYS).map((entry) => [entry.year, entry]))
}

function sortDays(days: CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => a.date.localeCompare(b.date))
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) {
    throw new UnprocessableException(
      `the year must be between ${CALENDAR_YEARS.min} and ${CALENDAR_YEARS.max}`,
      'year'
    )
  }
}

/**
 * Checks a list of days: real dates of that year, each once; days off on weekdays, make-up
 * working days on weekends (anything else would change nothing).
 */
function checkDays(
  year: number,
  days: CalendarDay[],
  field: string,
  weekend: boolean
): CalendarDay[] {
  const seen = new Set<string>()
  return days.map((day, index) => {
    const at = `${field}.${index}.date`
    try {
      dayNumber(day.date)
    } catch (error) {
      throw new UnprocessableException((error as Error).message, at)
    }
    if (!day.date.startsWith(`${year}-`)) {
      throw new UnprocessableException(`${day.date} is not in ${year}`, at)
    }
    if (seen.has(day.date)) throw new UnprocessableException(`${day.date} is listed twice`, at)
    seen.add(day.date)
    const weekday = DateTime.fromISO(day.date).weekday
    const isWeekend = weekday >= 6
    if (weekend && !isWeekend) {
      throw new UnprocessableException(
        `${day.date} is a weekday: make-up working days are Saturdays or Sundays`,
        at
      )
    }
    if (!weekend && isWeekend) {
      throw new UnprocessableException(
        `${day.date} is a weekend day: list the weekday taken off instead (the compensatory day)`,
        at
      )
    }
    return { date: day.date, name: day.name.trim() }
  })
}

/** The app's one business calendar. */
export const businessCalendar = new BusinessCalendar()

import type { FeelFunction } from '@senflow/engine'
import { FeelDate, FeelDateTime, parseDate, parseDateTime } from 'feelin'
import { DateTime } from 'luxon'
import { businessCalendar, CALENDAR_ZONE } from '#services/business_calendar'

/**
 * A FEEL date or date-time argument, read as a time in Asia/Ho_Chi_Minh, with what is
 * needed to give a result of the same kind back: a `date("2025-01-24")` gives a date, a
 * `date and time(...)` a date-time in its own zone, and a variable holding an ISO string
 * the corresponding value.
 */
interface TemporalArgument {
  time: DateTime
  kind: 'date' | 'local' | 'zoned'
  /** The zone to give the result in, for a zoned date-time (`UTC`, `+07:00`, `Europe/Paris`). */
  zone: string | null
}

function readTemporal(fn: string, name: string, value: unknown): TemporalArgument {
  let temporal: unknown = value
  if (typeof value === 'string') {
    const text = value.trim()
    const zoned = /^(.*[+-]\d{2}:\d{2})\[([^\]]+)\]$/.exec(text)
    temporal = /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? parseDate(text)
      : parseDateTime(zoned ? `${zoned[1].slice(0, -6)}@${zoned[2]}` : text)
  }
  if (temporal instanceof FeelDate) {
    return {
      time: DateTime.fromISO(temporal.iso, { zone: CALENDAR_ZONE }),
      kind: 'date',
      zone: null,
    }
  }
  if (temporal instanceof FeelDateTime) {
    const wall = temporal.value.toString()
    if (temporal.zone === null) {
      return { time: DateTime.fromISO(wall, { zone: CALENDAR_ZONE }), kind: 'local', zone: null }
    }
    const zone = temporal.zone === 'Z' ? 'UTC' : temporal.zone
    const luxonZone = /^[+-]/.test(zone) ? `UTC${zone}` : zone
    const time = DateTime.fromISO(wall, { zone: luxonZone })
    if (time.isValid) return { time: time.setZone(CALENDAR_ZONE), kind: 'zoned', zone }
  }
  throw new Error(
    `${fn}: the ${name} must be a date or a date and time, not ${JSON.stringify(value)}`
  )
}

/** The result in the argument's own kind and zone. */
function toFeelTemporal(result: DateTime, like: TemporalArgument): unknown {
  if (like.kind === 'date') return parseDate(result.toISODate()!)
  const options = { suppressMilliseconds: true, includeOffset: false } as const
  if (like.kind === 'local') return parseDateTime(result.toISO(options)!)
  const zone = like.zone!
  const luxonZone = /^[+-]/.test(zone) ? `UTC${zone}` : zone
  const wall = result.setZone(luxonZone).toISO(options)!
  if (zone === 'UTC') return parseDateTime(`${wall}Z`)
  return parseDateTime(/^[+-]/.test(zone) ? `${wall}${zone}` : `${wall}@${zone}`)
}

function readCount(fn: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(
      `${fn}: the number of working days must be an integer, not ${JSON.stringify(value)}`
    )
  }
  return value
}

/**
 * `add working days(date, n)`: the n-th working day after the date (before it for a
 * negative n), keeping the time of day; `null` when the date is null.
 */
function addWorkingDays(date: unknown, n: unknown): unknown {
  const fn = 'add working days'
  if (date === null || date === undefined || n === null || n === undefined) return null
  const start = readTemporal(fn, 'date', date)
  return toFeelTemporal(businessCalendar.addWorkingDaysSync(start.time, readCount(fn, n)), start)
}

/** `working days between(from, to)`: the working days after `from` up to `to`. */
function workingDaysBetween(from: unknown, to: unknown): unknown {
  const fn = 'working days between'
  if (from === null || from === undefined || to === null || to === undefined) return null
  return businessCalendar.workingDaysBetweenSync(
    readTemporal(fn, 'first date', from).time,
    readTemporal(fn, 'second date', to).time
  )
}

/** `is working day(date)`: whether people work on that day in Asia/Ho_Chi_Minh. */
function isWorkingDay(date: unknown): unknown {
  if (date === null || date === undefined) return null
  return businessCalendar.isWorkingDaySync(readTemporal('is working day', 'date', date).time)
}

// FEEL binds arguments by the parameter names (named invocation: `add working days(date: d, n: 3)`)
Object.assign(addWorkingDays, { $args: ['date', 'n'] })
Object.assign(workingDaysBetween, { $args: ['from', 'to'] })
Object.assign(isWorkingDay, { $args: ['date'] })

/**
 * FEEL functions the product adds to every expression (timers, due dates,
 * conditions): the business calendar's working days, in Asia/Ho_Chi_Minh.
 */
export const feelFunctions: Record<string, FeelFunction> = {
  'add working days': addWorkingDays,
  'working days between': workingDaysBetween,
  'is working day': isWorkingDay,
}

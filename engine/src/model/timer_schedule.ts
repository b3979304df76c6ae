import { CronExpressionParser } from 'cron-parser'
import { DateTime, Duration } from 'luxon'
import type { JsonValue } from '../feel/feel_values.js'
import { failure, ok, type Result } from '../result.js'

/** Zeebe's marker for a cycle that repeats without end (`R/…`, cron). */
export const INFINITE_REPETITIONS = -1

/**
 * How a timer computes its next occurrence after it fired: stored with the timer (JSON) so a
 * cycle goes on after a restart without evaluating its expression again.
 */
export type TimerRecurrence =
  | { kind: 'once' }
  /** An ISO-8601 repeating interval: the interval, in the zone of its start (UTC without one). */
  | { kind: 'interval'; interval: string; zone: string }
  /** A cron expression (Spring's six fields, seconds first, or a macro such as `@daily`). */
  | { kind: 'cron'; expression: string }

/** A timer about to be created: when it is due, how often it repeats, how it recurs. */
export interface TimerSchedule {
  dueDate: number
  /** How many times it fires in all, counting this one; `INFINITE_REPETITIONS` for ever. */
  repetitions: number
  recurrence: TimerRecurrence
}

/**
 * Computes the schedule of a timer from the value of its definition (a literal or a FEEL
 * result: an ISO-8601 string, or a temporal value already turned into one), as Zeebe does:
 * - `date`: an ISO date-time (with an offset or a zone; none means UTC), due then (at once if
 *   it is past);
 * - `duration`: an ISO duration (`PT10M`, `P1D`), due that long from now;
 * - `cycle`: `R[n]/[start/]duration`, fires `n` times (for ever without `n`), first at the start
 *   (at once if it is past) or one interval from now; or a cron expression, fired at each match.
 * Durations of a day or more are calendar-based (`P1D` across a daylight-saving change keeps
 * the hour), in the zone of the cycle's start, else UTC.
 */
export function scheduleTimer(
  kind: 'date' | 'duration' | 'cycle',
  value: JsonValue,
  now: number
): Result<TimerSchedule> {
  if (typeof value !== 'string' || value.trim() === '') {
    return failure(
      'EXTRACT_VALUE_ERROR',
      `Expected the timer ${kind} to be a non-empty ISO-8601 string, but found ${JSON.stringify(value)}`
    )
  }
  const text = value.trim()
  switch (kind) {
    case 'date': {
      const date = parseDateTime(text)
      if (!date) {
        return invalid(kind, text, 'an ISO-8601 date-time such as 2026-01-01T09:00:00+07:00')
      }
      return ok({
        dueDate: Math.max(date.toMillis(), now),
        repetitions: 1,
        recurrence: { kind: 'once' },
      })
    }
    case 'duration': {
      const duration = parseDuration(text)
      if (!duration) {
        return invalid(kind, text, 'an ISO-8601 duration such as PT10M or P1D')
      }
      return ok({
        dueDate: plus(now, duration, 'UTC'),
        repetitions: 1,
        recurrence: { kind: 'once' },
      })
    }
    case 'cycle':
      return text.startsWith('R') ? repeatingInterval(text, now) : cron(text, now)
  }
}

/**
 * The next due date of a repeating timer that fired at `lastDueDate`: one interval after it,
 * or, when that is already past (the server was down for several intervals), one interval
 * after now, so a cycle fires once after downtime and keeps its rhythm (Zeebe's rule).
 */
export function nextOccurrence(
  recurrence: TimerRecurrence,
  lastDueDate: number,
  now: number
): number | null {
  switch (recurrence.kind) {
    case 'once':
      return null
    case 'interval': {
      const duration = Duration.fromISO(recurrence.interval)
      const natural = plus(lastDueDate, duration, recurrence.zone)
      return natural > now ? natural : plus(now, duration, recurrence.zone)
    }
    case 'cron':
      return nextCron(recurrence.expression, now)
  }
}

function repeatingInterval(text: string, now: number): Result<TimerSchedule> {
  const match = /^R(\d*)\/(?:([^/]+)\/)?([^/]+)$/.exec(text)
  const duration = match ? parseDuration(match[3]) : null
  const start = match?.[2] ? parseDateTime(match[2]) : null
  if (!match || !duration || (match[2] && !start)) {
    return invalid(
      'cycle',
      text,
      'a repeating interval such as R5/PT10M or R/2026-01-01T09:00:00+07:00/P1D, or a cron expression'
    )
  }
  const repetitions = match[1] === '' ? INFINITE_REPETITIONS : Number(match[1])
  const zone = start ? (start.zoneName ?? 'UTC') : 'UTC'
  const dueDate = start ? Math.max(start.toMillis(), now) : plus(now, duration, zone)
  return ok({
    dueDate,
    repetitions,
    recurrence: { kind: 'interval', interval: duration.toISO()!, zone },
  })
}

function cron(text: string, now: number): Result<TimerSchedule> {
  const dueDate = nextCron(text, now)
  if (dueDate === null) {
    return invalid(
      'cycle',
      text,
      'a repeating interval such as R5/PT10M, or a cron expression such as 0 0 9 * * MON-FRI'
    )
  }
  return ok({
    dueDate,
    repetitions: INFINITE_REPETITIONS,
    recurrence: { kind: 'cron', expression: text },
  })
}

/** The next match of a cron expression strictly after `now` (UTC), or `null` if invalid. */
function nextCron(expression: string, now: number): number | null {
  try {
    return CronExpressionParser.parse(expression, { currentDate: new Date(now), tz: 'UTC' })
      .next()
      .getTime()
  } catch {
    return null
  }
}

/** An ISO date-time with an offset or a zone (`…[Europe/Paris]`); without either, UTC. */
function parseDateTime(text: string): DateTime | null {
  const zoned = /^(.*)\[([^\]]+)\]$/.exec(text)
  const date = zoned
    ? DateTime.fromISO(zoned[1], { zone: zoned[2] })
    : DateTime.fromISO(text, { setZone: true, zone: 'UTC' })
  return date.isValid && /T/.test(text) ? date : null
}

function parseDuration(text: string): Duration | null {
  const duration = Duration.fromISO(text)
  return duration.isValid && duration.toMillis() >= 0 ? duration : null
}

/** Adds a duration to an instant: days and more on the calendar of the zone, the rest exactly. */
function plus(from: number, duration: Duration, zone: string): number {
  return DateTime.fromMillis(from, { zone }).plus(duration).toMillis()
}

function invalid(kind: string, text: string, expected: string): Result<never> {
  return failure(
    'EXTRACT_VALUE_ERROR',
    `Expected the timer ${kind} to be ${expected}, but found '${text}'`
  )
}

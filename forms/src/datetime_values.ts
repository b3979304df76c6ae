/**
 * The values of a form-js `datetime` field. The browser writes a date as
 * `2025-03-01`, a time as `14:30` plus a suffix chosen by
 * `timeSerializingFormat` (`+07:00` for `utc_offset`, `Z` for
 * `utc_normalized`, nothing for `no_timezone` or when unset), and a date
 * and time as both joined by `T`. The server accepts exactly these texts
 * from a client, and reads data a form is opened with as leniently as
 * form-js does.
 */
import { DateTime } from 'luxon'
import type { FormComponent } from './schema_types.js'

/** The subtype of a datetime field: form-js's default is `date`. */
export function datetimeSubtype(component: FormComponent): 'date' | 'time' | 'datetime' {
  return component.subtype ?? 'date'
}

/** How the time part of a field's value is written, for messages: `HH:mm`, `HH:mm±hh:mm`, `HH:mmZ`. */
export function timeFormatLabel(component: FormComponent): string {
  switch (component.timeSerializingFormat) {
    case 'utc_offset':
      return 'HH:mm±hh:mm'
    case 'utc_normalized':
      return 'HH:mmZ'
    default:
      return 'HH:mm'
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const OFFSET = /^[+-](0\d|1[0-4]):([0-5]\d)$/

/** Whether a text is a calendar date written `YYYY-MM-DD`. */
export function isDateText(text: string): boolean {
  const match = DATE.exec(text)
  if (!match) {
    return false
  }
  const [, year, month, day] = match.map(Number)
  return DateTime.fromObject({ year, month, day }).isValid
}

/** Whether a text is a time written as the field's `timeSerializingFormat` asks. */
export function isTimeText(text: string, component: FormComponent): boolean {
  switch (component.timeSerializingFormat) {
    case 'utc_offset':
      return TIME.test(text.slice(0, 5)) && OFFSET.test(text.slice(5))
    case 'utc_normalized':
      return text.length === 6 && text.endsWith('Z') && TIME.test(text.slice(0, 5))
    default:
      return TIME.test(text)
  }
}

/** Whether a client's value is written exactly as the browser writes the field's subtype. */
export function isDatetimeValueText(text: string, component: FormComponent): boolean {
  switch (datetimeSubtype(component)) {
    case 'date':
      return isDateText(text)
    case 'time':
      return isTimeText(text, component)
    case 'datetime': {
      const separator = text.indexOf('T')
      return (
        separator === 10 && isDateText(text.slice(0, 10)) && isTimeText(text.slice(11), component)
      )
    }
  }
}

/**
 * The calendar date of a date or date-and-time value in a time zone (the
 * zone of the people filling the form), or null for a time.
 */
export function calendarDate(
  text: string,
  component: FormComponent,
  timeZone: string
): string | null {
  const subtype = datetimeSubtype(component)
  if (subtype === 'date') {
    return text.slice(0, 10)
  }
  if (subtype === 'time') {
    return null
  }
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(text)
  if (!hasZone) {
    return text.slice(0, 10)
  }
  const parsed = DateTime.fromISO(text, { setZone: true })
  return parsed.isValid ? parsed.setZone(timeZone).toISODate() : text.slice(0, 10)
}

/** Today's date (`YYYY-MM-DD`) at an instant in a time zone. */
export function todayIn(now: Date, timeZone: string): string {
  return (
    DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ??
    DateTime.fromJSDate(now).toISODate() ??
    ''
  )
}

/**
 * Clean a value the form is opened with, as form-js does when it imports
 * data: a value that is not a readable date, time or date and time of the
 * field's subtype becomes null.
 */
export function sanitizeDatetimeValue(value: unknown, component: FormComponent): string | null {
  if (typeof value !== 'string') {
    return null
  }
  switch (datetimeSubtype(component)) {
    case 'date':
      return !value.includes('T') &&
        value.split('-').length === 3 &&
        !Number.isNaN(Date.parse(value))
        ? value
        : null
    case 'time':
      return isReadableTime(value) ? value : null
    case 'datetime': {
      const parts = value.split('T')
      return parts.length === 2 &&
        parts[0].split('-').length === 3 &&
        !Number.isNaN(Date.parse(value))
        ? value
        : null
    }
  }
}

/** Whether form-js can read a time: `HH[:mm]` optionally followed by `Z` or a `±HH[:mm]` offset. */
function isReadableTime(text: string): boolean {
  const readable = (part: string) => {
    const [hours, minutes = '0'] = part.split(':')
    const hour = Number.parseInt(hours, 10)
    const minute = Number.parseInt(minutes, 10)
    return (
      !Number.isNaN(hour) &&
      hour >= 0 &&
      hour <= 24 &&
      !Number.isNaN(minute) &&
      minute >= 0 &&
      minute <= 60
    )
  }
  if (text.includes('Z')) {
    return readable(text.replace('Z', ''))
  }
  const sign = text.includes('+') ? '+' : text.includes('-') ? '-' : null
  if (sign) {
    const [time, offset] = text.split(sign)
    return readable(time) && readable(offset)
  }
  return readable(text)
}

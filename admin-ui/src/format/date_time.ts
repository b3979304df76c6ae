import type { Locale } from '../api/users'

/**
 * The time zone dates are shown in unless the user chose another: the
 * ministry's (Vietnam has one zone, UTC+7, without daylight saving).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh'

/**
 * The Intl locale used for each UI language. English uses the British
 * order (day/month/year), the order Vietnamese users read dates in.
 */
export const INTL_LOCALES: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' }

/**
 * How much of an instant to show.
 */
export type DateTimeStyle = 'dateTime' | 'date' | 'time'

const STYLE_OPTIONS: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  dateTime: {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * Whether the runtime knows `timeZone` (an IANA name).
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

function formatterFor(locale: Locale, timeZone: string, style: DateTimeStyle) {
  const zone = isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE
  const key = `${locale}|${zone}|${style}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
      ...STYLE_OPTIONS[style],
      timeZone: zone,
    })
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * The one way the UI shows an instant: in the user's language and time
 * zone (an unknown zone falls back to {@link DEFAULT_TIME_ZONE}). Returns
 * an empty string for a missing or unreadable value, so a template can
 * show its own placeholder.
 */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  options: { locale: Locale; timeZone?: string; style?: DateTimeStyle }
): string {
  if (value === null || value === undefined || value === '') return ''
  const instant = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(instant.getTime())) return ''
  return formatterFor(
    options.locale,
    options.timeZone || DEFAULT_TIME_ZONE,
    options.style ?? 'dateTime'
  ).format(instant)
}

/**
 * The offset of `timeZone` from UTC at `instant`, in minutes (420 for
 * Asia/Ho_Chi_Minh).
 */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant)
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value)
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second')
  )
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in `timeZone`, as an ISO
 * string in UTC; `addDays` moves the day first (1 gives the exclusive end
 * of the day). For date filters, which users pick in their own zone.
 */
export function zonedDayStart(day: string, timeZone: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return undefined
  const zone = isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays)
  // The offset at the guessed instant, then once more at the corrected one
  // (they differ only across a daylight-saving change).
  let instant = midnightUtc - timeZoneOffsetMinutes(new Date(midnightUtc), zone) * 60_000
  instant = midnightUtc - timeZoneOffsetMinutes(new Date(instant), zone) * 60_000
  return new Date(instant).toISOString()
}

/**
 * A labelled choice of time zone for a select: `Asia/Ho_Chi_Minh (GMT+7)`.
 */
export interface TimeZoneOption {
  value: string
  label: string
}

/**
 * Every time zone the runtime knows, with its current offset, sorted by
 * name; the default zone and `current` are always included (browsers list
 * some zones under older names, such as Asia/Saigon).
 */
export function timeZoneOptions(current?: string, now = new Date()): TimeZoneOption[] {
  const names = new Set<string>(
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  )
  names.add(DEFAULT_TIME_ZONE)
  names.add('UTC')
  if (current && isValidTimeZone(current)) names.add(current)
  return [...names].sort().map((value) => ({ value, label: `${value} (${gmtOffset(now, value)})` }))
}

function gmtOffset(now: Date, timeZone: string) {
  const minutes = timeZoneOffsetMinutes(now, timeZone)
  const sign = minutes < 0 ? '-' : '+'
  const hours = Math.floor(Math.abs(minutes) / 60)
  const rest = Math.abs(minutes) % 60
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`
}

import { DateTime, Settings } from 'luxon'

/**
 * Timestamps are stored in UTC as `yyyy-MM-dd HH:mm:ss(.SSS)`, the way
 * Lucid writes its DateTime columns, on SQLite and MySQL alike; the UI
 * shows them in the user's time zone (Asia/Ho_Chi_Minh by default).
 */
Settings.defaultZone = 'utc'

/**
 * A timestamp for raw query-builder writes, in Lucid's storage format.
 */
export function sqlTime(date: Date | DateTime = new Date()) {
  const value = date instanceof Date ? DateTime.fromJSDate(date) : date
  return value.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')
}

/**
 * Reads a timestamp column (a Date from mysql2, a string from SQLite) as
 * an ISO string in UTC.
 */
export function isoTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  const parsed = DateTime.fromSQL(value, { zone: 'utc' })
  return parsed.isValid ? parsed.toISO() : new Date(value).toISOString()
}

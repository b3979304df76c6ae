import { DateTime } from 'luxon'

/**
 * Dates as the portal writes them: `yyyyMMddHHmmss`, wall-clock time in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving), e.g. `20250301083000`.
 */

/** The portal's time zone. */
export const PORTAL_TIME_ZONE = 'Asia/Ho_Chi_Minh'

const PORTAL_FORMAT = 'yyyyLLddHHmmss'

/** Whether a text is a valid portal date (14 digits naming a real instant). */
export function isPortalDate(text: unknown): text is string {
  return (
    typeof text === 'string' &&
    /^\d{14}$/.test(text) &&
    DateTime.fromFormat(text, PORTAL_FORMAT, { zone: PORTAL_TIME_ZONE }).isValid
  )
}

/**
 * A date for the portal. Accepts an ISO-8601 date-time (with an offset or
 * `Z`; without one it is taken as Vietnam time), an ISO date (midnight in
 * Vietnam), a JavaScript Date, or a portal date (returned as is).
 *
 * @throws RangeError for anything else.
 */
export function toPortalDate(value: unknown): string {
  if (isPortalDate(value)) return value
  let date: DateTime
  if (value instanceof Date) date = DateTime.fromJSDate(value)
  else if (typeof value === 'string')
    date = DateTime.fromISO(value.trim(), { zone: PORTAL_TIME_ZONE, setZone: false })
  else throw new RangeError(`Expected a date-time, but got ${JSON.stringify(value)}`)
  if (!date.isValid)
    throw new RangeError(`Expected an ISO-8601 date-time, but got ${JSON.stringify(value)}`)
  return date.setZone(PORTAL_TIME_ZONE).toFormat(PORTAL_FORMAT)
}

/**
 * An ISO-8601 date-time with the +07:00 offset for a portal date.
 *
 * @throws RangeError when the text is not a portal date.
 */
export function fromPortalDate(text: string): string {
  if (!isPortalDate(text))
    throw new RangeError(`Expected a portal date yyyyMMddHHmmss, but got ${JSON.stringify(text)}`)
  return DateTime.fromFormat(text, PORTAL_FORMAT, { zone: PORTAL_TIME_ZONE }).toISO({
    suppressMilliseconds: true,
  })!
}

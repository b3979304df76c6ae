import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

/**
 * Tells whether a text is an IANA time zone name the runtime knows.
 */
export function isTimeZone(value: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * A VineJS rule: the value must be an IANA time zone name
 * (`Asia/Ho_Chi_Minh`, `Europe/Paris`, `UTC`).
 */
export const timeZoneRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    if (!isTimeZone(value)) {
      field.report(
        'Expected {{ field }} to be an IANA time zone such as Asia/Ho_Chi_Minh',
        'timeZone',
        field
      )
    }
  }
)

/**
 * An optional time zone field.
 */
export const timeZone = () => vine.string().trim().maxLength(64).use(timeZoneRule()).optional()

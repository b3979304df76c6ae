import vine from '@vinejs/vine'

const day = () =>
  vine.object({
    date: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/),
    name: vine.string().trim().minLength(1).maxLength(255),
  })

/**
 * A year of the business calendar: the weekdays off (holidays, compensatory and swapped
 * days) and the weekend days worked instead (make-up days).
 */
export const calendarYearValidator = vine.compile(
  vine.object({
    daysOff: vine.array(day()).maxLength(366),
    workingDays: vine.array(day()).maxLength(366),
    note: vine.string().trim().maxLength(1000).nullable().optional(),
    revision: vine.number().withoutDecimals().min(0).optional(),
  })
)

/** Working-day arithmetic over the calendar (the page's calculator). */
export const calendarComputeValidator = vine.compile(
  vine.object({
    from: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}/),
    days: vine.number().withoutDecimals().min(-10000).max(10000).optional(),
    to: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}/)
      .optional(),
  })
)

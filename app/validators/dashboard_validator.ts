import vine from '@vinejs/vine'
import { EXPORT_FORMATS } from '#services/export_tables'

const isoDate = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)

/** The period and scope of a dashboard, and for exports the format and language. */
export const dashboardValidator = vine.compile(
  vine.object({
    from: isoDate().optional(),
    to: isoDate().optional(),
    unit: vine.string().trim().maxLength(64).optional(),
    format: vine.enum(EXPORT_FORMATS).optional(),
    locale: vine.enum(['vi', 'en'] as const).optional(),
  })
)

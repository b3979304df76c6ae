import vine from '@vinejs/vine'

/**
 * Filters of the audit log: actor email, action prefix, subject, period.
 */
export const listAuditLogsValidator = vine.compile(
  vine.object({
    actor: vine.string().trim().maxLength(254).optional(),
    action: vine.string().trim().maxLength(64).optional(),
    subjectType: vine.string().trim().maxLength(64).optional(),
    subjectId: vine.string().trim().maxLength(64).optional(),
    from: vine.date({ formats: { utc: true } }).optional(),
    to: vine.date({ formats: { utc: true } }).optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().min(1).max(1000).optional(),
    format: vine.enum(['json', 'csv']).optional(),
  })
)

import vine from '@vinejs/vine'

/**
 * `PATCH /api/procedures/{code}`: what administrators and process owners
 * may change in the registry (kept when the shipped files load again).
 */
export const updateProcedureValidator = vine.compile(
  vine.object({
    legalTimeLimitDays: vine.number().withoutDecimals().range([0, 365]).optional(),
    fee: vine.number().withoutDecimals().range([0, 1_000_000_000]).optional(),
    public: vine.boolean().optional(),
    leadUnit: vine.string().trim().maxLength(64).optional(),
    dueSoonDays: vine.number().withoutDecimals().range([0, 30]).optional(),
  })
)

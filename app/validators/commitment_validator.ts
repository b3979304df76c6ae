import vine from '@vinejs/vine'
import { COMMITMENT_STATUSES, STATUS_CLASSES } from '#services/commitment_status'

const isoDate = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
const unitCode = () => vine.string().trim().maxLength(64)
const email = () => vine.string().trim().email().maxLength(254)

const fields = {
  title: vine.string().trim().minLength(3).maxLength(500),
  description: vine.string().trim().maxLength(10000).nullable().optional(),
  sourceDocument: vine.string().trim().minLength(1).maxLength(255),
  sourceDate: isoDate(),
  counterpart: vine.string().trim().maxLength(255).nullable().optional(),
  assigningAuthority: vine.string().trim().minLength(1).maxLength(255),
  leadUnit: unitCode(),
  coordinatingUnits: vine.array(unitCode()).maxLength(50).distinct().optional(),
  observers: vine.array(email()).maxLength(50).distinct().optional(),
  verifiers: vine.array(email()).maxLength(20).distinct().optional(),
  deadline: isoDate(),
  parentId: vine.number().withoutDecimals().positive().nullable().optional(),
  reportIntervalDays: vine.number().withoutDecimals().min(1).max(366).optional(),
}

/** A new commitment or agreement in the register. */
export const createCommitmentValidator = vine.compile(vine.object(fields))

/** Changes to a commitment: any of its fields. */
export const updateCommitmentValidator = vine.compile(
  vine.object({
    title: fields.title.optional(),
    description: vine.string().trim().maxLength(10000).nullable().optional(),
    sourceDocument: vine.string().trim().minLength(1).maxLength(255).optional(),
    sourceDate: isoDate().optional(),
    counterpart: vine.string().trim().maxLength(255).nullable().optional(),
    assigningAuthority: vine.string().trim().minLength(1).maxLength(255).optional(),
    leadUnit: unitCode().optional(),
    coordinatingUnits: vine.array(unitCode()).maxLength(50).distinct().optional(),
    observers: vine.array(email()).maxLength(50).distinct().optional(),
    verifiers: vine.array(email()).maxLength(20).distinct().optional(),
    deadline: isoDate().optional(),
    parentId: vine.number().withoutDecimals().positive().nullable().optional(),
    reportIntervalDays: vine.number().withoutDecimals().min(1).max(366).optional(),
  })
)

/** Filters of the register. */
export const listCommitmentsValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(200).optional(),
    status: vine.enum(COMMITMENT_STATUSES).optional(),
    statusClass: vine.enum(STATUS_CLASSES).optional(),
    leadUnit: unitCode().optional(),
    parentId: vine.number().withoutDecimals().positive().optional(),
    deadlineFrom: isoDate().optional(),
    deadlineTo: isoDate().optional(),
    counterpart: vine.string().trim().maxLength(255).optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().min(1).max(200).optional(),
    sort: vine
      .enum(['deadline', '-deadline', 'code', '-code', 'createdAt', '-createdAt'] as const)
      .optional(),
  })
)

/** A progress report. */
export const commitmentReportValidator = vine.compile(
  vine.object({
    progress: vine.number().withoutDecimals().min(0).max(100),
    content: vine.string().trim().minLength(1).maxLength(10000),
  })
)

/** An extension request. */
export const extensionRequestValidator = vine.compile(
  vine.object({
    requestedDeadline: isoDate(),
    reason: vine.string().trim().minLength(3).maxLength(4000),
  })
)

/** The decision on an extension request. */
export const extensionDecisionValidator = vine.compile(
  vine.object({ note: vine.string().trim().maxLength(2000).nullable().optional() })
)

/** The lead unit's completion report. */
export const completionValidator = vine.compile(
  vine.object({
    completedOn: isoDate(),
    completionSummary: vine.string().trim().minLength(1).maxLength(4000),
  })
)

/** The assigning side's verification. */
export const verificationValidator = vine.compile(
  vine.object({
    verification: vine.enum(['accepted', 'returned'] as const),
    note: vine.string().trim().maxLength(2000).nullable().optional(),
  })
)

/** Cancelling a commitment. */
export const cancelCommitmentValidator = vine.compile(
  vine.object({ reason: vine.string().trim().minLength(3).maxLength(2000) })
)

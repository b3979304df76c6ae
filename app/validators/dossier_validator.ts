import vine from '@vinejs/vine'
import { APPLICANT_KINDS, DOSSIER_CHANNELS } from '#models/procedure'
import { DIGITISATION_STATES } from '#models/dossier_document'
import { DOSSIER_QUEUES, DOSSIER_STATUS_NAMES } from '#services/dossier_status'

const text = (max = 255) => vine.string().trim().minLength(1).maxLength(max)

/**
 * The applicant of a dossier: a citizen with an identity number (CCCD or
 * passport), or a business or organisation with a tax code.
 */
const applicantSchema = vine.object({
  kind: vine.enum(APPLICANT_KINDS),
  name: text(255),
  identityNumber: vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{6,20}$/)
    .optional(),
  taxCode: vine
    .string()
    .trim()
    .regex(/^\d{10}(-\d{3})?$/)
    .optional(),
  email: vine.string().trim().email().maxLength(255).optional(),
  phone: vine
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{8,20}$/)
    .optional(),
  address: vine.string().trim().maxLength(500).optional(),
})
const applicant = applicantSchema.clone()

/**
 * The applicant alone, for one read from the start form's fields
 * (`applicantKind`, `applicantName`, `identityNumber`, `taxCode`, `email`,
 * `phone`, `address`) when the request names none.
 */
export const applicantValidator = vine.compile(vine.object({ applicant: applicantSchema }))

/**
 * `POST /api/dossiers`: a dossier received at the counter or by post.
 */
export const receiveDossierValidator = vine.compile(
  vine.object({
    procedure: vine.string().trim().maxLength(64),
    applicant: applicant.clone().optional(),
    channel: vine.enum(['in-person', 'post'] as const).optional(),
    summary: vine.string().trim().maxLength(2000).optional(),
    data: vine.record(vine.any()).optional(),
    documents: vine
      .array(
        vine.object({
          name: text(500),
          digitisation: vine.enum(DIGITISATION_STATES).optional(),
        })
      )
      .maxLength(50)
      .optional(),
    locale: vine.enum(['vi', 'en']).optional(),
  })
)

/**
 * `POST /api/public/procedures/{code}/submissions`: an online submission.
 */
export const publicSubmissionValidator = vine.compile(
  vine.object({
    applicant: applicant.clone().optional(),
    data: vine.record(vine.any()).optional(),
    locale: vine.enum(['vi', 'en']).optional(),
  })
)

/**
 * `GET /api/public/dossiers/lookup`.
 */
export const publicLookupValidator = vine.compile(
  vine.object({
    code: text(64),
    identityNumber: text(32),
  })
)

/**
 * `GET /api/dossiers`: queue, filters and page.
 */
export const listDossiersValidator = vine.compile(
  vine.object({
    queue: vine.enum(DOSSIER_QUEUES).optional(),
    status: vine.enum(DOSSIER_STATUS_NAMES).optional(),
    procedure: vine.string().trim().maxLength(64).optional(),
    channel: vine.enum(DOSSIER_CHANNELS).optional(),
    unit: vine.string().trim().maxLength(64).optional(),
    q: vine.string().trim().maxLength(255).optional(),
    receivedFrom: vine.date({ formats: { utc: true } }).optional(),
    receivedTo: vine.date({ formats: { utc: true } }).optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  })
)

/**
 * `POST /api/dossiers/{code}/apology`.
 */
export const apologyValidator = vine.compile(
  vine.object({
    reason: text(2000),
    newAppointmentDate: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/),
  })
)

/**
 * `PATCH /api/dossiers/{code}/documents/{id}`.
 */
export const updateDocumentValidator = vine.compile(
  vine.object({
    digitisation: vine.enum(DIGITISATION_STATES).optional(),
    note: vine.string().trim().maxLength(2000).nullable().optional(),
  })
)

/**
 * `POST /api/dossiers/{code}/supplement`: the applicant's supplement arrived.
 */
export const supplementValidator = vine.compile(
  vine.object({
    note: vine.string().trim().maxLength(2000).optional(),
  })
)

import type { Operation, Schema } from '#services/openapi_document'
import { DOSSIER_QUEUES, DOSSIER_STATUS_NAMES } from '#services/dossier_status'
import { NOTICE_KINDS } from '#models/dossier_notice'

/**
 * The OpenAPI description of the dossier routes (start/routes/dossiers.ts):
 * the procedure registry, dossiers and their notices, and the public side.
 * Part of the document built by `openApiDocument()`. See docs/dossiers.md.
 */

const ERRORS = { '401': 'Not signed in', '403': 'Not allowed', '422': 'Invalid input' }
const NOT_FOUND = { '404': 'Not found' }
const TOO_MANY = { '429': 'Too many requests from this address (Retry-After)' }

const names: Schema = {
  type: 'object',
  properties: { vi: { type: 'string' }, en: { type: 'string' } },
}

const procedure: Schema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    portalProcedureCode: { type: ['string', 'null'] },
    nameVi: { type: 'string' },
    nameEn: { type: 'string' },
    descriptionVi: { type: ['string', 'null'] },
    descriptionEn: { type: ['string', 'null'] },
    processId: { type: 'string' },
    startFormId: { type: ['string', 'null'] },
    legalTimeLimitDays: { type: 'integer', description: 'Working days' },
    fee: { type: 'integer' },
    feeCurrency: { type: 'string' },
    leadUnit: { type: 'string' },
    public: { type: 'boolean' },
    channels: { type: 'array', items: { enum: ['in-person', 'online', 'post'] } },
    applicantKinds: { type: 'array', items: { enum: ['citizen', 'business', 'organisation'] } },
    documents: { type: 'array', items: { type: 'object' } },
    portalConnector: { type: ['string', 'null'] },
    dueSoonDays: { type: 'integer' },
  },
}

const dossierSummary: Schema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    receiptNumber: { type: 'string' },
    procedure: { type: 'object' },
    applicant: { type: 'object' },
    channel: { enum: ['in-person', 'online', 'post'] },
    status: { enum: DOSSIER_STATUS_NAMES },
    statusName: names,
    portalStatusCode: { type: 'integer', minimum: 1, maximum: 10 },
    receivedAt: { type: 'string', format: 'date-time' },
    dueAt: { type: 'string', format: 'date-time' },
    revisedDueAt: { type: ['string', 'null'], format: 'date-time' },
    effectiveDueAt: { type: 'string', format: 'date-time' },
    fee: { type: 'object' },
    unit: { type: 'string' },
    processInstanceKey: { type: ['string', 'null'] },
  },
}

const dossier: Schema = {
  type: 'object',
  description: 'A dossier with its applicant, start data, documents, notices and history',
  properties: {
    ...(dossierSummary.properties as Record<string, Schema>),
    documents: { type: 'array', items: { type: 'object' } },
    notices: { type: 'array', items: { type: 'object' } },
    history: { type: 'array', items: { type: 'object' } },
  },
}

const applicant: Schema = {
  type: 'object',
  required: ['kind', 'name'],
  properties: {
    kind: { enum: ['citizen', 'business', 'organisation'] },
    name: { type: 'string' },
    identityNumber: { type: 'string', description: 'Citizens: CCCD or passport number' },
    taxCode: { type: 'string', description: 'Businesses and organisations' },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string' },
    address: { type: 'string' },
  },
}

export const dossierOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/procedures',
    summary: 'The procedure registry',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: {
      '200': { type: 'object', properties: { data: { type: 'array', items: procedure } } },
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/procedures/{code}',
    summary: 'One procedure',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: { '200': procedure, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/procedures/{code}',
    summary: 'Change a procedure’s time limit, fee, public flag, lead unit or due-soon window',
    tag: 'Dossiers',
    access: 'designProcesses',
    body: {
      type: 'object',
      properties: {
        legalTimeLimitDays: { type: 'integer', minimum: 0 },
        fee: { type: 'integer', minimum: 0 },
        public: { type: 'boolean' },
        leadUnit: { type: 'string' },
        dueSoonDays: { type: 'integer', minimum: 0 },
      },
    },
    responses: { '200': procedure, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/dossiers',
    summary: 'Dossiers by queue and filters (visibility by unit)',
    tag: 'Dossiers',
    access: 'signed-in',
    query: [
      { name: 'queue', schema: { enum: DOSSIER_QUEUES } },
      { name: 'status', schema: { enum: DOSSIER_STATUS_NAMES } },
      { name: 'procedure', schema: { type: 'string' } },
      { name: 'channel', schema: { enum: ['in-person', 'online', 'post'] } },
      { name: 'unit', schema: { type: 'string' } },
      {
        name: 'q',
        schema: { type: 'string' },
        description: 'Code, receipt, applicant, identity number or tax code',
      },
      { name: 'receivedFrom', schema: { type: 'string', format: 'date-time' } },
      { name: 'receivedTo', schema: { type: 'string', format: 'date-time' } },
      { name: 'page', schema: { type: 'integer', minimum: 1 } },
      { name: 'perPage', schema: { type: 'integer', minimum: 1, maximum: 100 } },
    ],
    responses: {
      '200': {
        type: 'object',
        properties: { data: { type: 'array', items: dossierSummary }, meta: { type: 'object' } },
      },
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/dossiers/queues',
    summary: 'How many dossiers each queue holds',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: {
      '200': {
        type: 'object',
        properties: {
          data: {
            type: 'array',
            items: {
              type: 'object',
              properties: { queue: { enum: DOSSIER_QUEUES }, count: { type: 'integer' } },
            },
          },
        },
      },
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/dossiers/by-process-instance/{key}',
    summary: 'The dossier of a process instance',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: { '200': dossier, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}',
    summary: 'One dossier with documents, notices and history',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: { '200': dossier, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/notices/{kind}.pdf',
    summary: 'A notice of a dossier as a printable PDF (Vietnamese)',
    tag: 'Dossiers',
    access: 'signed-in',
    responses: {
      '200': {
        type: 'string',
        contentMediaType: 'application/pdf',
        description: `kind: ${NOTICE_KINDS.join(', ')}`,
      },
      ...NOT_FOUND,
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/api/dossiers',
    summary: 'Receive a dossier at the counter or by post (starts the procedure’s process)',
    tag: 'Dossiers',
    access: 'startProcesses',
    body: {
      type: 'object',
      required: ['procedure', 'applicant'],
      properties: {
        procedure: { type: 'string' },
        applicant,
        channel: { enum: ['in-person', 'post'] },
        summary: { type: 'string' },
        data: { type: 'object', description: 'The start form’s values' },
        documents: { type: 'array', items: { type: 'object' } },
        locale: { enum: ['vi', 'en'] },
      },
    },
    responses: { '201': dossier, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/apology',
    summary: 'Record an apology with a new appointment date',
    tag: 'Dossiers',
    access: 'startProcesses',
    body: {
      type: 'object',
      required: ['reason', 'newAppointmentDate'],
      properties: {
        reason: { type: 'string' },
        newAppointmentDate: { type: 'string', format: 'date' },
      },
    },
    responses: { '200': dossier, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/supplement',
    summary:
      'Record the applicant’s supplement: correlates the message dossier-supplemented (key: the dossier code)',
    tag: 'Dossiers',
    access: 'startProcesses',
    body: { type: 'object', properties: { note: { type: 'string' } } },
    responses: { '202': dossier, ...NOT_FOUND, '409': 'Not waiting for a supplement', ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/dossiers/{code}/documents/{id}',
    summary: 'Change a document’s digitisation state or note',
    tag: 'Dossiers',
    access: 'startProcesses',
    body: {
      type: 'object',
      properties: {
        digitisation: { enum: ['paper', 'scanned', 'digitised', 'electronic'] },
        note: { type: ['string', 'null'] },
      },
    },
    responses: { '200': dossier, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/public/procedures',
    summary: 'The public procedures (no account)',
    tag: 'Public',
    access: 'public',
    responses: {
      '200': { type: 'object', properties: { data: { type: 'array', items: procedure } } },
    },
  },
  {
    method: 'get',
    path: '/api/public/procedures/{code}',
    summary: 'A public procedure with its start form',
    tag: 'Public',
    access: 'public',
    responses: { '200': procedure, ...NOT_FOUND },
  },
  {
    method: 'post',
    path: '/api/public/procedures/{code}/submissions',
    summary: 'Submit an application online (no account; rate-limited)',
    tag: 'Public',
    access: 'public',
    body: {
      type: 'object',
      required: ['applicant'],
      properties: { applicant, data: { type: 'object' }, locale: { enum: ['vi', 'en'] } },
    },
    responses: {
      '201': {
        type: 'object',
        properties: {
          code: { type: 'string' },
          receiptNumber: { type: 'string' },
          receivedAt: { type: 'string', format: 'date-time' },
          dueAt: { type: 'string', format: 'date-time' },
          status: { type: 'string' },
          statusName: names,
        },
      },
      ...NOT_FOUND,
      '422': 'Invalid input (per start form field)',
      ...TOO_MANY,
    },
  },
  {
    method: 'get',
    path: '/api/public/dossiers/lookup',
    summary: 'Look up a dossier’s status by code and identity number or tax code (rate-limited)',
    tag: 'Public',
    access: 'public',
    query: [
      { name: 'code', schema: { type: 'string' } },
      { name: 'identityNumber', schema: { type: 'string' }, description: 'Or the tax code' },
    ],
    responses: { '200': { type: 'object' }, ...NOT_FOUND, '422': 'Invalid input', ...TOO_MANY },
  },
]

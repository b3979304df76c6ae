import type { Operation, Schema } from '#services/openapi_document'

/**
 * The OpenAPI description of the business calendar, commitment and dashboard routes
 * (start/routes/commitments.ts). Part of the document built by `openApiDocument()`.
 */

const ERRORS = { '401': 'Not signed in', '403': 'Not allowed', '422': 'Invalid input' }
const NOT_FOUND = { '404': 'Not found' }
const CONFLICT = { '409': 'Not possible in the current state' }
const date: Schema = { type: 'string', format: 'date', examples: ['2026-03-31'] }

const calendarDay: Schema = {
  type: 'object',
  required: ['date', 'name'],
  properties: { date, name: { type: 'string', maxLength: 255 } },
}

const calendarYear: Schema = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    source: { enum: ['configured', 'default', 'rules'] },
    provisional: { type: 'boolean' },
    basis: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
    daysOff: { type: 'array', items: calendarDay, description: 'Weekdays not worked' },
    workingDays: {
      type: 'array',
      items: calendarDay,
      description: 'Weekend days worked (make-up days)',
    },
    workingDayCount: { type: 'integer' },
    revision: { type: 'integer' },
    updatedBy: { type: ['string', 'null'] },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
}

const statusClass: Schema = {
  enum: ['completed_on_time', 'completed_late', 'in_progress', 'overdue', null],
}
const unit: Schema = {
  type: 'object',
  properties: { code: { type: 'string' }, nameVi: { type: 'string' }, nameEn: { type: 'string' } },
}

const commitment: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', examples: ['CK-2026-0001'] },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    sourceDocument: { type: 'string' },
    sourceDate: date,
    counterpart: { type: ['string', 'null'] },
    assigningAuthority: { type: 'string' },
    leadUnit: unit,
    coordinatingUnits: { type: 'array', items: unit },
    deadline: date,
    originalDeadline: date,
    parentId: { type: ['integer', 'null'] },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    reportIntervalDays: { type: 'integer' },
    status: {
      enum: ['registered', 'in_progress', 'awaiting_verification', 'completed', 'cancelled'],
    },
    statusClass,
    completedOn: { type: ['string', 'null'], format: 'date' },
    processInstanceKey: { type: ['string', 'null'] },
  },
}

const commitmentDetail: Schema = {
  type: 'object',
  description:
    'A commitment with observers, verifiers, parent, children, reports, extensions and its timeline',
  allOf: [commitment],
  properties: {
    workingDaysLeft: { type: ['integer', 'null'] },
    reports: { type: 'array', items: { type: 'object' } },
    extensions: { type: 'array', items: { type: 'object' } },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          details: { type: 'object' },
          actor: { type: ['string', 'null'] },
          at: { type: 'string' },
        },
      },
    },
  },
}

const commitmentInput = (required: string[]): Schema => ({
  type: 'object',
  required,
  properties: {
    title: { type: 'string', minLength: 3, maxLength: 500 },
    description: { type: ['string', 'null'] },
    sourceDocument: {
      type: 'string',
      description: 'Number of the document the commitment comes from',
    },
    sourceDate: date,
    counterpart: { type: ['string', 'null'], description: 'Counterpart country or organisation' },
    assigningAuthority: { type: 'string' },
    leadUnit: { type: 'string', description: 'Unit code' },
    coordinatingUnits: { type: 'array', items: { type: 'string' } },
    observers: { type: 'array', items: { type: 'string', format: 'email' } },
    verifiers: {
      type: 'array',
      items: { type: 'string', format: 'email' },
      description:
        'The assigning side: decides extensions and verifies completion (default: the creator)',
    },
    deadline: date,
    parentId: { type: ['integer', 'null'] },
    reportIntervalDays: { type: 'integer', minimum: 1, maximum: 366 },
  },
})

const period = [
  { name: 'from', schema: date, description: 'First day (default 1 January)' },
  { name: 'to', schema: date, description: 'Last day' },
  { name: 'unit', schema: { type: 'string' }, description: 'A unit code (with its sub-units)' },
]
const exportQuery = [
  ...period,
  { name: 'format', schema: { enum: ['csv', 'xlsx'] } },
  { name: 'locale', schema: { enum: ['vi', 'en'] } },
]
const file: Schema = {
  type: 'string',
  format: 'binary',
  description: 'CSV (UTF-8 with BOM) or XLSX',
}

const count: Schema = { type: 'integer' }
const rate: Schema = { type: ['number', 'null'] }
const figures: Schema = {
  type: 'object',
  properties: {
    received: count,
    online: count,
    onlineShare: rate,
    finished: count,
    onTime: count,
    late: count,
    pendingWithinTerm: count,
    overdue: count,
    closedWithoutResult: count,
    onTimeRate: rate,
  },
}

export const commitmentOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/calendar/working-days',
    summary: 'Working-day arithmetic: from + days, and/or working days from → to',
    tag: 'Calendar',
    access: 'viewCalendar',
    query: [
      { name: 'from', schema: { type: 'string' }, description: 'A date or date-time' },
      { name: 'days', schema: { type: 'integer' } },
      { name: 'to', schema: { type: 'string' } },
    ],
    responses: { '200': { type: 'object' }, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/calendar/{year}',
    summary: "A year's days off and make-up working days as they apply",
    tag: 'Calendar',
    access: 'viewCalendar',
    responses: { '200': calendarYear, ...ERRORS },
  },
  {
    method: 'put',
    path: '/api/calendar/{year}',
    summary: "Set a year's days off and make-up working days (replaces the shipped defaults)",
    tag: 'Calendar',
    access: 'manageCalendar',
    body: {
      type: 'object',
      required: ['daysOff', 'workingDays'],
      properties: {
        daysOff: { type: 'array', items: calendarDay },
        workingDays: { type: 'array', items: calendarDay },
        note: { type: ['string', 'null'] },
        revision: { type: 'integer', description: 'The revision last read (409 when it changed)' },
      },
    },
    responses: { '200': calendarYear, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'delete',
    path: '/api/calendar/{year}',
    summary: "Drop a year's configuration: the shipped defaults apply again",
    tag: 'Calendar',
    access: 'manageCalendar',
    responses: { '200': calendarYear, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/commitments',
    summary: 'The register of commitments, filtered and paged',
    tag: 'Commitments',
    access: 'viewCommitments',
    query: [
      { name: 'q', schema: { type: 'string' } },
      { name: 'status', schema: { type: 'string' } },
      { name: 'statusClass', schema: statusClass },
      { name: 'leadUnit', schema: { type: 'string' } },
      { name: 'parentId', schema: { type: 'integer' } },
      { name: 'deadlineFrom', schema: date },
      { name: 'deadlineTo', schema: date },
      { name: 'counterpart', schema: { type: 'string' } },
      { name: 'page', schema: { type: 'integer' } },
      { name: 'perPage', schema: { type: 'integer' } },
      {
        name: 'sort',
        schema: { enum: ['deadline', '-deadline', 'code', '-code', 'createdAt', '-createdAt'] },
      },
    ],
    responses: {
      '200': {
        type: 'object',
        properties: {
          items: { type: 'array', items: commitment },
          total: { type: 'integer' },
          page: { type: 'integer' },
          perPage: { type: 'integer' },
          today: date,
        },
      },
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/api/commitments',
    summary: 'Record a commitment and start its follow-up process',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: commitmentInput([
      'title',
      'sourceDocument',
      'sourceDate',
      'assigningAuthority',
      'leadUnit',
      'deadline',
    ]),
    responses: { '201': commitmentDetail, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'get',
    path: '/api/commitments/by-process-instance/{key}',
    summary: 'The commitment a process instance follows',
    tag: 'Commitments',
    access: 'viewCommitments',
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/commitments/{id}',
    summary: 'A commitment with its reports, extensions and timeline',
    tag: 'Commitments',
    access: 'viewCommitments',
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'patch',
    path: '/api/commitments/{id}',
    summary: 'Change a commitment (a new deadline or lead unit restarts the lead unit task)',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: commitmentInput([]),
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/cancellation',
    summary: 'Cancel a commitment and its follow-up process',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } },
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/reports',
    summary: 'A progress report by the lead or a coordinating unit',
    tag: 'Commitments',
    access: 'reportCommitments',
    body: {
      type: 'object',
      required: ['progress', 'content'],
      properties: {
        progress: { type: 'integer', minimum: 0, maximum: 100 },
        content: { type: 'string' },
      },
    },
    responses: { '201': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/extensions',
    summary: 'Request a later deadline (decided by the assigning side)',
    tag: 'Commitments',
    access: 'reportCommitments',
    body: {
      type: 'object',
      required: ['requestedDeadline', 'reason'],
      properties: { requestedDeadline: date, reason: { type: 'string' } },
    },
    responses: { '201': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/extensions/{extensionId}/approval',
    summary: 'Approve an extension request (the deadline moves; reminders are rescheduled)',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: { type: 'object', properties: { note: { type: ['string', 'null'] } } },
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/extensions/{extensionId}/rejection',
    summary: 'Reject an extension request',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: { type: 'object', properties: { note: { type: ['string', 'null'] } } },
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/completion',
    summary: 'The lead unit reports the commitment completed',
    tag: 'Commitments',
    access: 'reportCommitments',
    body: {
      type: 'object',
      required: ['completedOn', 'completionSummary'],
      properties: { completedOn: date, completionSummary: { type: 'string' } },
    },
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'post',
    path: '/api/commitments/{id}/verification',
    summary: 'The assigning side verifies the completion, or returns it',
    tag: 'Commitments',
    access: 'manageCommitments',
    body: {
      type: 'object',
      required: ['verification'],
      properties: {
        verification: { enum: ['accepted', 'returned'] },
        note: { type: ['string', 'null'] },
      },
    },
    responses: { '200': commitmentDetail, ...NOT_FOUND, ...ERRORS, ...CONFLICT },
  },
  {
    method: 'get',
    path: '/api/dashboards/dossiers',
    summary:
      'Dossier statistics: received, on time, late, pending within term, overdue, online share, on-time rate',
    tag: 'Dashboards',
    access: 'viewDashboards',
    query: period,
    responses: {
      '200': {
        type: 'object',
        properties: {
          from: date,
          to: date,
          totals: figures,
          byUnit: { type: 'array', items: figures },
          byProcedure: { type: 'array', items: figures },
          byMonth: { type: 'array', items: figures },
        },
      },
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/dashboards/dossiers/export',
    summary: 'The dossier statistics as CSV or XLSX',
    tag: 'Dashboards',
    access: 'viewDashboards',
    query: exportQuery,
    responses: { '200': file, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/dashboards/commitments',
    summary: 'Commitments by report class and lead unit, the overdue list and a timeline',
    tag: 'Dashboards',
    access: 'viewDashboards',
    query: period,
    responses: { '200': { type: 'object' }, ...ERRORS },
  },
  {
    method: 'get',
    path: '/api/dashboards/commitments/export',
    summary: 'The commitment statistics as CSV or XLSX',
    tag: 'Dashboards',
    access: 'viewDashboards',
    query: exportQuery,
    responses: { '200': file, ...ERRORS },
  },
]

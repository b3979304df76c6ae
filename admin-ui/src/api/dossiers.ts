import { request } from './http'

/** The inbox queues of dossiers. */
export const DOSSIER_QUEUES = [
  'new',
  'processing',
  'awaiting-supplement',
  'awaiting-fee',
  'awaiting-return',
  'returned',
  'withdrawn',
  'due-soon',
  'overdue',
] as const
export type DossierQueue = (typeof DOSSIER_QUEUES)[number]

/** The statuses of a dossier (portal codes 1–10 in this order). */
export const DOSSIER_STATUSES = [
  'registered',
  'received',
  'rejected',
  'processing',
  'supplement-requested',
  'fee-requested',
  'withdrawn',
  'stopped',
  'done',
  'returned',
] as const
export type DossierStatus = (typeof DOSSIER_STATUSES)[number]

/** The notices a dossier can carry. */
export const NOTICE_KINDS = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'result',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/** A dossier in a list. */
export interface DossierSummary {
  code: string
  receiptNumber: string
  procedure: { code: string; nameVi: string | null; nameEn: string | null }
  applicant: {
    kind: 'citizen' | 'business' | 'organisation'
    name: string
    identityNumber: string | null
    taxCode: string | null
    email?: string | null
    phone?: string | null
    address?: string | null
  }
  channel: 'in-person' | 'online' | 'post'
  status: DossierStatus
  statusName: { vi: string; en: string }
  portalStatusCode: number
  receivedAt: string
  dueAt: string
  revisedDueAt: string | null
  effectiveDueAt: string
  clockStoppedAt: string | null
  finishedAt: string | null
  returnedAt: string | null
  fee: { amount: number; currency: string; status: string; paidAt?: string | null }
  unit: string
  processInstanceKey: string | null
}

/** A dossier with documents, notices and history. */
export interface Dossier extends DossierSummary {
  summary: string | null
  data: Record<string, unknown>
  legalTimeLimitDays: number
  apology: { reason: string | null; at: string | null; newAppointmentAt: string | null } | null
  closingReason: string | null
  documents: {
    id: number
    kind: 'submitted' | 'result'
    name: string
    required: boolean
    digitisation: 'paper' | 'scanned' | 'digitised' | 'electronic'
    number: string | null
    issuedAt: string | null
    note: string | null
  }[]
  notices: {
    kind: NoticeKind
    number: string
    issuedAt: string
    issuedBy: string | null
    pdf: string
  }[]
  history: {
    action: string
    fromStatus: string | null
    toStatus: DossierStatus
    portalStatusCode: number
    content: string | null
    actor: string | null
    portalSync: 'pending' | 'sent' | 'skipped'
    portalMessage: string | null
    at: string
  }[]
}

/** The filters of the dossier list. */
export interface DossierFilters {
  queue?: DossierQueue
  status?: DossierStatus
  procedure?: string
  channel?: string
  q?: string
  page?: number
  perPage?: number
}

function query(filters: object) {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== '' && value !== null) params.set(name, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** A page of dossiers. */
export function listDossiers(filters: DossierFilters) {
  return request<{
    data: DossierSummary[]
    meta: { total: number; page: number; perPage: number }
  }>('GET', `/api/dossiers${query(filters)}`)
}

/** How many dossiers each queue holds. */
export function dossierQueues() {
  return request<{ data: { queue: DossierQueue; count: number }[] }>('GET', '/api/dossiers/queues')
}

/** One dossier. */
export function getDossier(code: string) {
  return request<Dossier>('GET', `/api/dossiers/${encodeURIComponent(code)}`)
}

/** Records an apology with a new appointment date. */
export function apologise(code: string, reason: string, newAppointmentDate: string) {
  return request<Dossier>('POST', `/api/dossiers/${encodeURIComponent(code)}/apology`, {
    reason,
    newAppointmentDate,
  })
}

/** Records the applicant's supplement (the process waiting for it goes on). */
export function recordSupplement(code: string, note: string) {
  return request<Dossier>('POST', `/api/dossiers/${encodeURIComponent(code)}/supplement`, {
    ...(note ? { note } : {}),
  })
}

/** Changes a document's digitisation state. */
export function updateDocument(code: string, id: number, digitisation: string) {
  return request<Dossier>('PATCH', `/api/dossiers/${encodeURIComponent(code)}/documents/${id}`, {
    digitisation,
  })
}

/** The address of a notice's PDF. */
export function noticeUrl(code: string, kind: NoticeKind) {
  return `/api/dossiers/${encodeURIComponent(code)}/notices/${kind}.pdf`
}

/** What receiving a dossier at the counter takes. */
export interface ReceiveDossierInput {
  procedure: string
  channel: 'in-person' | 'post'
  applicant?: {
    kind: 'citizen' | 'business' | 'organisation'
    name: string
    identityNumber?: string
    taxCode?: string
    email?: string
    phone?: string
    address?: string
  }
  data: Record<string, unknown>
  locale?: string
}

/** Receives a dossier in person or by post: creates it and starts its procedure. */
export function receiveDossier(input: ReceiveDossierInput) {
  return request<Dossier>('POST', '/api/dossiers', input)
}

/** The start form of a procedure's process, in the user's language. */
export function procedureStartForm(processId: string) {
  return request<{ form: { id: string; schema: Record<string, unknown> } | null }>(
    'GET',
    `/api/processes/${encodeURIComponent(processId)}/start-form`
  )
}

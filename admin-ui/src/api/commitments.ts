import { request } from './http'

/** The four classes reports use. */
export const STATUS_CLASSES = [
  'completed_on_time',
  'completed_late',
  'in_progress',
  'overdue',
] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

/** Where a commitment is in its follow-up process. */
export const COMMITMENT_STATUSES = [
  'registered',
  'in_progress',
  'awaiting_verification',
  'completed',
  'cancelled',
] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

export interface CommitmentUnit {
  code: string
  nameVi: string
  nameEn: string
}

/** A commitment in the register. */
export interface Commitment {
  id: number
  code: string
  title: string
  description: string | null
  sourceDocument: string
  sourceDate: string
  counterpart: string | null
  assigningAuthority: string
  leadUnit: CommitmentUnit | null
  coordinatingUnits: CommitmentUnit[]
  deadline: string
  originalDeadline: string
  parentId: number | null
  progress: number
  reportIntervalDays: number
  status: CommitmentStatus
  statusClass: StatusClass | null
  completedOn: string | null
  completionSummary: string | null
  verifiedAt: string | null
  escalatedAt: string | null
  processInstanceKey: string | null
  createdAt: string | null
  updatedAt: string | null
}

export interface CommitmentPerson {
  email: string | null
  fullName: string | null
}

/** A commitment with everything that happened to it. */
export interface CommitmentDetail extends Commitment {
  observers: CommitmentPerson[]
  verifiers: CommitmentPerson[]
  workingDaysLeft: number | null
  parent: Commitment | null
  children: Commitment[]
  reports: {
    id: number
    progress: number
    content: string
    reportedBy: string | null
    reportedAt: string | null
  }[]
  extensions: {
    id: number
    previousDeadline: string
    requestedDeadline: string
    reason: string
    status: 'pending' | 'approved' | 'rejected'
    requestedBy: string | null
    requestedAt: string | null
    decidedBy: string | null
    decidedAt: string | null
    decisionNote: string | null
  }[]
  timeline: {
    id: number
    kind: string
    details: Record<string, unknown>
    actor: string | null
    at: string | null
  }[]
}

export interface CommitmentFilters {
  q?: string
  status?: CommitmentStatus
  statusClass?: StatusClass
  leadUnit?: string
  deadlineFrom?: string
  deadlineTo?: string
  page?: number
  perPage?: number
  sort?: string
}

/** What a leader records. */
export interface NewCommitment {
  title: string
  description?: string | null
  sourceDocument: string
  sourceDate: string
  counterpart?: string | null
  assigningAuthority: string
  leadUnit: string
  coordinatingUnits?: string[]
  observers?: string[]
  verifiers?: string[]
  deadline: string
  parentId?: number | null
  reportIntervalDays?: number
}

function query(filters: object) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** `GET /api/commitments`. */
export function listCommitments(filters: CommitmentFilters = {}) {
  return request<{
    items: Commitment[]
    total: number
    page: number
    perPage: number
    today: string
  }>('GET', `/api/commitments${query(filters)}`)
}

/** `GET /api/commitments/{id}`. */
export function getCommitment(id: number) {
  return request<CommitmentDetail>('GET', `/api/commitments/${id}`)
}

/** `GET /api/commitments/by-process-instance/{key}`. */
export function commitmentOfInstance(processInstanceKey: string) {
  return request<CommitmentDetail>(
    'GET',
    `/api/commitments/by-process-instance/${processInstanceKey}`
  )
}

/** `POST /api/commitments`. */
export function createCommitment(body: NewCommitment) {
  return request<CommitmentDetail>('POST', '/api/commitments', body)
}

/** `PATCH /api/commitments/{id}`. */
export function updateCommitment(id: number, body: Partial<NewCommitment>) {
  return request<CommitmentDetail>('PATCH', `/api/commitments/${id}`, body)
}

/** `POST /api/commitments/{id}/cancellation`. */
export function cancelCommitment(id: number, reason: string) {
  return request<CommitmentDetail>('POST', `/api/commitments/${id}/cancellation`, { reason })
}

/** `POST /api/commitments/{id}/reports`. */
export function reportProgress(id: number, body: { progress: number; content: string }) {
  return request<CommitmentDetail>('POST', `/api/commitments/${id}/reports`, body)
}

/** `POST /api/commitments/{id}/extensions`. */
export function requestExtension(id: number, body: { requestedDeadline: string; reason: string }) {
  return request<CommitmentDetail>('POST', `/api/commitments/${id}/extensions`, body)
}

/** Approve or reject an extension request. */
export function decideExtension(
  id: number,
  extensionId: number,
  decision: 'approval' | 'rejection',
  note: string | null
) {
  return request<CommitmentDetail>(
    'POST',
    `/api/commitments/${id}/extensions/${extensionId}/${decision}`,
    { note }
  )
}

/** `POST /api/commitments/{id}/completion`. */
export function reportCompletion(
  id: number,
  body: { completedOn: string; completionSummary: string }
) {
  return request<CommitmentDetail>('POST', `/api/commitments/${id}/completion`, body)
}

/** `POST /api/commitments/{id}/verification`. */
export function verifyCompletion(
  id: number,
  body: { verification: 'accepted' | 'returned'; note?: string | null }
) {
  return request<CommitmentDetail>('POST', `/api/commitments/${id}/verification`, body)
}

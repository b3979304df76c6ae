import { request } from './http'
import type { Procedure } from './procedures'

/** A procedure on the public side. */
export type PublicProcedure = Omit<Procedure, 'processId' | 'startFormId'>

/** A public procedure with its start form (localized). */
export interface PublicProcedureDetail extends PublicProcedure {
  startForm: { id: string; locale: string; schema: Record<string, unknown> } | null
}

/** The applicant of an online submission. */
export interface PublicApplicant {
  kind: 'citizen' | 'business' | 'organisation'
  name: string
  identityNumber?: string
  taxCode?: string
  email?: string
  phone?: string
  address?: string
}

/** What a submission answers. */
export interface SubmissionReceipt {
  code: string
  receiptNumber: string
  receivedAt: string
  dueAt: string
  status: string
  statusName: { vi: string; en: string }
}

/** What the lookup answers. */
export interface PublicDossier {
  code: string
  receiptNumber: string
  procedure: { code: string; nameVi: string; nameEn: string }
  status: string
  statusName: { vi: string; en: string }
  portalStatusCode: number
  channel: string
  receivedAt: string
  dueAt: string
  revisedDueAt: string | null
  returnedAt: string | null
  fee: { amount: number; currency: string; status: string }
  history: { at: string; status: string; statusName: { vi: string; en: string } }[]
}

export function listPublicProcedures() {
  return request<{ data: PublicProcedure[] }>('GET', '/api/public/procedures')
}

export function getPublicProcedure(code: string, locale: string) {
  return request<PublicProcedureDetail>(
    'GET',
    `/api/public/procedures/${encodeURIComponent(code)}?locale=${locale}`
  )
}

export function submitApplication(
  code: string,
  applicant: PublicApplicant | undefined,
  data: Record<string, unknown>,
  locale: string
) {
  return request<SubmissionReceipt>(
    'POST',
    `/api/public/procedures/${encodeURIComponent(code)}/submissions`,
    { ...(applicant ? { applicant } : {}), data, locale }
  )
}

export function lookUpDossier(code: string, identityNumber: string) {
  const params = new URLSearchParams({ code, identityNumber })
  return request<PublicDossier>('GET', `/api/public/dossiers/lookup?${params}`, undefined, {
    expectUnauthorized: true,
  })
}

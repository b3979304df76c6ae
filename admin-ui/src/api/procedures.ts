import { request } from './http'

/** A document an application holds. */
export interface ProcedureDocument {
  code: string
  nameVi: string
  nameEn: string
  required: boolean
}

/** A procedure of the registry (`GET /api/procedures`). */
export interface Procedure {
  code: string
  portalProcedureCode: string | null
  nameVi: string
  nameEn: string
  descriptionVi: string | null
  descriptionEn: string | null
  processId: string
  startFormId: string | null
  legalTimeLimitDays: number
  fee: number
  feeCurrency: string
  leadUnit: string
  public: boolean
  channels: ('in-person' | 'online' | 'post')[]
  applicantKinds: ('citizen' | 'business' | 'organisation')[]
  documents: ProcedureDocument[]
  dueSoonDays: number
}

/** The procedure registry. */
export function listProcedures() {
  return request<{ data: Procedure[] }>('GET', '/api/procedures')
}

/** The name of a procedure in the UI language. */
export function procedureName(
  procedure: { nameVi: string | null; nameEn: string | null; code: string },
  locale: string
) {
  return (locale === 'en' ? procedure.nameEn : procedure.nameVi) ?? procedure.code
}

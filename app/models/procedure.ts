import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A JSON text column (SQLite and MariaDB alike).
 */
export const jsonColumn = <T>(fallback: T) => ({
  prepare: (value: T | null | undefined) => JSON.stringify(value ?? fallback),
  consume: (value: unknown): T =>
    value === null || value === undefined
      ? fallback
      : typeof value === 'string'
        ? (JSON.parse(value) as T)
        : (value as T),
})

/**
 * A document an application for a procedure holds (from `procedure.json`).
 */
export interface ProcedureDocument {
  code: string
  nameVi: string
  nameEn: string
  required: boolean
}

/** The ways a dossier reaches the ministry. */
export const DOSSIER_CHANNELS = ['in-person', 'online', 'post'] as const
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number]

/** Who applies. */
export const APPLICANT_KINDS = ['citizen', 'business', 'organisation'] as const
export type ApplicantKind = (typeof APPLICANT_KINDS)[number]

/** The settings administrators and process owners may change (kept when the loader runs again). */
export const EDITABLE_PROCEDURE_FIELDS = [
  'legalTimeLimitDays',
  'fee',
  'isPublic',
  'leadUnitCode',
  'dueSoonDays',
] as const
export type EditableProcedureField = (typeof EDITABLE_PROCEDURE_FIELDS)[number]

/**
 * An administrative procedure of the registry: what `procedure.json`
 * says about one shipped (or added) procedure — its codes, names, legal
 * time limit in working days, fee, lead unit, public flag and start form —
 * and the BPMN process each of its dossiers runs.
 */
export default class Procedure extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare portalProcedureCode: string | null

  @column()
  declare nameVi: string

  @column()
  declare nameEn: string

  @column()
  declare descriptionVi: string | null

  @column()
  declare descriptionEn: string | null

  @column()
  declare processId: string

  @column()
  declare startFormId: string | null

  @column()
  declare legalTimeLimitDays: number

  @column({ consume: (value) => Number(value) })
  declare fee: number

  @column()
  declare feeCurrency: string

  @column()
  declare leadUnitCode: string

  @column()
  declare fieldCode: string | null

  @column()
  declare fieldNameVi: string | null

  @column()
  declare fieldNameEn: string | null

  @column({ consume: (value) => Boolean(value) })
  declare isPublic: boolean

  @column(jsonColumn<DossierChannel[]>([...DOSSIER_CHANNELS]))
  declare channels: DossierChannel[]

  @column(jsonColumn<ApplicantKind[]>([...APPLICANT_KINDS]))
  declare applicantKinds: ApplicantKind[]

  @column(jsonColumn<ProcedureDocument[]>([]))
  declare documents: ProcedureDocument[]

  @column()
  declare codePrefix: string

  @column()
  declare portalConnector: string | null

  @column()
  declare dueSoonDays: number

  @column({ serializeAs: null })
  declare sourceFolder: string | null

  @column({ serializeAs: null })
  declare shippedChecksum: string | null

  /** The editable fields an administrator or process owner changed, by name. */
  @column({
    ...jsonColumn<Partial<Record<EditableProcedureField, unknown>>>({}),
    serializeAs: null,
  })
  declare overrides: Partial<Record<EditableProcedureField, unknown>>

  @column({ serializeAs: null })
  declare updatedBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { jsonColumn } from '#models/procedure'

/** The notices a dossier can carry, each printable as a PDF. */
export const NOTICE_KINDS = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'result',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/**
 * A notice issued for a dossier (receipt and appointment, supplement
 * request, refusal, apology and new appointment, result): its number,
 * when and by whom, and what it says beyond the dossier itself (reasons,
 * requested items, the new date, result documents).
 */
export default class DossierNotice extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: null })
  declare dossierId: number

  @column()
  declare kind: NoticeKind

  @column()
  declare number: string

  @column(jsonColumn<Record<string, unknown>>({}))
  declare details: Record<string, unknown>

  @column()
  declare issuedBy: string | null

  @column.dateTime()
  declare issuedAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Procedure, { jsonColumn, type ApplicantKind, type DossierChannel } from '#models/procedure'
import DossierDocument from '#models/dossier_document'
import DossierNotice from '#models/dossier_notice'
import DossierHistory from '#models/dossier_history'
import type { DossierStatus } from '#services/dossier_status'

/** Whether a fee is owed, asked for, paid or waived. */
export type FeeStatus = 'none' | 'requested' | 'paid' | 'waived'

/**
 * One application for an administrative procedure (hồ sơ): who applied
 * and how, when it was received and is due (legal time limit in working
 * days, revised after a supplement or an apology), its fee, documents,
 * notices and history, its status (with the National Public Service
 * Portal's code 1–10), the unit that owns it and the process instance
 * that handles it.
 */
export default class Dossier extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare receiptNumber: string

  @column()
  declare procedureId: number

  @column()
  declare procedureCode: string

  @column()
  declare applicantKind: ApplicantKind

  @column()
  declare applicantName: string

  @column()
  declare identityNumber: string | null

  @column()
  declare taxCode: string | null

  @column()
  declare applicantEmail: string | null

  @column()
  declare applicantPhone: string | null

  @column()
  declare applicantAddress: string | null

  @column()
  declare channel: DossierChannel

  @column()
  declare status: DossierStatus

  @column()
  declare portalStatusCode: number

  @column()
  declare summary: string | null

  /** The start form's values (internal: never on the public side). */
  @column(jsonColumn<Record<string, unknown>>({}))
  declare data: Record<string, unknown>

  @column.dateTime()
  declare receivedAt: DateTime

  @column.dateTime()
  declare dueAt: DateTime

  @column.dateTime()
  declare revisedDueAt: DateTime | null

  @column.dateTime()
  declare clockStoppedAt: DateTime | null

  @column()
  declare legalTimeLimitDays: number

  @column()
  declare apologyReason: string | null

  @column.dateTime()
  declare apologisedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime()
  declare returnedAt: DateTime | null

  @column.dateTime()
  declare closedAt: DateTime | null

  @column()
  declare closingReason: string | null

  @column({ consume: (value) => Number(value) })
  declare feeAmount: number

  @column()
  declare feeCurrency: string

  @column()
  declare feeStatus: FeeStatus

  @column.dateTime()
  declare paidAt: DateTime | null

  @column()
  declare paymentReference: string | null

  @column()
  declare unitCode: string

  @column()
  declare processInstanceKey: string | null

  @column()
  declare processDefinitionKey: string | null

  @column.dateTime()
  declare portalSyncedAt: DateTime | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Procedure)
  declare procedure: BelongsTo<typeof Procedure>

  @hasMany(() => DossierDocument)
  declare documents: HasMany<typeof DossierDocument>

  @hasMany(() => DossierNotice)
  declare notices: HasMany<typeof DossierNotice>

  @hasMany(() => DossierHistory)
  declare history: HasMany<typeof DossierHistory>

  /** The due date that counts: the revised one when there is one. */
  get effectiveDueAt(): DateTime {
    return this.revisedDueAt ?? this.dueAt
  }
}

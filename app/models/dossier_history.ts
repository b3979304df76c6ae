import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { jsonColumn } from '#models/procedure'

/** How a change reached the portal. */
export type PortalSyncState = 'pending' | 'sent' | 'skipped'

/**
 * One step of a dossier's life: the action, the status before and after
 * (with the portal code), who did it (a person, or a process task with its
 * job key, which makes a retried job apply its change once), and whether
 * it was synchronised with the portal.
 */
export default class DossierHistory extends BaseModel {
  static table = 'dossier_history'

  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: null })
  declare dossierId: number

  @column()
  declare action: string

  @column()
  declare fromStatus: string | null

  @column()
  declare toStatus: string

  @column()
  declare portalStatusCode: number

  @column()
  declare content: string | null

  @column(jsonColumn<Record<string, unknown>>({}))
  declare details: Record<string, unknown>

  @column({ serializeAs: null })
  declare actorId: number | null

  @column()
  declare actorName: string | null

  @column({ serializeAs: null })
  declare jobKey: string | null

  @column()
  declare elementId: string | null

  @column()
  declare portalSync: PortalSyncState

  @column()
  declare portalMessage: string | null

  @column.dateTime()
  declare at: DateTime
}

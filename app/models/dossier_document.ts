import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** Where a document stands on the way to the digital record. */
export const DIGITISATION_STATES = ['paper', 'scanned', 'digitised', 'electronic'] as const
export type DigitisationState = (typeof DIGITISATION_STATES)[number]

/**
 * A document of a dossier: one the applicant submitted (`submitted`,
 * with its digitisation state) or one the ministry issued as the result
 * (`result`, with its number and date).
 */
export default class DossierDocument extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: null })
  declare dossierId: number

  @column()
  declare kind: 'submitted' | 'result'

  @column()
  declare code: string | null

  @column()
  declare name: string

  @column({ consume: (value) => Boolean(value) })
  declare required: boolean

  @column()
  declare digitisation: DigitisationState

  @column()
  declare number: string | null

  @column.dateTime()
  declare issuedAt: DateTime | null

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}

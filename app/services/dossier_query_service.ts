import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Dossier from '#models/dossier'
import type User from '#models/user'
import { addWorkingDays, dossierNow } from '#services/dossier_calendar'
import {
  DOSSIER_QUEUES,
  QUEUE_STATUSES,
  RUNNING_STATUSES,
  type DossierQueue,
} from '#services/dossier_status'
import { sqlTime } from '#services/sql_time'
import { taskViewerOf } from '#services/task_viewer'

/** Who may see which dossiers: everything, or the dossiers of some units. */
export interface DossierViewer {
  all: boolean
  userId: number
  units: string[]
}

/** The filters of a dossier list. */
export interface DossierFilters {
  queue?: DossierQueue
  status?: string
  procedure?: string
  channel?: string
  unit?: string
  q?: string
  receivedFrom?: string
  receivedTo?: string
  page?: number
  perPage?: number
}

const EFFECTIVE_DUE = 'COALESCE(dossiers.revised_due_at, dossiers.due_at)'

/**
 * The viewer of a signed-in user (roles and units loaded): administrators,
 * process owners and auditors see every dossier; leaders their units' and
 * sub-units'; staff their units' (sub-units with SENFLOW_SUBUNIT_VISIBILITY)
 * — as in the inbox.
 */
export async function dossierViewerOf(user: User): Promise<DossierViewer> {
  if (user.hasRole('admin', 'process_owner', 'auditor'))
    return { all: true, userId: user.id, units: [] }
  const viewer = await taskViewerOf(user)
  return {
    all: false,
    userId: user.id,
    units: [...new Set([...viewer.groups, ...viewer.ledUnits])],
  }
}

/**
 * Lists and counts dossiers by queue and filter, within what a viewer may see.
 */
export default class DossierQueryService {
  /** Whether a viewer may see a dossier. */
  canSee(viewer: DossierViewer, dossier: Dossier) {
    return (
      viewer.all || viewer.units.includes(dossier.unitCode) || dossier.createdBy === viewer.userId
    )
  }

  #visible(query: ModelQueryBuilderContract<typeof Dossier>, viewer: DossierViewer) {
    if (viewer.all) return
    query.where((scope) => {
      scope.whereIn('dossiers.unit_code', viewer.units.length ? viewer.units : ['\u0000'])
      scope.orWhere('dossiers.created_by', viewer.userId)
    })
  }

  /**
   * Restricts a query to a queue. `due-soon` uses each procedure's
   * `dueSoonDays` in working days from now (the engine's clock).
   */
  async #queue(query: ModelQueryBuilderContract<typeof Dossier>, queue: DossierQueue) {
    const statuses = QUEUE_STATUSES[queue]
    if (statuses) {
      query.whereIn('dossiers.status', [...statuses])
      return
    }
    const now = await dossierNow()
    query.whereIn('dossiers.status', [...RUNNING_STATUSES])
    if (queue === 'overdue') {
      query.whereRaw(`${EFFECTIVE_DUE} < ?`, [sqlTime(now)])
      return
    }
    const windows = await db.from('procedures').distinct('due_soon_days')
    const limits = await Promise.all(
      windows.map(async (row) => ({
        days: Number(row.due_soon_days),
        by: sqlTime(await addWorkingDays(now, Number(row.due_soon_days))),
      }))
    )
    query.whereRaw(`${EFFECTIVE_DUE} >= ?`, [sqlTime(now)])
    query.where((scope) => {
      for (const limit of limits) {
        scope.orWhere((inner) => {
          inner
            .whereIn(
              'dossiers.procedure_id',
              db.from('procedures').where('due_soon_days', limit.days).select('id')
            )
            .whereRaw(`${EFFECTIVE_DUE} <= ?`, [limit.by])
        })
      }
      if (!limits.length) scope.whereRaw('1 = 0')
    })
  }

  async #filter(
    query: ModelQueryBuilderContract<typeof Dossier>,
    viewer: DossierViewer,
    filters: DossierFilters
  ): Promise<void> {
    this.#visible(query, viewer)
    if (filters.queue) await this.#queue(query, filters.queue)
    if (filters.status) query.where('dossiers.status', filters.status)
    if (filters.procedure) query.where('dossiers.procedure_code', filters.procedure)
    if (filters.channel) query.where('dossiers.channel', filters.channel)
    if (filters.unit) query.where('dossiers.unit_code', filters.unit)
    if (filters.receivedFrom) query.where('dossiers.received_at', '>=', filters.receivedFrom)
    if (filters.receivedTo) query.where('dossiers.received_at', '<=', filters.receivedTo)
    if (filters.q) {
      const like = `%${filters.q.replace(/[!%_]/g, (c) => `!${c}`)}%`
      query.where((scope) => {
        scope
          .whereRaw("dossiers.code LIKE ? ESCAPE '!'", [like])
          .orWhereRaw("dossiers.receipt_number LIKE ? ESCAPE '!'", [like])
          .orWhereRaw("dossiers.applicant_name LIKE ? ESCAPE '!'", [like])
          .orWhere('dossiers.identity_number', filters.q!)
          .orWhere('dossiers.tax_code', filters.q!)
      })
    }
  }

  /** A page of dossiers, the most urgent first within a queue, else the newest. */
  async list(viewer: DossierViewer, filters: DossierFilters) {
    const page = Math.max(1, filters.page ?? 1)
    const perPage = Math.min(100, Math.max(1, filters.perPage ?? 25))
    const query = Dossier.query()
    await this.#filter(query, viewer, filters)
    if (
      filters.queue &&
      ['due-soon', 'overdue', 'new', 'processing', 'awaiting-fee'].includes(filters.queue)
    )
      query.orderByRaw(`${EFFECTIVE_DUE} asc`).orderBy('dossiers.id', 'asc')
    else query.orderBy('dossiers.received_at', 'desc').orderBy('dossiers.id', 'desc')
    const result = await query.preload('procedure').paginate(page, perPage)
    return { items: result.all(), total: result.total, page, perPage }
  }

  /** How many dossiers each queue holds for a viewer. */
  async counts(viewer: DossierViewer) {
    const data: { queue: DossierQueue; count: number }[] = []
    for (const queue of DOSSIER_QUEUES) {
      const query = Dossier.query()
      await this.#filter(query, viewer, { queue })
      const [row] = await query.count('* as total')
      data.push({ queue, count: Number(row.$extras.total ?? 0) })
    }
    return data
  }
}

import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { type TaskViewer, visibleOpenTaskIds } from '#services/task_viewer'
import { presentTask, type UserTaskRow } from '#services/task_service'
import { sqlTime } from '#services/sql_time'

/**
 * The inbox queues: assigned to me; offered to my units or roles;
 * unassigned tasks I may claim; everything I may see.
 */
export const TASK_QUEUES = ['mine', 'units', 'candidate', 'all'] as const
export type TaskQueue = (typeof TASK_QUEUES)[number]

/**
 * Filters, sorting and paging of the inbox.
 */
export interface TaskListFilters {
  queue?: TaskQueue
  state?: 'open' | 'completed' | 'canceled'
  processDefinitionId?: string
  processInstanceKey?: string
  dueBefore?: Date
  dueAfter?: Date
  overdue?: boolean
  dueSoon?: boolean
  priorityMin?: number
  q?: string
  assignee?: string
  sort?: 'dueDate' | 'priority' | 'createdAt'
  order?: 'asc' | 'desc'
  page?: number
  perPage?: number
}

/**
 * How close a due date must be to count as "due soon".
 */
export const DUE_SOON_HOURS = 48

const SORT_COLUMNS = { dueDate: 't.due_date', priority: 't.priority', createdAt: 't.created_at' }

/**
 * Reads the inbox: one page of tasks for a viewer with the counts per
 * queue, in a few indexed queries (the visible-task union joined as a
 * derived table, never a per-row check).
 */
export default class TaskQueryService {
  /**
   * Open tasks of one queue for a viewer, as a query on `user_tasks as t`.
   */
  openQueue(viewer: TaskViewer, queue: TaskQueue): DatabaseQueryBuilderContract {
    const query = db.from('user_tasks as t').where('t.state', 'CREATED')
    if (queue === 'mine') return query.where('t.assignee_id', viewer.userId)
    if (queue === 'units' || queue === 'candidate') {
      const groups = [...new Set([...viewer.groups, ...viewer.ledUnits])]
      const offered = db
        .from('user_task_candidates')
        .select('task_id')
        .where('open', true)
        .where((where) => {
          where.where('kind', 'user').where('value', viewer.email)
          if (groups.length)
            where.orWhere((group) => group.where('kind', 'group').whereIn('value', groups))
        })
      if (queue === 'units') {
        const unitOffers = db
          .from('user_task_candidates')
          .distinct('task_id')
          .where('open', true)
          .where('kind', 'group')
          .whereIn('value', groups.length ? groups : [''])
        return this.joinIds(query, unitOffers)
      }
      return this.joinIds(query, offered.distinct()).whereNull('t.assignee_id')
    }
    const visible = visibleOpenTaskIds(viewer)
    return visible ? this.joinIds(query, visible) : query
  }

  async list(viewer: TaskViewer, filters: TaskListFilters) {
    const perPage = filters.perPage ?? 25
    const page = filters.page ?? 1
    const query = this.filtered(viewer, filters)
    const total = query.clone().count('* as total').first()
    const column = SORT_COLUMNS[filters.sort ?? 'dueDate']
    const order = filters.order ?? (filters.sort === 'priority' ? 'desc' : 'asc')
    if ((filters.sort ?? 'dueDate') === 'dueDate') {
      // tasks without a due date last
      query.orderByRaw(`case when t.due_date is null then 1 else 0 end`)
    }
    // sort and page on ids only, then read the page's rows: sorting thousands of whole rows
    // (variables, headers) costs more than the lookups of one page
    const [totalRow, pageIds] = await Promise.all([
      total,
      query
        .select('t.id')
        .orderBy(column, order)
        .orderBy('t.id', 'asc')
        .offset((page - 1) * perPage)
        .limit(perPage)
        .then((rows) => rows as { id: number | string }[]),
    ])
    const ids = pageIds.map((row) => row.id)
    const rows = ids.length
      ? ((await db.from('user_tasks').whereIn('id', ids)) as UserTaskRow[])
      : []
    const byId = new Map(rows.map((row) => [String(row.id), row]))
    return {
      items: ids.flatMap((id) => {
        const row = byId.get(String(id))
        return row ? [presentTask(row)] : []
      }),
      page: { total: Number(totalRow?.total ?? 0), page, perPage },
    }
  }

  /**
   * The counts the inbox shows beside its queues, in one call: for staff,
   * one query over the tasks they may see (each tagged with how it reaches
   * them), so the few thousand visible rows are read once, not five times.
   */
  async counts(viewer: TaskViewer) {
    const now = new Date()
    const soon = new Date(now.getTime() + DUE_SOON_HOURS * 3600_000)
    if (viewer.admin) return this.countsOfEverything(viewer, now, soon)
    const { sql, bindings } = this.visibleSources(viewer).toSQL()
    const row = await db
      .from('user_tasks as t')
      .joinRaw(
        `inner join (select s.task_id, max(s.in_units) as in_units, max(s.offered) as offered from (${sql}) as s group by s.task_id) as v on v.task_id = t.id`,
        bindings as any[]
      )
      .where('t.state', 'CREATED')
      .select(
        db.raw('sum(case when t.assignee_id = ? then 1 else 0 end) as mine', [viewer.userId]),
        db.raw('sum(v.in_units) as units'),
        db.raw(
          'sum(case when v.offered = 1 and t.assignee_id is null then 1 else 0 end) as candidate'
        ),
        db.raw('sum(case when t.due_date >= ? and t.due_date < ? then 1 else 0 end) as due_soon', [
          sqlTime(now),
          sqlTime(soon),
        ]),
        db.raw('sum(case when t.due_date < ? then 1 else 0 end) as overdue', [sqlTime(now)])
      )
      .first()
    const value = (name: string) => Number(row?.[name] ?? 0)
    return {
      mine: value('mine'),
      units: value('units'),
      candidate: value('candidate'),
      dueSoon: value('due_soon'),
      overdue: value('overdue'),
    }
  }

  /**
   * Every way an open task reaches a (non-admin) viewer, one row per way:
   * `task_id`, `in_units` (offered to one of their units or roles, or a
   * unit they lead: the "units" queue) and `offered` (offered to them or
   * those groups: the "candidate" queue when unassigned). The same tasks
   * as {@link visibleOpenTaskIds}.
   */
  protected visibleSources(viewer: TaskViewer): DatabaseQueryBuilderContract {
    const groups = [...new Set([...viewer.groups, ...viewer.ledUnits])]
    const sources = db
      .from('user_tasks')
      .select('id as task_id', db.raw('0 as in_units'), db.raw('0 as offered'))
      .where('state', 'CREATED')
      .where('assignee_id', viewer.userId)
    sources.unionAll(
      db
        .from('user_task_candidates')
        .select('task_id', db.raw('0 as in_units'), db.raw('1 as offered'))
        .where('open', true)
        .where('kind', 'user')
        .where('value', viewer.email)
    )
    if (groups.length) {
      sources.unionAll(
        db
          .from('user_task_candidates')
          .select('task_id', db.raw('1 as in_units'), db.raw('1 as offered'))
          .where('open', true)
          .where('kind', 'group')
          .whereIn('value', groups)
      )
    }
    if (viewer.ledUnits.length) {
      sources.unionAll(
        db
          .from('user_tasks as lt')
          .select('lt.id as task_id', db.raw('0 as in_units'), db.raw('0 as offered'))
          .where('lt.state', 'CREATED')
          .whereIn(
            'lt.assignee_id',
            db
              .from('unit_memberships as m')
              .join('units as u', 'u.id', 'm.unit_id')
              .whereIn('u.code', viewer.ledUnits)
              .select('m.user_id')
          )
      )
    }
    return sources
  }

  /**
   * The counts for an administrator, who sees every open task: indexed
   * counts on the task table, one per queue.
   */
  protected async countsOfEverything(viewer: TaskViewer, now: Date, soon: Date) {
    const count = async (query: DatabaseQueryBuilderContract) =>
      Number((await query.count('* as total').first())?.total ?? 0)
    const [mine, units, candidate, dueSoon, overdue] = await Promise.all([
      count(this.openQueue(viewer, 'mine')),
      count(this.openQueue(viewer, 'units')),
      count(this.openQueue(viewer, 'candidate')),
      count(
        this.openQueue(viewer, 'all')
          .where('t.due_date', '>=', sqlTime(now))
          .where('t.due_date', '<', sqlTime(soon))
      ),
      count(this.openQueue(viewer, 'all').where('t.due_date', '<', sqlTime(now))),
    ])
    return { mine, units, candidate, dueSoon, overdue }
  }

  protected filtered(viewer: TaskViewer, filters: TaskListFilters) {
    const state = filters.state ?? 'open'
    let query: DatabaseQueryBuilderContract
    if (state === 'open') {
      query = this.openQueue(viewer, filters.queue ?? 'all')
    } else {
      // finished tasks: the ones the viewer completed or claimed (admins: all)
      query = db
        .from('user_tasks as t')
        .where('t.state', state === 'completed' ? 'COMPLETED' : 'CANCELED')
      if (!viewer.admin) {
        query.where((where) =>
          where.where('t.completed_by', viewer.userId).orWhere('t.claimed_by', viewer.userId)
        )
      }
    }
    const now = new Date()
    if (filters.processDefinitionId)
      query.where('t.process_definition_id', filters.processDefinitionId)
    if (filters.processInstanceKey)
      query.where('t.process_instance_key', filters.processInstanceKey)
    if (filters.dueBefore) query.where('t.due_date', '<', sqlTime(filters.dueBefore))
    if (filters.dueAfter) query.where('t.due_date', '>=', sqlTime(filters.dueAfter))
    if (filters.overdue) query.where('t.due_date', '<', sqlTime(now))
    if (filters.dueSoon) {
      query
        .where('t.due_date', '>=', sqlTime(now))
        .where('t.due_date', '<', sqlTime(new Date(now.getTime() + DUE_SOON_HOURS * 3600_000)))
    }
    if (filters.priorityMin !== undefined) query.where('t.priority', '>=', filters.priorityMin)
    if (filters.assignee) query.where('t.assignee', filters.assignee.toLowerCase())
    if (filters.q) {
      const like = `%${filters.q.toLowerCase()}%`
      query.where((where) =>
        where
          .whereRaw('lower(t.name) like ?', [like])
          .orWhereRaw('lower(t.business_context) like ?', [like])
      )
    }
    return query
  }

  protected joinIds(query: DatabaseQueryBuilderContract, ids: DatabaseQueryBuilderContract) {
    const { sql, bindings } = ids.toSQL()
    return query.joinRaw(`inner join (${sql}) as v on v.task_id = t.id`, bindings as any[])
  }
}

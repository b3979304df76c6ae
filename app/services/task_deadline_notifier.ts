import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { DUE_SOON_HOURS } from '#services/task_query_service'
import { sqlTime } from '#services/sql_time'

/**
 * A notification just stored for a user (the mail hook listens for these).
 */
export interface NotificationCreated {
  userId: number
  type: 'task_assigned' | 'task_offered' | 'task_due_soon' | 'task_overdue'
  taskId: number
  title: string
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'notification:created': NotificationCreated
  }
}

/**
 * Who should hear about a task: its assignee, else the members of its
 * candidate units and its candidate users.
 */
async function audienceOf(task: { id: number; assignee_id: number | null }) {
  if (task.assignee_id) return [task.assignee_id]
  const candidates: { kind: string; value: string }[] = await db
    .from('user_task_candidates')
    .where('task_id', task.id)
    .select('kind', 'value')
  const groups = candidates.filter((c) => c.kind === 'group').map((c) => c.value)
  const users = candidates.filter((c) => c.kind === 'user').map((c) => c.value)
  const rows: { id: number }[] = await db
    .from('users')
    .where('active', true)
    .where((where) => {
      where.whereIn('email', users.length ? users : [''])
      if (groups.length) {
        where.orWhereIn(
          'id',
          db
            .from('unit_memberships as m')
            .join('units as u', 'u.id', 'm.unit_id')
            .whereIn('u.code', groups)
            .select('m.user_id')
        )
      }
    })
    .select('id')
    .limit(500)
  return rows.map((row) => row.id)
}

/**
 * Tells people once when an open task becomes due soon (within
 * {@link DUE_SOON_HOURS}) and once when it is overdue: an in-app
 * notification each, and a `notification:created` event. Runs every
 * minute with the engine runtime; `now` comes from the engine's clock so
 * a moved clock counts.
 */
export default class TaskDeadlineNotifier {
  constructor(protected now: () => number) {}

  async run() {
    const now = new Date(this.now())
    const soon = new Date(now.getTime() + DUE_SOON_HOURS * 3600_000)
    const overdue = await db
      .from('user_tasks')
      .where('state', 'CREATED')
      .whereNull('overdue_noticed_at')
      .where('due_date', '<', sqlTime(now))
      .select('id', 'name', 'assignee_id')
      .limit(1000)
    await this.notice(overdue, 'task_overdue', 'overdue_noticed_at', now)
    const dueSoon = await db
      .from('user_tasks')
      .where('state', 'CREATED')
      .whereNull('due_soon_noticed_at')
      .where('due_date', '>=', sqlTime(now))
      .where('due_date', '<', sqlTime(soon))
      .select('id', 'name', 'assignee_id')
      .limit(1000)
    await this.notice(dueSoon, 'task_due_soon', 'due_soon_noticed_at', now)
    return { overdue: overdue.length, dueSoon: dueSoon.length }
  }

  protected async notice(
    tasks: { id: number; name: string; assignee_id: number | null }[],
    type: 'task_due_soon' | 'task_overdue',
    column: string,
    now: Date
  ) {
    for (const task of tasks) {
      const audience = await audienceOf(task)
      const created: NotificationCreated[] = []
      await db.transaction(async (trx) => {
        const claimed = await trx
          .from('user_tasks')
          .where('id', task.id)
          .whereNull(column)
          .update({ [column]: sqlTime(now) })
        if (Number(Array.isArray(claimed) ? claimed[0] : claimed) !== 1) return
        for (const userId of audience) {
          await trx
            .insertQuery()
            .table('notifications')
            .knexQuery.insert({
              user_id: userId,
              type,
              task_id: task.id,
              title: task.name,
              created_at: sqlTime(now),
            })
            .onConflict(['user_id', 'type', 'task_id'])
            .ignore()
          created.push({ userId, type, taskId: Number(task.id), title: task.name })
        }
      })
      for (const notification of created) await emitter.emit('notification:created', notification)
    }
  }
}

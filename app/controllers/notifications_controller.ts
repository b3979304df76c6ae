import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { isoTime, sqlTime } from '#services/sql_time'

/**
 * The signed-in user's in-app notifications: tasks assigned to them,
 * offered to their units, due soon, overdue.
 */
export default class NotificationsController {
  async index({ auth, request }: HttpContext) {
    const query = db
      .from('notifications')
      .where('user_id', auth.user!.id)
      .orderBy('id', 'desc')
      .limit(100)
    if (request.input('unread') === 'true') query.whereNull('read_at')
    const rows = await query
    const unread = await db
      .from('notifications')
      .where('user_id', auth.user!.id)
      .whereNull('read_at')
      .count('* as total')
      .first()
    return {
      items: rows.map((row) => ({
        id: Number(row.id),
        type: row.type,
        taskId: row.task_id === null ? null : Number(row.task_id),
        title: row.title,
        readAt: isoTime(row.read_at),
        createdAt: isoTime(row.created_at),
      })),
      unread: Number(unread?.total ?? 0),
    }
  }

  async markRead({ auth, params, response }: HttpContext) {
    await db
      .from('notifications')
      .where('user_id', auth.user!.id)
      .where('id', Number(params.id))
      .whereNull('read_at')
      .update({ read_at: sqlTime() })
    return response.noContent()
  }

  async markAllRead({ auth, response }: HttpContext) {
    await db
      .from('notifications')
      .where('user_id', auth.user!.id)
      .whereNull('read_at')
      .update({ read_at: sqlTime() })
    return response.noContent()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { localizeSchema } from '@senflow/forms'
import TaskService, {
  presentTask,
  TaskFormResolver,
  type UserTaskRow,
} from '#services/task_service'
import TaskQueryService from '#services/task_query_service'
import { taskViewerOf, type TaskViewer } from '#services/task_viewer'
import { isoTime, sqlTime } from '#services/sql_time'
import {
  assignTaskValidator,
  completeTaskValidator,
  delegateTaskValidator,
  listTasksValidator,
  taskCommentValidator,
  taskDraftValidator,
} from '#validators/task_validator'
import { NotFoundException, UnprocessableException } from '#exceptions/api_exception'

/**
 * File types a task attachment may have, by extension.
 */
export const ATTACHMENT_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'odt',
  'ods',
  'txt',
  'csv',
  'xml',
  'zip',
]

/**
 * Largest attachment accepted.
 */
export const ATTACHMENT_MAX_SIZE = process.env.SENFLOW_ATTACHMENT_MAX_SIZE ?? '20mb'

/**
 * Where attachments are stored (kept across restarts).
 */
export function storageRoot() {
  return process.env.SENFLOW_STORAGE_DIR ?? app.makePath('storage')
}

/**
 * The staff inbox: queues with counts, the task page (form, context,
 * timeline, comments, attachments, draft) and the actions on a task.
 * Every endpoint checks what the signed-in user may see and do.
 */
@inject()
export default class TasksController {
  constructor(
    protected tasks: TaskService,
    protected queries: TaskQueryService,
    protected forms: TaskFormResolver
  ) {}

  async index(ctx: HttpContext) {
    const viewer = await this.viewer(ctx)
    const filters = await ctx.request.validateUsing(listTasksValidator, { data: ctx.request.qs() })
    const [list, counts] = await Promise.all([
      this.queries.list(viewer, filters),
      this.queries.counts(viewer),
    ])
    return { ...list, counts }
  }

  async counts(ctx: HttpContext) {
    return this.queries.counts(await this.viewer(ctx))
  }

  /**
   * The task page: the task, its form (in the user's language), the
   * instance's variables it opened with, the viewer's draft, the timeline,
   * comments and attachments, and what the viewer may do.
   */
  async show(ctx: HttpContext) {
    const viewer = await this.viewer(ctx)
    const task = await this.tasks.findVisible(viewer, ctx.params.id)
    const locale = ctx.auth.user!.locale === 'en' ? 'en' : 'vi'
    const form = await this.forms.resolve(task)
    return {
      task: presentTask(task),
      form: form
        ? {
            id: form.id,
            version: form.version,
            schema: localizeSchema(form.schema, form.translations, locale),
          }
        : null,
      variables: task.variables ? JSON.parse(task.variables) : {},
      draft: await this.tasks.draftOf(viewer, task),
      timeline: await this.tasks.timeline(task),
      comments: await this.tasks.comments(task),
      attachments: await this.attachmentsOf(task),
      actions: this.actionsFor(viewer, task),
    }
  }

  async claim(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    return presentTask(await this.tasks.claim(viewer, task))
  }

  async unclaim(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    return presentTask(await this.tasks.unclaim(viewer, task))
  }

  async assign(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const { assignee } = await ctx.request.validateUsing(assignTaskValidator)
    return presentTask(await this.tasks.assign(viewer, task, assignee))
  }

  async delegate(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const { to } = await ctx.request.validateUsing(delegateTaskValidator)
    return presentTask(await this.tasks.delegate(viewer, task, to))
  }

  async complete(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const payload = await ctx.request.validateUsing(completeTaskValidator)
    const locale = payload.locale ?? (ctx.auth.user!.locale === 'en' ? 'en' : 'vi')
    const result = await this.tasks.complete(viewer, task, payload.variables ?? {}, locale)
    return { task: presentTask(result.task), variables: result.variables }
  }

  async saveDraft(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const { data } = await ctx.request.validateUsing(taskDraftValidator)
    await this.tasks.saveDraft(viewer, task, data)
    return this.tasks.draftOf(viewer, task)
  }

  async comments(ctx: HttpContext) {
    const { task } = await this.visibleTask(ctx)
    return { items: await this.tasks.comments(task) }
  }

  async addComment(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const { body } = await ctx.request.validateUsing(taskCommentValidator)
    await this.tasks.addComment(viewer, task, body)
    return ctx.response.created({ items: await this.tasks.comments(task) })
  }

  /**
   * Uploads a file to the task (multipart field `file`), checked for size
   * and type, stored under the storage folder.
   */
  async upload(ctx: HttpContext) {
    const { viewer, task } = await this.visibleTask(ctx)
    const file = ctx.request.file('file', {
      size: ATTACHMENT_MAX_SIZE,
      extnames: ATTACHMENT_EXTENSIONS,
    })
    if (!file)
      throw new UnprocessableException('Expected a file in the multipart field "file"', 'file')
    if (!file.isValid) {
      throw new UnprocessableException(file.errors.map((error) => error.message).join('; '), 'file')
    }
    const content = await readFile(file.tmpPath!)
    const sha256 = createHash('sha256').update(content).digest('hex')
    const month = new Date().toISOString().slice(0, 7)
    const directory = join(storageRoot(), 'attachments', month)
    await mkdir(directory, { recursive: true })
    const storedName = `${sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}.${file.extname}`
    await file.move(directory, { name: storedName, overwrite: false })
    await db.table('task_attachments').insert({
      task_id: task.id,
      process_instance_key: task.process_instance_key,
      uploaded_by: viewer.userId,
      file_name: file.clientName.slice(0, 255),
      content_type: `${file.type ?? 'application'}/${file.subtype ?? 'octet-stream'}`,
      size: file.size,
      sha256,
      storage_path: join('attachments', month, storedName),
      created_at: sqlTime(),
    })
    return ctx.response.created({ items: await this.attachmentsOf(task) })
  }

  async download(ctx: HttpContext) {
    const { task } = await this.visibleTask(ctx)
    const row = await db
      .from('task_attachments')
      .where('id', Number(ctx.params.attachmentId))
      .where('task_id', task.id)
      .first()
    if (!row) throw new NotFoundException(`Attachment ${ctx.params.attachmentId} not found`)
    ctx.response.header('content-type', row.content_type)
    ctx.response.attachment(join(storageRoot(), row.storage_path), row.file_name)
  }

  protected async attachmentsOf(task: UserTaskRow) {
    const rows = await db
      .from('task_attachments as a')
      .join('users as u', 'u.id', 'a.uploaded_by')
      .where('a.process_instance_key', task.process_instance_key)
      .orderBy('a.id')
      .select('a.*', 'u.email')
    return rows.map((row) => ({
      id: Number(row.id),
      taskId: Number(row.task_id),
      fileName: row.file_name,
      contentType: row.content_type,
      size: Number(row.size),
      sha256: row.sha256,
      uploadedBy: row.email,
      createdAt: isoTime(row.created_at),
      url: `/api/tasks/${row.task_id}/attachments/${row.id}`,
    }))
  }

  protected actionsFor(viewer: TaskViewer, task: UserTaskRow) {
    const open = task.state === 'CREATED'
    const mine = task.assignee_id === viewer.userId
    const manager = viewer.admin || viewer.leader
    return {
      claim: open && !task.assignee_id,
      unclaim: open && !!task.assignee_id && (mine || manager),
      assign: open && manager,
      delegate: open && (mine || viewer.admin),
      complete: open && (mine || !task.assignee_id || viewer.admin),
      saveDraft: open,
      comment: true,
    }
  }

  protected async viewer(ctx: HttpContext) {
    return taskViewerOf(ctx.auth.user!)
  }

  protected async visibleTask(ctx: HttpContext) {
    const viewer = await this.viewer(ctx)
    const task = await this.tasks.findVisible(viewer, ctx.params.id)
    return { viewer, task }
  }
}

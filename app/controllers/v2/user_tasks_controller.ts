import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import TaskService, { TaskFormResolver, type UserTaskRow } from '#services/task_service'
import { taskViewerOf, visibleOpenTaskIds } from '#services/task_viewer'
import { isoTime } from '#services/sql_time'
import {
  searchValidator,
  userTaskAssignmentValidator,
  userTaskCompletionValidator,
} from '#validators/v2_validator'
import { searchPage } from '#services/camunda_search'
import {
  BadRequestException,
  ConflictException,
  NotFoundException,
} from '#exceptions/api_exception'

const FILTER_COLUMNS: Record<string, string> = {
  userTaskKey: 'task_key',
  state: 'state',
  assignee: 'assignee',
  elementId: 'element_id',
  elementInstanceKey: 'element_instance_key',
  processInstanceKey: 'process_instance_key',
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'process_definition_id',
  priority: 'priority',
}

const SORT_COLUMNS: Record<string, string> = {
  creationDate: 'created_at',
  completionDate: 'completed_at',
  dueDate: 'due_date',
  followUpDate: 'follow_up_date',
  priority: 'priority',
}

/**
 * A user task in Camunda's shape.
 */
function present(task: UserTaskRow) {
  const list = (value: string | null) => (value ? (JSON.parse(value) as string[]) : [])
  return {
    userTaskKey: task.task_key,
    name: task.name,
    state: task.state,
    assignee: task.assignee ?? undefined,
    elementId: task.element_id,
    elementInstanceKey: task.element_instance_key,
    candidateGroups: list(task.candidate_groups),
    candidateUsers: list(task.candidate_users),
    processDefinitionId: task.process_definition_id,
    processDefinitionKey: task.process_definition_key,
    processDefinitionVersion: Number(task.process_definition_version),
    processInstanceKey: task.process_instance_key,
    processName: task.process_name ?? undefined,
    creationDate: isoTime(task.created_at),
    completionDate: isoTime(task.completed_at) ?? undefined,
    dueDate: isoTime(task.due_date) ?? undefined,
    followUpDate: isoTime(task.follow_up_date) ?? undefined,
    priority: Number(task.priority),
    formKey: task.form_key ?? undefined,
    customHeaders: task.custom_headers ? JSON.parse(task.custom_headers) : {},
    tenantId: '<default>',
  }
}

/**
 * Camunda 8's user-task API over the inbox, with the inbox's visibility
 * rules: search, get, assign/unassign, complete (validated against the
 * form), the form.
 */
@inject()
export default class UserTasksController {
  constructor(
    protected tasks: TaskService,
    protected forms: TaskFormResolver
  ) {}

  async search(ctx: HttpContext) {
    const body = await ctx.request.validateUsing(searchValidator)
    const viewer = await taskViewerOf(ctx.auth.user!)
    const query = db.from('user_tasks as t')
    const visible = visibleOpenTaskIds(viewer)
    if (visible) {
      query.where((where) =>
        where
          .whereIn('t.id', visible)
          .orWhere('t.completed_by', viewer.userId)
          .orWhere('t.claimed_by', viewer.userId)
      )
    }
    for (const [name, raw] of Object.entries(body.filter ?? {})) {
      if (raw === undefined || raw === null || name === 'tenantId') continue
      const value =
        typeof raw === 'object' && raw !== null && '$eq' in raw
          ? (raw as { $eq: unknown }).$eq
          : raw
      if (name === 'candidateGroup') {
        query.whereIn(
          't.id',
          db
            .from('user_task_candidates')
            .select('task_id')
            .where('kind', 'group')
            .where('value', String(value))
        )
      } else if (name === 'candidateUser') {
        query.whereIn(
          't.id',
          db
            .from('user_task_candidates')
            .select('task_id')
            .where('kind', 'user')
            .where('value', String(value))
        )
      } else if (FILTER_COLUMNS[name]) {
        query.where(`t.${FILTER_COLUMNS[name]}`, value as any)
      } else {
        throw new BadRequestException(`filter.${name}: not a user task filter field`)
      }
    }
    const total = await query.clone().count('* as total').first()
    for (const sort of body.sort ?? []) {
      const column = SORT_COLUMNS[sort.field]
      if (!column) throw new BadRequestException(`sort.field: cannot sort by ${sort.field}`)
      query.orderBy(`t.${column}`, sort.order === 'DESC' ? 'desc' : 'asc')
    }
    const rows = (await query
      .select('t.*')
      .orderBy('t.id')
      .offset(body.page?.from ?? 0)
      .limit(body.page?.limit ?? 100)) as UserTaskRow[]
    return { items: rows.map(present), page: searchPage(Number(total?.total ?? 0)) }
  }

  async show(ctx: HttpContext) {
    return present(await this.find(ctx))
  }

  /**
   * Assigns the task: to oneself (a claim), or to another user (leaders,
   * admins). Without `allowOverride`, a task assigned to someone else is 409.
   */
  async assign(ctx: HttpContext) {
    const viewer = await taskViewerOf(ctx.auth.user!)
    const task = await this.find(ctx)
    const { assignee, allowOverride } = await ctx.request.validateUsing(userTaskAssignmentValidator)
    const target = assignee ?? viewer.email
    if (task.assignee && task.assignee !== target && allowOverride === false) {
      throw new ConflictException(`The task is already assigned to ${task.assignee}`)
    }
    if (target === viewer.email && !task.assignee) await this.tasks.claim(viewer, task)
    else if (target !== task.assignee) await this.tasks.assign(viewer, task, target)
    return ctx.response.noContent()
  }

  async unassign(ctx: HttpContext) {
    const viewer = await taskViewerOf(ctx.auth.user!)
    await this.tasks.unclaim(viewer, await this.find(ctx))
    return ctx.response.noContent()
  }

  async complete(ctx: HttpContext) {
    const viewer = await taskViewerOf(ctx.auth.user!)
    const task = await this.find(ctx)
    const { variables } = await ctx.request.validateUsing(userTaskCompletionValidator)
    await this.tasks.complete(
      viewer,
      task,
      variables ?? {},
      ctx.auth.user!.locale === 'en' ? 'en' : 'vi'
    )
    return ctx.response.noContent()
  }

  async form(ctx: HttpContext) {
    const task = await this.find(ctx)
    const form = await this.forms.resolve(task)
    if (!form) throw new NotFoundException(`User task ${task.task_key} has no form`)
    return {
      formKey: task.form_key ?? `${form.id}:${form.version}`,
      formId: form.id,
      version: form.version,
      schema: JSON.stringify(form.schema),
      tenantId: '<default>',
    }
  }

  protected async find(ctx: HttpContext) {
    const viewer = await taskViewerOf(ctx.auth.user!)
    return this.tasks.findVisible(viewer, ctx.params.key, 'task_key')
  }
}

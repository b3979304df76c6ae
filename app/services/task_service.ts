import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { validateSubmission } from '@senflow/forms'
import { readUserTaskHeaders } from '#services/user_task_headers'
import { type TaskViewer, visibleOpenTaskIds } from '#services/task_viewer'
import { isoTime, sqlTime } from '#services/sql_time'
import {
  ApiException,
  ConflictException,
  NotFoundException,
  UnprocessableException,
} from '#exceptions/api_exception'
import { FormValidationException } from '#exceptions/form_validation_exception'
import emitter from '@adonisjs/core/services/emitter'
import type { NotificationCreated } from '#services/task_deadline_notifier'
import type { FormDocument } from '@senflow/forms'

/**
 * A user task as the engine hands it over: a job of type
 * `io.camunda.zeebe:userTask` (on both engines) with the task's element,
 * instance and custom headers, and the instance's variables.
 */
export interface UserTaskJob {
  key: string
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  elementId: string
  elementInstanceKey: string
  customHeaders: Record<string, unknown>
  variables: Record<string, unknown>
}

/**
 * What the task service needs from the engine: completing the task's job.
 * Bound to the WorkflowEngine port by the engine provider.
 */
export abstract class TaskEngineGateway {
  /** Completes the job; throws an error with status 404/409 when the job is gone. */
  abstract completeJob(key: string, variables: Record<string, unknown>): Promise<void>
}

/**
 * Finds the form a task links to (by form key, or form id and binding),
 * or null when the task has no form.
 */
export abstract class TaskFormResolver {
  abstract resolve(task: UserTaskRow): Promise<FormDocument | null>
}

/**
 * Names from the deployed model, for the inbox.
 */
export interface TaskLabels {
  name: string
  processName: string | null
}

/**
 * A row of `user_tasks`.
 */
export interface UserTaskRow {
  id: number | string
  task_key: string
  state: 'CREATED' | 'COMPLETED' | 'CANCELED'
  name: string
  element_id: string
  element_instance_key: string
  process_instance_key: string
  process_definition_key: string
  process_definition_id: string
  process_definition_version: number
  process_name: string | null
  assignee: string | null
  assignee_id: number | null
  candidate_users: string | null
  candidate_groups: string | null
  due_date: string | Date | null
  follow_up_date: string | Date | null
  priority: number
  form_key: string | null
  form_id: string | null
  form_binding: string | null
  form_version_tag: string | null
  business_id: string | null
  business_context: string | null
  custom_headers: string | null
  variables: string | null
  created_at: string | Date
  claimed_at: string | Date | null
  claimed_by: number | null
  completed_at: string | Date | null
  completed_by: number | null
  canceled_at: string | Date | null
}

/**
 * Largest JSON a task completion may write into the instance.
 */
const MAX_COMPLETION_BYTES = 1_000_000

/**
 * The business context the inbox shows: a dossier code or a commitment
 * title when the instance carries one.
 */
export function businessContextOf(variables: Record<string, unknown>, businessId?: string | null) {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null)
  const dossier = text(variables.dossierCode)
  const commitment = text(variables.commitmentTitle)
  const context = text(variables.businessContext)
  return {
    businessId: businessId ?? dossier ?? text(variables.commitmentCode) ?? null,
    businessContext:
      [dossier, commitment, context].filter(Boolean).join(' · ').slice(0, 500) || null,
  }
}

/**
 * The inbox's task as the API shows it.
 */
export function presentTask(task: UserTaskRow) {
  const parse = (value: string | null) => (value ? JSON.parse(value) : [])
  const dueDate = isoTime(task.due_date)
  return {
    id: Number(task.id),
    taskKey: task.task_key,
    state: task.state,
    name: task.name,
    elementId: task.element_id,
    elementInstanceKey: task.element_instance_key,
    processInstanceKey: task.process_instance_key,
    processDefinitionKey: task.process_definition_key,
    processDefinitionId: task.process_definition_id,
    processDefinitionVersion: Number(task.process_definition_version),
    processName: task.process_name,
    assignee: task.assignee,
    candidateUsers: parse(task.candidate_users) as string[],
    candidateGroups: parse(task.candidate_groups) as string[],
    dueDate,
    followUpDate: isoTime(task.follow_up_date),
    priority: Number(task.priority),
    formKey: task.form_key,
    formId: task.form_id,
    businessId: task.business_id,
    businessContext: task.business_context,
    overdue: task.state === 'CREATED' && dueDate !== null && Date.parse(dueDate) < Date.now(),
    createdAt: isoTime(task.created_at),
    claimedAt: isoTime(task.claimed_at),
    completedAt: isoTime(task.completed_at),
    canceledAt: isoTime(task.canceled_at),
  }
}

/**
 * The inbox: user tasks kept in the app's own table for both engines.
 * Ingests user task jobs (idempotently, by job key), withdraws them when
 * their instance is cancelled, and carries out what staff do — claim,
 * unclaim, assign, delegate, drafts, comments, complete — checking who
 * may see and do what on every call.
 */
@inject()
export default class TaskService {
  constructor(
    protected engine: TaskEngineGateway,
    protected forms: TaskFormResolver
  ) {}

  /**
   * Takes a user task job into the inbox; a job seen before (a re-pushed
   * job after a timeout, or a restart) changes nothing.
   */
  async ingest(job: UserTaskJob, labels: TaskLabels) {
    const existing = await db.from('user_tasks').where('task_key', job.key).first()
    if (existing) return existing as UserTaskRow
    const headers = readUserTaskHeaders(job.customHeaders)
    const { businessId, businessContext } = businessContextOf(job.variables)
    const assignee = headers.assignee
      ? await db.from('users').where('email', headers.assignee).select('id').first()
      : null
    const now = sqlTime()
    try {
      return await db.transaction(async (trx) => {
        const [id] = await trx
          .table('user_tasks')
          .insert({
            task_key: job.key,
            state: 'CREATED',
            name: labels.name,
            element_id: job.elementId,
            element_instance_key: job.elementInstanceKey,
            process_instance_key: job.processInstanceKey,
            process_definition_key: job.processDefinitionKey,
            process_definition_id: job.processDefinitionId,
            process_definition_version: job.processDefinitionVersion,
            process_name: labels.processName,
            assignee: headers.assignee,
            assignee_id: assignee?.id ?? null,
            candidate_users: JSON.stringify(headers.candidateUsers),
            candidate_groups: JSON.stringify(headers.candidateGroups),
            due_date: headers.dueDate ? sqlTime(headers.dueDate) : null,
            follow_up_date: headers.followUpDate ? sqlTime(headers.followUpDate) : null,
            priority: headers.priority,
            form_key: headers.formKey,
            form_id: headers.formId,
            form_binding: headers.formBinding,
            form_version_tag: headers.formVersionTag,
            business_id: businessId,
            business_context: businessContext,
            custom_headers: JSON.stringify(job.customHeaders),
            variables: JSON.stringify(job.variables),
            created_at: now,
            claimed_at: assignee ? now : null,
            updated_at: now,
          })
          .returning('id')
        const taskId = typeof id === 'object' ? (id as { id: number }).id : id
        await this.writeCandidates(trx, taskId, headers.candidateUsers, headers.candidateGroups)
        await this.event(trx, taskId, 'created', null, {
          assignee: headers.assignee,
          candidateGroups: headers.candidateGroups,
          candidateUsers: headers.candidateUsers,
        })
        await this.notifyOnCreation(trx, taskId, labels.name, assignee?.id ?? null, headers)
        return (await trx.from('user_tasks').where('id', taskId).first()) as UserTaskRow
      })
    } catch (error) {
      // a concurrent ingest of the same job won the unique key
      const raced = await db.from('user_tasks').where('task_key', job.key).first()
      if (raced) return raced as UserTaskRow
      throw error
    }
  }

  /**
   * Withdraws an open task whose instance or element ended (cancelled,
   * terminated by an event, migrated away).
   */
  async withdraw(taskKey: string, reason: string) {
    await db.transaction(async (trx) => {
      const task = await trx.from('user_tasks').where('task_key', taskKey).forUpdate().first()
      if (!task || task.state !== 'CREATED') return
      await trx
        .from('user_tasks')
        .where('id', task.id)
        .update({ state: 'CANCELED', canceled_at: sqlTime(), updated_at: sqlTime() })
      await trx.from('user_task_candidates').where('task_id', task.id).update({ open: false })
      await this.event(trx, task.id, 'canceled', null, { reason })
    })
  }

  /**
   * A task by id, checked against what the viewer may see (403 otherwise,
   * 404 when there is no such task).
   */
  async findVisible(viewer: TaskViewer, id: number | string, column: 'id' | 'task_key' = 'id') {
    const task = (await db.from('user_tasks').where(column, id).first()) as UserTaskRow | null
    if (!task) throw new NotFoundException(`User task ${id} not found`)
    if (!(await this.canSee(viewer, task))) {
      throw new ApiException('You are not allowed to see this task', {
        status: 403,
        code: 'E_AUTHORIZATION_FAILURE',
      })
    }
    return task
  }

  /**
   * Whether a viewer may see a task: open tasks by the visibility rules;
   * finished tasks also by whoever claimed or completed them.
   */
  async canSee(viewer: TaskViewer, task: UserTaskRow) {
    if (viewer.admin) return true
    if (task.assignee_id === viewer.userId || task.completed_by === viewer.userId) return true
    if (task.claimed_by === viewer.userId) return true
    const candidates: { kind: string; value: string }[] = await db
      .from('user_task_candidates')
      .where('task_id', task.id)
      .select('kind', 'value')
    const groups = new Set([...viewer.groups, ...viewer.ledUnits])
    if (
      candidates.some((c) => (c.kind === 'user' ? c.value === viewer.email : groups.has(c.value)))
    ) {
      return true
    }
    if (viewer.ledUnits.length && task.assignee_id) {
      const member = await db
        .from('unit_memberships as m')
        .join('units as u', 'u.id', 'm.unit_id')
        .where('m.user_id', task.assignee_id)
        .whereIn('u.code', viewer.ledUnits)
        .first()
      if (member) return true
    }
    return false
  }

  /**
   * The viewer takes an unassigned task they may see.
   */
  async claim(viewer: TaskViewer, task: UserTaskRow) {
    this.assertOpen(task)
    if (task.assignee_id === viewer.userId) return this.reload(task)
    if (task.assignee_id) {
      throw new ConflictException(`The task is already assigned to ${task.assignee}`)
    }
    await this.setAssignee(
      task,
      { id: viewer.userId, email: viewer.email },
      viewer,
      'claimed',
      true
    )
    return this.reload(task)
  }

  /**
   * Gives the task back to its candidates (its assignee, or a leader or admin).
   */
  async unclaim(viewer: TaskViewer, task: UserTaskRow) {
    this.assertOpen(task)
    if (!task.assignee_id) return this.reload(task)
    if (task.assignee_id !== viewer.userId && !viewer.admin && !viewer.leader) {
      throw new ApiException(
        'Only the assignee, a leader or an administrator can unclaim this task',
        {
          status: 403,
          code: 'E_AUTHORIZATION_FAILURE',
        }
      )
    }
    await this.setAssignee(task, null, viewer, 'unclaimed', false)
    return this.reload(task)
  }

  /**
   * Assigns or reassigns the task to a user (leaders and administrators).
   */
  async assign(viewer: TaskViewer, task: UserTaskRow, assignee: string | number) {
    this.assertOpen(task)
    if (!viewer.admin && !viewer.leader) {
      throw new ApiException('Only leaders and administrators assign tasks', {
        status: 403,
        code: 'E_AUTHORIZATION_FAILURE',
      })
    }
    const user = await this.activeUser(assignee, 'assignee')
    await this.setAssignee(task, user, viewer, task.assignee_id ? 'reassigned' : 'assigned', true)
    return this.reload(task)
  }

  /**
   * The assignee hands the task to a colleague; the delegator keeps
   * seeing it (as a candidate user) and the timeline records the hand-over.
   */
  async delegate(viewer: TaskViewer, task: UserTaskRow, to: string | number) {
    this.assertOpen(task)
    if (task.assignee_id !== viewer.userId && !viewer.admin) {
      throw new ApiException('Only the assignee can delegate this task', {
        status: 403,
        code: 'E_AUTHORIZATION_FAILURE',
      })
    }
    const user = await this.activeUser(to, 'delegateTo')
    if (user.id === viewer.userId)
      throw new UnprocessableException('Expected another user than yourself', 'delegateTo')
    await db.transaction(async (trx) => {
      await trx
        .from('user_tasks')
        .where('id', task.id)
        .update({ assignee: user.email, assignee_id: user.id, updated_at: sqlTime() })
      await trx
        .insertQuery()
        .table('user_task_candidates')
        .knexQuery.insert({ task_id: task.id, kind: 'user', value: viewer.email, open: true })
        .onConflict(['kind', 'value', 'task_id'])
        .merge({ open: true })
      await this.event(trx, task.id, 'delegated', viewer, { from: viewer.email, to: user.email })
      await this.notify(trx, user.id, 'task_assigned', task.id, task.name)
    })
    return this.reload(task)
  }

  /**
   * Completes the task with the submitted data: validated against the
   * task's form on the server (422 per field), writing exactly the form's
   * keys into the instance; without a form, the given variables. A task
   * that is no longer open gets 409, never a second completion.
   */
  async complete(
    viewer: TaskViewer,
    task: UserTaskRow,
    data: Record<string, unknown>,
    locale = 'vi'
  ) {
    this.assertOpen(task)
    if (task.assignee_id && task.assignee_id !== viewer.userId && !viewer.admin) {
      throw new ConflictException(`The task is assigned to ${task.assignee}; claim it first`)
    }
    const form = await this.forms.resolve(task)
    let variables: Record<string, unknown> = data
    if (form) {
      const result = validateSubmission(form.schema, data, {
        variables: (task.variables ? JSON.parse(task.variables) : {}) as any,
        locale,
        translations: form.translations,
        timeZone: 'Asia/Ho_Chi_Minh',
      })
      if (!result.valid) throw new FormValidationException(result.errors)
      variables = result.values
    }
    if (Buffer.byteLength(JSON.stringify(variables)) > MAX_COMPLETION_BYTES) {
      throw new UnprocessableException(
        `Expected the variables to be at most ${MAX_COMPLETION_BYTES} bytes of JSON`,
        'variables'
      )
    }

    // 1. take the task (only one completion wins)
    const taken = await db
      .from('user_tasks')
      .where('id', task.id)
      .where('state', 'CREATED')
      .update({
        state: 'COMPLETED',
        completed_at: sqlTime(),
        completed_by: viewer.userId,
        assignee: task.assignee ?? viewer.email,
        assignee_id: task.assignee_id ?? viewer.userId,
        updated_at: sqlTime(),
      })
    if (Number(Array.isArray(taken) ? taken[0] : taken) !== 1) {
      throw new ConflictException('The task is no longer open')
    }

    // 2. complete its job; undo on failure
    try {
      await this.engine.completeJob(task.task_key, variables)
    } catch (error) {
      const status = (error as { status?: number }).status
      if (status === 409 && / is suspended$/.test(String((error as Error).message))) {
        // the instance is suspended by an administrator: the task stays open
        await db.from('user_tasks').where('id', task.id).update({
          state: 'CREATED',
          completed_at: null,
          completed_by: null,
          assignee: task.assignee,
          assignee_id: task.assignee_id,
        })
        throw new ConflictException(
          'The process instance of this task is suspended by an administrator; the task can be completed once it is resumed'
        )
      }
      if (status === 404 || status === 409) {
        await db.from('user_tasks').where('id', task.id).update({
          state: 'CANCELED',
          canceled_at: sqlTime(),
          completed_at: null,
          completed_by: null,
        })
        throw new ConflictException('The task is no longer open (its instance moved on)')
      }
      await db.from('user_tasks').where('id', task.id).update({
        state: 'CREATED',
        completed_at: null,
        completed_by: null,
        assignee: task.assignee,
        assignee_id: task.assignee_id,
      })
      throw error
    }
    await db.transaction(async (trx) => {
      await trx.from('user_task_candidates').where('task_id', task.id).update({ open: false })
      await trx.from('task_drafts').where('task_id', task.id).delete()
      await this.event(trx, task.id, 'completed', viewer, { variables: Object.keys(variables) })
    })
    return { task: await this.reload(task), variables }
  }

  /**
   * Saves the viewer's draft of the task's form (never sent to the engine).
   */
  async saveDraft(viewer: TaskViewer, task: UserTaskRow, data: Record<string, unknown>) {
    this.assertOpen(task)
    await db
      .insertQuery()
      .table('task_drafts')
      .knexQuery.insert({
        task_id: task.id,
        user_id: viewer.userId,
        data: JSON.stringify(data),
        updated_at: sqlTime(),
      })
      .onConflict(['task_id', 'user_id'])
      .merge(['data', 'updated_at'])
  }

  async draftOf(viewer: TaskViewer, task: UserTaskRow) {
    const row = await db
      .from('task_drafts')
      .where('task_id', task.id)
      .where('user_id', viewer.userId)
      .first()
    return row ? { data: JSON.parse(row.data), updatedAt: isoTime(row.updated_at) } : null
  }

  async addComment(viewer: TaskViewer, task: UserTaskRow, body: string) {
    const [id] = await db
      .table('task_comments')
      .insert({ task_id: task.id, author_id: viewer.userId, body, created_at: sqlTime() })
      .returning('id')
    await db.transaction((trx) => this.event(trx, task.id, 'commented', viewer, {}))
    return typeof id === 'object' ? (id as { id: number }).id : id
  }

  async comments(task: UserTaskRow) {
    const rows = await db
      .from('task_comments as c')
      .join('users as u', 'u.id', 'c.author_id')
      .where('c.task_id', task.id)
      .orderBy('c.id')
      .select('c.id', 'c.body', 'c.created_at', 'u.email', 'u.full_name')
    return rows.map((row) => ({
      id: Number(row.id),
      body: row.body,
      author: { email: row.email, fullName: row.full_name },
      createdAt: isoTime(row.created_at),
    }))
  }

  /**
   * The task's timeline: created, claimed, assigned, delegated, commented,
   * completed, cancelled — by whom, when.
   */
  async timeline(task: UserTaskRow) {
    const rows = await db.from('user_task_events').where('task_id', task.id).orderBy('id')
    return rows.map((row) => ({
      type: row.type,
      actor: row.actor_email,
      details: row.details ? JSON.parse(row.details) : {},
      at: isoTime(row.created_at),
    }))
  }

  async reload(task: UserTaskRow) {
    return (await db.from('user_tasks').where('id', task.id).first()) as UserTaskRow
  }

  /**
   * The visible-task sub-query, for the inbox queries.
   */
  visibleIds(viewer: TaskViewer) {
    return visibleOpenTaskIds(viewer)
  }

  protected assertOpen(task: UserTaskRow) {
    if (task.state !== 'CREATED') {
      throw new ConflictException(`The task is no longer open (${task.state.toLowerCase()})`)
    }
  }

  protected async activeUser(reference: string | number, field: string) {
    const query = db.from('users').where('active', true)
    if (typeof reference === 'number' || /^\d+$/.test(String(reference)))
      query.where('id', Number(reference))
    else query.where('email', String(reference).toLowerCase())
    const user = await query.select('id', 'email').first()
    if (!user) throw new UnprocessableException(`No active user ${reference}`, field)
    return user as { id: number; email: string }
  }

  protected async setAssignee(
    task: UserTaskRow,
    user: { id: number; email: string } | null,
    viewer: TaskViewer,
    type: string,
    notify: boolean
  ) {
    await db.transaction(async (trx) => {
      const changed = await trx
        .from('user_tasks')
        .where('id', task.id)
        .where('state', 'CREATED')
        .where((where) =>
          task.assignee_id
            ? where.where('assignee_id', task.assignee_id)
            : where.whereNull('assignee_id')
        )
        .update({
          assignee: user?.email ?? null,
          assignee_id: user?.id ?? null,
          claimed_at: user ? sqlTime() : null,
          claimed_by: user ? user.id : null,
          updated_at: sqlTime(),
        })
      if (Number(Array.isArray(changed) ? changed[0] : changed) !== 1) {
        throw new ConflictException('The task changed meanwhile; reload it')
      }
      await this.event(trx, task.id, type, viewer, {
        assignee: user?.email ?? null,
        previous: task.assignee,
      })
      if (notify && user && user.id !== viewer.userId) {
        await this.notify(trx, user.id, 'task_assigned', task.id, task.name)
      }
    })
  }

  protected async writeCandidates(
    trx: TransactionClientContract,
    taskId: number | string,
    users: string[],
    groups: string[]
  ) {
    const rows = [
      ...new Set(users.map((value) => `user\u0000${value}`)),
      ...new Set(groups.map((value) => `group\u0000${value}`)),
    ].map((entry) => {
      const [kind, value] = entry.split('\u0000')
      return { task_id: taskId, kind, value: value.slice(0, 254), open: true }
    })
    if (rows.length) await trx.table('user_task_candidates').multiInsert(rows)
  }

  protected async event(
    trx: TransactionClientContract,
    taskId: number | string,
    type: string,
    actor: TaskViewer | null,
    details: Record<string, unknown>
  ) {
    const entry = {
      actor_id: actor?.userId ?? null,
      actor_email: actor?.email ?? null,
      details: JSON.stringify(details),
      created_at: sqlTime(),
    }
    await trx.table('user_task_events').insert({ task_id: taskId, type, ...entry })
    // the same step in the audit trail (who did what to which task, when)
    await trx.table('audit_logs').insert({
      ...entry,
      action: `task.${type}`,
      subject_type: 'user_task',
      subject_id: String(taskId),
    })
  }

  protected async notify(
    trx: TransactionClientContract,
    userId: number,
    type: NotificationCreated['type'],
    taskId: number | string,
    title: string
  ) {
    trx.after('commit', () => {
      emitter
        .emit('notification:created', { userId, type, taskId: Number(taskId), title })
        .catch(() => {})
    })
    await trx
      .insertQuery()
      .table('notifications')
      .knexQuery.insert({ user_id: userId, type, task_id: taskId, title, created_at: sqlTime() })
      .onConflict(['user_id', 'type', 'task_id'])
      .ignore()
  }

  /**
   * Notifies the assignee, or the members of the offered units and the
   * offered users.
   */
  protected async notifyOnCreation(
    trx: TransactionClientContract,
    taskId: number | string,
    title: string,
    assigneeId: number | null,
    headers: { candidateUsers: string[]; candidateGroups: string[] }
  ) {
    if (assigneeId) return this.notify(trx, assigneeId, 'task_assigned', taskId, title)
    const members: { id: number }[] = await trx
      .from('users')
      .where('active', true)
      .where((where) => {
        where.whereIn('email', headers.candidateUsers.length ? headers.candidateUsers : [''])
        if (headers.candidateGroups.length) {
          where.orWhereIn(
            'id',
            trx
              .from('unit_memberships as m')
              .join('units as u', 'u.id', 'm.unit_id')
              .whereIn('u.code', headers.candidateGroups)
              .select('m.user_id')
          )
        }
      })
      .select('id')
      .limit(500)
    for (const member of members) await this.notify(trx, member.id, 'task_offered', taskId, title)
  }
}

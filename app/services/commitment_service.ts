import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import type User from '#models/user'
import type { AuditActor } from '#services/audit_service'
import AuditService from '#services/audit_service'
import TaskService, { type UserTaskRow } from '#services/task_service'
import { taskViewerOf } from '#services/task_viewer'
import { isoTime, sqlTime } from '#services/sql_time'
import { DateTime } from 'luxon'
import { businessCalendar, CALENDAR_ZONE } from '#services/business_calendar'
import {
  ApiException,
  ConflictException,
  NotFoundException,
  UnprocessableException,
} from '#exceptions/api_exception'

/** The user may call the route but not act on this commitment (403). */
class ForbiddenException extends ApiException {
  constructor(message: string) {
    super(message, { status: 403, code: 'E_FORBIDDEN' })
  }
}
import {
  STATUS_CLASSES,
  statusClassOf,
  statusClassSql,
  today,
  type StatusClass,
} from '#services/commitment_status'

/** The shipped follow-up process every commitment runs. */
export const COMMITMENT_PROCESS_ID = 'commitment-follow-up'
/** Message that restarts the lead unit's task with a new deadline or lead unit. */
export const DEADLINE_CHANGED_MESSAGE = 'commitment-deadline-changed'
/** Message that opens an extension request in the process. */
export const EXTENSION_REQUESTED_MESSAGE = 'commitment-extension-requested'

/**
 * The deadline and the moments the follow-up process's timers wait for, computed with the
 * business calendar (the model reads them as variables, so it runs on Zeebe too): reminders at
 * 08:00 in Hà Nội on the working days T−7, T−3 and T−1, and the end of the deadline day.
 */
export async function followUpSchedule(deadline: string) {
  const reminder = async (days: number) =>
    `${(await businessCalendar.addWorkingDays(deadline, -days)).toISODate()}T08:00:00+07:00`
  const nextDay = DateTime.fromISO(deadline, { zone: CALENDAR_ZONE }).plus({ days: 1 }).toISODate()
  return {
    deadline,
    reminderAt7: await reminder(7),
    reminderAt3: await reminder(3),
    reminderAt1: await reminder(1),
    overdueAt: `${nextDay}T00:00:00+07:00`,
  }
}

/** A commitment as given on creation or update (validated by the VineJS validator). */
export interface CommitmentInput {
  title: string
  description?: string | null
  sourceDocument: string
  sourceDate: string
  counterpart?: string | null
  assigningAuthority: string
  leadUnit: string
  coordinatingUnits?: string[]
  observers?: string[]
  verifiers?: string[]
  deadline: string
  parentId?: number | null
  reportIntervalDays?: number
}

/** Filters of the register. */
export interface CommitmentFilters {
  q?: string
  status?: string
  statusClass?: StatusClass
  leadUnit?: string
  parentId?: number
  deadlineFrom?: string
  deadlineTo?: string
  counterpart?: string
  page?: number
  perPage?: number
  sort?: 'deadline' | '-deadline' | 'code' | '-code' | 'createdAt' | '-createdAt'
}

type Row = Record<string, any>

const ids = (value: string | null): number[] => (value ? JSON.parse(value) : [])

/**
 * The register of commitments and agreements and what people do with them: record, change,
 * report progress, request and decide extensions, report and verify completion. Each
 * commitment runs the shipped `commitment-follow-up` process; the human steps of the process
 * (completion, verification, extension decision) are user tasks, which these methods
 * complete through the inbox so both ways behave the same.
 */
export default class CommitmentService {
  protected audit = new AuditService()

  /** The register, filtered and paged, each with its report class. */
  async list(filters: CommitmentFilters) {
    const on = await today()
    const klass = statusClassSql(on)
    const query = db.from('commitments as c').join('units as u', 'u.id', 'c.lead_unit_id')
    if (filters.q) {
      const like = `%${filters.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`
      query.where((where) =>
        where
          .whereILike('c.title', like)
          .orWhereILike('c.code', like)
          .orWhereILike('c.source_document', like)
          .orWhereILike('c.counterpart', like)
      )
    }
    if (filters.status) query.where('c.status', filters.status)
    if (filters.statusClass)
      query.whereRaw(`(${klass.sql}) = ?`, [...klass.bindings, filters.statusClass])
    if (filters.leadUnit) query.where('u.code', filters.leadUnit)
    if (filters.parentId) query.where('c.parent_id', filters.parentId)
    if (filters.deadlineFrom) query.where('c.deadline', '>=', filters.deadlineFrom)
    if (filters.deadlineTo) query.where('c.deadline', '<=', filters.deadlineTo)
    if (filters.counterpart) query.whereILike('c.counterpart', `%${filters.counterpart}%`)
    const total = Number((await query.clone().count('* as total').first())?.total ?? 0)
    const perPage = Math.min(filters.perPage ?? 25, 200)
    const page = Math.max(filters.page ?? 1, 1)
    const sort = filters.sort ?? 'deadline'
    const column = { deadline: 'c.deadline', code: 'c.code', createdAt: 'c.created_at' }[
      sort.replace('-', '') as 'deadline' | 'code' | 'createdAt'
    ]
    const rows = await query
      .select(
        'c.*',
        'u.code as lead_unit_code',
        'u.name_vi as lead_unit_name_vi',
        'u.name_en as lead_unit_name_en'
      )
      .orderBy(column, sort.startsWith('-') ? 'desc' : 'asc')
      .orderBy('c.id', 'asc')
      .offset((page - 1) * perPage)
      .limit(perPage)
    const units = await this.unitsById()
    return {
      items: rows.map((row) => this.present(row, on, units)),
      total,
      page,
      perPage,
      today: on,
    }
  }

  /** One commitment with its reports, extensions, timeline, parent and children. */
  async show(id: number) {
    const row = await this.find(id)
    const on = await today()
    const units = await this.unitsById()
    const users = await this.usersById([...ids(row.observer_ids), ...ids(row.verifier_ids)])
    const [reports, extensions, events, children, parent] = await Promise.all([
      db
        .from('commitment_reports as r')
        .leftJoin('users as u', 'u.id', 'r.reported_by')
        .where('r.commitment_id', id)
        .orderBy('r.id', 'desc')
        .select('r.*', 'u.email as reporter'),
      db
        .from('commitment_extensions as e')
        .leftJoin('users as u', 'u.id', 'e.requested_by')
        .leftJoin('users as d', 'd.id', 'e.decided_by')
        .where('e.commitment_id', id)
        .orderBy('e.id', 'desc')
        .select('e.*', 'u.email as requester', 'd.email as decider'),
      db.from('commitment_events').where('commitment_id', id).orderBy('id', 'asc'),
      db
        .from('commitments as c')
        .join('units as u', 'u.id', 'c.lead_unit_id')
        .where('c.parent_id', id)
        .select('c.*', 'u.code as lead_unit_code')
        .orderBy('c.deadline'),
      row.parent_id
        ? db
            .from('commitments as c')
            .join('units as u', 'u.id', 'c.lead_unit_id')
            .where('c.id', row.parent_id)
            .select('c.*', 'u.code as lead_unit_code')
            .first()
        : null,
    ])
    const daysLeft =
      row.status === 'completed' || row.status === 'cancelled'
        ? null
        : await businessCalendar.workingDaysBetween(on, row.deadline)
    return {
      ...this.present(row, on, units, users),
      workingDaysLeft: daysLeft,
      parent: parent ? this.present(parent, on, units) : null,
      children: children.map((child) => this.present(child, on, units)),
      reports: reports.map((report) => ({
        id: Number(report.id),
        progress: Number(report.progress),
        content: report.content,
        reportedBy: report.reporter ?? null,
        reportedAt: isoTime(report.reported_at),
      })),
      extensions: extensions.map((extension) => this.presentExtension(extension)),
      timeline: events.map((event) => ({
        id: Number(event.id),
        kind: event.kind,
        details: event.details ? JSON.parse(event.details) : {},
        actor: event.actor_email ?? null,
        at: isoTime(event.occurred_at),
      })),
    }
  }

  /** The commitment a process instance follows (404 when none). */
  async byProcessInstance(processInstanceKey: string) {
    const row = await db
      .from('commitments')
      .where('process_instance_key', processInstanceKey)
      .select('id')
      .first()
    if (!row)
      throw new NotFoundException(
        `No commitment is followed by process instance ${processInstanceKey}`
      )
    return this.show(Number(row.id))
  }

  /**
   * Records a commitment and starts its follow-up process. Nothing stays behind when the
   * process cannot start.
   */
  async create(input: CommitmentInput, user: User, actor: AuditActor) {
    const resolved = await this.resolve(input, null)
    const now = sqlTime()
    const verifiers = resolved.verifierIds.length ? resolved.verifierIds : [user.id]
    const id = await db.transaction(async (trx) => {
      const code = await this.nextCode(trx, input.sourceDate)
      const [inserted] = await trx
        .table('commitments')
        .insert({
          code,
          title: input.title,
          description: input.description ?? null,
          source_document: input.sourceDocument,
          source_date: input.sourceDate,
          counterpart: input.counterpart ?? null,
          assigning_authority: input.assigningAuthority,
          lead_unit_id: resolved.leadUnitId,
          coordinating_unit_ids: JSON.stringify(resolved.coordinatingUnitIds),
          observer_ids: JSON.stringify(resolved.observerIds),
          verifier_ids: JSON.stringify(verifiers),
          deadline: input.deadline,
          original_deadline: input.deadline,
          parent_id: input.parentId ?? null,
          progress: 0,
          report_interval_days: input.reportIntervalDays ?? 30,
          status: 'registered',
          created_by: user.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
      const newId = Number(
        typeof inserted === 'object' ? (inserted as { id: number }).id : inserted
      )
      await this.event(trx, newId, 'created', actor, { code, deadline: input.deadline })
      await this.audit.record(
        actor,
        {
          action: 'commitment.create',
          subjectType: 'commitment',
          subjectId: newId,
          details: { code, title: input.title },
        },
        trx
      )
      return newId
    })
    try {
      const engine = await app.container.make('senflow.engine')
      const instance = await engine.createProcessInstance({
        processDefinitionId: COMMITMENT_PROCESS_ID,
        businessId: (await this.find(id)).code,
        variables: await this.processVariables(id),
      })
      await db
        .from('commitments')
        .where('id', id)
        .update({ process_instance_key: instance.processInstanceKey })
    } catch (error) {
      await db.from('commitments').where('id', id).delete()
      logger.error({ err: error }, 'could not start the follow-up of a commitment')
      throw new ConflictException(
        `The follow-up process '${COMMITMENT_PROCESS_ID}' could not start: ${(error as Error).message}`
      )
    }
    return this.show(id)
  }

  /**
   * Changes a commitment's record. A new deadline or lead unit restarts the lead unit's task in
   * the running process (new reminders, offered to the new unit).
   */
  async update(id: number, input: Partial<CommitmentInput>, actor: AuditActor) {
    const row = await this.find(id)
    this.assertOpen(row)
    const merged: CommitmentInput = {
      title: input.title ?? row.title,
      description: input.description === undefined ? row.description : input.description,
      sourceDocument: input.sourceDocument ?? row.source_document,
      sourceDate: input.sourceDate ?? row.source_date,
      counterpart: input.counterpart === undefined ? row.counterpart : input.counterpart,
      assigningAuthority: input.assigningAuthority ?? row.assigning_authority,
      leadUnit: input.leadUnit ?? (await this.unitCode(row.lead_unit_id)),
      coordinatingUnits: input.coordinatingUnits,
      observers: input.observers,
      verifiers: input.verifiers,
      deadline: input.deadline ?? row.deadline,
      parentId: input.parentId === undefined ? row.parent_id : input.parentId,
      reportIntervalDays: input.reportIntervalDays ?? row.report_interval_days,
    }
    const resolved = await this.resolve(merged, id)
    const changes: Row = {
      title: merged.title,
      description: merged.description ?? null,
      source_document: merged.sourceDocument,
      source_date: merged.sourceDate,
      counterpart: merged.counterpart ?? null,
      assigning_authority: merged.assigningAuthority,
      lead_unit_id: resolved.leadUnitId,
      deadline: merged.deadline,
      parent_id: merged.parentId ?? null,
      report_interval_days: merged.reportIntervalDays,
      updated_at: sqlTime(),
    }
    if (input.coordinatingUnits)
      changes.coordinating_unit_ids = JSON.stringify(resolved.coordinatingUnitIds)
    if (input.observers) changes.observer_ids = JSON.stringify(resolved.observerIds)
    if (input.verifiers) {
      if (!resolved.verifierIds.length)
        throw new UnprocessableException('At least one verifier is needed', 'verifiers')
      changes.verifier_ids = JSON.stringify(resolved.verifierIds)
    }
    const changed = Object.keys(changes).filter(
      (key) => key !== 'updated_at' && String(changes[key] ?? '') !== String(row[key] ?? '')
    )
    await db.transaction(async (trx) => {
      await trx.from('commitments').where('id', id).update(changes)
      await this.event(trx, id, 'updated', actor, { fields: changed })
      await this.audit.record(
        actor,
        {
          action: 'commitment.update',
          subjectType: 'commitment',
          subjectId: id,
          details: { fields: changed },
        },
        trx
      )
    })
    if (
      changed.some((key) =>
        ['deadline', 'lead_unit_id', 'report_interval_days', 'title'].includes(key)
      ) ||
      input.verifiers
    ) {
      await this.replan(id)
    }
    return this.show(id)
  }

  /** Cancels a commitment (it is kept in the register) and its follow-up process. */
  async cancel(id: number, reason: string, actor: AuditActor) {
    const row = await this.find(id)
    this.assertOpen(row)
    await db.transaction(async (trx) => {
      await trx
        .from('commitments')
        .where('id', id)
        .update({ status: 'cancelled', updated_at: sqlTime() })
      await this.event(trx, id, 'cancelled', actor, { reason })
      await this.audit.record(
        actor,
        {
          action: 'commitment.cancel',
          subjectType: 'commitment',
          subjectId: id,
          details: { reason },
        },
        trx
      )
    })
    if (row.process_instance_key) {
      const engine = await app.container.make('senflow.engine')
      await engine.cancelProcessInstance(row.process_instance_key).catch((error: Error) => {
        logger.warn(
          { err: error, id },
          'the follow-up process of a cancelled commitment could not be cancelled'
        )
      })
    }
    return this.show(id)
  }

  /** A progress report by the lead or a coordinating unit. */
  async addReport(
    id: number,
    input: { progress: number; content: string },
    user: User,
    actor: AuditActor
  ) {
    const row = await this.find(id)
    this.assertOpen(row)
    await this.assertMember(row, user, true)
    if (input.progress < Number(row.progress) && !user.hasRole('admin', 'leader')) {
      throw new UnprocessableException(
        `The progress cannot go back from ${row.progress}% (a leader or administrator may correct it)`,
        'progress'
      )
    }
    await db.transaction(async (trx) => {
      await trx.table('commitment_reports').insert({
        commitment_id: id,
        progress: input.progress,
        content: input.content,
        reported_by: user.id,
        reported_at: sqlTime(),
      })
      await trx
        .from('commitments')
        .where('id', id)
        .update({ progress: input.progress, updated_at: sqlTime() })
      await this.event(trx, id, 'report', actor, { progress: input.progress })
    })
    return this.show(id)
  }

  /** The lead unit asks for a later deadline; the assigning side decides in the process. */
  async requestExtension(
    id: number,
    input: { requestedDeadline: string; reason: string },
    user: User,
    actor: AuditActor
  ) {
    const row = await this.find(id)
    this.assertOpen(row)
    await this.assertMember(row, user, false)
    if (input.requestedDeadline <= row.deadline) {
      throw new UnprocessableException(
        `The requested deadline must be after the current deadline ${row.deadline}`,
        'requestedDeadline'
      )
    }
    const pending = await db
      .from('commitment_extensions')
      .where('commitment_id', id)
      .where('status', 'pending')
      .first()
    if (pending)
      throw new ConflictException('An extension request is already waiting for a decision')
    const extensionId = await db.transaction(async (trx) => {
      const [inserted] = await trx
        .table('commitment_extensions')
        .insert({
          commitment_id: id,
          previous_deadline: row.deadline,
          requested_deadline: input.requestedDeadline,
          reason: input.reason,
          status: 'pending',
          requested_by: user.id,
          requested_at: sqlTime(),
        })
        .returning('id')
      const newId = Number(
        typeof inserted === 'object' ? (inserted as { id: number }).id : inserted
      )
      await this.event(trx, id, 'extension_requested', actor, {
        extensionId: newId,
        requestedDeadline: input.requestedDeadline,
        reason: input.reason,
      })
      return newId
    })
    try {
      const engine = await app.container.make('senflow.engine')
      await engine.publishMessage({
        name: EXTENSION_REQUESTED_MESSAGE,
        correlationKey: row.code,
        messageId: `extension-${extensionId}`,
        timeToLive: 0,
        variables: {
          extensionId,
          requestedDeadline: input.requestedDeadline,
          extensionReason: input.reason,
        },
      })
    } catch (error) {
      await db
        .from('commitment_events')
        .where('commitment_id', id)
        .where('kind', 'extension_requested')
        .whereRaw('details like ?', [`%"extensionId":${extensionId},%`])
        .delete()
      await db.from('commitment_extensions').where('id', extensionId).delete()
      throw error
    }
    return this.show(id)
  }

  /** The assigning side decides a pending extension (the process's decision task). */
  async decideExtension(
    id: number,
    extensionId: number,
    decision: 'approved' | 'rejected',
    note: string | null,
    user: User
  ) {
    const row = await this.find(id)
    const extension = await db
      .from('commitment_extensions')
      .where('id', extensionId)
      .where('commitment_id', id)
      .first()
    if (!extension)
      throw new NotFoundException(
        `Extension request ${extensionId} of commitment ${row.code} not found`
      )
    if (extension.status !== 'pending')
      throw new ConflictException(`The extension request was already ${extension.status}`)
    this.assertVerifier(row, user)
    await this.completeStep(row, 'decide_extension', user, {
      extensionDecision: decision,
      ...(note ? { extensionDecisionNote: note } : {}),
    })
    return this.show(id)
  }

  /** The lead unit reports the commitment done (the process's task for the lead unit). */
  async reportCompletion(
    id: number,
    input: { completedOn: string; completionSummary: string },
    user: User
  ) {
    const row = await this.find(id)
    this.assertOpen(row)
    await this.assertMember(row, user, false)
    const on = await today()
    if (input.completedOn > on) {
      throw new UnprocessableException(
        `The completion date cannot be after today (${on})`,
        'completedOn'
      )
    }
    await this.completeStep(row, 'carry_out', user, input)
    return this.show(id)
  }

  /** The assigning side verifies the reported completion, or returns it. */
  async verify(
    id: number,
    input: { verification: 'accepted' | 'returned'; note?: string | null },
    user: User
  ) {
    const row = await this.find(id)
    this.assertVerifier(row, user)
    await this.completeStep(row, 'verify', user, {
      verification: input.verification,
      ...(input.note ? { verificationNote: input.note } : {}),
    })
    return this.show(id)
  }

  /** Status counts for one list of ids or for everything (used by dashboards). */
  static get statusClasses() {
    return STATUS_CLASSES
  }

  // ---------------------------------------------------------------- internals

  /** Completes the open user task of a step through the inbox, as the user. */
  protected async completeStep(
    row: Row,
    elementId: string,
    user: User,
    data: Record<string, unknown>
  ) {
    if (!row.process_instance_key)
      throw new ConflictException('The commitment has no follow-up process')
    const task = (await db
      .from('user_tasks')
      .where('process_instance_key', row.process_instance_key)
      .where('element_id', elementId)
      .where('state', 'CREATED')
      .orderBy('id', 'desc')
      .first()) as UserTaskRow | null
    if (!task) {
      throw new ConflictException(
        `The commitment is not waiting for this step (${elementId}) now`,
        'status'
      )
    }
    await user.load('units')
    const viewer = await taskViewerOf(user)
    const tasks = await app.container.make(TaskService)
    await tasks.complete({ ...viewer, admin: true }, task, data, user.locale ?? 'vi')
  }

  /** Restarts the lead unit's task with the commitment's current record. */
  async replan(id: number) {
    const row = await this.find(id)
    if (!row.process_instance_key) return
    const engine = await app.container.make('senflow.engine')
    try {
      await engine.setVariables(row.process_instance_key, await this.processVariables(id))
      await engine.publishMessage({
        name: DEADLINE_CHANGED_MESSAGE,
        correlationKey: row.code,
        timeToLive: 0,
      })
    } catch (error) {
      logger.warn({ err: error, id }, 'the follow-up process could not take the change')
    }
  }

  /** The variables the follow-up process reads. */
  async processVariables(id: number) {
    const row = await this.find(id)
    const verifiers = await this.usersById(ids(row.verifier_ids))
    return {
      commitmentId: Number(row.id),
      commitmentCode: row.code,
      commitmentTitle: row.title,
      leadUnit: await this.unitCode(row.lead_unit_id),
      ...(await followUpSchedule(row.deadline)),
      verifiers: [...verifiers.values()].map((u) => u.email),
      reportCycle: `R/P${Number(row.report_interval_days)}D`,
    }
  }

  async find(id: number): Promise<Row> {
    const row = await db
      .from('commitments as c')
      .join('units as u', 'u.id', 'c.lead_unit_id')
      .where('c.id', id)
      .select('c.*', 'u.code as lead_unit_code')
      .first()
    if (!row) throw new NotFoundException(`Commitment ${id} not found`)
    return row
  }

  protected assertOpen(row: Row) {
    if (row.status === 'completed' || row.status === 'cancelled') {
      throw new ConflictException(`The commitment ${row.code} is ${row.status}`, 'status')
    }
  }

  /** Members of the lead unit (or of a coordinating unit, for reports), leaders, admins. */
  protected async assertMember(row: Row, user: User, coordinatingToo: boolean) {
    if (user.hasRole('admin', 'leader')) return
    await user.load('units')
    const mine = new Set(user.units.map((unit) => Number(unit.id)))
    const allowed = [
      Number(row.lead_unit_id),
      ...(coordinatingToo ? ids(row.coordinating_unit_ids) : []),
    ]
    if (!allowed.some((unitId) => mine.has(unitId))) {
      throw new ForbiddenException(
        coordinatingToo
          ? 'Only the lead or coordinating units report on this commitment'
          : 'Only the lead unit acts on this commitment'
      )
    }
  }

  protected assertVerifier(row: Row, user: User) {
    if (user.hasRole('admin')) return
    if (!ids(row.verifier_ids).includes(Number(user.id))) {
      throw new ForbiddenException(
        'Only the assigning side (the verifiers) decides on this commitment'
      )
    }
  }

  /** Checks references and turns codes and e-mails into ids. */
  protected async resolve(input: CommitmentInput, selfId: number | null) {
    const unitCodes = [input.leadUnit, ...(input.coordinatingUnits ?? [])]
    const units = await db
      .from('units')
      .whereIn('code', unitCodes)
      .where('active', true)
      .select('id', 'code')
    const unitId = (code: string, field: string) => {
      const unit = units.find((item) => item.code === code)
      if (!unit) throw new UnprocessableException(`No active unit with the code '${code}'`, field)
      return Number(unit.id)
    }
    const leadUnitId = unitId(input.leadUnit, 'leadUnit')
    const coordinatingUnitIds = (input.coordinatingUnits ?? []).map((code, index) =>
      unitId(code, `coordinatingUnits.${index}`)
    )
    if (coordinatingUnitIds.includes(leadUnitId)) {
      throw new UnprocessableException(
        'The lead unit cannot also be a coordinating unit',
        'coordinatingUnits'
      )
    }
    const userIds = async (emails: string[] | undefined, field: string) => {
      if (!emails?.length) return []
      const rows = await db
        .from('users')
        .whereIn('email', emails)
        .where('active', true)
        .select('id', 'email')
      return emails.map((email, index) => {
        const found = rows.find((item) => item.email === email)
        if (!found)
          throw new UnprocessableException(
            `No active user with the e-mail '${email}'`,
            `${field}.${index}`
          )
        return Number(found.id)
      })
    }
    if (input.sourceDate > input.deadline) {
      throw new UnprocessableException(
        'The deadline cannot be before the source document date',
        'deadline'
      )
    }
    if (input.parentId) {
      let parent = await db
        .from('commitments')
        .where('id', input.parentId)
        .select('id', 'parent_id')
        .first()
      if (!parent) throw new UnprocessableException(`No commitment ${input.parentId}`, 'parentId')
      for (let depth = 0; parent; depth++) {
        if (selfId !== null && Number(parent.id) === selfId) {
          throw new UnprocessableException('A commitment cannot be its own ancestor', 'parentId')
        }
        if (depth > 20)
          throw new UnprocessableException('Commitments nest at most 20 levels', 'parentId')
        parent = parent.parent_id
          ? await db
              .from('commitments')
              .where('id', parent.parent_id)
              .select('id', 'parent_id')
              .first()
          : null
      }
    }
    return {
      leadUnitId,
      coordinatingUnitIds,
      observerIds: await userIds(input.observers, 'observers'),
      verifierIds: await userIds(input.verifiers, 'verifiers'),
    }
  }

  /** The next register code of the source document's year (`CK-2026-0042`). */
  async nextCode(trx: TransactionClientContract, sourceDate: string) {
    const year = sourceDate.slice(0, 4)
    const last = await trx
      .from('commitments')
      .where('code', 'like', `CK-${year}-%`)
      .orderBy('code', 'desc')
      .select('code')
      .first()
    const next = last ? Number(String(last.code).split('-')[2]) + 1 : 1
    return `CK-${year}-${String(next).padStart(4, '0')}`
  }

  /** Appends to a commitment's timeline (once per dedupe key, when given). */
  async event(
    client: TransactionClientContract | typeof db,
    commitmentId: number,
    kind: string,
    actor: AuditActor | null,
    details: Record<string, unknown>,
    options: { dedupeKey?: string; occurredAt?: string } = {}
  ): Promise<boolean> {
    const row = {
      commitment_id: commitmentId,
      kind,
      dedupe_key: options.dedupeKey ?? null,
      details: JSON.stringify(details),
      actor_id: actor?.id ?? null,
      actor_email: actor?.email ?? null,
      occurred_at: options.occurredAt ?? sqlTime(),
      created_at: sqlTime(),
    }
    try {
      await client.table('commitment_events').insert(row)
      return true
    } catch (error) {
      // the same dedupe key again (a job handed out twice): nothing new happened
      const code = String((error as { code?: string }).code ?? '')
      if (options.dedupeKey && /UNIQUE|DUP_ENTRY|CONSTRAINT/.test(code)) return false
      throw error
    }
  }

  protected async unitsById() {
    const units = await db.from('units').select('id', 'code', 'name_vi', 'name_en')
    return new Map(units.map((unit) => [Number(unit.id), unit]))
  }

  protected async usersById(userIds: number[]) {
    if (!userIds.length) return new Map<number, { id: number; email: string; full_name: string }>()
    const rows = await db.from('users').whereIn('id', userIds).select('id', 'email', 'full_name')
    return new Map(rows.map((row) => [Number(row.id), row]))
  }

  protected async unitCode(unitId: number) {
    const unit = await db.from('units').where('id', unitId).select('code').first()
    return String(unit?.code)
  }

  present(row: Row, on: string, units: Map<number, Row>, users?: Map<number, Row>) {
    const unit = (unitId: number) => {
      const found = units.get(Number(unitId))
      return found ? { code: found.code, nameVi: found.name_vi, nameEn: found.name_en } : null
    }
    const person = (userId: number) => {
      const found = users?.get(Number(userId))
      return found
        ? { email: found.email, fullName: found.full_name }
        : { email: null, fullName: null }
    }
    return {
      id: Number(row.id),
      code: row.code,
      title: row.title,
      description: row.description ?? null,
      sourceDocument: row.source_document,
      sourceDate: row.source_date,
      counterpart: row.counterpart ?? null,
      assigningAuthority: row.assigning_authority,
      leadUnit: unit(row.lead_unit_id),
      coordinatingUnits: ids(row.coordinating_unit_ids).map(unit).filter(Boolean),
      observers: users ? ids(row.observer_ids).map(person) : undefined,
      verifiers: users ? ids(row.verifier_ids).map(person) : undefined,
      deadline: row.deadline,
      originalDeadline: row.original_deadline,
      parentId: row.parent_id === null ? null : Number(row.parent_id),
      progress: Number(row.progress),
      reportIntervalDays: Number(row.report_interval_days),
      status: row.status,
      statusClass: statusClassOf(row as any, on),
      completedOn: row.completed_on ?? null,
      completionSummary: row.completion_summary ?? null,
      verifiedAt: isoTime(row.verified_at),
      escalatedAt: isoTime(row.escalated_at),
      processInstanceKey: row.process_instance_key ?? null,
      createdAt: isoTime(row.created_at),
      updatedAt: isoTime(row.updated_at),
    }
  }

  protected presentExtension(extension: Row) {
    return {
      id: Number(extension.id),
      previousDeadline: extension.previous_deadline,
      requestedDeadline: extension.requested_deadline,
      reason: extension.reason,
      status: extension.status,
      requestedBy: extension.requester ?? null,
      requestedAt: isoTime(extension.requested_at),
      decidedBy: extension.decider ?? null,
      decidedAt: isoTime(extension.decided_at),
      decisionNote: extension.decision_note ?? null,
    }
  }
}

import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { JsonObject, WorkerJob, WorkflowEngine } from '@senflow/engine'
import DeploymentService from '#services/deployment_service'
import CommitmentService, {
  COMMITMENT_PROCESS_ID,
  DEADLINE_CHANGED_MESSAGE,
  followUpSchedule,
} from '#services/commitment_service'
import { businessCalendar } from '#services/business_calendar'
import { sqlTime } from '#services/sql_time'
import { engineNow } from '#services/commitment_status'
import { loadScheduledDemoCommitments } from '#services/demo_commitments'

/** The job type of the follow-up process's service tasks. */
export const COMMITMENT_JOB_TYPE = 'senflow:commitment'

/** How often the business calendar is read again from the database. */
const CALENDAR_REFRESH_MS = 60_000

/** Reminder thresholds in working days before the deadline. */
export const REMINDER_DAYS = [7, 3, 1]

const SYSTEM = { id: null, email: 'system:commitment-follow-up' }

type Row = Record<string, any>

/**
 * Deploys the shipped follow-up process (`processes/commitment-follow-up/`) when its files
 * changed since the last deployment or the engine does not know the process, so a version a
 * process owner published from the studio is not replaced by unchanged shipped files.
 */
export async function deployCommitmentProcess(engine: WorkflowEngine) {
  const folder = app.makePath('processes', COMMITMENT_PROCESS_ID)
  const names = (await readdir(folder)).filter((name) => /\.(bpmn|form)$/.test(name)).sort()
  const resources = await Promise.all(
    names.map(async (name) => ({ name, content: await readFile(`${folder}/${name}`, 'utf8') }))
  )
  const checksum = createHash('sha256')
    .update(resources.map((resource) => `${resource.name}\n${resource.content}`).join('\n'))
    .digest('hex')
  const stored = await db.from('commitment_settings').where('name', 'shipped-checksum').first()
  const known = await engine.searchProcessDefinitions({
    filter: { processDefinitionId: COMMITMENT_PROCESS_ID },
    page: { limit: 1 },
  })
  if (stored?.value === checksum && known.items.length) return
  const deployments = await app.container.make(DeploymentService)
  await deployments.deploy(resources, SYSTEM)
  if (stored) {
    await db
      .from('commitment_settings')
      .where('name', 'shipped-checksum')
      .update({ value: checksum })
  } else {
    await db.table('commitment_settings').insert({ name: 'shipped-checksum', value: checksum })
  }
}

/**
 * The app's side of the follow-up process: deploys it and handles the `senflow:commitment`
 * jobs (header `action`): status changes, reminders, report requests, escalation, extension
 * decisions. Every handler is idempotent (timeline entries carry dedupe keys), so a job
 * handed out again after a crash does not notify twice.
 */
export async function startCommitmentRuntime(engine: WorkflowEngine) {
  try {
    await deployCommitmentProcess(engine)
  } catch (error) {
    logger.error({ err: error }, 'the commitment follow-up process could not be deployed')
  }
  const handler = new CommitmentJobHandler(engine)
  // the demo's commitments, once the follow-up process is deployed (after start-up)
  setTimeout(() => void loadScheduledDemoCommitments(), 0)
  const worker = engine.openJobWorker({
    type: COMMITMENT_JOB_TYPE,
    worker: 'senflow-commitments',
    maxJobsActive: 16,
    timeout: 60_000,
    handler: (job) => handler.handle(job),
  })
  // FEEL reads the calendar synchronously: pick up changes another server process made
  const refresh = setInterval(() => {
    businessCalendar.load().catch((error) => logger.warn({ err: error }, 'calendar reload failed'))
  }, CALENDAR_REFRESH_MS)
  refresh.unref()
  return async () => {
    clearInterval(refresh)
    await worker.close()
  }
}

/** Handles one `senflow:commitment` job. */
export class CommitmentJobHandler {
  protected commitments = new CommitmentService()

  constructor(protected engine: WorkflowEngine) {}

  async handle(job: WorkerJob) {
    const action = job.customHeaders.action
    const id = Number(job.variables.commitmentId)
    const row = Number.isInteger(id) ? await db.from('commitments').where('id', id).first() : null
    if (!row) {
      await job.fail({
        retries: 0,
        errorMessage: `senflow:commitment: no commitment ${String(job.variables.commitmentId)} (variable commitmentId)`,
      })
      return
    }
    const now = await engineNow()
    const on = now.toISODate()!
    switch (action) {
      case 'assigned':
        return job.complete(await this.assigned(row, on))
      case 'reminder':
        await this.reminder(row, Number(job.customHeaders.daysLeft), on)
        return job.complete()
      case 'report-request':
        await this.reportRequest(row, on)
        return job.complete()
      case 'escalate':
        return job.complete(await this.escalate(row, on))
      case 'directed':
        await this.commitments.event(
          db,
          id,
          'directed',
          await this.lastCompleter(row, 'follow_up_overdue'),
          {
            direction: String(job.variables.direction ?? ''),
          }
        )
        return job.complete()
      case 'completion-reported':
        await this.completionReported(row, job.variables)
        return job.complete()
      case 'completion-returned':
        await this.completionReturned(row, job.variables)
        return job.complete()
      case 'verified':
        await this.verified(row)
        return job.complete()
      case 'extension-decided':
        return this.extensionDecided(row, job)
      default:
        await job.fail({
          retries: 0,
          errorMessage: `senflow:commitment: unknown action '${action}' (header action: assigned, reminder, report-request, escalate, directed, completion-reported, completion-returned, verified, extension-decided)`,
        })
    }
  }

  /** Offered to the lead unit (first time) or offered again (new deadline, returned). */
  protected async assigned(row: Row, on: string): Promise<JsonObject> {
    const first = row.status === 'registered'
    await db
      .from('commitments')
      .where('id', row.id)
      .where('status', 'registered')
      .update({ status: 'in_progress', updated_at: sqlTime() })
    if (first) {
      await this.commitments.event(
        db,
        row.id,
        'assigned',
        SYSTEM,
        { leadUnit: row.lead_unit_id },
        { dedupeKey: 'assigned' }
      )
      await this.notify(
        await this.unitMembers([row.lead_unit_id]),
        'commitment_assigned',
        row,
        `Cam kết mới được giao: ${row.title}`
      )
    } else {
      await this.commitments.event(db, row.id, 'reassigned', SYSTEM, { deadline: row.deadline, on })
    }
    return {}
  }

  /**
   * A reminder T−n working days before the deadline. A timer that fires late (the commitment
   * was recorded close to its deadline, or the server was down) sends only the reminder that
   * still applies.
   */
  protected async reminder(row: Row, daysLeft: number, on: string) {
    const remaining = await businessCalendar.workingDaysBetween(on, row.deadline)
    const applicable = [...REMINDER_DAYS].sort((a, b) => a - b).find((days) => days >= remaining)
    if (remaining <= 0 || applicable !== daysLeft) {
      await this.commitments.event(
        db,
        row.id,
        'reminder_skipped',
        SYSTEM,
        { daysLeft, remaining, on },
        { dedupeKey: `reminder-skipped:${daysLeft}:${row.deadline}` }
      )
      return
    }
    const fresh = await this.commitments.event(
      db,
      row.id,
      'reminder',
      SYSTEM,
      { daysLeft, deadline: row.deadline, on },
      { dedupeKey: `reminder:${daysLeft}:${row.deadline}` }
    )
    if (!fresh) return
    await this.notify(
      await this.unitMembers([row.lead_unit_id]),
      'commitment_reminder',
      row,
      `Còn ${daysLeft} ngày làm việc đến hạn ${row.deadline}: ${row.title}`,
      { daysLeft }
    )
  }

  protected async reportRequest(row: Row, on: string) {
    const fresh = await this.commitments.event(
      db,
      row.id,
      'report_requested',
      SYSTEM,
      { on },
      { dedupeKey: `report:${on}` }
    )
    if (!fresh) return
    await this.notify(
      await this.unitMembers([row.lead_unit_id]),
      'commitment_report_due',
      row,
      `Đến kỳ báo cáo tiến độ: ${row.title}`
    )
  }

  /** Overdue: to the observers, or else to the leaders above the lead unit (admins at last). */
  protected async escalate(row: Row, on: string): Promise<JsonObject> {
    const observers: number[] = JSON.parse(row.observer_ids)
    let recipients = observers.length
      ? await db.from('users').whereIn('id', observers).where('active', true).select('id', 'email')
      : await this.leadersOf(row.lead_unit_id)
    if (!recipients.length) {
      recipients = await db
        .from('users as u')
        .join('user_roles as r', 'r.user_id', 'u.id')
        .where('r.role', 'admin')
        .where('u.active', true)
        .select('u.id', 'u.email')
    }
    const emails = recipients.map((user) => String(user.email))
    const fresh = await this.commitments.event(
      db,
      row.id,
      'escalated',
      SYSTEM,
      { to: emails, deadline: row.deadline, on, observers: observers.length > 0 },
      { dedupeKey: `escalated:${row.deadline}` }
    )
    if (fresh) {
      await db.from('commitments').where('id', row.id).update({ escalated_at: sqlTime() })
      await this.notify(
        recipients.map((user) => Number(user.id)),
        'commitment_escalated',
        row,
        `Cam kết quá hạn ${row.deadline}: ${row.title}`
      )
    }
    return { escalatedTo: emails }
  }

  protected async completionReported(row: Row, variables: JsonObject) {
    const completedOn = String(variables.completedOn ?? '').slice(0, 10)
    await db
      .from('commitments')
      .where('id', row.id)
      .update({
        status: 'awaiting_verification',
        completed_on: /^\d{4}-\d{2}-\d{2}$/.test(completedOn) ? completedOn : null,
        completion_summary: String(variables.completionSummary ?? ''),
        progress: 100,
        updated_at: sqlTime(),
      })
    await this.commitments.event(
      db,
      row.id,
      'completion_reported',
      await this.lastCompleter(row, 'carry_out'),
      {
        completedOn,
      }
    )
    const verifiers: number[] = JSON.parse(row.verifier_ids)
    await this.notify(
      verifiers,
      'commitment_to_verify',
      row,
      `Đề nghị xác nhận hoàn thành: ${row.title}`
    )
  }

  protected async completionReturned(row: Row, variables: JsonObject) {
    await db.from('commitments').where('id', row.id).update({
      status: 'in_progress',
      completed_on: null,
      updated_at: sqlTime(),
    })
    await this.commitments.event(
      db,
      row.id,
      'completion_returned',
      await this.lastCompleter(row, 'verify'),
      {
        note: variables.verificationNote ?? null,
      }
    )
  }

  protected async verified(row: Row) {
    const verifier = await this.lastCompleter(row, 'verify')
    await db
      .from('commitments')
      .where('id', row.id)
      .update({
        status: 'completed',
        verified_at: sqlTime(),
        verified_by: verifier?.id ?? null,
        updated_at: sqlTime(),
      })
    await this.commitments.event(db, row.id, 'verified', verifier, {
      completedOn: row.completed_on,
      deadline: row.deadline,
    })
  }

  /**
   * Records the decision; an approved extension moves the deadline (the job's variables set
   * `deadline` in the instance) and restarts the lead unit's task with new reminders.
   */
  protected async extensionDecided(row: Row, job: WorkerJob) {
    const extensionId = Number(job.variables.extensionId)
    const decision = job.variables.extensionDecision === 'approved' ? 'approved' : 'rejected'
    const extension = await db
      .from('commitment_extensions')
      .where('id', extensionId)
      .where('commitment_id', row.id)
      .first()
    if (!extension) {
      await job.fail({
        retries: 0,
        errorMessage: `senflow:commitment: no extension request ${extensionId} for commitment ${row.code}`,
      })
      return
    }
    const decider = await this.lastCompleter(row, 'decide_extension')
    if (extension.status === 'pending') {
      await db.transaction(async (trx) => {
        await trx
          .from('commitment_extensions')
          .where('id', extensionId)
          .update({
            status: decision,
            decided_by: decider?.id ?? null,
            decided_at: sqlTime(),
            decision_note: (job.variables.extensionDecisionNote as string | undefined) ?? null,
          })
        if (decision === 'approved') {
          await trx
            .from('commitments')
            .where('id', row.id)
            .update({ deadline: extension.requested_deadline, updated_at: sqlTime() })
        }
        await this.commitments.event(trx, row.id, `extension_${decision}`, decider, {
          extensionId,
          previousDeadline: extension.previous_deadline,
          requestedDeadline: extension.requested_deadline,
        })
      })
      const requester = extension.requested_by ? [Number(extension.requested_by)] : []
      await this.notify(
        requester,
        'commitment_extension',
        row,
        decision === 'approved'
          ? `Đồng ý gia hạn đến ${extension.requested_deadline}: ${row.title}`
          : `Không đồng ý gia hạn: ${row.title}`
      )
    }
    const deadline = decision === 'approved' ? extension.requested_deadline : row.deadline
    await job.complete(await followUpSchedule(deadline))
    if (decision === 'approved') {
      await this.engine
        .publishMessage({ name: DEADLINE_CHANGED_MESSAGE, correlationKey: row.code, timeToLive: 0 })
        .catch((error) =>
          logger.warn({ err: error }, 'the new deadline could not restart the task')
        )
    }
  }

  /** Who completed the last task of that step (the decision's author). */
  protected async lastCompleter(row: Row, elementId: string) {
    const task = await db
      .from('user_tasks as t')
      .join('users as u', 'u.id', 't.completed_by')
      .where('t.process_instance_key', row.process_instance_key ?? '')
      .where('t.element_id', elementId)
      .where('t.state', 'COMPLETED')
      .orderBy('t.id', 'desc')
      .select('u.id', 'u.email')
      .first()
    return task ? { id: Number(task.id), email: String(task.email) } : null
  }

  protected async unitMembers(unitIds: number[]): Promise<number[]> {
    const rows = await db
      .from('unit_memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .whereIn('m.unit_id', unitIds)
      .where('u.active', true)
      .select('u.id')
      .limit(500)
    return [...new Set(rows.map((row) => Number(row.id)))]
  }

  /** Active users with the leader role in the unit or one of its ancestors (nearest first). */
  protected async leadersOf(unitId: number) {
    const units = await db.from('units').select('id', 'parent_id')
    const parentOf = new Map(
      units.map((unit) => [
        Number(unit.id),
        unit.parent_id === null ? null : Number(unit.parent_id),
      ])
    )
    for (
      let current: number | null = Number(unitId);
      current !== null;
      current = parentOf.get(current) ?? null
    ) {
      const leaders = await db
        .from('users as u')
        .join('unit_memberships as m', 'm.user_id', 'u.id')
        .join('user_roles as r', 'r.user_id', 'u.id')
        .where('m.unit_id', current)
        .where('r.role', 'leader')
        .where('u.active', true)
        .select('u.id', 'u.email')
      if (leaders.length) return leaders
    }
    return []
  }

  /** In-app notifications (the inbox's `notifications` table), with the commitment's id. */
  protected async notify(
    userIds: number[],
    type: string,
    row: Row,
    title: string,
    extra: Record<string, unknown> = {}
  ) {
    if (!userIds.length) return
    await db.table('notifications').multiInsert(
      [...new Set(userIds)].map((userId) => ({
        user_id: userId,
        type,
        task_id: null,
        title: title.slice(0, 500),
        details: JSON.stringify({
          commitmentId: Number(row.id),
          commitmentCode: row.code,
          ...extra,
        }),
        created_at: sqlTime(),
      }))
    )
  }
}

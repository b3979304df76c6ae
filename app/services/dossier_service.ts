import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import { validateSubmission, type FormDocument } from '@senflow/forms'
import Dossier from '#models/dossier'
import DossierDocument from '#models/dossier_document'
import DossierHistory from '#models/dossier_history'
import DossierNotice, { type NoticeKind } from '#models/dossier_notice'
import Procedure, { type ApplicantKind, type DossierChannel } from '#models/procedure'
import {
  FINAL_STATUSES,
  isDossierStatus,
  portalCodeOf,
  type DossierStatus,
} from '#services/dossier_status'
import { addWorkingDays, dossierNow, workingDaysBetween } from '#services/dossier_calendar'
import DossierPortalSync, { PortalSyncError } from '#services/dossier_portal_sync'
import StartFormService from '#services/start_form_service'
import { asFormDocument } from '#services/task_form_resolver'
import { sqlTime } from '#services/sql_time'
import { FormValidationException } from '#exceptions/form_validation_exception'
import { NotFoundException, UnprocessableException } from '#exceptions/api_exception'

/** Who changes a dossier: a person, or a process task (`system:…`). */
export interface DossierActor {
  id: number | null
  name: string
}

/** The applicant of a new dossier. */
export interface ApplicantInput {
  kind: ApplicantKind
  name: string
  identityNumber?: string | null
  taxCode?: string | null
  email?: string | null
  phone?: string | null
  address?: string | null
}

/**
 * The applicant a start form describes with its own fields, when the
 * request does not name one: `applicantKind` (default citizen),
 * `applicantName`, `identityNumber`, `taxCode`, `email`, `phone`, `address`.
 */
export function applicantFromData(data: Record<string, unknown>) {
  const value = (name: string) => {
    const found = data[name]
    return typeof found === 'string' && found.trim() !== '' ? found.trim() : undefined
  }
  const kind = value('applicantKind') ?? 'citizen'
  return {
    kind,
    name: value('applicantName') ?? '',
    ...(kind === 'citizen'
      ? { identityNumber: value('identityNumber') }
      : { taxCode: value('taxCode') }),
    email: value('email'),
    phone: value('phone')?.replace(/[^0-9+ .-]/g, ''),
    address: value('address'),
  }
}

/**
 * The applicant of a request: the one it names, else the one its start
 * data describes, checked like a named one (422 naming `applicant.<field>`).
 */
export async function resolveApplicant(payload: {
  applicant?: ApplicantInput
  data?: Record<string, unknown>
}): Promise<ApplicantInput> {
  if (payload.applicant) return payload.applicant
  const { applicantValidator } = await import('#validators/dossier_validator')
  const derived = applicantFromData((payload.data ?? {}) as Record<string, unknown>)
  const { applicant } = await applicantValidator.validate({ applicant: derived })
  return applicant as ApplicantInput
}

/** What receiving a dossier takes. */
export interface ReceiveInput {
  procedure: Procedure
  applicant: ApplicantInput
  channel: DossierChannel
  /** The start form's values (validated here). */
  data: Record<string, unknown>
  summary?: string | null
  /** Documents named at the counter besides the procedure's. */
  documents?: { name: string; digitisation?: DossierDocument['digitisation'] }[]
  /** `received` at the counter, `registered` online. */
  status: DossierStatus
  locale?: string
}

/** The actions of the `senflow:dossier` job type (docs/dossiers.md). */
export const DOSSIER_ACTIONS = [
  'register',
  'status',
  'receive',
  'reject',
  'stop',
  'request-supplement',
  'supplement-received',
  'fee-requested',
  'fee-paid',
  'notice',
  'apology',
  'result',
  'return',
  'withdraw',
] as const
export type DossierAction = (typeof DOSSIER_ACTIONS)[number]

/** One change of a dossier, from a job or from a person. */
export interface DossierChange {
  action: DossierAction
  status?: string
  notice?: string
  content?: string
  unit?: string
  clock?: string
  variables: Record<string, unknown>
  actor: DossierActor
  jobKey?: string
  elementId?: string
  portal?: { sync: boolean; connector?: string | null }
}

/**
 * Thrown when a change cannot apply (no such action or status, a final
 * dossier, an invalid variable): a job fails at once with an incident.
 */
export class DossierChangeError extends Error {}

/** The Vietnamese description of each action, for the portal's progress steps. */
const ACTION_CONTENT: Record<DossierAction, string> = {
  'register': 'Đăng ký hồ sơ',
  'status': 'Cập nhật trạng thái hồ sơ',
  'receive': 'Tiếp nhận hồ sơ',
  'reject': 'Từ chối tiếp nhận hồ sơ',
  'stop': 'Dừng xử lý hồ sơ',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  'supplement-received': 'Tiếp nhận hồ sơ bổ sung',
  'fee-requested': 'Yêu cầu nộp phí, lệ phí',
  'fee-paid': 'Đã nộp phí, lệ phí',
  'notice': 'Phát hành thông báo',
  'apology': 'Xin lỗi và hẹn lại ngày trả kết quả',
  'result': 'Đã có kết quả giải quyết',
  'return': 'Trả kết quả cho công dân, tổ chức',
  'withdraw': 'Công dân rút hồ sơ',
}

const ZONE = 'Asia/Ho_Chi_Minh'

/** Reads an optional text variable. */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null
  const result = typeof value === 'string' ? value.trim() : String(value)
  return result === '' ? null : result
}

/** The upper-cased initials of a procedure code (`consular-legalization` → `CL`). */
export function defaultCodePrefix(code: string) {
  return code
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase())
    .join('')
    .slice(0, 8)
}

/**
 * The dossiers: receiving them (at the counter, by post, online) with
 * their codes, receipt numbers and due dates, starting their procedure's
 * process, and every later change — from the `senflow:dossier` job type
 * or from staff — with its history, notices and portal synchronisation.
 */
export default class DossierService {
  constructor(
    protected portal: DossierPortalSync,
    protected startForms: StartFormService
  ) {}

  /**
   * The start form of a procedure: `startFormId` from the form library,
   * else the form linked to the process's start event; null without one.
   */
  async startFormOf(procedure: Procedure): Promise<FormDocument | null> {
    if (procedure.startFormId) {
      const version = await db
        .from('form_versions as v')
        .join('forms as f', 'f.id', 'v.form_id')
        .where('f.form_id', procedure.startFormId)
        .whereNull('v.deleted_at')
        .orderBy('v.version', 'desc')
        .select('v.document')
        .first()
      if (version) return asFormDocument(version.document, procedure.startFormId)
      throw new NotFoundException(
        `The start form "${procedure.startFormId}" of procedure ${procedure.code} is not published`
      )
    }
    const { form } = await this.startForms.latest(procedure.processId)
    return form
  }

  /**
   * Validates the start data against the procedure's start form (422 per
   * field); answers exactly the form's values.
   */
  async validateData(procedure: Procedure, data: Record<string, unknown>, locale = 'vi') {
    const form = await this.startFormOf(procedure)
    if (!form) return data
    const result = validateSubmission(form.schema, data, {
      locale,
      translations: form.translations,
      timeZone: ZONE,
    })
    if (!result.valid) throw new FormValidationException(result.errors)
    return result.values as Record<string, unknown>
  }

  /**
   * Receives a dossier: validates the start data, creates the dossier
   * (code, receipt number, due date, documents, receipt notice, history)
   * and starts the procedure's process with the dossier's variables. If
   * the process cannot start, nothing is kept. The portal learns of the
   * dossier in the background (before any task of the process reports).
   */
  async receive(input: ReceiveInput, actor: DossierActor): Promise<Dossier> {
    const procedure = input.procedure
    this.#checkApplicant(input.applicant, procedure)
    if (!procedure.channels.includes(input.channel))
      throw new UnprocessableException(
        `Procedure ${procedure.code} does not accept the channel "${input.channel}"`,
        'channel'
      )
    const values = await this.validateData(procedure, input.data, input.locale)
    const engine = await app.container.make('senflow.engine')
    const definitions = await engine.searchProcessDefinitions({
      filter: { processDefinitionId: procedure.processId, isLatestVersion: true },
      page: { limit: 1 },
    })
    const definition = definitions.items[0]
    if (!definition)
      throw new NotFoundException(
        `No published process with id "${procedure.processId}" for procedure ${procedure.code}`
      )
    const dossier = await db.transaction((trx) =>
      this.#create(trx, { ...input, data: values }, actor)
    )
    let release!: (started: boolean) => void
    const started = new Promise<boolean>((resolve) => (release = resolve))
    void this.portal
      .serialised(dossier.id, async () => {
        if (!(await started)) return
        await this.#syncQuietly(dossier.id, 'receive')
      })
      .catch(() => undefined)
    try {
      const instance = await engine.createProcessInstance({
        processDefinitionKey: definition.processDefinitionKey,
        variables: { ...values, ...this.variablesOf(dossier, procedure) } as any,
        businessId: dossier.code,
      })
      dossier.processInstanceKey = instance.processInstanceKey
      dossier.processDefinitionKey = instance.processDefinitionKey
      await dossier.save()
      release(true)
    } catch (error) {
      release(false)
      await Dossier.query().where('id', dossier.id).delete()
      throw error
    }
    return dossier
  }

  /**
   * Creates the dossier of a process instance that has none (a process
   * started outside the counter and the public page): applicant and
   * channel from the instance's variables.
   */
  async register(
    procedure: Procedure,
    variables: Record<string, unknown>,
    instance: { processInstanceKey: string; processDefinitionKey: string },
    actor: DossierActor
  ): Promise<Dossier> {
    const kind = text(variables.applicantKind) ?? 'citizen'
    const channel = text(variables.channel) ?? 'online'
    if (!['citizen', 'business', 'organisation'].includes(kind))
      throw new DossierChangeError(
        `Expected variable applicantKind to be citizen, business or organisation, but got ${JSON.stringify(kind)}`
      )
    if (!['in-person', 'online', 'post'].includes(channel))
      throw new DossierChangeError(
        `Expected variable channel to be in-person, online or post, but got ${JSON.stringify(channel)}`
      )
    const name = text(variables.applicantName)
    if (!name)
      throw new DossierChangeError(
        'Expected variable applicantName to register a dossier, but it is missing'
      )
    return db.transaction(async (trx) => {
      const dossier = await this.#create(
        trx,
        {
          procedure,
          applicant: {
            kind: kind as ApplicantKind,
            name,
            identityNumber: text(variables.identityNumber),
            taxCode: text(variables.taxCode),
            email: text(variables.email),
            phone: text(variables.phone),
            address: text(variables.address),
          },
          channel: channel as DossierChannel,
          data: {},
          summary: text(variables.summary),
          status: 'registered',
        },
        actor
      )
      dossier.processInstanceKey = instance.processInstanceKey
      dossier.processDefinitionKey = instance.processDefinitionKey
      await dossier.useTransaction(trx).save()
      return dossier
    })
  }

  #checkApplicant(applicant: ApplicantInput, procedure: Procedure) {
    if (!procedure.applicantKinds.includes(applicant.kind))
      throw new UnprocessableException(
        `Procedure ${procedure.code} does not accept applicants of kind "${applicant.kind}"`,
        'applicant.kind'
      )
    if (applicant.kind === 'citizen' && !text(applicant.identityNumber))
      throw new UnprocessableException(
        'A citizen applies with an identity number (CCCD or passport number)',
        'applicant.identityNumber'
      )
    if (applicant.kind !== 'citizen' && !text(applicant.taxCode))
      throw new UnprocessableException(
        'A business or organisation applies with its tax code',
        'applicant.taxCode'
      )
  }

  async #create(
    trx: TransactionClientContract,
    input: ReceiveInput,
    actor: DossierActor
  ): Promise<Dossier> {
    const procedure = input.procedure
    const now = (await dossierNow()).startOf('second')
    const year = now.setZone(ZONE).year
    const prefix = procedure.codePrefix || defaultCodePrefix(procedure.code)
    const sequence = await nextNumber(trx, `${prefix}-${year}`)
    const receipt = await nextNumber(trx, `receipt-${year}`)
    const dueAt = await addWorkingDays(now, procedure.legalTimeLimitDays)
    const dossier = await Dossier.create(
      {
        code: `${prefix}-${year}-${String(sequence).padStart(6, '0')}`,
        receiptNumber: `BN-${year}-${String(receipt).padStart(6, '0')}`,
        procedureId: procedure.id,
        procedureCode: procedure.code,
        applicantKind: input.applicant.kind,
        applicantName: input.applicant.name.trim(),
        identityNumber: text(input.applicant.identityNumber),
        taxCode: text(input.applicant.taxCode),
        applicantEmail: text(input.applicant.email),
        applicantPhone: text(input.applicant.phone),
        applicantAddress: text(input.applicant.address),
        channel: input.channel,
        status: input.status,
        portalStatusCode: portalCodeOf(input.status),
        summary: text(input.summary) ?? procedure.nameVi,
        data: input.data,
        receivedAt: now,
        dueAt,
        legalTimeLimitDays: procedure.legalTimeLimitDays,
        feeAmount: procedure.fee,
        feeCurrency: procedure.feeCurrency,
        feeStatus: 'none',
        unitCode: procedure.leadUnitCode,
        createdBy: actor.id,
      },
      { client: trx }
    )
    const digitisation = input.channel === 'online' ? 'electronic' : 'paper'
    for (const document of procedure.documents) {
      await DossierDocument.create(
        {
          dossierId: dossier.id,
          kind: 'submitted',
          code: document.code,
          name: document.nameVi,
          required: document.required,
          digitisation,
        },
        { client: trx }
      )
    }
    for (const document of input.documents ?? []) {
      await DossierDocument.create(
        {
          dossierId: dossier.id,
          kind: 'submitted',
          name: document.name,
          required: false,
          digitisation: document.digitisation ?? digitisation,
        },
        { client: trx }
      )
    }
    await dossier.useTransaction(trx).save()
    await DossierHistory.create(
      {
        dossierId: dossier.id,
        action: input.status === 'registered' ? 'register' : 'receive',
        fromStatus: null,
        toStatus: input.status,
        portalStatusCode: portalCodeOf(input.status),
        content: input.status === 'registered' ? 'Nộp hồ sơ trực tuyến' : ACTION_CONTENT.receive,
        details: { channel: input.channel },
        actorId: actor.id,
        actorName: actor.name,
        portalSync: procedure.portalConnector ? 'pending' : 'skipped',
        at: now,
      },
      { client: trx }
    )
    await this.#issue(trx, dossier, 'receipt', {}, actor, now)
    return dossier
  }

  /**
   * The variables a process sees about its dossier (written at start and
   * by every `senflow:dossier` job).
   */
  variablesOf(dossier: Dossier, procedure?: Procedure) {
    return {
      dossierCode: dossier.code,
      receiptNumber: dossier.receiptNumber,
      ...(procedure ? { procedureCode: procedure.code } : {}),
      applicantKind: dossier.applicantKind,
      applicantName: dossier.applicantName,
      identityNumber: dossier.identityNumber,
      taxCode: dossier.taxCode,
      channel: dossier.channel,
      dossierStatus: dossier.status,
      portalStatusCode: dossier.portalStatusCode,
      receivedDate: dossier.receivedAt.toISO(),
      dueDate: dossier.dueAt.toISO(),
      revisedDueDate: dossier.revisedDueAt?.toISO() ?? null,
      effectiveDueDate: dossier.effectiveDueAt.toISO(),
      feeAmount: dossier.feeAmount,
      feeStatus: dossier.feeStatus,
    }
  }

  /**
   * Finds a dossier by code.
   *
   * @throws NotFoundException when there is none.
   */
  async findByCode(code: string): Promise<Dossier> {
    const dossier = await Dossier.query().where('code', code).preload('procedure').first()
    if (!dossier) throw new NotFoundException(`No dossier with code "${code}"`)
    return dossier
  }

  /**
   * Applies one change (a job's action, an apology recorded by staff):
   * the status and dates in one transaction with its history and notice;
   * then the portal synchronisation. A change already recorded under the
   * same job key is not applied again (only its synchronisation is
   * retried).
   *
   * @throws DossierChangeError when the change cannot apply.
   * @throws PortalSyncError when the portal did not take it.
   */
  async change(dossierId: number, change: DossierChange): Promise<Dossier> {
    if (!(DOSSIER_ACTIONS as readonly string[]).includes(change.action))
      throw new DossierChangeError(
        `Expected header action to be one of ${DOSSIER_ACTIONS.join(', ')}, but got ${JSON.stringify(change.action)}`
      )
    let history: DossierHistory | null = change.jobKey
      ? await DossierHistory.query().where('job_key', change.jobKey).first()
      : null
    let recordChanged = false
    if (!history) {
      const applied = await db.transaction((trx) => this.#apply(trx, dossierId, change))
      history = applied.history
      recordChanged = applied.recordChanged
    } else {
      recordChanged = Boolean(history.details.recordChanged)
    }
    const dossier = await Dossier.query().where('id', dossierId).preload('procedure').firstOrFail()
    if (history.portalSync !== 'pending') return dossier
    const outcome = await this.portal.serialised(dossier.id, async () => {
      const current = await Dossier.query()
        .where('id', dossierId)
        .preload('procedure')
        .firstOrFail()
      if (change.portal?.sync === false)
        return { state: 'skipped' as const, message: 'the task asked for no synchronisation' }
      const result = await this.portal.sync(current, current.procedure, {
        content: change.content ?? ACTION_CONTENT[change.action],
        handler: change.actor.name,
        record: recordChanged,
        connector: change.portal?.connector,
        key: change.jobKey ?? `dossier-${dossier.id}-${history!.id}`,
        elementId: change.elementId,
      })
      if (result.state === 'sent' && !current.portalSyncedAt) {
        current.portalSyncedAt = await dossierNow()
        await current.save()
        // the first synchronisation carried the whole dossier: earlier steps are on the portal
        await DossierHistory.query()
          .where('dossier_id', current.id)
          .where('portal_sync', 'pending')
          .whereNot('id', history!.id)
          .update({ portal_sync: 'sent', portal_message: 'sent with the first synchronisation' })
      }
      return result
    })
    history.portalSync = outcome.state
    history.portalMessage = outcome.message
    await history.save()
    return dossier
  }

  async #apply(
    trx: TransactionClientContract,
    dossierId: number,
    change: DossierChange
  ): Promise<{ history: DossierHistory; recordChanged: boolean }> {
    const dossier = await Dossier.query({ client: trx })
      .where('id', dossierId)
      .forUpdate()
      .preload('procedure')
      .firstOrFail()
    const procedure = dossier.procedure
    const from = dossier.status
    const vars = change.variables
    const now = (await dossierNow()).startOf('second')
    let to: DossierStatus = from
    let recordChanged = false
    const details: Record<string, unknown> = {}
    const notices: { kind: NoticeKind; details: Record<string, unknown> }[] = []
    const explicit = change.status === undefined || change.status === '' ? null : change.status
    if (explicit !== null && !isDossierStatus(explicit))
      throw new DossierChangeError(
        `Expected header status to be a dossier status (registered, received, rejected, processing, supplement-requested, fee-requested, withdrawn, stopped, done, returned), but got ${JSON.stringify(explicit)}`
      )
    if (FINAL_STATUSES.includes(from) && change.action !== 'notice')
      throw new DossierChangeError(
        `Expected dossier ${dossier.code} to be open for "${change.action}", but it is ${from}`
      )
    switch (change.action) {
      case 'register':
        to = 'registered'
        break
      case 'status':
        if (!explicit)
          throw new DossierChangeError(
            'Expected header status for action "status", but it is missing'
          )
        to = explicit as DossierStatus
        break
      case 'receive':
        to = 'received'
        if (!(await this.#hasNotice(trx, dossier, 'receipt')))
          notices.push({ kind: 'receipt', details: {} })
        break
      case 'reject':
      case 'stop': {
        to = change.action === 'reject' ? 'rejected' : 'stopped'
        const reason = text(vars.refusalReason)
        dossier.closingReason = reason
        dossier.closedAt = now
        details.reason = reason
        notices.push({ kind: 'refusal', details: { reason } })
        break
      }
      case 'request-supplement': {
        to = 'supplement-requested'
        const items = Array.isArray(vars.supplementItems)
          ? vars.supplementItems.map((item) => text(item)).filter((item): item is string => !!item)
          : text(vars.supplementItems)
            ? [text(vars.supplementItems)!]
            : []
        const reason = text(vars.supplementReason)
        dossier.clockStoppedAt = dossier.clockStoppedAt ?? now
        details.reason = reason
        details.items = items
        notices.push({ kind: 'supplement-request', details: { reason, items } })
        break
      }
      case 'supplement-received': {
        to = (explicit as DossierStatus | null) ?? 'processing'
        const clock = change.clock || 'restart'
        if (clock !== 'restart' && clock !== 'resume')
          throw new DossierChangeError(
            `Expected header clock to be restart or resume, but got ${JSON.stringify(clock)}`
          )
        const stoppedAt = dossier.clockStoppedAt ?? now
        const revised =
          clock === 'restart'
            ? await addWorkingDays(now, dossier.legalTimeLimitDays)
            : await addWorkingDays(dossier.effectiveDueAt, await workingDaysBetween(stoppedAt, now))
        details.clock = clock
        details.previousDueAt = dossier.effectiveDueAt.toISO()
        details.revisedDueAt = revised.toISO()
        dossier.revisedDueAt = revised
        dossier.clockStoppedAt = null
        recordChanged = true
        break
      }
      case 'fee-requested': {
        to = 'fee-requested'
        const amount =
          vars.feeAmount === undefined || vars.feeAmount === null
            ? procedure.fee
            : Number(vars.feeAmount)
        if (!Number.isFinite(amount) || amount < 0)
          throw new DossierChangeError(
            `Expected variable feeAmount to be a non-negative number, but got ${JSON.stringify(vars.feeAmount)}`
          )
        dossier.feeAmount = Math.round(amount)
        dossier.feeStatus = 'requested'
        details.feeAmount = dossier.feeAmount
        break
      }
      case 'fee-paid':
        to = (explicit as DossierStatus | null) ?? 'processing'
        dossier.feeStatus = 'paid'
        dossier.paidAt = now
        dossier.paymentReference = text(vars.paymentReference)
        details.paymentReference = dossier.paymentReference
        break
      case 'notice': {
        const kind = change.notice
        if (
          !kind ||
          !['receipt', 'supplement-request', 'refusal', 'apology', 'result'].includes(kind)
        )
          throw new DossierChangeError(
            `Expected header notice to be receipt, supplement-request, refusal, apology or result, but got ${JSON.stringify(kind ?? null)}`
          )
        notices.push({ kind: kind as NoticeKind, details: noticeDetails(kind as NoticeKind, vars) })
        details.notice = kind
        break
      }
      case 'apology': {
        const reason = text(vars.apologyReason)
        if (!reason)
          throw new DossierChangeError(
            'Expected variable apologyReason for an apology, but it is missing'
          )
        const date = parseDate(vars.newAppointmentDate, 'newAppointmentDate')
        if (date <= now || date > now.plus({ years: 1 }))
          throw new DossierChangeError(
            `Expected variable newAppointmentDate to be in the future and within a year, but got ${String(vars.newAppointmentDate)}`
          )
        details.previousDueAt = dossier.effectiveDueAt.toISO()
        dossier.revisedDueAt = date
        dossier.apologyReason = reason
        dossier.apologisedAt = now
        details.reason = reason
        details.newAppointmentAt = date.toISO()
        notices.push({
          kind: 'apology',
          details: { reason, newAppointmentAt: date.toISO(), previousDueAt: details.previousDueAt },
        })
        recordChanged = true
        break
      }
      case 'result': {
        to = (explicit as DossierStatus | null) ?? 'done'
        dossier.finishedAt = now
        const documents = resultDocuments(vars.resultDocuments)
        for (const document of documents) {
          await DossierDocument.create(
            {
              dossierId: dossier.id,
              kind: 'result',
              name: document.name,
              number: document.number,
              issuedAt: document.issuedAt,
              required: false,
              digitisation: 'electronic',
            },
            { client: trx }
          )
        }
        const summary = text(vars.resultSummary)
        details.summary = summary
        notices.push({
          kind: 'result',
          details: {
            summary,
            documents: documents.map((document) => ({
              name: document.name,
              number: document.number,
              issuedAt: document.issuedAt?.toISO() ?? null,
            })),
          },
        })
        break
      }
      case 'return':
        to = 'returned'
        dossier.returnedAt = now
        dossier.closedAt = now
        dossier.finishedAt = dossier.finishedAt ?? now
        recordChanged = true
        break
      case 'withdraw':
        to = 'withdrawn'
        dossier.closedAt = now
        dossier.closingReason = text(vars.withdrawReason)
        details.reason = dossier.closingReason
        break
    }
    if (change.unit) {
      const unit = await trx.from('units').where('code', change.unit).first()
      if (!unit)
        throw new DossierChangeError(
          `Expected header unit to be a unit code, but no unit has code ${JSON.stringify(change.unit)}`
        )
      details.unit = { from: dossier.unitCode, to: change.unit }
      dossier.unitCode = change.unit
    }
    if (to === 'done' && !dossier.finishedAt) dossier.finishedAt = now
    dossier.status = to
    dossier.portalStatusCode = portalCodeOf(to)
    await dossier.useTransaction(trx).save()
    for (const notice of notices)
      await this.#issue(trx, dossier, notice.kind, notice.details, change.actor, now)
    const history = await DossierHistory.create(
      {
        dossierId: dossier.id,
        action: change.action,
        fromStatus: from,
        toStatus: to,
        portalStatusCode: portalCodeOf(to),
        content: change.content ?? ACTION_CONTENT[change.action],
        details: { ...details, ...(recordChanged ? { recordChanged } : {}) },
        actorId: change.actor.id,
        actorName: change.actor.name,
        jobKey: change.jobKey ?? null,
        elementId: change.elementId ?? null,
        portalSync: 'pending',
        at: now,
      },
      { client: trx }
    )
    return { history, recordChanged }
  }

  async #hasNotice(trx: TransactionClientContract, dossier: Dossier, kind: NoticeKind) {
    return Boolean(
      await DossierNotice.query({ client: trx })
        .where('dossier_id', dossier.id)
        .where('kind', kind)
        .first()
    )
  }

  async #issue(
    trx: TransactionClientContract,
    dossier: Dossier,
    kind: NoticeKind,
    details: Record<string, unknown>,
    actor: DossierActor,
    at: DateTime
  ) {
    const count = await DossierNotice.query({ client: trx })
      .where('dossier_id', dossier.id)
      .where('kind', kind)
      .count('* as total')
    const nth = Number(count[0]?.$extras.total ?? 0) + 1
    await DossierNotice.create(
      {
        dossierId: dossier.id,
        kind,
        number: `${dossier.code}/${NOTICE_SUFFIX[kind]}${nth > 1 ? `-${nth}` : ''}`,
        details,
        issuedBy: actor.name,
        issuedAt: at,
      },
      { client: trx }
    )
  }

  /**
   * Sends again, in the background, the dossiers the portal never got
   * (it was unreachable when they were received) and that no task has
   * synchronised since: at most `limit` per call, the oldest first.
   */
  async resyncPending(limit = 20, minAgeSeconds = 30): Promise<number> {
    const rows = await db
      .from('dossiers')
      .whereNull('portal_synced_at')
      .whereNotIn('status', ['withdrawn', 'rejected', 'stopped', 'returned'])
      .whereExists((query) => {
        query
          .from('dossier_history')
          .whereColumn('dossier_history.dossier_id', 'dossiers.id')
          .whereNull('dossier_history.job_key')
          .where('dossier_history.portal_sync', 'pending')
      })
      .where('created_at', '<=', sqlTime((await dossierNow()).minus({ seconds: minAgeSeconds })))
      .orderBy('id', 'asc')
      .limit(limit)
      .select('id')
    for (const row of rows) {
      await this.portal.serialised(row.id, () => this.#syncQuietly(row.id, 'receive'))
    }
    return rows.length
  }

  async #syncQuietly(dossierId: number, action: DossierAction) {
    try {
      const dossier = await Dossier.query().where('id', dossierId).preload('procedure').first()
      if (!dossier) return
      const history = await DossierHistory.query()
        .where('dossier_id', dossierId)
        .orderBy('id', 'asc')
        .first()
      const outcome = await this.portal.sync(dossier, dossier.procedure, {
        content: ACTION_CONTENT[action],
        handler: history?.actorName ?? 'Senflow',
        record: false,
        key: `dossier-${dossier.id}-receive`,
      })
      if (outcome.state === 'sent') {
        dossier.portalSyncedAt = await dossierNow()
        await dossier.save()
      }
      // the record sent carries every step taken so far outside a task
      await DossierHistory.query()
        .where('dossier_id', dossierId)
        .whereNull('job_key')
        .where('portal_sync', 'pending')
        .update({ portal_sync: outcome.state, portal_message: outcome.message })
    } catch (error) {
      const message = error instanceof PortalSyncError ? error.message : String(error)
      logger.warn(
        { dossierId, err: message },
        'could not send a new dossier to the portal; the next change will'
      )
      await DossierHistory.query()
        .where('dossier_id', dossierId)
        .whereNull('job_key')
        .where('portal_sync', 'pending')
        .update({ portal_message: message.slice(0, 2000) })
        .catch(() => undefined)
    }
  }

  /**
   * Records an apology with a new appointment date (staff): the revised
   * due date, the notice, the history and the portal.
   */
  async apologise(
    dossier: Dossier,
    reason: string,
    newAppointmentDate: string,
    actor: DossierActor
  ) {
    try {
      return await this.change(dossier.id, {
        action: 'apology',
        variables: { apologyReason: reason, newAppointmentDate },
        actor,
      })
    } catch (error) {
      if (error instanceof DossierChangeError) {
        throw new UnprocessableException(
          error.message,
          /newAppointmentDate/.test(error.message) ? 'newAppointmentDate' : undefined
        )
      }
      if (error instanceof PortalSyncError) return this.findByCode(dossier.code)
      throw error
    }
  }
}

const NOTICE_SUFFIX: Record<NoticeKind, string> = {
  'receipt': 'BN',
  'supplement-request': 'YCBS',
  'refusal': 'TC',
  'apology': 'XL',
  'result': 'KQ',
}

function noticeDetails(kind: NoticeKind, vars: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case 'refusal':
      return { reason: text(vars.refusalReason) }
    case 'supplement-request':
      return {
        reason: text(vars.supplementReason),
        items: Array.isArray(vars.supplementItems) ? vars.supplementItems.map(String) : [],
      }
    case 'apology':
      return { reason: text(vars.apologyReason) }
    case 'result':
      return { summary: text(vars.resultSummary) }
    default:
      return {}
  }
}

function parseDate(value: unknown, name: string): DateTime {
  const raw = text(value)
  const parsed = raw ? DateTime.fromISO(raw, { zone: ZONE }) : null
  if (!parsed || !parsed.isValid)
    throw new DossierChangeError(
      `Expected variable ${name} to be an ISO-8601 date or date-time, but got ${JSON.stringify(value ?? null)}`
    )
  // a date alone means the end of office hours that day
  return (raw!.length === 10 ? parsed.set({ hour: 17 }) : parsed).toUTC()
}

function resultDocuments(value: unknown) {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value))
    throw new DossierChangeError(
      `Expected variable resultDocuments to be a list, but got ${JSON.stringify(value)}`
    )
  return value.map((item, index) => {
    if (typeof item === 'string') return { name: item, number: null, issuedAt: null }
    if (item && typeof item === 'object' && text((item as Record<string, unknown>).name)) {
      const record = item as Record<string, unknown>
      return {
        name: text(record.name)!,
        number: text(record.number),
        issuedAt: record.issuedAt
          ? parseDate(record.issuedAt, `resultDocuments[${index}].issuedAt`)
          : null,
      }
    }
    throw new DossierChangeError(
      `Expected resultDocuments[${index}] to be a text or { name, number?, issuedAt? }, but got ${JSON.stringify(item)}`
    )
  })
}

/**
 * The next value of a named counter, inside the caller's transaction.
 */
export async function nextNumber(trx: TransactionClientContract, name: string): Promise<number> {
  const row = await trx.from('dossier_sequences').where('name', name).forUpdate().first()
  if (row) {
    const value = Number(row.value) + 1
    await trx.from('dossier_sequences').where('name', name).update({ value })
    return value
  }
  await trx.table('dossier_sequences').insert({ name, value: 1 })
  return 1
}

let shared: Promise<DossierService> | null = null

/**
 * The app's dossier service (one per process: its portal synchronisation
 * keeps the connectors' sessions and orders each dossier's calls).
 */
export function dossierService(): Promise<DossierService> {
  shared ??= (async () => {
    const { default: SecretStore } = await import('#services/secret_store')
    return new DossierService(
      new DossierPortalSync(await app.container.make(SecretStore)),
      await app.container.make(StartFormService)
    )
  })()
  return shared
}

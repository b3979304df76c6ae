import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Dossier from '#models/dossier'
import DossierDocument from '#models/dossier_document'
import DossierHistory from '#models/dossier_history'
import DossierNotice from '#models/dossier_notice'
import Procedure from '#models/procedure'
import User from '#models/user'
import { addWorkingDays, dossierNow } from '#services/dossier_calendar'
import { dossierService, defaultCodePrefix, nextNumber } from '#services/dossier_service'
import { portalCodeOf, type DossierStatus } from '#services/dossier_status'
import { loadShippedProcesses, processesDirectory } from '#services/shipped_processes'
import { taskViewerOf } from '#services/task_viewer'

/** The demo's applicants: citizens, businesses and organisations. */
const APPLICANTS = [
  { kind: 'citizen', name: 'Nguyễn Thị Hoa', identityNumber: '001190012345', phone: '0912345678' },
  { kind: 'citizen', name: 'Trần Minh Quân', identityNumber: '079088001234', phone: '0903123456' },
  { kind: 'citizen', name: 'Lê Thu Trang', identityNumber: '036195004321', phone: '0987654321' },
  { kind: 'citizen', name: 'Phạm Đức Anh', identityNumber: 'C1234567', phone: '0977111222' },
  { kind: 'business', name: 'Công ty TNHH Thương mại Sông Hồng', taxCode: '0101234567' },
  { kind: 'citizen', name: 'Hoàng Gia Bảo', identityNumber: '001201009876', phone: '0934567890' },
  { kind: 'organisation', name: 'Trường Đại học Hà Nội', taxCode: '0100112233' },
  { kind: 'citizen', name: 'Vũ Ngọc Mai', identityNumber: '024192007777', phone: '0966888999' },
  { kind: 'business', name: 'Công ty Cổ phần Xuất nhập khẩu Đà Nẵng', taxCode: '0400556677' },
  { kind: 'citizen', name: 'Đặng Quốc Việt', identityNumber: '038087002468', phone: '0911222333' },
] as const

/** How far each living demo dossier goes: user tasks completed, decisions taken. */
const LIVING_PLANS: { steps: number; decisions: Record<string, unknown> }[] = [
  { steps: 0, decisions: {} },
  { steps: 0, decisions: {} },
  { steps: 1, decisions: { completeness: 'complete', registration: 'register' } },
  { steps: 1, decisions: { completeness: 'incomplete' } },
  { steps: 2, decisions: { completeness: 'complete', registration: 'register' } },
  {
    steps: 3,
    decisions: { completeness: 'complete', reviewResult: 'approve', registration: 'register' },
  },
  {
    steps: 4,
    decisions: { completeness: 'complete', reviewResult: 'approve', approval: 'approve' },
  },
  {
    steps: 9,
    decisions: {
      completeness: 'complete',
      reviewResult: 'approve',
      approval: 'approve',
      registration: 'register',
      replyNeeded: 'reply',
      passportNumber: 'N2468013',
    },
  },
]

/** How the historic demo dossiers ended. */
const HISTORIC_ENDINGS: { status: DossierStatus; late: boolean; ageDays: number }[] = [
  { status: 'returned', late: false, ageDays: 40 },
  { status: 'returned', late: false, ageDays: 33 },
  { status: 'returned', late: true, ageDays: 28 },
  { status: 'returned', late: false, ageDays: 21 },
  { status: 'withdrawn', late: false, ageDays: 18 },
  { status: 'returned', late: false, ageDays: 14 },
  { status: 'rejected', late: false, ageDays: 10 },
  { status: 'returned', late: true, ageDays: 9 },
]

let livingPending = false

/**
 * The demo's dossiers: deploys the shipped procedures, then records a few
 * closed dossiers of the past weeks per procedure (returned on time or
 * late, withdrawn, refused: the statistics have a history) and asks for
 * living ones, which {@link createLivingDemoDossiers} starts once the
 * engine runtime runs: real process instances of each shipped procedure,
 * driven through their user tasks to varied steps (new, supplement
 * requested, under review, awaiting approval, fee, returned). Nothing
 * happens when dossiers exist already, and in tests unless `force`.
 */
export async function loadDemoDossiers(
  options: { directory?: string; force?: boolean } = {}
): Promise<{ historic: number }> {
  await loadShippedProcesses(options.directory ?? processesDirectory())
  if (app.inTest && !options.force) return { historic: 0 }
  const existing = await db.from('dossiers').count('* as total').first()
  // `force` (tests) loads them beside dossiers other tests made
  if (!options.force && Number(existing?.total ?? 0) > 0) return { historic: 0 }
  let historic = 0
  for (const procedure of await Procedure.query().orderBy('code')) {
    historic += await createHistoricDossiers(procedure)
  }
  livingPending = true
  return { historic }
}

/**
 * Whether living demo dossiers wait for the engine runtime.
 */
export function livingDemoDossiersPending() {
  return livingPending
}

async function createHistoricDossiers(procedure: Procedure): Promise<number> {
  const now = await dossierNow()
  let created = 0
  for (const [index, ending] of HISTORIC_ENDINGS.entries()) {
    const applicant = APPLICANTS[(index + procedure.id) % APPLICANTS.length]
    const receivedAt = now
      .minus({ days: ending.ageDays })
      .set({ hour: 9 + (index % 6), minute: 15 })
    const dueAt = await addWorkingDays(receivedAt, procedure.legalTimeLimitDays)
    const closedAt =
      ending.status === 'returned'
        ? ending.late
          ? await addWorkingDays(dueAt, 2)
          : await addWorkingDays(receivedAt, Math.max(1, procedure.legalTimeLimitDays - 1))
        : await addWorkingDays(receivedAt, 1)
    await db.transaction(async (trx) => {
      const year = receivedAt.setZone('Asia/Ho_Chi_Minh').year
      const sequence = await nextNumber(
        trx,
        `${procedure.codePrefix || defaultCodePrefix(procedure.code)}-${year}`
      )
      const receipt = await nextNumber(trx, `receipt-${year}`)
      const channel = (['online', 'in-person', 'post', 'online'] as const)[index % 4]
      const dossier = await Dossier.create(
        {
          code: `${procedure.codePrefix || defaultCodePrefix(procedure.code)}-${year}-${String(sequence).padStart(6, '0')}`,
          receiptNumber: `BN-${year}-${String(receipt).padStart(6, '0')}`,
          procedureId: procedure.id,
          procedureCode: procedure.code,
          applicantKind: applicant.kind,
          applicantName: applicant.name,
          identityNumber: 'identityNumber' in applicant ? applicant.identityNumber : null,
          taxCode: 'taxCode' in applicant ? applicant.taxCode : null,
          applicantPhone: 'phone' in applicant ? applicant.phone : null,
          channel,
          status: ending.status,
          portalStatusCode: portalCodeOf(ending.status),
          summary: procedure.nameVi,
          data: {},
          receivedAt,
          dueAt,
          legalTimeLimitDays: procedure.legalTimeLimitDays,
          feeAmount: procedure.fee,
          feeCurrency: procedure.feeCurrency,
          feeStatus: ending.status === 'returned' && procedure.fee > 0 ? 'paid' : 'none',
          paidAt: ending.status === 'returned' && procedure.fee > 0 ? closedAt : null,
          unitCode: procedure.leadUnitCode,
          finishedAt: ending.status === 'returned' ? closedAt : null,
          returnedAt: ending.status === 'returned' ? closedAt : null,
          closedAt,
          closingReason:
            ending.status === 'rejected'
              ? 'Giấy tờ không thuộc diện hợp pháp hóa lãnh sự'
              : ending.status === 'withdrawn'
                ? 'Người nộp xin rút hồ sơ'
                : null,
        },
        { client: trx }
      )
      for (const document of procedure.documents) {
        await DossierDocument.create(
          {
            dossierId: dossier.id,
            kind: 'submitted',
            code: document.code,
            name: document.nameVi,
            required: document.required,
            digitisation: channel === 'online' ? 'electronic' : 'digitised',
          },
          { client: trx }
        )
      }
      const steps: [DossierStatus, DateTime, string][] = [
        ['received', receivedAt, 'Tiếp nhận hồ sơ'],
      ]
      if (ending.status === 'returned') {
        steps.push(['processing', receivedAt.plus({ hours: 2 }), 'Chuyển thẩm định'])
        steps.push(['done', closedAt.minus({ hours: 3 }), 'Đã có kết quả giải quyết'])
        steps.push(['returned', closedAt, 'Đã trả kết quả'])
      } else steps.push([ending.status, closedAt, dossier.closingReason ?? ''])
      let from: DossierStatus | null = null
      for (const [status, at, content] of steps) {
        await DossierHistory.create(
          {
            dossierId: dossier.id,
            action: status === 'received' ? 'receive' : 'status',
            fromStatus: from,
            toStatus: status,
            portalStatusCode: portalCodeOf(status),
            content,
            details: { demo: true },
            actorName: 'system:demo-data',
            portalSync: 'skipped',
            portalMessage: 'demo data',
            at,
          },
          { client: trx }
        )
        from = status
      }
      await DossierNotice.create(
        {
          dossierId: dossier.id,
          kind: 'receipt',
          number: `${dossier.code}/BN`,
          details: {},
          issuedBy: 'system:demo-data',
          issuedAt: receivedAt,
        },
        { client: trx }
      )
      if (ending.status === 'rejected')
        await DossierNotice.create(
          {
            dossierId: dossier.id,
            kind: 'refusal',
            number: `${dossier.code}/TC`,
            details: { reason: dossier.closingReason },
            issuedBy: 'system:demo-data',
            issuedAt: closedAt,
          },
          { client: trx }
        )
    })
    created++
  }
  return created
}

/**
 * A value for every keyed field of a form-js schema that a person would
 * fill: the decisions given, else the first option, the minimum, today,
 * a sample text.
 */
export function sampleFormData(
  schema: { components?: unknown[] } | null,
  decisions: Record<string, unknown> = {},
  person: { name: string } = { name: 'Nguyễn Văn A' }
): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  const today = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()
  const walk = (components: unknown[] | undefined) => {
    for (const raw of components ?? []) {
      const component = raw as Record<string, any>
      if (Array.isArray(component.components) && component.type !== 'dynamiclist')
        walk(component.components)
      if (component.type === 'dynamiclist' && typeof component.path === 'string') {
        const item = sampleFormData({ components: component.components }, decisions, person)
        if (Object.keys(item).length) data[component.path] = [item]
        continue
      }
      const key = component.key as string | undefined
      if (!key || component.disabled || component.readonly === true) continue
      const values = Array.isArray(component.values) ? component.values : []
      let value: unknown
      if (key in decisions) value = decisions[key]
      else
        switch (component.type) {
          case 'textfield':
            value =
              component.validate?.validationType === 'email'
                ? 'demo@example.vn'
                : component.validate?.validationType === 'phone'
                  ? '+84912345678'
                  : /^(applicantName|fullName|hoTen)$/.test(key.split('.').pop()!)
                    ? person.name
                    : component.validate?.pattern
                      ? undefined
                      : /number|code/i.test(key)
                        ? `${key.slice(0, 2).toUpperCase()}-${100 + (person.name.length % 50)}`
                        : 'Dữ liệu mẫu'
            break
          case 'textarea':
            value = 'Nội dung mẫu của bản demo'
            break
          case 'number':
            value = component.validate?.min ?? 1
            break
          case 'select':
          case 'radio':
            value = values[0]?.value
            break
          case 'checkbox':
            value = true
            break
          case 'checklist':
          case 'taglist':
            value = values[0] ? [values[0].value] : []
            break
          case 'datetime':
            value = component.subtype === 'datetime' ? `${today}T09:00` : today
            break
          default:
            value = undefined
        }
      if (value === undefined) continue
      const path = key.split('.')
      let target = data
      for (const part of path.slice(0, -1)) {
        target[part] = (target[part] as Record<string, unknown>) ?? {}
        target = target[part] as Record<string, unknown>
      }
      target[path[path.length - 1]] = value
    }
  }
  walk(schema?.components)
  return data
}

/** What an applicant's own fields hold in a start form. */
function applicantValues(applicant: (typeof APPLICANTS)[number]): Record<string, unknown> {
  return {
    applicantKind: applicant.kind,
    applicantName: applicant.name,
    ...('identityNumber' in applicant ? { identityNumber: applicant.identityNumber } : {}),
    ...('taxCode' in applicant ? { taxCode: applicant.taxCode } : {}),
    phone: 'phone' in applicant ? applicant.phone : '0243123456',
    email: 'demo@example.vn',
    address: '1 Tôn Thất Đàm, Ba Đình, Hà Nội',
  }
}

/**
 * Starts the living demo dossiers (see {@link loadDemoDossiers}): for each
 * procedure, one dossier per plan, received online or at the counter with
 * sample start data, driven through as many user tasks as the plan says,
 * by an administrator of the demo. A step the model refuses (its form
 * wants something else) leaves the dossier where it is.
 */
export async function createLivingDemoDossiers(
  options: { procedures?: string[] } = {}
): Promise<{ dossiers: number }> {
  livingPending = false
  const service = await dossierService()
  const admin = await User.query()
    .where('email', 'admin@demo.senflow.local')
    .preload('roleRows')
    .preload('units')
    .first()
  if (!admin) return { dossiers: 0 }
  const viewer = await taskViewerOf(admin)
  const { default: TaskService, TaskFormResolver } = await import('#services/task_service')
  const tasks = await app.container.make(TaskService)
  const forms = (await app.container.make(TaskFormResolver as any)) as InstanceType<
    typeof TaskFormResolver
  >
  let created = 0
  const procedures = Procedure.query().orderBy('code')
  if (options.procedures) procedures.whereIn('code', options.procedures)
  for (const procedure of await procedures) {
    const startSchema = await service
      .startFormOf(procedure)
      .then((form) => form?.schema ?? null)
      .catch(() => null)
    for (const [index, plan] of LIVING_PLANS.entries()) {
      const candidates = APPLICANTS.filter((item) => procedure.applicantKinds.includes(item.kind))
      if (!candidates.length) break
      const applicant = candidates[(index * 3 + procedure.id) % candidates.length]
      const channel =
        procedure.channels.includes('online') && index % 2 === 0 ? 'online' : 'in-person'
      let dossier: Dossier
      try {
        dossier = await service.receive(
          {
            procedure,
            applicant: { ...applicant },
            channel: procedure.channels.includes(channel) ? channel : procedure.channels[0],
            data: sampleFormData(startSchema, applicantValues(applicant), applicant),
            status: channel === 'online' ? 'registered' : 'received',
          },
          { id: admin.id, name: admin.fullName }
        )
      } catch (error) {
        logger.warn(
          {
            procedure: procedure.code,
            err: (error as Error).message,
            fields: (error as { fieldErrors?: unknown }).fieldErrors,
          },
          'a demo dossier could not be received'
        )
        break
      }
      created++
      for (let step = 0; step < plan.steps; step++) {
        const task = await waitForTask(dossier.processInstanceKey!)
        if (!task) break
        try {
          const schema = (await forms.resolve(task))?.schema ?? null
          await tasks.complete(
            viewer,
            task,
            sampleFormData(schema, { ...applicantValues(applicant), ...plan.decisions }, applicant)
          )
        } catch (error) {
          logger.info(
            {
              dossier: dossier.code,
              task: task.element_id,
              err: (error as Error).message,
              fields: (error as { fieldErrors?: unknown }).fieldErrors,
            },
            'a demo dossier stops at this task'
          )
          break
        }
      }
    }
  }
  return { dossiers: created }
}

/** The open user task of an instance, once the inbox has it (null after a few seconds). */
async function waitForTask(processInstanceKey: string) {
  const engine = await app.container.make('senflow.engine')
  const started = Date.now()
  while (Date.now() - started < 8_000) {
    const instance = await engine.getProcessInstance(processInstanceKey).catch(() => null)
    if (!instance || instance.state !== 'ACTIVE' || instance.hasIncident) return null
    const task = await db
      .from('user_tasks')
      .where('process_instance_key', processInstanceKey)
      .where('state', 'CREATED')
      .orderBy('id', 'desc')
      .first()
    if (task) return task
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return null
}

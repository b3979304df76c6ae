/**
 * What the end-to-end tests of the shipped procedures share: a portal
 * simulator on a free loopback port with the demo's portal connector
 * pointed at it, staff signed in as the demo users, the public submission,
 * the inbox (find, claim and complete a task by its element) and the
 * portal statuses the simulator received, in order.
 */
import type { Group } from '@japa/runner/core'
import {
  DEFAULT_SIMULATOR_CREDENTIALS,
  startPortalSimulator,
  type PortalSimulator,
} from '@senflow/connectors'
import { DEMO_PORTAL_CODE } from '#services/demo_connectors'
import { ApiCaller } from '#tests/support/connector_scenario'
import { baseUrl } from '#tests/helpers'

/** A task of the inbox as `/api/tasks` lists it. */
export interface InboxTask {
  id: number
  name: string
  elementId: string
  processInstanceKey: string
  processDefinitionVersion: number
  candidateGroups: string[]
  dueDate: string | null
  state: string
}

/** The environment a procedure test runs in. */
export interface ProcedureWorld {
  portal: PortalSimulator
  admin: ApiCaller
  /** A demo user signed in, by the local part of the email (`staff`, `leader`, …). */
  as(name: string): Promise<ApiCaller>
  /** Pins the engine clock (the dossiers' dates follow it). */
  pinClock(iso: string): Promise<void>
  close(): Promise<void>
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * Starts the simulator (with the demo connector's account), points the
 * demo portal connector at it through the API as an administrator, lets
 * the engine clock be pinned and public submissions through; `close`
 * puts everything back.
 */
export async function startProcedureWorld(): Promise<ProcedureWorld> {
  const saved = {
    clock: process.env.SENFLOW_CLOCK_CONTROL,
    submissions: process.env.SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR,
  }
  process.env.SENFLOW_CLOCK_CONTROL = 'true'
  process.env.SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR = '1000'
  const portal = await startPortalSimulator({
    username: process.env.PORTAL_SIMULATOR_USERNAME || DEFAULT_SIMULATOR_CREDENTIALS.username,
    password: process.env.PORTAL_SIMULATOR_PASSWORD || DEFAULT_SIMULATOR_CREDENTIALS.password,
  })
  const admin = await new ApiCaller(baseUrl()).signIn('admin@demo.senflow.local')
  const listed = await admin.call('GET', '/api/connectors')
  const connector = (listed.json.items ?? listed.json.data ?? listed.json).find(
    (item: { code: string }) => item.code === DEMO_PORTAL_CODE
  )
  if (!connector) throw new Error(`No demo portal connector: ${listed.text}`)
  const original = connector.configuration
  const port = new URL(portal.url).port
  const patched = await admin.call('PATCH', `/api/connectors/${connector.id}`, {
    configuration: {
      ...original,
      adapterUrl: portal.url,
      allowedHosts: [`127.0.0.1:${port}`],
      retryBackoff: 'PT1S',
    },
  })
  if (patched.status !== 200) throw new Error(`Pointing the portal connector: ${patched.text}`)
  const callers = new Map<string, ApiCaller>()
  return {
    portal,
    admin,
    async as(name) {
      let caller = callers.get(name)
      if (!caller) {
        caller = await new ApiCaller(baseUrl()).signIn(`${name}@demo.senflow.local`)
        callers.set(name, caller)
      }
      return caller
    },
    async pinClock(iso) {
      const answer = await admin.call('PUT', '/v2/clock', { timestamp: Date.parse(iso) })
      if (answer.status !== 204 && answer.status !== 200)
        throw new Error(`Pinning the clock: ${answer.status} ${answer.text}`)
    },
    async close() {
      await admin.call('POST', '/v2/clock/reset')
      await admin.call('PATCH', `/api/connectors/${connector.id}`, { configuration: original })
      await portal.close()
      for (const [name, value] of [
        ['SENFLOW_CLOCK_CONTROL', saved.clock],
        ['SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR', saved.submissions],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    },
  }
}

/**
 * The world of a test group: started before its tests, closed after them.
 * Answers a getter (the world exists once the group has started).
 */
export function procedureWorldFor(group: Group): () => ProcedureWorld {
  let world: ProcedureWorld | null = null
  group.setup(async () => {
    const started = await startProcedureWorld()
    world = started
    return () => started.close()
  })
  return () => {
    if (!world) throw new Error('The procedure world starts with the test group')
    return world
  }
}

/**
 * Submits an application from the public page, without an account; answers
 * the created dossier (`code`, `receiptNumber`, `receivedAt`, `dueAt`, …).
 */
export async function submitPublicly(
  procedureCode: string,
  body: { applicant: Record<string, unknown>; data: Record<string, unknown>; locale?: string }
) {
  const anonymous = new ApiCaller(baseUrl())
  const answer = await anonymous.call(
    'POST',
    `/api/public/procedures/${procedureCode}/submissions`,
    body
  )
  if (answer.status !== 201) throw new Error(`Submission: ${answer.status} ${answer.text}`)
  return answer.json as { code: string; receiptNumber: string; receivedAt: string; dueAt: string }
}

/** The open tasks of a dossier a user sees in their inbox. */
export async function openTasksOf(caller: ApiCaller, dossierCode: string): Promise<InboxTask[]> {
  const answer = await caller.call(
    'GET',
    `/api/tasks?queue=all&state=open&perPage=50&q=${encodeURIComponent(dossierCode)}`
  )
  if (answer.status !== 200) throw new Error(`Inbox: ${answer.status} ${answer.text}`)
  return answer.json.items
}

/**
 * Waits until the user's inbox offers the dossier's task at `elementId`
 * (offered to `group`, when given: a leader also sees the tasks of the
 * units below theirs).
 */
export async function waitForTask(
  caller: ApiCaller,
  dossierCode: string,
  elementId: string,
  group?: string
) {
  const matches = (item: InboxTask) =>
    item.elementId === elementId && (!group || item.candidateGroups.includes(group))
  const tasks = await until(
    `task ${elementId} of ${dossierCode}`,
    () => openTasksOf(caller, dossierCode),
    (items) => items.some(matches)
  )
  return tasks.find(matches)!
}

/**
 * Does a task as staff do: finds it in the inbox, claims it and completes
 * it with the form's data (checked on the server). Answers the task.
 */
export async function completeTask(
  caller: ApiCaller,
  dossierCode: string,
  elementId: string,
  variables: Record<string, unknown>,
  group?: string
) {
  const task = await waitForTask(caller, dossierCode, elementId, group)
  const claimed = await caller.call('POST', `/api/tasks/${task.id}/claim`)
  if (claimed.status !== 200) throw new Error(`Claim ${elementId}: ${claimed.text}`)
  const completed = await caller.call('POST', `/api/tasks/${task.id}/complete`, {
    variables,
    locale: 'vi',
  })
  if (completed.status !== 200 && completed.status !== 204)
    throw new Error(`Complete ${elementId}: ${completed.status} ${completed.text}`)
  return task
}

/** The dossier as staff see it. */
export async function dossierOf(caller: ApiCaller, code: string) {
  const answer = await caller.call('GET', `/api/dossiers/${code}`)
  if (answer.status !== 200) throw new Error(`Dossier ${code}: ${answer.status} ${answer.text}`)
  return answer.json
}

/** Waits until the dossier reaches a status. */
export async function waitForStatus(caller: ApiCaller, code: string, status: string) {
  return until(
    `dossier ${code} to be ${status}`,
    () => dossierOf(caller, code),
    (dossier) => dossier.status === status
  )
}

/**
 * Waits until an element of the instance is active: a wait state such as
 * the event-based gateway before a message or a timer. Publish a message or
 * move the clock only once the wait is open (a message nobody waits for yet
 * is dropped; a job still running when the clock jumps times out).
 */
export async function waitForElement(
  admin: ApiCaller,
  processInstanceKey: string,
  elementId: string
) {
  return until(
    `element ${elementId} of instance ${processInstanceKey}`,
    async () =>
      (
        await admin.call('POST', '/v2/element-instances/search', {
          filter: { processInstanceKey, elementId, state: 'ACTIVE' },
        })
      ).json.items as unknown[],
    (items) => items.length > 0
  )
}

/**
 * Waits until the process instance has ended (COMPLETED); when it does
 * not, the error says where it stands (active elements, incidents).
 */
export async function waitForCompletion(admin: ApiCaller, processInstanceKey: string) {
  try {
    return await admin.waitForInstance(processInstanceKey, { state: 'COMPLETED' }, 20_000)
  } catch (error) {
    const filter = { processInstanceKey }
    const elements = await admin.call('POST', '/v2/element-instances/search', {
      filter: { ...filter, state: 'ACTIVE' },
    })
    const incidents = await admin.call('POST', '/v2/incidents/search', { filter })
    const jobs = await admin.call('POST', '/v2/jobs/search', { filter })
    throw new Error(
      `${(error as Error).message}\nactive: ${elements.text}\nincidents: ${incidents.text}\njobs: ${jobs.text}`
    )
  }
}

/**
 * The statuses the simulator received for a dossier, in order, with
 * repeats of the same status in a row collapsed: the create or update of
 * the record (`DongBoHoSoMC`, `TrangThaiHoSo`) and each progress step
 * (`CapNhatTienDoHoSoMC`, `TrangThai`).
 */
export function portalStatuses(portal: PortalSimulator, dossierCode: string): number[] {
  const statuses: number[] = []
  for (const call of portal.received()) {
    if (call.status !== 200 || call.errorCode !== 0) continue
    const items = ((call.body as { data?: Record<string, string>[] })?.data ?? []).filter(
      (item) => item.MaHoSo === dossierCode
    )
    for (const item of items) {
      const code = Number(
        call.service === 'DongBoHoSoMC' ? item.TrangThaiHoSo : (item.TrangThai ?? Number.NaN)
      )
      if (Number.isInteger(code) && statuses.at(-1) !== code) statuses.push(code)
    }
  }
  return statuses
}

/** Waits until the simulator has received the statuses. */
export async function waitForPortal(
  portal: PortalSimulator,
  dossierCode: string,
  expected: number[]
) {
  return until(
    `portal statuses ${expected.join(',')} of ${dossierCode}`,
    async () => portalStatuses(portal, dossierCode),
    (statuses) => statuses.length >= expected.length
  )
}

/** A citizen's legalization application as the public page sends it (the start form's fields). */
export function legalizationApplication(identityNumber: string) {
  const applicant = {
    applicantKind: 'citizen',
    applicantName: 'Nguyễn Thị Lan',
    identityNumber,
    email: 'lan.nguyen@example.org',
    phone: '0912345678',
    address: '12 Phố Huế, Hai Bà Trưng, Hà Nội',
  }
  return {
    applicant: {
      kind: 'citizen',
      name: applicant.applicantName,
      identityNumber,
      email: applicant.email,
      phone: applicant.phone,
      address: applicant.address,
    },
    data: {
      ...applicant,
      requestType: 'legalization',
      documents: [
        { name: 'Bằng thạc sĩ (Master of Science)', issuer: 'University of Tokyo', copies: 2 },
        { name: 'Bảng điểm', issuer: 'University of Tokyo', copies: 1 },
      ],
      documentCount: 3,
      destinationCountry: 'Việt Nam',
      purpose: 'Công nhận văn bằng',
      deliveryMethod: 'counter',
      declaration: true,
    },
    locale: 'vi',
  }
}

export { until }

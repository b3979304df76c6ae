/**
 * Benchmark 2, a realistic procedure: the shipped consular legalization model
 * (`processes/legalization/`) on the real server (`node bin/start.js`), driven end to end the
 * way people drive it. Applicants submit from the public page; simulated staff of the
 * Legalization Division and the Consular Department's leader find each task in their inbox
 * (`/api/tasks`), claim it and complete it with the form's data (validated on the server by the
 * task service); every status change is synchronised with a portal simulator the benchmark
 * runs on loopback, the demo portal connector pointed at it. A dossier is done when its
 * instance has completed and its dossier is `returned`.
 *
 * Figures: dossiers per second end to end with `--in-flight` dossiers open at once, the
 * submit-to-returned latency percentiles, and the HTTP calls and portal calls per dossier.
 *
 *   npm run bench -- procedure [--db=sqlite|mysql] [--dossiers=200] [--in-flight=20]
 */
import { DEFAULT_SIMULATOR_CREDENTIALS, startPortalSimulator } from '@senflow/connectors'
import { mysqlKnex, tmpFile, type BenchDatabase } from './support/databases.js'
import { printFigures, progress, round, sleep, summarize } from './support/figures.js'
import { freePort, loadAverage } from './support/machine.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'
import { BenchServer, serverProfileArgs } from './support/server.js'
import { rmSync } from 'node:fs'

const options = cliOptions()
const db = (options.get('db') ?? 'sqlite') as BenchDatabase
if (db !== 'sqlite' && db !== 'mysql') {
  throw new Error(`Expected --db=sqlite or --db=mysql, but found '${db}'`)
}
const dossierCount = numberOption(options, 'dossiers', 200)
const inFlight = numberOption(options, 'in-flight', 20)
const pollMs = numberOption(options, 'poll-ms', 50)
const loadBefore = loadAverage()

/** A signed-in user of the server (session cookie), counting its requests. */
class Session {
  static requests = 0
  readonly #cookies = new Map<string, string>()

  constructor(readonly baseUrl: string) {}

  async signIn(email: string): Promise<this> {
    await this.call('POST', '/api/auth/login', { email, password: 'senflow-demo' })
    return this
  }

  /** Sends a JSON request; throws with the answer when it is not 2xx. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    Session.requests++
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.#cookies.size) {
      headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const separator = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, separator), pair.slice(separator + 1))
    }
    const text = await response.text()
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    }
    return (text ? JSON.parse(text) : null) as T
  }
}

/** The steps of a dossier after its submission: who does them and with which form data. */
const STEPS: { elementId: string; actor: 'staff' | 'leader'; variables: object }[] = [
  { elementId: 'check-completeness', actor: 'staff', variables: { completeness: 'complete' } },
  {
    elementId: 'review',
    actor: 'staff',
    variables: {
      reviewResult: 'approve',
      legalizedCount: 2,
      reviewOpinion: 'Giấy tờ có chữ ký, con dấu đúng mẫu lưu chiểu',
    },
  },
  {
    elementId: 'approve',
    actor: 'leader',
    variables: { approval: 'approve', leaderComment: 'Đồng ý' },
  },
  {
    elementId: 'confirm-payment',
    actor: 'staff',
    variables: { paymentMethod: 'cash', paymentReference: 'BL-BENCH' },
  },
  {
    elementId: 'stamp',
    actor: 'staff',
    variables: {
      resultDocuments: [{ name: 'Bằng tốt nghiệp', number: 'HPH-B/2026', issuedAt: '2026-11-24' }],
      resultSummary: 'Đã hợp pháp hóa 02 bản',
    },
  },
  {
    elementId: 'return-result',
    actor: 'staff',
    variables: { returnMethod: 'counter', recipientName: 'Nguyễn Văn An' },
  },
]

function application(index: number) {
  const identityNumber = String(1_000_000_000 + index).padStart(12, '0')
  const applicant = {
    applicantKind: 'citizen',
    applicantName: `Nguyễn Văn An ${index}`,
    identityNumber,
    email: `an.${index}@example.org`,
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
      documents: [{ name: 'Bằng tốt nghiệp', issuer: 'University of Tokyo', copies: 2 }],
      documentCount: 2,
      destinationCountry: 'Việt Nam',
      purpose: 'Công nhận văn bằng',
      deliveryMethod: 'counter',
      declaration: true,
    },
    locale: 'vi',
  }
}

// a fresh database, migrated and loaded with the demo (shipped procedures included) by the server
const env: Record<string, string> = {
  SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR: '100000000',
  PORTAL_SIMULATOR_PORT: String(await freePort()),
}
if (db === 'sqlite') {
  const file = tmpFile('bench-procedure.sqlite3')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  Object.assign(env, { DB_CONNECTION: 'sqlite', SQLITE_FILE: file })
} else {
  const knex = await mysqlKnex('senflow_bench_procedure', true)
  await knex.destroy()
  Object.assign(env, { DB_CONNECTION: 'mysql', DB_DATABASE: 'senflow_bench_procedure' })
}
const portal = await startPortalSimulator({
  username: process.env.PORTAL_SIMULATOR_USERNAME || DEFAULT_SIMULATOR_CREDENTIALS.username,
  password: process.env.PORTAL_SIMULATOR_PASSWORD || DEFAULT_SIMULATOR_CREDENTIALS.password,
})
const server = new BenchServer(await freePort(), env, serverProfileArgs(options))
progress(`server on ${db}: starting (migrations, demo data, shipped procedures)`)
await server.start(180_000)

const admin = await new Session(server.url).signIn('admin@demo.senflow.local')
const connectors = await admin.call('GET', '/api/connectors')
const portalConnector = (connectors.items ?? connectors.data ?? connectors).find(
  (item: { code: string }) => item.code === 'national-portal'
)
await admin.call('PATCH', `/api/connectors/${portalConnector.id}`, {
  configuration: {
    ...portalConnector.configuration,
    adapterUrl: portal.url,
    allowedHosts: [`127.0.0.1:${new URL(portal.url).port}`],
  },
})
const actors = {
  staff: await new Session(server.url).signIn('staff@demo.senflow.local'),
  leader: await new Session(server.url).signIn('leader@demo.senflow.local'),
}
const anonymous = new Session(server.url)

/** Finds the dossier's open task at `elementId` in the actor's inbox, waiting for it. */
async function taskOf(actor: Session, code: string, elementId: string): Promise<{ id: number }> {
  const started = Date.now()
  for (;;) {
    const page = await actor.call(
      'GET',
      `/api/tasks?queue=all&state=open&perPage=20&q=${encodeURIComponent(code)}`
    )
    const task = page.items.find((item: { elementId: string }) => item.elementId === elementId)
    if (task) return task
    if (Date.now() - started > 60_000) {
      throw new Error(`No task ${elementId} for ${code} within 60 s`)
    }
    await sleep(pollMs)
  }
}

async function waitReturned(code: string): Promise<void> {
  const started = Date.now()
  for (;;) {
    const dossier = await admin.call('GET', `/api/dossiers/${code}`)
    if (dossier.status === 'returned') return
    if (Date.now() - started > 60_000) {
      throw new Error(`Dossier ${code} not returned within 60 s (${dossier.status})`)
    }
    await sleep(pollMs)
  }
}

/** One dossier from the public page to the returned result; answers its latency in ms. */
async function runDossier(index: number): Promise<number> {
  const started = performance.now()
  const submitted = await anonymous.call(
    'POST',
    '/api/public/procedures/consular-legalization/submissions',
    application(index)
  )
  for (const step of STEPS) {
    const actor = actors[step.actor]
    const task = await taskOf(actor, submitted.code, step.elementId)
    await actor.call('POST', `/api/tasks/${task.id}/claim`)
    await actor.call('POST', `/api/tasks/${task.id}/complete`, {
      variables: step.variables,
      locale: 'vi',
    })
  }
  await waitReturned(submitted.code)
  return performance.now() - started
}

async function runMany(count: number, offset: number) {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        const index = offset + next++
        latencies.push(await runDossier(index))
      }
    })
  )
  return { latencies, seconds: (performance.now() - started) / 1000 }
}

progress('warm-up: 10 dossiers')
await runMany(10, 0)
const portalBefore = portal.received().length
const requestsBefore = Session.requests
progress(`${dossierCount} dossiers, ${inFlight} in flight`)
const measured = await runMany(dossierCount, 10)
const portalCalls = portal.received().length - portalBefore
const httpCalls = Session.requests - requestsBefore
const resident = server.residentMiB()
await server.stop()
await portal.close()

const latency = summarize(measured.latencies)
const figures = {
  bench: 'procedure',
  db,
  procedure: 'consular-legalization',
  dossiers: dossierCount,
  inFlight,
  dossiersPerSecond: round(dossierCount / measured.seconds, 2),
  tasksPerSecond: round((dossierCount * STEPS.length) / measured.seconds, 1),
  p50Ms: latency.p50Ms,
  p95Ms: latency.p95Ms,
  p99Ms: latency.p99Ms,
  httpCallsPerDossier: round(httpCalls / dossierCount, 1),
  portalCallsPerDossier: round(portalCalls / dossierCount, 1),
  serverResidentMiB: round(resident, 0),
  loadAverage: loadBefore,
}
const file = writeReport({
  name: `procedure-${db}`,
  title: `A realistic procedure (consular legalization) on ${db === 'sqlite' ? 'SQLite' : 'MariaDB'}`,
  summary:
    'The shipped consular legalization model on the real server: submitted from the public page, ' +
    'six tasks done through the inbox by simulated staff (completeness check, review, leader ' +
    'approval, payment, stamping, return; each found by polling the inbox, claimed, completed ' +
    'with form data validated on the server), every status synchronised with a portal simulator ' +
    'on loopback.',
  loadBefore,
  tables: [
    {
      header: ['dossiers', 'in flight', 'dossiers/s', 'tasks/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      rows: [
        [
          dossierCount,
          inFlight,
          figures.dossiersPerSecond,
          figures.tasksPerSecond,
          figures.p50Ms,
          figures.p95Ms,
          figures.p99Ms,
        ],
      ],
    },
    {
      header: ['HTTP calls per dossier', 'portal calls per dossier', 'server resident MiB'],
      rows: [
        [figures.httpCallsPerDossier, figures.portalCallsPerDossier, figures.serverResidentMiB],
      ],
    },
  ],
  targets: [],
  notes: [
    `Latency is from the public submission until the dossier is returned; it includes the ` +
      `simulated staff's polling of their inbox every ${pollMs} ms (HTTP calls per dossier ` +
      'counts those polls).',
    'The issue sets no target for this benchmark; it is the end-to-end figure of a real procedure.',
  ],
  figures,
})
progress(`report: ${file}`)
printFigures(figures)

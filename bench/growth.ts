/**
 * Benchmark 5, growth: engine throughput and inbox latency with 10,000 and with 1,000,000
 * completed instances in the history, side by side.
 *
 * Two app databases of the same shape, migrated by the app, each with the inbox benchmark's
 * organisation and 100,000 open tasks: the small one (made afresh on each run) holds 10,000
 * completed instances, the large one (kept between runs) 1,000,000. The history is made of
 * completed three-task instances (engine rows copied from a real one, see `history_seed.ts`)
 * and as many completed user tasks. Both are measured in the same run, one right after the
 * other, so the shared machine's load weighs on both alike:
 * - engine: the engine-throughput phases on each database (saturated closed loop, then half
 *   load; the instances they run join the history);
 * - inbox: the inbox benchmark's requests over HTTP on the real server.
 *
 * Seeding the large history (about 41 million records) takes minutes: `--seed-seconds=N`
 * bounds one run's seeding, and the next run goes on where it stopped.
 *
 *   npm run bench -- growth [--db=mysql|sqlite] [--small=10000] [--large=1000000]
 *     [--seed-seconds=N] [--rounds=150] [--seconds=10]
 */
import type { Knex } from 'knex'
import {
  BulkWriter,
  mysqlKnex,
  serverVersion,
  sqliteKnex,
  tmpFile,
  type BenchDatabase,
} from './support/databases.js'
import { ThreeTaskDriver } from './support/engine_driver.js'
import { printFigures, progress, round, sleep, summarize } from './support/figures.js'
import { readTemplate, seedHistory } from './support/history_seed.js'
import { measureInbox, type InboxRequest } from './support/inbox_measure.js'
import {
  seedOrganisation,
  seedTasks,
  staffWithTokens,
  type InboxShape,
} from './support/inbox_seed.js'
import type { LatencySummary } from './support/figures.js'
import { loadAverage } from './support/machine.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'
import { BenchServer, migrateApp } from './support/server.js'

const TARGET_CHANGE = 0.2
const SHAPE: InboxShape = { units: 50, users: 1000, openTasks: 100_000, completedTasks: 0 }

const options = cliOptions()
const db = (options.get('db') ?? 'mysql') as BenchDatabase
if (db !== 'sqlite' && db !== 'mysql') {
  throw new Error(`Expected --db=sqlite or --db=mysql, but found '${db}'`)
}
const small = numberOption(options, 'small', 10_000)
const large = numberOption(options, 'large', 1_000_000)
const seconds = numberOption(options, 'seconds', 10)
const rounds = numberOption(options, 'rounds', 150)
const port = numberOption(options, 'port', 3394)
/** When seeding stops for this run (`--seed-seconds`): runs stay bounded, the next goes on. */
const deadline = Date.now() + numberOption(options, 'seed-seconds', 24 * 3600) * 1000
const inFlight = 256

/** One of the two databases. */
class GrowthDatabase {
  constructor(
    readonly label: 'small' | 'large',
    readonly size: number
  ) {}

  get name(): string {
    return `senflow_bench_growth_${this.label}`
  }

  get sqliteFile(): string {
    return tmpFile(`bench-growth-${this.label}.sqlite3`)
  }

  get env(): Record<string, string> {
    return db === 'sqlite'
      ? { DB_CONNECTION: 'sqlite', SQLITE_FILE: this.sqliteFile }
      : { DB_CONNECTION: 'mysql', DB_DATABASE: this.name }
  }

  open(fresh = false): Promise<Knex> {
    return db === 'sqlite'
      ? Promise.resolve(sqliteKnex(this.sqliteFile, fresh))
      : mysqlKnex(this.name, fresh)
  }
}

const countRows = async (knex: Knex, table: string, where: Record<string, unknown>) =>
  Number(
    ((await knex(table).where(where).count({ total: '*' })) as Array<{ total: number | string }>)[0]
      .total
  )
const historyOf = (knex: Knex) =>
  countRows(knex, 'engine_process_instances', { state: 'COMPLETED' }).catch(() => -1)
const completedTasksOf = (knex: Knex) =>
  countRows(knex, 'user_tasks', { state: 'COMPLETED' }).catch(() => -1)

/** A fresh database: migrated, the organisation, 100,000 open tasks, the template instance. */
async function prepare(target: GrowthDatabase): Promise<void> {
  progress(`${target.label}: a fresh ${db} database with the organisation and 100,000 open tasks`)
  const knex = await target.open(true)
  migrateApp(target.env)
  await seedOrganisation(knex, SHAPE)
  await seedTasks(knex, SHAPE, { firstIndex: 0, count: SHAPE.openTasks, state: 'CREATED' })
  // one real completed instance: the template of the history
  const driver = await ThreeTaskDriver.open(knex, { maxJobsActive: 16 })
  await driver.runOne()
  await driver.close()
  await knex.destroy()
}

/**
 * Grows the history (engine instances and completed tasks) towards the database's size,
 * within the seeding budget; returns whether it got there. Then lets the database settle:
 * statistics refreshed, and on MariaDB the bulk load's dirty pages flushed, so the
 * measurement does not pay for the seeding.
 */
async function grow(target: GrowthDatabase): Promise<boolean> {
  const knex = await target.open()
  const writers = await Promise.all(
    Array.from({ length: db === 'mysql' ? 2 : 1 }, () => BulkWriter.open(knex, db, target.name))
  )
  try {
    const history = await historyOf(knex)
    const tasks = await completedTasksOf(knex)
    if (history < target.size) {
      const [template] = (await knex('engine_process_instances')
        .where('state', 'COMPLETED')
        .orderBy('process_instance_key')
        .limit(1)
        .select('process_instance_key')) as Array<{ process_instance_key: number | string }>
      progress(`${target.label}: adding ${target.size - history} completed instances`)
      const started = Date.now()
      const added = await seedHistory(
        knex,
        await readTemplate(knex, String(template.process_instance_key)),
        target.size - history,
        { writers, batch: 500, deadline }
      )
      progress(`  ${added} in ${round((Date.now() - started) / 1000, 1)} s`)
    }
    if (tasks < target.size && Date.now() < deadline) {
      progress(`${target.label}: adding ${target.size - tasks} completed tasks`)
      const started = Date.now()
      const [last] = (await knex('user_tasks').max({ id: 'id' })) as Array<{ id: number | string }>
      const added = await seedTasks(knex, SHAPE, {
        firstIndex: Number(last.id),
        count: target.size - tasks,
        state: 'COMPLETED',
        writer: writers[0],
        deadline,
      })
      progress(`  ${added} in ${round((Date.now() - started) / 1000, 1)} s`)
    }
    if ((await historyOf(knex)) < target.size || (await completedTasksOf(knex)) < target.size) {
      return false
    }
    if (db === 'mysql') {
      await knex.raw(
        'ANALYZE TABLE user_tasks, user_task_candidates, engine_records, engine_process_instances'
      )
      await settleMysql(knex)
    } else {
      // approximate statistics, as `PRAGMA optimize` keeps them on a maintained database
      await knex.raw('PRAGMA analysis_limit = 1000')
      await knex.raw('ANALYZE')
      await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    }
    return true
  } finally {
    await Promise.all(writers.map((writer) => writer.close()))
    await knex.destroy()
  }
}

/**
 * Waits until InnoDB has flushed the bulk load's dirty pages: under 5% of the buffer pool, or
 * no longer going down (other databases on the server keep some dirty), at most 30 s.
 */
async function settleMysql(knex: Knex): Promise<void> {
  const dirty = async () => {
    const [rows] = (await knex.raw(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')"
    )) as [Array<{ Variable_name: string; Value: string }>]
    const value = (name: string) => Number(rows.find((row) => row.Variable_name === name)?.Value)
    return value('Innodb_buffer_pool_pages_dirty') / value('Innodb_buffer_pool_pages_total')
  }
  const until = Date.now() + 30_000
  let previous = await dirty()
  while (previous > 0.05 && Date.now() < until) {
    await sleep(3000)
    const current = await dirty()
    if (current >= previous) {
      return
    }
    previous = current
  }
}

/** The engine figures of one database. */
interface EngineFigures {
  history: number
  piPerSecond: number
  p99Ms: number
  loadAverage: [number, number, number]
}

/** Engine throughput on one database (the engine-throughput benchmark's phases). */
async function measureEngine(target: GrowthDatabase): Promise<EngineFigures> {
  const loadBefore = loadAverage()
  const knex = await target.open()
  try {
    const history = await historyOf(knex)
    progress(`${target.label}: engine with ${history} completed instances`)
    const driver = await ThreeTaskDriver.open(knex, { maxJobsActive: inFlight })
    await driver.closedLoop({ inFlight, count: 3000, durationMs: 20_000 })
    const saturated = await driver.closedLoop({
      inFlight,
      count: Number.POSITIVE_INFINITY,
      durationMs: seconds * 1000,
    })
    const half = await driver.openLoop({
      ratePerSecond: saturated.piPerSecond / 2,
      durationMs: 8000,
      drainMs: 10_000,
    })
    await driver.close()
    progress(`  ${round(saturated.piPerSecond)}/s`)
    return {
      history,
      piPerSecond: round(saturated.piPerSecond, 1),
      p99Ms: summarize(half.latencies).p99Ms,
      loadAverage: loadBefore,
    }
  } finally {
    await knex.destroy()
  }
}

/** The inbox figures of one database. */
interface InboxFigures {
  completedTasks: number
  latency: Record<InboxRequest, LatencySummary>
  loadAverage: [number, number, number]
}

/** Inbox latency over HTTP on one database (the inbox benchmark's requests). */
async function measureInboxOf(target: GrowthDatabase): Promise<InboxFigures> {
  const loadBefore = loadAverage()
  const knex = await target.open()
  const completedTasks = await completedTasksOf(knex)
  await knex('auth_access_tokens').where('name', 'bench').delete()
  const staff = await staffWithTokens(knex, SHAPE, 20)
  // the server is the database's only user while it runs (SQLite has a single writer)
  await knex.destroy()
  progress(`${target.label}: inbox with ${completedTasks} completed tasks`)
  const server = new BenchServer(port, target.env)
  await server.start()
  try {
    const { latency } = await measureInbox(server.url, staff, { rounds, warmup: 20 })
    return { completedTasks, latency, loadAverage: loadBefore }
  } finally {
    await server.stop()
  }
}

const smallDb = new GrowthDatabase('small', small)
const largeDb = new GrowthDatabase('large', large)
const loadBefore = loadAverage()

// the large database: made once, grown within the budget, kept
const largeKnex = await largeDb.open()
const largeHistory = await historyOf(largeKnex)
await largeKnex.destroy()
if (largeHistory < 1) {
  await prepare(largeDb)
}
const largeReady = await grow(largeDb)
let figures: Record<string, unknown>
if (!largeReady) {
  progress(`the large history is not at ${large} yet (seeding budget used): run again to go on`)
  figures = { bench: 'growth', db, unfinished: true, loadAverage: loadBefore }
} else {
  // the small database: made afresh, so the instances earlier runs added do not pile up
  await prepare(smallDb)
  await grow(smallDb)

  const engineSmall = await measureEngine(smallDb)
  const engineLarge = await measureEngine(largeDb)
  const inboxSmall = await measureInboxOf(smallDb)
  const inboxLarge = await measureInboxOf(largeDb)

  const knex = await largeDb.open()
  const version = await serverVersion(knex, db)
  await knex.destroy()
  const change = (from: number, to: number) => round((to - from) / from, 3)
  figures = {
    bench: 'growth',
    db,
    smallHistory: engineSmall.history,
    largeHistory: engineLarge.history,
    smallPiPerSecond: engineSmall.piPerSecond,
    largePiPerSecond: engineLarge.piPerSecond,
    piPerSecondChange: change(engineSmall.piPerSecond, engineLarge.piPerSecond),
    smallP99Ms: engineSmall.p99Ms,
    largeP99Ms: engineLarge.p99Ms,
    smallPageP95Ms: inboxSmall.latency.unitsPage.p95Ms,
    largePageP95Ms: inboxLarge.latency.unitsPage.p95Ms,
    pageP95Change: change(inboxSmall.latency.unitsPage.p95Ms, inboxLarge.latency.unitsPage.p95Ms),
    smallCountsP95Ms: inboxSmall.latency.counts.p95Ms,
    largeCountsP95Ms: inboxLarge.latency.counts.p95Ms,
    countsP95Change: change(inboxSmall.latency.counts.p95Ms, inboxLarge.latency.counts.p95Ms),
    loadAverage: loadBefore,
  }
  const percent = (value: number) => `${value > 0 ? '+' : ''}${round(value * 100, 1)}%`
  const latencyRow = (name: string, request: InboxRequest) => [
    name,
    `${inboxSmall.latency[request].p50Ms} / ${inboxSmall.latency[request].p95Ms} ms`,
    `${inboxLarge.latency[request].p50Ms} / ${inboxLarge.latency[request].p95Ms} ms`,
    percent(change(inboxSmall.latency[request].p95Ms, inboxLarge.latency[request].p95Ms)),
  ]
  const file = writeReport({
    name: `growth-${db}`,
    title: `Growth of the history (${db === 'sqlite' ? 'SQLite' : 'MariaDB'})`,
    summary:
      'Two databases of the same shape (50 units, 1,000 users, 100,000 open tasks), one with a ' +
      'small and one with a large history of completed instances (engine rows copied from a ' +
      'real completed three-task instance, and as many completed user tasks), measured one ' +
      'right after the other. Engine: the engine-throughput phases on each; inbox: the units ' +
      'queue page and the counts over HTTP, as in the inbox benchmark.',
    database: version,
    loadBefore,
    tables: [
      {
        header: ['figure', 'small history', 'large history', 'change'],
        rows: [
          [
            'completed instances in the engine history',
            engineSmall.history,
            engineLarge.history,
            '',
          ],
          [
            'completed tasks in the inbox table',
            inboxSmall.completedTasks,
            inboxLarge.completedTasks,
            '',
          ],
          [
            'engine: completed instances/s (saturated)',
            engineSmall.piPerSecond,
            engineLarge.piPerSecond,
            percent(figures.piPerSecondChange as number),
          ],
          [
            'engine: p99 start-to-end at half load',
            `${engineSmall.p99Ms} ms`,
            `${engineLarge.p99Ms} ms`,
            percent(change(engineSmall.p99Ms, engineLarge.p99Ms)),
          ],
          latencyRow('inbox page (units queue) p50 / p95', 'unitsPage'),
          latencyRow('queue counts p50 / p95', 'counts'),
          latencyRow('all visible tasks page p50 / p95', 'allPage'),
          latencyRow('signed-in user alone (floor) p50 / p95', 'me'),
          [
            'load average (1/5/15) before the engine / inbox measurement',
            `${engineSmall.loadAverage.join(' / ')}; ${inboxSmall.loadAverage.join(' / ')}`,
            `${engineLarge.loadAverage.join(' / ')}; ${inboxLarge.loadAverage.join(' / ')}`,
            '',
          ],
        ],
      },
    ],
    targets: [
      {
        target: `throughput within ${TARGET_CHANGE * 100}% between the two histories`,
        figure: percent(figures.piPerSecondChange as number),
        met: Math.abs(figures.piPerSecondChange as number) <= TARGET_CHANGE,
      },
      {
        target: `inbox page p95 within ${TARGET_CHANGE * 100}%`,
        figure: percent(figures.pageP95Change as number),
        met: (figures.pageP95Change as number) <= TARGET_CHANGE,
      },
      {
        target: `queue counts p95 within ${TARGET_CHANGE * 100}%`,
        figure: percent(figures.countsP95Change as number),
        met: (figures.countsP95Change as number) <= TARGET_CHANGE,
      },
    ],
    notes: [
      'Order: engine small, engine large, inbox small, inbox large; a shared machine still ' +
        'moves between them: read the load averages beside a difference.',
    ],
    figures,
  })
  progress(`report: ${file}`)
}
printFigures(figures)

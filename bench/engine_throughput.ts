/**
 * Benchmark 1, engine throughput: the three-service-task process on Senflow's embedded engine,
 * persisted on SQLite or MariaDB, with in-process workers answering at once; and, in the same
 * run, the same process on the `bpmn-engine` npm package in memory.
 *
 * Phases: `bpmn-engine` (warm-up, then saturated with the same number of instances in flight);
 * Senflow warm-up; Senflow saturated (closed loop, `--in-flight` instances at all times):
 * completed instances per second; Senflow at half that rate (open loop, fixed arrivals):
 * start-to-end latency percentiles, the figure the latency target is about.
 *
 * With `--trace-sql`, the report adds the requests of the saturated phase by kind (count,
 * time from send to answer), per completed instance: where a database-bound run spends it;
 * and, for both phases, round trips and statements per transaction.
 *
 *   npm run bench -- engine-throughput [--db=sqlite|mysql] [--in-flight=256] [--seconds=10]
 *     [--trace-sql] [--sqlite-pragma='…'] (an experiment's extra pragma)
 *     [--no-overlap] (MariaDB: each batch waits for the previous commit, as on SQLite)
 *     [--max-batch=N] (at most N commands per batch, the engine's `maxBatchSize`; default 500)
 *     [--database=senflow_bench_engine] (MariaDB: the database made for the run)
 */
import type { Knex } from 'knex'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { runBpmnEngineBaseline } from './support/bpmn_engine_baseline.js'
import {
  mysqlKnex,
  serverVersion,
  sqliteKnex,
  tmpFile,
  type BenchDatabase,
} from './support/databases.js'
import { ThreeTaskDriver } from './support/engine_driver.js'
import { printFigures, progress, round, summarize } from './support/figures.js'
import { cpuSecondsOf, loadAverage, pidOf } from './support/machine.js'
import { requestFigures, SqlTrace } from './support/sql_trace.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'

/** Targets of issue 11 for this benchmark. */
const TARGET_PI_PER_SECOND: Record<BenchDatabase, number> = { sqlite: 1500, mysql: 800 }
const TARGET_RATIO = 5
const TARGET_P99_MS = 50

const options = cliOptions()
const db = (options.get('db') ?? 'sqlite') as BenchDatabase
if (db !== 'sqlite' && db !== 'mysql') {
  throw new Error(`Expected --db=sqlite or --db=mysql, but found '${db}'`)
}
const inFlight = numberOption(options, 'in-flight', 256)
const seconds = numberOption(options, 'seconds', 10)
const halfSeconds = numberOption(options, 'half-seconds', 8)
const loadBefore = loadAverage()

progress(`bpmn-engine in memory, ${inFlight} in flight, ${seconds} s`)
const baseline = await runBpmnEngineBaseline({
  warmup: 300,
  durationMs: seconds * 1000,
  maxInstances: Number.POSITIVE_INFINITY,
  inFlight,
})
progress(`bpmn-engine: ${round(baseline.piPerSecond)} instances/s`)

const knex: Knex =
  db === 'sqlite'
    ? sqliteKnex(
        tmpFile('bench-engine-throughput.sqlite3'),
        true,
        options.has('sqlite-pragma') ? [options.get('sqlite-pragma')!] : []
      )
    : await mysqlKnex(options.get('database') ?? 'senflow_bench_engine', true, 'engine')
const version = await serverVersion(knex, db)
// `--no-overlap`: batches strictly one after the other (to measure what overlapping gives)
const driver = await ThreeTaskDriver.open(knex, {
  maxJobsActive: inFlight,
  overlapBatches: options.has('no-overlap') ? false : undefined,
  maxBatchSize: options.has('max-batch') ? numberOption(options, 'max-batch', 500) : undefined,
})

progress(`Senflow on ${version}: warm-up`)
await driver.closedLoop({ inFlight, count: 3000, durationMs: 20_000 })

progress(`saturated, ${inFlight} in flight, ${seconds} s`)
const trace = options.has('trace-sql') ? new SqlTrace(knex) : null
trace?.start()
const databasePid = db === 'mysql' ? (pidOf('mariadbd') ?? pidOf('mysqld')) : null
const cpuBefore = {
  own: cpuSecondsOf(process.pid),
  database: databasePid ? cpuSecondsOf(databasePid) : 0,
}
const saturated = await driver.closedLoop({
  inFlight,
  count: Number.POSITIVE_INFINITY,
  durationMs: seconds * 1000,
})
const statements = trace?.stop() ?? []
const saturatedRequests = trace ? requestFigures(statements) : null
const instancesPerBatch = saturatedRequests
  ? round(saturated.completed / saturatedRequests.commits, 1)
  : null
// CPU per completed instance: this process (engine, workers, driver) and the database server
const cpu = {
  ownMs: round(((cpuSecondsOf(process.pid) - cpuBefore.own) * 1000) / saturated.completed, 3),
  databaseMs: databasePid
    ? round(((cpuSecondsOf(databasePid) - cpuBefore.database) * 1000) / saturated.completed, 3)
    : null,
}
const saturatedLatency = summarize(saturated.latencies)
progress(`saturated: ${round(saturated.piPerSecond)} instances/s`)

const halfRate = saturated.piPerSecond / 2
progress(`half load: ${round(halfRate)} arrivals/s for ${halfSeconds} s`)
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()
const gcPauses: number[] = []
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauses.push(entry.duration)
  }
})
gcObserver.observe({ entryTypes: ['gc'] })
trace?.start()
const half = await driver.openLoop({
  ratePerSecond: halfRate,
  durationMs: halfSeconds * 1000,
  drainMs: 10_000,
})
const halfLatency = summarize(half.latencies)
const halfRequests = trace ? requestFigures(trace.stop()) : null
loopDelay.disable()
gcObserver.disconnect()
// where a latency tail comes from: how long the event loop was blocked (synchronous SQLite
// work, GC) while the half-load phase ran
const stalls = {
  loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
  loopDelayMaxMs: round(loopDelay.max / 1e6),
  gcPauseMaxMs: round(Math.max(0, ...gcPauses)),
  gcPauseTotalMs: round(gcPauses.reduce((total, pause) => total + pause, 0)),
}
await driver.close()
await knex.destroy()

const ratio = saturated.piPerSecond / baseline.piPerSecond
const figures = {
  bench: 'engine-throughput',
  db,
  instances: saturated.completed,
  inFlight,
  piPerSecond: round(saturated.piPerSecond, 1),
  p50Ms: halfLatency.p50Ms,
  p95Ms: halfLatency.p95Ms,
  p99Ms: halfLatency.p99Ms,
  halfLoadPiPerSecond: round(half.piPerSecond, 1),
  halfLoadInstances: half.completed,
  halfLoadUnfinished: half.unfinished,
  saturatedP50Ms: saturatedLatency.p50Ms,
  saturatedP99Ms: saturatedLatency.p99Ms,
  bpmnEnginePiPerSecond: round(baseline.piPerSecond, 1),
  bpmnEngineInstances: baseline.instances,
  ratio: round(ratio, 2),
  halfLoadLoopDelayMaxMs: stalls.loopDelayMaxMs,
  halfLoadGcPauseMaxMs: stalls.gcPauseMaxMs,
  cpuMsPerInstance: cpu.ownMs,
  databaseCpuMsPerInstance: cpu.databaseMs,
  ...(saturatedRequests && halfRequests
    ? {
        saturatedRequestsPerBatch: saturatedRequests.requestsPerCommit,
        saturatedStatementsPerBatch: saturatedRequests.statementsPerCommit,
        saturatedInstancesPerBatch: instancesPerBatch,
        halfLoadRequestsPerBatch: halfRequests.requestsPerCommit,
        halfLoadStatementsPerBatch: halfRequests.statementsPerCommit,
      }
    : {}),
  loadAverage: loadBefore,
}

const targets = [
  {
    target: `≥ ${TARGET_PI_PER_SECOND[db]} completed instances/s on ${db === 'sqlite' ? 'SQLite' : 'MariaDB'}`,
    figure: `${figures.piPerSecond}/s`,
    met: saturated.piPerSecond >= TARGET_PI_PER_SECOND[db],
  },
  {
    target: `≥ ${TARGET_RATIO}× bpmn-engine in memory`,
    figure: `${figures.ratio}× (${figures.bpmnEnginePiPerSecond}/s)`,
    met: ratio >= TARGET_RATIO,
  },
  {
    target: `p99 start-to-end < ${TARGET_P99_MS} ms at half load`,
    figure: `${halfLatency.p99Ms} ms at ${figures.halfLoadPiPerSecond}/s`,
    met: halfLatency.p99Ms < TARGET_P99_MS && half.unfinished === 0,
  },
]

const file = writeReport({
  name: `engine-throughput-${db}`,
  title: `Engine throughput on ${db === 'sqlite' ? 'SQLite' : 'MariaDB'}`,
  summary:
    'Start, three service tasks, end; three in-process workers (one per task type) complete ' +
    'their jobs at once; every step persisted. `bpmn-engine` runs the same process in memory ' +
    'in the same run, services answering at once.',
  database:
    version +
    (options.has('sqlite-pragma') ? ` (extra pragma: ${options.get('sqlite-pragma')})` : '') +
    (options.has('no-overlap') ? ' (--no-overlap: batches one after the other)' : '') +
    (options.has('max-batch') ? ` (--max-batch=${options.get('max-batch')})` : ''),
  loadBefore,
  tables: [
    {
      header: ['phase', 'instances', 'instances/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      rows: [
        [
          `bpmn-engine ${baseline.version}, in memory, ${inFlight} in flight`,
          baseline.instances,
          round(baseline.piPerSecond, 1),
          baseline.latency.p50Ms,
          baseline.latency.p95Ms,
          baseline.latency.p99Ms,
          baseline.latency.maxMs,
        ],
        [
          `Senflow saturated, ${inFlight} in flight (closed loop)`,
          saturated.completed,
          figures.piPerSecond,
          saturatedLatency.p50Ms,
          saturatedLatency.p95Ms,
          saturatedLatency.p99Ms,
          saturatedLatency.maxMs,
        ],
        [
          `Senflow at half load, ${round(halfRate)} arrivals/s (open loop)`,
          half.completed,
          figures.halfLoadPiPerSecond,
          halfLatency.p50Ms,
          halfLatency.p95Ms,
          halfLatency.p99Ms,
          halfLatency.maxMs,
        ],
      ],
    },
    ...(statements.length
      ? [
          {
            title:
              'Requests of the saturated phase (--trace-sql; statements sent together joined by +)',
            header: ['request', 'count', 'per instance', 'total ms', 'mean ms', 'KiB per instance'],
            rows: statements
              .slice(0, 15)
              .map((row) => [
                `\`${row.statement}\``,
                row.count,
                round(row.count / saturated.completed, 2),
                row.totalMs,
                row.meanMs,
                round(row.chars / 1024 / saturated.completed, 2),
              ]),
          },
        ]
      : []),
  ],
  targets,
  notes: [
    'Saturated latency is queueing in a closed loop (every instance waits behind the others in ' +
      'flight); the latency target is measured at half the saturated rate, arrivals on a fixed ' +
      'schedule and latency counted from each planned arrival.',
    `Ratio of Senflow's durable throughput to bpmn-engine in memory: ${figures.ratio}×.`,
    `While the half-load phase ran, the event loop was blocked up to ${stalls.loopDelayMaxMs} ms ` +
      `(p99 of its delay ${stalls.loopDelayP99Ms} ms); GC pauses: longest ${stalls.gcPauseMaxMs} ms, ` +
      `${stalls.gcPauseTotalMs} ms in all.`,
    `CPU per completed instance in the saturated phase: ${cpu.ownMs} ms in the engine's process` +
      (cpu.databaseMs === null ? ' (SQLite runs inside it)' : `, ${cpu.databaseMs} ms in MariaDB`) +
      ` — ${round(1000 / (cpu.ownMs + (cpu.databaseMs ?? 0)))} instances/s would fill one core.`,
    ...(saturatedRequests && halfRequests
      ? [
          `Round trips per transaction (batch): ${saturatedRequests.requestsPerCommit} saturated ` +
            `(${saturatedRequests.statementsPerCommit} statements, ` +
            `${instancesPerBatch} completed instances per batch), ` +
            `${halfRequests.requestsPerCommit} at half load (${halfRequests.statementsPerCommit} statements).`,
        ]
      : []),
  ],
  figures,
})
progress(`report: ${file}`)
printFigures(figures)

/**
 * Benchmark 4, timers: 10,000 timers due at the same moment (time from their due date until
 * the last has fired), and single timers at low load (how late each fires), on Senflow's
 * embedded engine persisted on SQLite or MariaDB with the machine clock.
 *
 * The process is start → timer catch event (`timeDate` = the instance's `dueAt`) → end. A timer
 * has fired when its `TIMER` / `TRIGGERED` record is committed (seen in the record feed);
 * lateness is that moment minus the timer's due date.
 *
 *   npm run bench -- timers [--db=sqlite|mysql] [--timers=10000] [--singles=40]
 */
import type { Knex } from 'knex'
import { createEngineTables, EmbeddedEngine, SqlStore, type EngineRecord } from '@senflow/engine'
import {
  mysqlKnex,
  serverVersion,
  sqliteKnex,
  tmpFile,
  type BenchDatabase,
} from './support/databases.js'
import { printFigures, progress, round, sleep, summarize } from './support/figures.js'
import { loadAverage } from './support/machine.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'

const TARGET_BURST_MS = 5000
const TARGET_LATE_MS = 1000
const PROCESS_ID = 'bench_timer'
const TIMER_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench_timer_definitions" targetNamespace="http://senflow.local/bench">
  <bpmn:process id="${PROCESS_ID}" name="Benchmark: wait for a date" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait" name="Wait until due">
      <bpmn:timerEventDefinition><bpmn:timeDate>=dueAt</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`

const options = cliOptions()
const db = (options.get('db') ?? 'sqlite') as BenchDatabase
if (db !== 'sqlite' && db !== 'mysql') {
  throw new Error(`Expected --db=sqlite or --db=mysql, but found '${db}'`)
}
const timerCount = numberOption(options, 'timers', 10_000)
const singles = numberOption(options, 'singles', 40)
const leadSeconds = numberOption(options, 'lead-seconds', 12)
const loadBefore = loadAverage()

const knex: Knex =
  db === 'sqlite'
    ? sqliteKnex(tmpFile('bench-timers.sqlite3'), true)
    : await mysqlKnex('senflow_bench_timers', true)
const version = await serverVersion(knex, db)
await createEngineTables(knex)
const engine = new EmbeddedEngine({ store: new SqlStore(knex) })
await engine.start()
await engine.deploy([{ name: 'bench_timer.bpmn', content: TIMER_PROCESS }])

/** Fired timers: due date and the wall-clock moment their record was seen. */
const fired: Array<{ dueDate: number; firedAt: number }> = []
engine.onRecords((records: EngineRecord[]) => {
  const firedAt = Date.now()
  for (const record of records) {
    if (record.valueType === 'TIMER' && record.intent === 'TRIGGERED') {
      fired.push({ dueDate: Number(record.value.dueDate), firedAt })
    }
  }
})

const createMany = async (count: number, dueAt: string, inFlight = 256) => {
  let created = 0
  const lane = async () => {
    while (created < count) {
      created++
      await engine.createProcessInstance({ processDefinitionId: PROCESS_ID, variables: { dueAt } })
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
}

// 1. the burst: every timer due at the same moment, far enough ahead to create them all first
const dueAt = Date.now() + leadSeconds * 1000
progress(`${timerCount} timers due at ${new Date(dueAt).toISOString()} on ${version}`)
const creationStarted = Date.now()
await createMany(timerCount, new Date(dueAt).toISOString())
const creationMs = Date.now() - creationStarted
if (Date.now() >= dueAt) {
  throw new Error(
    `Expected to create ${timerCount} timers within ${leadSeconds} s, but it took ${creationMs} ms: raise --lead-seconds`
  )
}
progress(`created in ${creationMs} ms; waiting for their due date`)
const burstDeadline = dueAt + 60_000
while (fired.length < timerCount && Date.now() < burstDeadline) {
  await sleep(20)
}
const burst = fired.splice(0)
const lastFiredMs = burst.length
  ? Math.max(...burst.map((timer) => timer.firedAt)) - dueAt
  : Number.NaN
const firstFiredMs = burst.length
  ? Math.min(...burst.map((timer) => timer.firedAt)) - dueAt
  : Number.NaN
progress(`${burst.length} fired; the last ${lastFiredMs} ms after the due date`)

// 2. single timers at low load: one every 250 ms, each due 2 to 3 s after its creation
await sleep(1000)
progress(`${singles} single timers, one every 250 ms`)
for (let index = 0; index < singles; index++) {
  const due = Date.now() + 2000 + Math.floor(Math.random() * 1000)
  await engine.createProcessInstance({
    processDefinitionId: PROCESS_ID,
    variables: { dueAt: new Date(due).toISOString() },
  })
  await sleep(250)
}
const singlesDeadline = Date.now() + 10_000
while (fired.length < singles && Date.now() < singlesDeadline) {
  await sleep(20)
}
const lateness = summarize(fired.map((timer) => timer.firedAt - timer.dueDate))
await engine.stop()
await knex.destroy()

const figures = {
  bench: 'timers',
  db,
  timers: timerCount,
  fired: burst.length,
  allFiredMs: round(lastFiredMs),
  firstFiredMs: round(firstFiredMs),
  creationMs,
  singleTimers: lateness.count,
  singleLateP50Ms: lateness.p50Ms,
  singleLateP95Ms: lateness.p95Ms,
  singleLateMaxMs: lateness.maxMs,
  loadAverage: loadBefore,
}
const file = writeReport({
  name: `timers-${db}`,
  title: `Timers on ${db === 'sqlite' ? 'SQLite' : 'MariaDB'}`,
  summary:
    `${timerCount.toLocaleString('en')} instances wait at a timer catch event, all due at the ` +
    'same moment (machine clock); then single timers at low load. A timer has fired when its ' +
    '`TIMER TRIGGERED` record is committed; the instance then completes in the same transaction.',
  database: version,
  loadBefore,
  tables: [
    {
      header: ['figure', 'value'],
      rows: [
        ['timers due at once', timerCount],
        ['fired', burst.length],
        ['first fired after the due date', `${round(firstFiredMs)} ms`],
        ['all fired after the due date', `${round(lastFiredMs)} ms`],
        ['creating the waiting instances took', `${creationMs} ms`],
        ['single timers at low load', lateness.count],
        [
          'single timer lateness p50 / p95 / max',
          `${lateness.p50Ms} / ${lateness.p95Ms} / ${lateness.maxMs} ms`,
        ],
      ],
    },
  ],
  targets: [
    {
      target: `${timerCount.toLocaleString('en')} simultaneous timers fired within ${TARGET_BURST_MS / 1000} s`,
      figure: `${round(lastFiredMs)} ms (${burst.length} fired)`,
      met: burst.length === timerCount && lastFiredMs < TARGET_BURST_MS,
    },
    {
      target: `a single timer fires less than ${TARGET_LATE_MS / 1000} s late`,
      figure: `max ${lateness.maxMs} ms late (p95 ${lateness.p95Ms} ms)`,
      met: lateness.count === singles && lateness.maxMs < TARGET_LATE_MS,
    },
  ],
  figures,
})
progress(`report: ${file}`)
printFigures(figures)

/**
 * Benchmark 6, memory: the resident memory of the real server (`node bin/start.js`, as
 * `npm start` runs it) with 100,000 instances waiting at a user task, each with its task in
 * the inbox.
 *
 * 1. A fresh database: the server migrates it and loads the demo data, then stops.
 * 2. The 100,000 waiting instances are made at the engine's pace on the same tables (see
 *    `seedWaitingInstances`): creating them one by one over HTTP would take a quarter of an
 *    hour on this machine (the HTTP creation rate is measured in step 4).
 * 3. The server starts again with them; 10,000 of them are touched over HTTP
 *    (`PUT /v2/element-instances/{key}/variables`), which fills the engine's instance cache as
 *    a day of work would.
 * 4. 2,000 more instances are created over HTTP (`POST /v2/process-instances`), their tasks
 *    taken into the inbox by the server.
 * 5. Resident memory (VmRSS from /proc) at each step, idle, and while staff read the inbox.
 *    Where it goes, read without disturbing those figures: the server runs with `--inspect`
 *    on loopback, and only at the very end the app thread's live heap is read through the
 *    inspector protocol after a forced full GC; `--trace-gc` gives the TypeScript loader
 *    thread's heap after its last full GC.
 *
 *   npm run bench -- memory [--db=mysql|sqlite] [--instances=100000] [--max-old-space=MiB]
 *     [--database=senflow_bench_memory] (MariaDB: the database made for the run)
 *     [--heap-snapshot] (at the end: the app thread's heap by kind of object, and the snapshot
 *     in tmp/ for DevTools)
 */
import type { Knex } from 'knex'
import { writeFileSync } from 'node:fs'
import {
  mysqlKnex,
  serverVersion,
  sqliteKnex,
  tmpFile,
  type BenchDatabase,
} from './support/databases.js'
import { printFigures, progress, round, sleep } from './support/figures.js'
import { createToken } from './support/inbox_seed.js'
import { loadAverage } from './support/machine.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'
import { ApiClient, BenchServer, serverProfileArgs } from './support/server.js'
import { seedWaitingInstances, WAITING_PROCESS_ID } from './support/waiting_seed.js'
import { heapSnapshotOf, liveHeapOf } from './support/inspector.js'

const TARGET_MIB = 500

const options = cliOptions()
const db = (options.get('db') ?? 'mysql') as BenchDatabase
if (db !== 'sqlite' && db !== 'mysql') {
  throw new Error(`Expected --db=sqlite or --db=mysql, but found '${db}'`)
}
const instances = numberOption(options, 'instances', 100_000)
const touched = Math.min(instances, numberOption(options, 'touch', 10_000))
const overHttp = numberOption(options, 'http-instances', 2000)
const concurrency = numberOption(options, 'concurrency', 32)
const port = numberOption(options, 'port', 3393)

const sqliteFile = tmpFile('bench-memory.sqlite3')
const database = options.get('database') ?? 'senflow_bench_memory'
const env: Record<string, string> =
  db === 'sqlite'
    ? { DB_CONNECTION: 'sqlite', SQLITE_FILE: sqliteFile }
    : { DB_CONNECTION: 'mysql', DB_DATABASE: database }
const openDatabase = async (fresh = false): Promise<Knex> =>
  db === 'sqlite' ? sqliteKnex(sqliteFile, fresh) : mysqlKnex(database, fresh)
const heapArgs = options.has('max-old-space')
  ? [`--max-old-space-size=${numberOption(options, 'max-old-space', 512)}`]
  : []
const inspectorPort = port + 1000
const serverArgs = [
  '--trace-gc',
  `--inspect=127.0.0.1:${inspectorPort}`,
  ...heapArgs,
  ...serverProfileArgs(options),
]
const count = async (knex: Knex, table: string, where: Record<string, unknown>) =>
  Number(
    ((await knex(table).where(where).count({ total: '*' })) as Array<{ total: number | string }>)[0]
      .total
  )

// 1. a fresh database, migrated and with the demo data, by the server itself
await (await openDatabase(true)).destroy()
progress(`a fresh ${db} database: migrations and demo data`)
const first = new BenchServer(port, env)
await first.start()
await first.stop()

// 2. the waiting instances, at the engine's pace
let knex = await openDatabase()
const version = await serverVersion(knex, db)
progress(`making ${instances} waiting instances with their inbox tasks`)
const seedStarted = Date.now()
await seedWaitingInstances(knex, instances)
const seedSeconds = round((Date.now() - seedStarted) / 1000, 1)
progress(`made in ${seedSeconds} s`)
const admin = (await knex('users').where('email', 'admin@demo.senflow.local').first()) as {
  id: number
}
const staff = (await knex('users').where('email', 'staff@demo.senflow.local').first()) as {
  id: number
}
const adminToken = await createToken(knex, admin.id)
const staffToken = await createToken(knex, staff.id)
const sample = (await knex('engine_process_instances')
  .where('state', 'ACTIVE')
  .orderBy('process_instance_key')
  .limit(touched)
  .select('process_instance_key')) as Array<{ process_instance_key: number | string }>
if (db === 'sqlite') {
  // the server is the only user of the file from now on
  await knex.destroy()
}

// 3. the server with them
const server = new BenchServer(port, env, serverArgs)
progress('starting the server with them')
await server.start()
if (db === 'sqlite') {
  knex = await openDatabase()
}
const loadBefore = loadAverage()
let figures: Record<string, unknown>
try {
  await sleep(3000)
  const atStartMiB = server.residentMiB()
  const client = new ApiClient(server.url, adminToken)
  const staffClient = new ApiClient(server.url, staffToken)
  let peakMiB = atStartMiB
  const sampler = setInterval(() => {
    peakMiB = Math.max(peakMiB, server.residentMiB())
  }, 1000)
  const inParallel = async (total: number, work: (index: number) => Promise<unknown>) => {
    let next = 0
    const lane = async () => {
      while (next < total) {
        await work(next++)
      }
    }
    await Promise.all(Array.from({ length: concurrency }, lane))
  }

  progress(`touching ${touched} of them over HTTP`)
  const touchStarted = Date.now()
  await inParallel(sample.length, (index) =>
    client.request('PUT', `/v2/element-instances/${sample[index].process_instance_key}/variables`, {
      variables: { lastSeenBy: 'bench', seenAt: new Date().toISOString() },
    })
  )
  const touchPerSecond = round(sample.length / ((Date.now() - touchStarted) / 1000), 1)
  const afterTouchMiB = server.residentMiB()

  progress(`creating ${overHttp} more over HTTP`)
  const createStarted = Date.now()
  await inParallel(overHttp, (index) =>
    client.request('POST', '/v2/process-instances', {
      processDefinitionId: WAITING_PROCESS_ID,
      variables: {
        dossierCode: `HTTP-${String(index).padStart(6, '0')}`,
        applicant: `Applicant ${index}`,
        documents: 2,
      },
    })
  )
  const createPerSecond = round(overHttp / ((Date.now() - createStarted) / 1000), 1)
  const expected = instances + overHttp
  const deadline = Date.now() + 120_000
  let inbox = await count(knex, 'user_tasks', { state: 'CREATED' })
  while (inbox < expected && Date.now() < deadline) {
    await sleep(500)
    inbox = await count(knex, 'user_tasks', { state: 'CREATED' })
  }
  const ingestPerSecond = round(overHttp / ((Date.now() - createStarted) / 1000), 1)
  clearInterval(sampler)

  progress('idle for 10 s, then staff reading the inbox')
  await sleep(10_000)
  const idleMiB = server.residentMiB()
  let readingMiB = idleMiB
  for (let reading = 0; reading < 30; reading++) {
    await staffClient.get('/api/tasks?queue=units')
    await staffClient.get('/api/tasks/counts')
    readingMiB = Math.max(readingMiB, server.residentMiB())
  }
  // only now, where it goes: a forced full GC of the app thread, and what stays resident
  const beforeForcedGc = server.output.length
  const heapIdle = await liveHeapOf(inspectorPort)
  await sleep(1000)
  const idleAfterGcMiB = server.residentMiB()
  const waiting = await count(knex, 'engine_process_instances', { state: 'ACTIVE' })
  const loaderHeapMiB = loaderHeap(server.output, beforeForcedGc)
  // `--heap-snapshot`: what the live heap holds, by kind of object (after every figure)
  const heapFile = tmpFile(`bench-memory-${db}.heapsnapshot`)
  const heapKinds = options.has('heap-snapshot')
    ? await heapSnapshotOf(inspectorPort, heapFile)
    : []
  figures = {
    bench: 'memory',
    db,
    waitingInstances: waiting,
    openTasks: inbox,
    rssMiB: idleMiB,
    peakRssMiB: Math.max(peakMiB, readingMiB),
    atStartRssMiB: atStartMiB,
    afterTouchRssMiB: afterTouchMiB,
    idleAfterGcRssMiB: idleAfterGcMiB,
    appHeapUsedMiB: heapIdle.usedMiB,
    appHeapTotalMiB: heapIdle.totalMiB,
    loaderHeapLiveMiB: loaderHeapMiB,
    httpCreatePerSecond: createPerSecond,
    httpCreateToInboxPerSecond: ingestPerSecond,
    httpSetVariablesPerSecond: touchPerSecond,
    seedSeconds,
    loadAverage: loadBefore,
  }
  const file = writeReport({
    name: `memory-${db}`,
    title: `Server memory with ${instances.toLocaleString('en')} waiting instances (${db === 'sqlite' ? 'SQLite' : 'MariaDB'})`,
    summary:
      'The real server (`node bin/start.js`, Node defaults plus `--trace-gc`) with ' +
      `${waiting.toLocaleString('en')} instances waiting at a user task, their tasks in the ` +
      `inbox; ${touched.toLocaleString('en')} of them touched over HTTP (filling the ` +
      `engine's instance cache), ${overHttp.toLocaleString('en')} created over HTTP. ` +
      'Resident memory (VmRSS) from /proc.',
    database: version,
    loadBefore,
    tables: [
      {
        header: ['moment', 'resident MiB'],
        rows: [
          [`started with ${instances.toLocaleString('en')} waiting instances`, atStartMiB],
          [`after touching ${touched.toLocaleString('en')} of them`, afterTouchMiB],
          ['peak while touching and creating', peakMiB],
          [`idle with ${waiting.toLocaleString('en')} waiting instances`, idleMiB],
          ['staff reading the inbox (peak)', readingMiB],
        ],
      },
      {
        header: ['figure', 'value'],
        rows: [
          [
            'app thread V8 heap after a forced full GC at the end',
            `${heapIdle.usedMiB} MiB used (${heapIdle.totalMiB} MiB reserved)`,
          ],
          ['resident right after that forced full GC', `${idleAfterGcMiB} MiB`],
          [
            'TypeScript loader thread V8 heap after its last full GC (--trace-gc)',
            `${loaderHeapMiB ?? '?'} MiB`,
          ],
          ['set variables over HTTP (32 at a time)', `${touchPerSecond}/s`],
          ['create instances over HTTP (32 at a time)', `${createPerSecond}/s`],
          ['… until their tasks are in the inbox', `${ingestPerSecond}/s`],
          [
            `making the ${instances.toLocaleString('en')} instances at the engine's pace`,
            `${seedSeconds} s`,
          ],
        ],
      },
      ...(heapKinds.length
        ? [
            {
              title: `The app thread's live heap by kind of object (--heap-snapshot, tmp/${heapFile.split('/').pop()})`,
              header: ['kind', 'objects', 'self MiB'],
              rows: heapKinds.map((entry) => [`\`${entry.kind}\``, entry.count, entry.selfMiB]),
            },
          ]
        : []),
    ],
    targets: [
      {
        target: `under 500 MB resident with ${instances.toLocaleString('en')} waiting instances`,
        figure: `${idleMiB} MiB idle, ${figures.peakRssMiB} MiB peak`,
        met: waiting >= instances && (figures.peakRssMiB as number) < TARGET_MIB,
      },
    ],
    figures,
  })
  progress(`report: ${file}`)
} finally {
  await knex.destroy()
  await server.stop()
  // the server's output with its --trace-gc lines: how the heap grew between the figures
  writeFileSync(tmpFile(`bench-memory-${db}-server.log`), server.output)
}
printFigures(figures)

/**
 * The TypeScript loader thread's live heap (MiB) after its last mark-compact, from the
 * `--trace-gc` output: the isolate that is not the one collected by the forced full GC of the
 * app thread (whose lines start at `forcedAt` in the output).
 */
function loaderHeap(output: string, forcedAt: number): number | null {
  const pattern =
    /\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g
  const app = new Set<string>()
  for (const match of output.slice(forcedAt).matchAll(pattern)) {
    app.add(match[1])
  }
  let last: number | null = null
  for (const match of output.slice(0, forcedAt).matchAll(pattern)) {
    if (!app.has(match[1])) {
      last = Number(match[2])
    }
  }
  return last
}

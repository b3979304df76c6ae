/**
 * Benchmark 3, inbox: 100,000 open user tasks across 50 units and 1,000 users in MariaDB; the
 * p50 and p95 latency of a staff member's inbox page (the "my units" queue: a page and its
 * counts) and of the queue counts, over HTTP on the real server with a personal access token.
 *
 * The database `senflow_bench` is created, migrated by the app and seeded with multi-row
 * inserts on the first run, and reused while it holds the same shape (`--reseed` to start
 * over).
 *
 *   npm run bench -- inbox [--rounds=300] [--reseed] [--profile-server]
 */
import { mysqlKnex, serverVersion } from './support/databases.js'
import { printFigures, progress, round } from './support/figures.js'
import { loadAverage } from './support/machine.js'
import { cliOptions, numberOption, writeReport } from './support/report.js'
import {
  seededShape,
  seedOrganisation,
  seedTasks,
  staffWithTokens,
  type InboxShape,
} from './support/inbox_seed.js'
import { INBOX_REQUESTS, measureInbox } from './support/inbox_measure.js'
import { BenchServer, migrateApp, serverProfileArgs } from './support/server.js'

const TARGET_P95_MS = 50
const DATABASE = 'senflow_bench'
const SHAPE: InboxShape = { units: 50, users: 1000, openTasks: 100_000, completedTasks: 0 }

const options = cliOptions()
const rounds = numberOption(options, 'rounds', 300)
const port = numberOption(options, 'port', 3391)

const env = { DB_CONNECTION: 'mysql', DB_DATABASE: DATABASE }
let knex = await mysqlKnex(DATABASE)
const found = await seededShape(knex)
if (options.has('reseed') || JSON.stringify(found) !== JSON.stringify(SHAPE)) {
  progress(`seeding ${DATABASE}: ${JSON.stringify(SHAPE)}`)
  await knex.destroy()
  knex = await mysqlKnex(DATABASE, true)
  migrateApp(env)
  const startedAt = Date.now()
  await seedOrganisation(knex, SHAPE)
  await seedTasks(knex, SHAPE, { firstIndex: 0, count: SHAPE.openTasks, state: 'CREATED' })
  await knex.raw('ANALYZE TABLE user_tasks, user_task_candidates, users, units, unit_memberships')
  progress(`seeded in ${round((Date.now() - startedAt) / 1000, 1)} s`)
} else {
  migrateApp(env)
  progress(`reusing ${DATABASE}: ${JSON.stringify(found)}`)
}
await knex('auth_access_tokens').where('name', 'bench').delete()
const staff = await staffWithTokens(knex, SHAPE, 20)
const version = await serverVersion(knex, 'mysql')
await knex.destroy()

const server = new BenchServer(port, env, serverProfileArgs(options))
progress(`starting the server on ${server.url}`)
await server.start()
const loadBefore = loadAverage()
let measured
try {
  progress(`measuring ${rounds} rounds of ${Object.keys(INBOX_REQUESTS).length} requests`)
  measured = await measureInbox(server.url, staff, { rounds, warmup: 20 })
} finally {
  await server.stop()
}
const { latency } = measured

const figures = {
  bench: 'inbox',
  db: 'mysql',
  openTasks: SHAPE.openTasks,
  units: SHAPE.units,
  users: SHAPE.users,
  requests: rounds,
  pageP50Ms: latency.unitsPage.p50Ms,
  pageP95Ms: latency.unitsPage.p95Ms,
  countsP50Ms: latency.counts.p50Ms,
  countsP95Ms: latency.counts.p95Ms,
  allPageP50Ms: latency.allPage.p50Ms,
  allPageP95Ms: latency.allPage.p95Ms,
  minePageP50Ms: latency.minePage.p50Ms,
  minePageP95Ms: latency.minePage.p95Ms,
  meP50Ms: latency.me.p50Ms,
  meP95Ms: latency.me.p95Ms,
  loadAverage: loadBefore,
}

const file = writeReport({
  name: 'inbox',
  title: 'Inbox with 100,000 open tasks (MariaDB, over HTTP)',
  summary:
    `${SHAPE.openTasks.toLocaleString('en')} open user tasks offered to ${SHAPE.units} units ` +
    `(three in ten assigned), ${SHAPE.users.toLocaleString('en')} users; the real server ` +
    '(`node bin/start.js`) on loopback; one request at a time, each round as the next of 20 ' +
    'staff members of different units, with a personal access token.',
  database: version,
  loadBefore,
  tables: [
    {
      header: ['request', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      rows: (Object.keys(INBOX_REQUESTS) as Array<keyof typeof INBOX_REQUESTS>).map((name) => [
        `\`GET ${INBOX_REQUESTS[name]}\``,
        latency[name].count,
        latency[name].p50Ms,
        latency[name].p95Ms,
        latency[name].p99Ms,
        latency[name].maxMs,
      ]),
    },
  ],
  targets: [
    {
      target: `inbox page (units queue, page + counts) p95 < ${TARGET_P95_MS} ms`,
      figure: `${latency.unitsPage.p95Ms} ms`,
      met: latency.unitsPage.p95Ms < TARGET_P95_MS,
    },
    {
      target: `queue counts p95 < ${TARGET_P95_MS} ms`,
      figure: `${latency.counts.p95Ms} ms`,
      met: latency.counts.p95Ms < TARGET_P95_MS,
    },
  ],
  notes: [
    '`GET /api/tasks` answers the page and the queue counts together (what the inbox loads); ' +
      '`GET /api/tasks/counts` is the counts alone (what the navigation badge polls).',
    'Latency is measured by the client: token check, viewer resolution, queries, JSON.',
  ],
  figures,
})
progress(`report: ${file}`)
printFigures(figures)

/*
|--------------------------------------------------------------------------
| `npm run test:zeebe`
|--------------------------------------------------------------------------
|
| The app's own suites for the inbox, connectors in a process and the
| consular legalization procedure, run a second time with ENGINE=zeebe
| (docs/zeebe.md, "Tests"):
|
| 1. a second Senflow server process serves its embedded engine as the
|    "cluster": the Zeebe gRPC gateway (SENFLOW_GRPC_PORT) and Camunda's REST
|    API (its /v2), with no workers of its own (SENFLOW_ENGINE_ONLY), on a
|    SQLite file of its own under tmp/;
| 2. the suites run in `node ace test` with ENGINE=zeebe, ZEEBE_ADDRESS and
|    CAMUNDA_REST_ADDRESS pointing at it and an access token of its admin:
|    the app under test is the Zeebe client (zeebe-node), on the database
|    the run's DB_* variables name;
| 3. the server is stopped whatever happens (killed after 20 s).
|
| Extra arguments go to `node ace test` (e.g. `--tests "…"`).
*/
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** The suites that run on Zeebe. */
const SUITE_FILES = [
  'tests/functional/inbox_engine.spec.ts',
  'tests/functional/tasks.spec.ts',
  'tests/functional/connectors_process.spec.ts',
  'tests/functional/procedures/legalization.spec.ts',
]

/** A port nothing listens on now, on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** Settles after `ms`, with `value`. */
const after = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms))

/** The exit of a child process (its code, or 1 when a signal ended it). */
const exitOf = (child) =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))

const httpPort = await freePort()
const grpcPort = await freePort()
const url = `http://127.0.0.1:${httpPort}`
mkdirSync(new URL('../tmp/', import.meta.url), { recursive: true })
const sqliteFile = fileURLToPath(
  new URL(`../tmp/zeebe-cluster-${randomBytes(4).toString('hex')}.sqlite3`, import.meta.url)
)

// 1. the "cluster": a Senflow server that hosts the engine only
let output = ''
const server = spawn(process.execPath, ['bin/start.js'], {
  cwd: ROOT,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(httpPort),
    LOG_LEVEL: 'warn',
    DB_CONNECTION: 'sqlite',
    SQLITE_FILE: sqliteFile,
    ENGINE: 'embedded',
    SENFLOW_GRPC_PORT: String(grpcPort),
    SENFLOW_GRPC_HOST: '127.0.0.1',
    SENFLOW_ENGINE_ONLY: 'true',
    SENFLOW_CLOCK_CONTROL: 'true',
    SENFLOW_SKIP_UI_BUILD: 'true',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
})
server.stdout.on('data', (chunk) => (output += chunk))
server.stderr.on('data', (chunk) => (output += chunk))
const serverExit = exitOf(server)

let suite = null
async function stopAll() {
  if (suite && suite.exitCode === null) {
    suite.kill('SIGTERM')
    if ((await Promise.race([exitOf(suite), after(20_000, 'timeout')])) === 'timeout')
      suite.kill('SIGKILL')
  }
  if (server.exitCode === null) {
    server.kill('SIGTERM')
    if ((await Promise.race([serverExit, after(20_000, 'timeout')])) === 'timeout') {
      console.error('The Zeebe stand-in server did not stop within 20 s; killing it')
      server.kill('SIGKILL')
      await serverExit
    }
  }
  for (const extra of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${extra}`, { force: true })
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => stopAll().finally(() => process.exit(130)))
}

/** Waits for the server's /health, then answers an access token of its admin. */
async function clusterToken() {
  const started = Date.now()
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode})`)
    if (Date.now() - started > 120_000) throw new Error('The server did not answer within 120 s')
    const health = await fetch(`${url}/health`).catch(() => null)
    if (health?.ok) break
    await after(200)
  }
  const password = process.env.DEMO_PASSWORD || 'senflow-demo'
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.senflow.local', password }),
  })
  if (login.status !== 200) throw new Error(`Signing in as the admin: ${login.status}`)
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ENGINE=zeebe test run' }),
  })
  const body = await created.json().catch(() => ({}))
  if (created.status !== 201 || !body.token)
    throw new Error(`Creating the access token: ${created.status} ${JSON.stringify(body)}`)
  return body.token
}

/**
 * Whether the suites really ran on the stand-in (their instances are there): 0 if so, else 1
 * with the reason (an ENGINE or ZEEBE_ADDRESS lost on the way would run them embedded).
 */
async function ranOnCluster(token) {
  const answer = await fetch(`${url}/v2/process-instances/search`, {
    method: 'POST',
    headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ filter: { processDefinitionId: 'consular-legalization' } }),
  })
  const found = await answer.json().catch(() => ({}))
  if (found.page?.totalItems > 0) return 0
  console.error(`The suites passed but left no instance on the stand-in: ${JSON.stringify(found)}`)
  return 1
}

const began = Date.now()
let exitCode = 1
try {
  const token = await clusterToken()
  console.log(`[test:zeebe] stand-in up after ${Math.round((Date.now() - began) / 1000)} s`)
  console.log(`Zeebe stand-in: gRPC 127.0.0.1:${grpcPort}, REST ${url} (a Senflow server process)`)

  // 2. the suites, with the app under test as the Zeebe client
  suite = spawn(
    process.execPath,
    [
      'ace',
      'test',
      'functional',
      ...SUITE_FILES.map((file) => `--files=${file}`),
      ...process.argv.slice(2),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ENGINE: 'zeebe',
        ZEEBE_ADDRESS: `127.0.0.1:${grpcPort}`,
        ZEEBE_ACCESS_TOKEN: token,
        ZEEBE_SECURE: 'false',
        CAMUNDA_REST_ADDRESS: url,
      },
      stdio: 'inherit',
    }
  )
  exitCode = await exitOf(suite)
  console.log(`[test:zeebe] suites ended after ${Math.round((Date.now() - began) / 1000)} s`)
  // (a filtered run, with extra arguments, may not reach the procedure)
  if (exitCode === 0 && process.argv.length <= 2) exitCode = await ranOnCluster(token)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  console.error(output.slice(-4000))
} finally {
  // 3. the server stops whatever happened
  await stopAll()
  console.log(`[test:zeebe] done after ${Math.round((Date.now() - began) / 1000)} s`)
}
if (exitCode !== 0 && output.includes('Error')) console.error(output.slice(-4000))
process.exit(exitCode)

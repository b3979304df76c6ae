import { test } from '@japa/runner'
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import { ServerProcess } from '#tests/support/server_process'
import {
  ApiCaller,
  configureConnectors,
  deployPassportProcess,
  leakedSecrets,
  mysqlServer,
  startAndEndProcessXml,
  startConnectorWorld,
  startPassportDossier,
} from '#tests/support/connector_scenario'

/**
 * A port nobody listens on right now.
 */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A database of its own for the server process (the suite's kind), and a
 * way to read every row of every table once the server has stopped.
 */
async function ownDatabase() {
  const name = `senflow_leak_${randomBytes(4).toString('hex')}`
  if (process.env.DB_CONNECTION === 'mysql') {
    const connection = await mysql.createConnection(mysqlServer())
    await connection.query(
      `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
    )
    return {
      env: { DB_CONNECTION: 'mysql', DB_DATABASE: name } as Record<string, string>,
      async rows() {
        const [tables] = (await connection.query(`SHOW TABLES FROM ${name}`)) as any[]
        const dump: Record<string, unknown[]> = {}
        for (const table of tables.map((row: Record<string, string>) => Object.values(row)[0])) {
          const [rows] = await connection.query(`SELECT * FROM ${name}.\`${table}\``)
          dump[table] = rows as unknown[]
        }
        return dump
      },
      async drop() {
        await connection.query(`DROP DATABASE IF EXISTS ${name}`)
        await connection.end()
      },
    }
  }
  const file = fileURLToPath(new URL(`../../tmp/${name}.sqlite3`, import.meta.url))
  return {
    env: { DB_CONNECTION: 'sqlite', SQLITE_FILE: file } as Record<string, string>,
    async rows() {
      const Database = createRequire(import.meta.url)('better-sqlite3')
      const sqlite = new Database(file, { readonly: true })
      const dump: Record<string, unknown[]> = {}
      const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
      for (const { name: table } of tables as { name: string }[]) {
        dump[table] = sqlite.prepare(`SELECT * FROM "${table}"`).all()
      }
      sqlite.close()
      return dump
    },
    async drop() {
      for (const extra of ['', '-wal', '-shm']) await rm(`${file}${extra}`, { force: true })
    },
  }
}

const intakeXml = startAndEndProcessXml('leak-intake', 'Leak intake')

/**
 * The acceptance's leak check, on a server started as `npm start` starts
 * it (development mode, demo data, its own portal simulator), logging at
 * debug level: after a full run, including failures, an incident and
 * webhook calls, no API answer, log line or stored row holds a secret.
 */
test.group('Connectors / secrets never leak (a server process of its own)', () => {
  test('it should leave no secret value in any answer, log line or stored row after a full run', async ({
    assert,
    cleanup,
  }) => {
    // given the external systems and a fresh server process logging everything
    const world = await startConnectorWorld()
    cleanup(() => world.close())
    const database = await ownDatabase()
    cleanup(() => database.drop())
    const server = new ServerProcess(await freePort(), {
      ...database.env,
      ...world.environment,
      LOG_LEVEL: 'debug',
      PORTAL_SIMULATOR_PORT: String(await freePort()),
    })
    cleanup(() => server.stop())
    await server.start()
    const admin = await new ApiCaller(server.url).signIn('admin@demo.senflow.local')

    // the demo's portal connector reaches the simulator the server started
    const demo = (await admin.call('GET', '/api/connectors')).json.items.find(
      (item: any) => item.code === 'national-portal'
    )
    const demoTest = await admin.call('POST', `/api/connectors/${demo.id}/test`)
    assert.isTrue(demoTest.json.ok, demoTest.text)

    // when the whole scenario runs: configuration, a completed dossier ...
    await configureConnectors(admin, world)
    await deployPassportProcess(admin)
    const completed = await startPassportDossier(admin)
    await admin.waitForInstance(completed, { state: 'COMPLETED' })

    // ... a failing endpoint, its incident and its resolution ...
    world.api.script.push(500, 'hang', 500)
    const failing = await startPassportDossier(admin)
    await admin.waitForInstance(failing, { incident: true }, 40_000)
    const incidents = await admin.call('POST', '/v2/incidents/search', {
      filter: { processInstanceKey: failing, state: 'ACTIVE' },
    })
    assert.equal(incidents.status, 200, incidents.text)
    const incident = incidents.json.items[0]
    await admin.call('PATCH', `/v2/jobs/${incident.jobKey}`, { changeset: { retries: 1 } })
    await admin.call('POST', `/v2/incidents/${incident.incidentKey}/resolution`)
    await admin.waitForInstance(failing, { state: 'COMPLETED' })

    // ... a failed connection test with a wrong secret ...
    const connectors = (await admin.call('GET', '/api/connectors')).json.items
    const api = connectors.find((item: any) => item.code === 'consular-api')
    const wrongSecret = `wrong-${randomBytes(8).toString('hex')}`
    await admin.call('POST', '/api/secrets/CONSULAR_API_CLIENT_SECRET/rotate', {
      value: wrongSecret,
    })
    const refused = await admin.call('POST', `/api/connectors/${api.id}/test`)
    assert.isFalse(refused.json.ok)

    // ... and webhook calls, forged and signed
    const hookSecret = `hook-${randomBytes(16).toString('hex')}`
    const deployed = await admin.deploy({ name: 'leak_intake.bpmn', content: intakeXml })
    assert.equal(deployed.status, 200, deployed.text)
    await admin.call('POST', '/api/secrets', { name: 'LEAK_HOOK', value: hookSecret })
    const hook = (
      await admin.call('POST', '/api/webhooks', {
        name: 'Intake',
        kind: 'start',
        processDefinitionId: 'leak-intake',
        secretName: 'LEAK_HOOK',
      })
    ).json
    const body = JSON.stringify({ note: 'Đơn đăng ký' })
    const signature = `sha256=${createHmac('sha256', hookSecret).update(body).digest('hex')}`
    const forged = await admin.call('POST', hook.path, undefined, {
      raw: body,
      headers: { 'x-senflow-signature': `sha256=${'0'.repeat(64)}`, 'idempotency-key': 'leak-1' },
    })
    assert.equal(forged.status, 401)
    const signed = await admin.call('POST', hook.path, undefined, {
      raw: body,
      headers: { 'x-senflow-signature': signature, 'idempotency-key': 'leak-2' },
    })
    assert.equal(signed.status, 202, signed.text)
    await admin.call('GET', '/api/secrets')
    await admin.call('GET', '/api/webhooks')
    await admin.call('GET', '/api/audit-logs?format=csv')
    await server.stop()

    // then no secret is in any answer, any log line, or any row of any table
    const values = [...world.secretValues(), wrongSecret, hookSecret]
    assert.deepEqual(leakedSecrets(admin.responses.join('\n'), values), [])
    assert.include(server.output, 'Consular verification API: HTTP 500')
    assert.include(server.output, 'Connector job completed')
    assert.deepEqual(leakedSecrets(server.output, values), [])
    const rows = await database.rows()
    assert.isAbove(rows.engine_records.length, 50)
    assert.isAbove(rows.audit_logs.length, 20)
    for (const [table, content] of Object.entries(rows)) {
      assert.deepEqual(leakedSecrets(JSON.stringify(content), values), [], `table ${table}`)
    }
  }).timeout(180_000)
})

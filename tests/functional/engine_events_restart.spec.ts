import { test } from '@japa/runner'
import { readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import { ServerProcess } from '#tests/support/server_process'

const BASIC = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`
const DAY = 86_400_000

async function call(server: ServerProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'authorization': BASIC, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

/**
 * The environment of a server on its own fresh database (MySQL when the
 * suite runs on it, else a SQLite file).
 */
async function freshDatabase(): Promise<{
  env: Record<string, string>
  cleanup: () => Promise<void>
}> {
  const suffix = randomBytes(4).toString('hex')
  if (process.env.DB_CONNECTION === 'mysql') {
    const database = `senflow_events_restart_${suffix}`
    const connection = await mysql.createConnection({
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 3306),
      user: process.env.DB_USER ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
    })
    await connection.query(
      `CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
    )
    return {
      env: { DB_CONNECTION: 'mysql', DB_DATABASE: database },
      cleanup: async () => {
        await connection.query(`DROP DATABASE IF EXISTS ${database}`)
        await connection.end()
      },
    }
  }
  const file = fileURLToPath(new URL(`../../tmp/events-restart-${suffix}.sqlite3`, import.meta.url))
  return {
    env: { DB_CONNECTION: 'sqlite', SQLITE_FILE: file },
    cleanup: async () => {
      for (const extra of ['', '-wal', '-shm']) await rm(`${file}${extra}`, { force: true })
    },
  }
}

/** Polls a search until it finds `count` items (or gives up after `timeoutMs`). */
async function awaitCount(
  server: ServerProcess,
  path: string,
  filter: Record<string, unknown>,
  count: number,
  timeoutMs = 30_000
): Promise<any> {
  const started = Date.now()
  for (;;) {
    const result = await call(server, 'POST', path, { filter, page: { limit: 500 } })
    if (result.body.page.totalItems >= count || Date.now() - started > timeoutMs) return result.body
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

test.group('Restart with timers and messages', () => {
  test('it should fire each timer due during downtime once and correlate each later message once', async ({
    assert,
  }) => {
    const database = await freshDatabase()
    const port = 3600 + Math.floor(Math.random() * 200)
    const server = new ServerProcess(port, { ...database.env, SENFLOW_CLOCK_CONTROL: 'true' })
    try {
      // given, on a clock a day behind, 50 instances waiting ten minutes and 50 on a payment
      await server.start()
      const form = new FormData()
      const xml = await readFile(new URL('../fixtures/engine_events.bpmn', import.meta.url))
      form.append('resources', new Blob([xml]), 'engine_events.bpmn')
      const deployed = await fetch(`${server.url}/v2/deployments`, {
        method: 'POST',
        headers: { authorization: BASIC },
        body: form,
      })
      assert.equal(deployed.status, 200)
      assert.equal(
        (await call(server, 'PUT', '/v2/clock', { timestamp: Date.now() - DAY })).status,
        204
      )
      const timerKeys: string[] = []
      const orderKeys: string[] = []
      for (let index = 0; index < 50; index++) {
        const timer = await call(server, 'POST', '/v2/process-instances', {
          processDefinitionId: 'events-timer-wait',
        })
        const order = await call(server, 'POST', '/v2/process-instances', {
          processDefinitionId: 'events-order',
          variables: { orderId: `restart-${index}` },
        })
        assert.equal(timer.status, 200)
        assert.equal(order.status, 200)
        timerKeys.push(timer.body.processInstanceKey)
        orderKeys.push(order.body.processInstanceKey)
      }

      // when the process is killed, starts again on the machine's clock (every timer is a day
      // overdue) and the payments arrive
      await server.kill()
      await server.start()
      const fired = await awaitCount(
        server,
        '/v2/process-instances/search',
        { processDefinitionId: 'events-timer-wait', state: 'COMPLETED' },
        50
      )
      for (let index = 0; index < 50; index++) {
        const published = await call(server, 'POST', '/v2/messages/publication', {
          name: 'events-payment',
          correlationKey: `restart-${index}`,
          variables: { index },
        })
        assert.equal(published.status, 200)
      }

      // then every timer fired once, and every payment reached its order once
      assert.sameMembers(
        fired.items.map((item: any) => item.processInstanceKey),
        timerKeys
      )
      const waits = await call(server, 'POST', '/v2/element-instances/search', {
        filter: { elementId: 'wait' },
        page: { limit: 500 },
      })
      assert.equal(waits.body.page.totalItems, 50)
      assert.isTrue(waits.body.items.every((item: any) => item.state === 'COMPLETED'))
      const paid = await awaitCount(
        server,
        '/v2/process-instances/search',
        { processDefinitionId: 'events-order', state: 'COMPLETED' },
        50
      )
      assert.sameMembers(
        paid.items.map((item: any) => item.processInstanceKey),
        orderKeys
      )
      const correlated = await call(server, 'POST', '/v2/message-subscriptions/search', {
        filter: { messageName: 'events-payment' },
        page: { limit: 500 },
      })
      assert.equal(correlated.body.page.totalItems, 50)
      assert.isTrue(
        correlated.body.items.every((item: any) => item.messageSubscriptionState === 'CORRELATED')
      )
      // (the demo's living dossiers and commitments wait on messages of their own)
      const open = await call(server, 'POST', '/v2/message-subscriptions/search', {
        filter: { state: 'CREATED', messageName: 'events-payment' },
      })
      assert.equal(open.body.page.totalItems, 0)
    } finally {
      await server.stop()
      await database.cleanup()
    }
  }).timeout(180_000)
})

import { test } from '@japa/runner'
import { readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import { ServerProcess } from '#tests/support/server_process'

const BASIC = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`

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
 * The environment of a server on its own fresh database.
 */
async function freshDatabase(): Promise<{
  env: Record<string, string>
  cleanup: () => Promise<void>
}> {
  const suffix = randomBytes(4).toString('hex')
  if (process.env.DB_CONNECTION === 'mysql') {
    const database = `senflow_restart_${suffix}`
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
  const file = fileURLToPath(new URL(`../../tmp/restart-${suffix}.sqlite3`, import.meta.url))
  return {
    env: { DB_CONNECTION: 'sqlite', SQLITE_FILE: file },
    cleanup: async () => {
      for (const extra of ['', '-wal', '-shm']) await rm(`${file}${extra}`, { force: true })
    },
  }
}

test.group('Restart', () => {
  test('it should finish 100 instances waiting on jobs exactly once after the server process is killed', async ({
    assert,
  }) => {
    const database = await freshDatabase()
    const port = 3400 + Math.floor(Math.random() * 200)
    const server = new ServerProcess(port, database.env)
    try {
      // given 100 instances waiting on a job
      await server.start()
      const form = new FormData()
      const xml = await readFile(new URL('../fixtures/restart_wait.bpmn', import.meta.url))
      form.append('resources', new Blob([xml]), 'restart_wait.bpmn')
      const deployed = await fetch(`${server.url}/v2/deployments`, {
        method: 'POST',
        headers: { authorization: BASIC },
        body: form,
      })
      assert.equal(deployed.status, 200)
      const keys: string[] = []
      for (let index = 0; index < 100; index++) {
        const created = await call(server, 'POST', '/v2/process-instances', {
          processDefinitionId: 'restart-wait',
          variables: { index },
        })
        assert.equal(created.status, 200)
        keys.push(created.body.processInstanceKey)
      }

      // when the process is killed and started again
      await server.kill()
      await server.start()

      // then every job can be activated and completed once
      const completed = new Map<string, number>()
      for (let round = 0; round < 20 && completed.size < 100; round++) {
        const activated = await call(server, 'POST', '/v2/jobs/activation', {
          type: 'restart-work',
          worker: 'restart-test',
          timeout: 60_000,
          maxJobsToActivate: 50,
          requestTimeout: 1_000,
        })
        for (const job of activated.body.jobs) {
          const done = await call(server, 'POST', `/v2/jobs/${job.jobKey}/completion`, {
            variables: { done: true },
          })
          assert.equal(done.status, 204)
          completed.set(job.processInstanceKey, (completed.get(job.processInstanceKey) ?? 0) + 1)
        }
      }
      assert.equal(completed.size, 100)
      assert.isTrue([...completed.values()].every((count) => count === 1))

      // and all 100 instances completed, each passing its end event once
      const finished = await call(server, 'POST', '/v2/process-instances/search', {
        filter: { processDefinitionId: 'restart-wait', state: 'COMPLETED' },
        page: { limit: 200 },
      })
      assert.equal(finished.body.page.totalItems, 100)
      assert.sameMembers(
        finished.body.items.map((item: any) => item.processInstanceKey),
        keys
      )
      for (const key of keys.slice(0, 10)) {
        const ends = await call(server, 'POST', '/v2/element-instances/search', {
          filter: { processInstanceKey: key, elementId: 'end' },
        })
        assert.equal(ends.body.page.totalItems, 1)
      }
    } finally {
      await server.stop()
      await database.cleanup()
    }
  }).timeout(180_000)
})

import { EmbeddedEngine, MemoryStore, type FeelFunction } from '@senflow/engine'
import { ZeebeGateway } from '@senflow/zeebe'
import { rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { ServerProcess } from '#tests/support/server_process'

/**
 * "Zeebe" for the app-level tests: the Zeebe gRPC gateway on loopback over an embedded engine
 * that hosts no Senflow workers (a cluster's role), accepting one access token.
 */
export async function startStandInCluster(feelFunctions?: Record<string, FeelFunction>) {
  const token = `sfl_zeebe_${randomBytes(8).toString('hex')}`
  const engine = new EmbeddedEngine({
    store: new MemoryStore(),
    feelFunctions,
    longPollInterval: 200,
  })
  await engine.start()
  const gateway = new ZeebeGateway({
    engine,
    port: 0,
    host: '127.0.0.1',
    authenticate: async (given) => (given === token ? { id: 'senflow' } : null),
  })
  const port = await gateway.start()
  return {
    engine,
    token,
    address: `127.0.0.1:${port}`,
    async close() {
      await gateway.stop()
      await engine.stop()
    },
  }
}

/** A fresh SQLite file under tmp/ for a server process, and how to remove it. */
export function freshSqliteFile(name: string) {
  const file = fileURLToPath(
    new URL(
      `../../../tmp/test-hzeebe-${name}-${randomBytes(4).toString('hex')}.sqlite3`,
      import.meta.url
    )
  )
  return {
    file,
    remove: async () => {
      for (const extra of ['', '-wal', '-shm']) await rm(`${file}${extra}`, { force: true })
    },
  }
}

/** Settles when the promise does, or after `ms`, whichever comes first. */
export function within(ms: number, promise: Promise<unknown>) {
  return Promise.race([
    promise.catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, ms)),
  ])
}

/** Stops the server gracefully; kills it if it has not exited within 20 s (and says so). */
export async function stopServer(server: ServerProcess) {
  const stopped = await Promise.race([
    server.stop().then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
  ])
  if (!stopped) {
    console.error(`The server did not stop within 20 s:\n${server.output.slice(-4000)}`)
    await server.kill()
  }
}

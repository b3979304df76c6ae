import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * SQLite settings of the connection the app (and the engine's store) writes through, and the
 * checkpoints that keep its write-ahead log short without making commits wait.
 *
 * In WAL mode, SQLite by default copies the log back into the database file (a checkpoint)
 * inside the commit that takes the log past 1,000 pages — on the engine's single connection,
 * that is a few milliseconds of file writes several times a second, on the event loop, in the
 * middle of a commit: it costs throughput and shows as a latency tail. Here the connection
 * leaves checkpoints to a worker thread with its own connection to the same file, which runs a
 * PASSIVE checkpoint every `intervalMs` (it never blocks the writer, and copies each page once
 * however many commits rewrote it); the log restarts from its beginning at the first write
 * after a checkpoint caught up. Should the worker fall behind, the connection still
 * checkpoints by itself once the log reaches `SQLITE_WAL_AUTOCHECKPOINT_PAGES` (a bound on
 * the log's size, about 64 MB with 4 KB pages).
 */
export const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 16_384

/** The pragmas of a connection that writes (WAL, checkpoints as above). */
export const SQLITE_CONNECTION_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  `wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`,
] as const

/** A running checkpointer. */
export interface SqliteCheckpointer {
  /** Stops the worker (after a last checkpoint) and closes its connection. */
  stop(): Promise<void>
}

const running = new Map<string, { checkpointer: SqliteCheckpointer; users: number }>()

/**
 * Starts the checkpointer of a database file, or shares the one already running for it (one
 * per file and process; `stop` of the last user stops it). The worker does not keep the
 * process alive.
 */
export function startSqliteCheckpointer(
  filename: string,
  options: { intervalMs?: number } = {}
): SqliteCheckpointer {
  const existing = running.get(filename)
  if (existing) {
    existing.users++
    return sharedHandle(filename)
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      filename,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? 200,
    },
  })
  worker.unref()
  // a checkpoint that cannot run (file removed, disk full) only leaves the log to the connection
  worker.on('error', () => running.delete(filename))
  const stopped = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const checkpointer: SqliteCheckpointer = {
    async stop() {
      worker.postMessage('stop')
      await stopped
    },
  }
  running.set(filename, { checkpointer, users: 1 })
  return sharedHandle(filename)
}

function sharedHandle(filename: string): SqliteCheckpointer {
  let stopped = false
  return {
    async stop() {
      const entry = running.get(filename)
      if (stopped || !entry) {
        return
      }
      stopped = true
      entry.users--
      if (entry.users === 0) {
        running.delete(filename)
        await entry.checkpointer.stop()
      }
    },
  }
}

/** The worker: its own connection, a PASSIVE checkpoint every interval. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.filename, { fileMustExist: true })
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // busy (the connection is checkpointing itself): the next round will do it
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer)
    checkpoint()
    db.close()
    parentPort.close()
  }
})
`

import { test } from '@japa/runner'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  SQLITE_CONNECTION_PRAGMAS,
  startSqliteCheckpointer,
} from '../../src/store/sqlite_checkpointer.js'

/** The part of better-sqlite3 (untyped here) the spec uses. */
interface SqliteDatabase {
  pragma(text: string): unknown
  exec(sql: string): void
  prepare(sql: string): { run(...values: unknown[]): unknown; get(): unknown }
  transaction(work: () => void): () => void
  close(): void
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string
) => SqliteDatabase

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.group('SQLite checkpointer', () => {
  test('it should keep the write-ahead log short while the connection writes', async ({
    assert,
  }) => {
    // given a connection with the app's pragmas, and the checkpointer on its file
    const directory = mkdtempSync(join(tmpdir(), 'senflow-checkpoint-'))
    const file = join(directory, 'db.sqlite3')
    const db = new Database(file)
    for (const pragma of SQLITE_CONNECTION_PRAGMAS) {
      db.pragma(pragma)
    }
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)')
    const checkpointer = startSqliteCheckpointer(file, { intervalMs: 10 })
    try {
      // when 48 MB are written in 1 MB commits (below the connection's own checkpoint bound)
      const insert = db.prepare('INSERT INTO t (payload) VALUES (?)')
      const payload = 'x'.repeat(4000)
      let largestLog = 0
      for (let commit = 0; commit < 48; commit++) {
        db.transaction(() => {
          for (let row = 0; row < 256; row++) {
            insert.run(payload)
          }
        })()
        largestLog = Math.max(largestLog, statSync(`${file}-wal`).size)
        await sleep(25)
      }

      // then the log was reused from its beginning instead of growing to the whole 48 MB
      assert.isBelow(largestLog, 16 * 1024 * 1024)
      assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 48 * 256)
    } finally {
      await checkpointer.stop()
      db.close()
      rmSync(directory, { recursive: true, force: true })
    }
  })
})

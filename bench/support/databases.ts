import knexFactory, { type Knex } from 'knex'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import {
  SQLITE_CONNECTION_PRAGMAS,
  startSqliteCheckpointer,
} from '@senflow/engine/store/sqlite_checkpointer'

/** The repository root (benchmarks run from anywhere). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The databases a benchmark can run on. */
export type BenchDatabase = 'sqlite' | 'mysql'

/** Where MariaDB/MySQL is, from the same variables the app reads (loopback by default). */
export function mysqlSettings() {
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USER ?? 'root',
    password: process.env.DB_PASSWORD ?? '',
  }
}

/**
 * Knex on a SQLite file exactly as the app opens it (config/database.ts): one connection, WAL,
 * `synchronous = NORMAL`, checkpoints by a worker thread (the engine's `sqlite_checkpointer.ts`).
 * With `fresh`, the file (and its WAL) is removed first.
 */
export function sqliteKnex(
  file: string,
  fresh = false,
  /** Extra pragmas after the app's (experiments, e.g. `wal_autocheckpoint = 0`). */
  pragmas: string[] = []
): Knex {
  mkdirSync(dirname(file), { recursive: true })
  if (fresh) {
    for (const suffix of ['', '-wal', '-shm']) {
      rmSync(file + suffix, { force: true })
    }
  }
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        connection: { pragma(text: string): void },
        done: (error: Error | null, connection: unknown) => void
      ) => {
        for (const pragma of [...SQLITE_CONNECTION_PRAGMAS, ...pragmas]) {
          connection.pragma(pragma)
        }
        startSqliteCheckpointer(file)
        done(null, connection)
      },
    },
  })
}

/**
 * Knex on a MariaDB/MySQL database as the app opens it (utf8mb4, pool of up to 20), or as it
 * opens the engine's own pool (`engine`: several statements per request, up to 10; see
 * `config/database.ts`). The database is created when missing; with `fresh`, dropped and
 * created again.
 */
export async function mysqlKnex(
  database: string,
  fresh = false,
  pool: 'app' | 'engine' = 'app'
): Promise<Knex> {
  const admin = knexFactory({ client: 'mysql2', connection: mysqlSettings() })
  try {
    if (fresh) {
      await admin.raw('DROP DATABASE IF EXISTS ??', [database])
    }
    await admin.raw(
      'CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
      [database]
    )
  } finally {
    await admin.destroy()
  }
  return knexFactory({
    client: 'mysql2',
    connection: {
      ...mysqlSettings(),
      database,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: pool === 'engine',
    },
    pool: { min: 0, max: pool === 'engine' ? 10 : 20 },
  })
}

/** A file under the repository's `tmp/` folder (ignored by git). */
export function tmpFile(name: string): string {
  return join(ROOT, 'tmp', name)
}

/** The server version of a database, for the report. */
export async function serverVersion(knex: Knex, dialect: BenchDatabase): Promise<string> {
  if (dialect === 'sqlite') {
    const rows = (await knex.raw('select sqlite_version() as version')) as Array<{
      version: string
    }>
    return `SQLite ${rows[0].version}`
  }
  const [rows] = (await knex.raw('select version() as version')) as [Array<{ version: string }>]
  return `MariaDB/MySQL ${rows[0].version}`
}

/** Most bind variables per statement (SQLite allows 32,766). */
const MAX_BINDINGS = 30_000

/**
 * Inserts rows with multi-row `INSERT … VALUES (…), (…)` statements, as many rows per
 * statement as the bind limit allows, on SQLite and MariaDB alike (knex's own multi-row insert
 * on SQLite is a compound SELECT limited to 500 rows). Every row has the columns of the first;
 * booleans are bound as 1/0.
 */
export async function insertRows(
  knex: Knex | Knex.Transaction,
  table: string,
  rows: Array<Record<string, unknown>>
): Promise<void> {
  if (rows.length === 0) {
    return
  }
  const columns = Object.keys(rows[0])
  const perStatement = Math.max(1, Math.floor(MAX_BINDINGS / columns.length))
  const placeholders = `(${columns.map(() => '?').join(', ')})`
  for (let index = 0; index < rows.length; index += perStatement) {
    const chunk = rows.slice(index, index + perStatement)
    const bindings: unknown[] = [table, ...columns]
    for (const row of chunk) {
      for (const column of columns) {
        const value = row[column]
        bindings.push(typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null))
      }
    }
    await knex.raw(
      `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => placeholders).join(', ')}`,
      bindings as Knex.RawBinding[]
    )
  }
}

/** The part of a mysql2 connection the bulk writer uses. */
interface BulkConnection {
  query(options: { sql: string; infileStreamFactory: () => Readable }): Promise<unknown>
  end(): Promise<void>
}

/**
 * Writes many rows fast: `LOAD DATA LOCAL INFILE` from memory on MariaDB/MySQL (its own
 * connection, rows streamed as tab-separated lines), multi-row inserts on SQLite. For seeding
 * large histories; not how the app writes.
 */
export class BulkWriter {
  #connection: BulkConnection | null = null

  private constructor(private readonly knex: Knex) {}

  /** Opens a writer on the database of `knex`. */
  static async open(knex: Knex, dialect: BenchDatabase, database?: string): Promise<BulkWriter> {
    const writer = new BulkWriter(knex)
    if (dialect === 'mysql') {
      const mysql = await import('mysql2/promise')
      writer.#connection = (await mysql.createConnection({
        ...mysqlSettings(),
        database,
        charset: 'utf8mb4',
        timezone: 'Z',
        infileStreamFactory: () => Readable.from([]),
      })) as unknown as BulkConnection
    }
    return writer
  }

  /** Appends rows (every row has the columns of the first). */
  async insert(table: string, rows: Array<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) {
      return
    }
    if (!this.#connection) {
      return insertRows(this.knex, table, rows)
    }
    const columns = Object.keys(rows[0])
    const field = (value: unknown) => {
      if (value === null || value === undefined) {
        return '\\N'
      }
      const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
      return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
    }
    // packets stay well under max_allowed_packet: a buffer per thousand lines
    const chunks: Buffer[] = []
    for (let index = 0; index < rows.length; index += 1000) {
      const lines = rows
        .slice(index, index + 1000)
        .map((row) => columns.map((column) => field(row[column])).join('\t'))
      chunks.push(Buffer.from(lines.join('\n') + '\n'))
    }
    await this.#connection.query({
      sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 (${columns.map((column) => `\`${column}\``).join(', ')})`,
      infileStreamFactory: () => Readable.from(chunks),
    })
  }

  /** Closes the writer's own connection. */
  async close(): Promise<void> {
    await this.#connection?.end()
    this.#connection = null
  }
}

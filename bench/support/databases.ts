import knexFactory, { type Knex } from 'knex'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

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
 * `synchronous = NORMAL`. With `fresh`, the file (and its WAL) is removed first.
 */
export function sqliteKnex(file: string, fresh = false): Knex {
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
        connection.pragma('journal_mode = WAL')
        connection.pragma('synchronous = NORMAL')
        connection.pragma('foreign_keys = ON')
        connection.pragma('busy_timeout = 5000')
        done(null, connection)
      },
    },
  })
}

/**
 * Knex on a MariaDB/MySQL database as the app opens it (utf8mb4, pool of up to 20). The
 * database is created when missing; with `fresh`, dropped and created again.
 */
export async function mysqlKnex(database: string, fresh = false): Promise<Knex> {
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
    },
    pool: { min: 0, max: 20 },
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

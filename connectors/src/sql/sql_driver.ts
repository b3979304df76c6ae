import { createRequire } from 'node:module'
import { ConnectorError } from '../errors.js'
import type { SqlDialect } from './sql_lexer.js'

/**
 * The three databases behind one small interface: run one statement with
 * positional values, within a read-only transaction when asked, returning
 * at most `maxRows` rows. Each driver keeps one pool per configuration
 * (SQLite: one handle, the library being synchronous and in-process).
 * Drivers are loaded on first use, so a deployment without MySQL does not
 * load mysql2.
 */

/** Resolved connection settings (no placeholders left). */
export interface SqlConnectionSettings {
  host?: string
  port?: number
  user?: string
  password?: string
  database?: string
  filename?: string
}

/** How one statement runs. */
export interface SqlRunOptions {
  /** Open the transaction read-only (the database then refuses writes too). */
  readOnly: boolean
  /** Whether the statement was classified as a read (selects rows). */
  read: boolean
  /** Whether it can run in a PostgreSQL cursor. */
  cursorable: boolean
  maxRows: number
  signal?: AbortSignal
}

/** What a statement produced. */
export interface SqlRunResult {
  rows: Record<string, unknown>[]
  /** Rows returned for a read; rows affected for a write. */
  rowCount: number
  /** Whether more rows matched than were returned. */
  truncated: boolean
  columns: string[]
  lastInsertId?: number | string
}

/** A database pool for one configuration. */
export interface SqlDriver {
  run(sql: string, values: unknown[], options: SqlRunOptions): Promise<SqlRunResult>
  close(): Promise<void>
}

/** Pool and time limits of a driver. */
export interface SqlDriverOptions {
  poolSize: number
  statementTimeoutMs: number
  /** Open SQLite read-only. */
  readOnly: boolean
}

const require = createRequire(import.meta.url)

/** Creates the driver of a dialect. */
export function createSqlDriver(
  dialect: SqlDialect,
  settings: SqlConnectionSettings,
  options: SqlDriverOptions
): SqlDriver {
  switch (dialect) {
    case 'mysql':
      return new MysqlDriver(settings, options)
    case 'postgres':
      return new PostgresDriver(settings, options)
    case 'sqlite':
      return new SqliteDriver(settings, options)
  }
}

/** Wraps a database error: connection trouble, deadlocks and busy databases may pass on a retry; SQL errors do not. */
export function databaseError(dialect: SqlDialect, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error
  const details = error as { code?: unknown; errno?: unknown; message?: unknown }
  const code =
    typeof details.code === 'string'
      ? details.code
      : details.errno === undefined
        ? undefined
        : String(details.errno)
  const message = typeof details.message === 'string' ? details.message : String(error)
  return new ConnectorError(
    `${DIALECT_NAMES[dialect]} error${code ? ` ${code}` : ''}: ${message}`,
    {
      code,
      retryable: isTransient(code),
      cause: error,
    }
  )
}

const DIALECT_NAMES: Record<SqlDialect, string> = {
  mysql: 'MySQL/MariaDB',
  postgres: 'PostgreSQL',
  sqlite: 'SQLite',
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
])

function isTransient(code: string | undefined): boolean {
  if (!code) return true
  if (TRANSIENT_CODES.has(code)) return true
  // PostgreSQL SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator intervention.
  return /^(08|40|53|57)[0-9A-Z]{3}$/.test(code)
}

/** Abort signal → a callback, with a way to stop listening. */
function onAbort(signal: AbortSignal | undefined, abort: () => void): () => void {
  if (!signal) return () => {}
  if (signal.aborted) {
    abort()
    return () => {}
  }
  signal.addEventListener('abort', abort, { once: true })
  return () => signal.removeEventListener('abort', abort)
}

// ---------------------------------------------------------------- MySQL / MariaDB

type MysqlModule = typeof import('mysql2/promise')
type MysqlPool = import('mysql2/promise').Pool
type MysqlPoolConnection = import('mysql2/promise').PoolConnection

class MysqlDriver implements SqlDriver {
  readonly #pool: MysqlPool

  constructor(settings: SqlConnectionSettings, options: SqlDriverOptions) {
    const mysql = require('mysql2/promise') as MysqlModule
    this.#pool = mysql.createPool({
      host: settings.host ?? '127.0.0.1',
      port: settings.port ?? 3306,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      connectionLimit: options.poolSize,
      multipleStatements: false,
      dateStrings: true,
      supportBigNumbers: true,
      charset: 'utf8mb4',
      connectTimeout: 10_000,
    })
  }

  async run(sql: string, values: unknown[], options: SqlRunOptions): Promise<SqlRunResult> {
    const connection = await this.#pool.getConnection()
    let destroyed = false
    const stopListening = onAbort(options.signal, () => {
      destroyed = true
      connection.destroy()
    })
    let inTransaction = false
    try {
      if (options.readOnly) {
        await connection.query('START TRANSACTION READ ONLY')
        inTransaction = true
      }
      const result = options.read
        ? await this.#select(connection, sql, values, options.maxRows)
        : await this.#write(connection, sql, values, options.maxRows)
      if (inTransaction) await connection.query('COMMIT')
      return result
    } catch (error) {
      if (inTransaction && !destroyed) await connection.query('ROLLBACK').catch(() => {})
      throw databaseError('mysql', error)
    } finally {
      stopListening()
      if (!destroyed) connection.release()
    }
  }

  async #select(
    connection: MysqlPoolConnection,
    sql: string,
    values: unknown[],
    maxRows: number
  ): Promise<SqlRunResult> {
    // The server stops after maxRows + 1 rows of a SELECT without its own LIMIT; rows beyond are discarded as they stream.
    await connection.query('SET SESSION sql_select_limit = ?', [maxRows + 1])
    try {
      const rows: Record<string, unknown>[] = []
      let columns: string[] = []
      let matched = 0
      await new Promise<void>((resolve, reject) => {
        // The callback API's connection streams rows as events; the promise API would buffer them all.
        const core = (
          connection as unknown as {
            connection: { execute(sql: string, values: unknown[]): NodeJS.EventEmitter }
          }
        ).connection
        const query = core.execute(sql, values)
        query.on('fields', (fields: { name: string }[]) => {
          columns = fields.map((field) => field.name)
        })
        query.on('result', (row: Record<string, unknown>) => {
          matched++
          if (rows.length < maxRows) rows.push(row)
        })
        query.on('error', reject)
        query.on('end', () => resolve())
      })
      return { rows, rowCount: rows.length, truncated: matched > maxRows, columns }
    } finally {
      await connection.query('SET SESSION sql_select_limit = DEFAULT').catch(() => {})
    }
  }

  async #write(
    connection: MysqlPoolConnection,
    sql: string,
    values: unknown[],
    maxRows: number
  ): Promise<SqlRunResult> {
    const [result, fields] = await connection.execute(sql, values as never[])
    if (Array.isArray(result)) {
      const rows = result as Record<string, unknown>[]
      return {
        rows: rows.slice(0, maxRows),
        rowCount: rows.length,
        truncated: rows.length > maxRows,
        columns: (fields ?? []).map((field) => field.name),
      }
    }
    const header = result as { affectedRows: number; insertId: number }
    return {
      rows: [],
      rowCount: header.affectedRows,
      truncated: false,
      columns: [],
      ...(header.insertId ? { lastInsertId: header.insertId } : {}),
    }
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }
}

// ---------------------------------------------------------------- PostgreSQL

type PgModule = typeof import('pg')
type PgPool = import('pg').Pool
type PgClient = import('pg').PoolClient

class PostgresDriver implements SqlDriver {
  readonly #pool: PgPool

  constructor(settings: SqlConnectionSettings, options: SqlDriverOptions) {
    const pg = require('pg') as PgModule
    this.#pool = new pg.Pool({
      host: settings.host ?? '127.0.0.1',
      port: settings.port ?? 5432,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: 10_000,
      application_name: 'senflow-connectors',
    })
    // An idle client losing its connection must not crash the process.
    this.#pool.on('error', () => {})
  }

  async run(sql: string, values: unknown[], options: SqlRunOptions): Promise<SqlRunResult> {
    const client = await this.#pool.connect()
    let released = false
    const stopListening = onAbort(options.signal, () => {
      released = true
      client.release(new Error('aborted'))
    })
    try {
      await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN')
      const result =
        options.read && options.cursorable
          ? await this.#viaCursor(client, sql, values, options.maxRows)
          : await this.#direct(client, sql, values, options.maxRows)
      await client.query('COMMIT')
      return result
    } catch (error) {
      if (!released) await client.query('ROLLBACK').catch(() => {})
      throw databaseError('postgres', error)
    } finally {
      stopListening()
      if (!released) client.release()
    }
  }

  /** A cursor fetches maxRows + 1 rows and no more, whatever the statement's own LIMIT. */
  async #viaCursor(
    client: PgClient,
    sql: string,
    values: unknown[],
    maxRows: number
  ): Promise<SqlRunResult> {
    await client.query({ text: `DECLARE senflow_rows NO SCROLL CURSOR FOR ${sql}`, values })
    const fetched = await client.query(`FETCH FORWARD ${maxRows + 1} FROM senflow_rows`)
    await client.query('CLOSE senflow_rows')
    const rows = fetched.rows.slice(0, maxRows)
    return {
      rows,
      rowCount: rows.length,
      truncated: fetched.rows.length > maxRows,
      columns: fetched.fields.map((field) => field.name),
    }
  }

  async #direct(
    client: PgClient,
    sql: string,
    values: unknown[],
    maxRows: number
  ): Promise<SqlRunResult> {
    const result = await client.query({ text: sql, values })
    const rows = (result.rows ?? []) as Record<string, unknown>[]
    const returnsRows = (result.fields ?? []).length > 0
    return {
      rows: rows.slice(0, maxRows),
      rowCount:
        returnsRows && result.command === 'SELECT' ? rows.length : (result.rowCount ?? rows.length),
      truncated: rows.length > maxRows,
      columns: (result.fields ?? []).map((field) => field.name),
    }
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }
}

// ---------------------------------------------------------------- SQLite

/** The part of better-sqlite3's API the driver uses (the library ships no types). */
interface SqliteStatement {
  readonly reader: boolean
  readonly readonly: boolean
  iterate(...values: unknown[]): IterableIterator<Record<string, unknown>>
  run(...values: unknown[]): { changes: number; lastInsertRowid: number | bigint }
  columns(): { name: string }[]
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  close(): void
}
type SqliteConstructor = new (
  filename: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }
) => SqliteDatabase

class SqliteDriver implements SqlDriver {
  readonly #database: SqliteDatabase
  readonly #readOnly: boolean

  constructor(settings: SqlConnectionSettings, options: SqlDriverOptions) {
    const Database = require('better-sqlite3') as SqliteConstructor
    if (!settings.filename)
      throw new ConnectorError('Expected connection.filename for SQLite, but it is missing', {
        retryable: false,
      })
    this.#readOnly = options.readOnly
    this.#database = new Database(settings.filename, {
      readonly: options.readOnly,
      fileMustExist: options.readOnly,
      timeout: options.statementTimeoutMs,
    })
  }

  async run(sql: string, values: unknown[], options: SqlRunOptions): Promise<SqlRunResult> {
    try {
      const statement = this.#database.prepare(sql)
      if ((options.readOnly || this.#readOnly) && !statement.readonly) {
        throw new ConnectorError(
          'SQLite error SQLITE_READONLY: the statement would write to a read-only database',
          {
            code: 'SQLITE_READONLY',
            retryable: false,
          }
        )
      }
      const bound = values.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value))
      if (statement.reader) {
        const rows: Record<string, unknown>[] = []
        let truncated = false
        for (const row of statement.iterate(...bound)) {
          if (rows.length === options.maxRows) {
            truncated = true
            break
          }
          rows.push(row)
        }
        return {
          rows,
          rowCount: rows.length,
          truncated,
          columns: statement.columns().map((column) => column.name),
        }
      }
      const result = statement.run(...bound)
      return {
        rows: [],
        rowCount: result.changes,
        truncated: false,
        columns: [],
        lastInsertId:
          typeof result.lastInsertRowid === 'bigint'
            ? String(result.lastInsertRowid)
            : result.lastInsertRowid,
      }
    } catch (error) {
      throw databaseError('sqlite', error)
    }
  }

  async close(): Promise<void> {
    this.#database.close()
  }
}

import type { Knex } from 'knex'
import { MAX_REQUEST_CHARS, MysqlSession } from './mysql_session.js'
import { isMysql } from './sql_schema.js'
import {
  PRIMARY_KEYS,
  type Condition,
  type EngineStore,
  type Row,
  type RowQuery,
  type Scalar,
  type StoreChanges,
  type StoreTransaction,
  type TableName,
} from './store.js'

/** Most bind parameters one statement may carry (SQLite allows 32766). */
const MAX_BINDINGS = 10_000

/**
 * The SQL store: the engine tables (see `sql_schema.ts`) through a knex instance the app owns,
 * on SQLite (`better-sqlite3`) or MySQL/MariaDB (`mysql2`); the dialect is read from
 * `knex.client.config.client`.
 *
 * Writes of a batch are multi-row statements (one per table and kind), so a batch of a hundred
 * commands costs a handful of statements. On MySQL/MariaDB, `lock` is `SELECT … FOR UPDATE`
 * and `claim` adds `SKIP LOCKED`, which makes job activation safe between server processes
 * sharing a database; a transaction's writes travel with its next read or its `COMMIT`, in one
 * request when the pool's connections allow several statements (see `MysqlSession`). SQLite
 * has a single writer: transactions are serialized by the database.
 */
export class SqlStore implements EngineStore {
  readonly dialect: 'sqlite' | 'mysql'
  readonly #mysql: boolean

  constructor(private readonly knex: Knex) {
    this.#mysql = isMysql(knex)
    this.dialect = this.#mysql ? 'mysql' : 'sqlite'
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    if (this.#mysql) {
      return MysqlSession.run(this.knex, (session) =>
        work({
          query: (table, query) => session.read(this.#selectSql(table, query, false)),
          lock: async (table, keys, columns) =>
            keys.length === 0 ? [] : session.read(this.#lockSql(table, keys, columns)),
          claim: (table, query) => session.read(this.#selectSql(table, query, true)),
          write: (changes) => session.keep(this.#mysqlStatements(changes)),
        })
      )
    }
    return this.knex.transaction(async (trx) => {
      const tx: StoreTransaction = {
        query: (table, query) => this.#select(trx, table, query, false),
        lock: async (table, keys, columns) => {
          if (keys.length === 0) {
            return []
          }
          return this.#rows(
            await trx(table)
              .select(columns ?? '*')
              .whereIn(
                PRIMARY_KEYS[table],
                keys.map((key) => bindValue(PRIMARY_KEYS[table], key))
              )
          )
        },
        claim: (table, query) => this.#select(trx, table, query, true),
        write: (changes) => this.#writeSqlite(trx, changes),
      }
      return work(tx)
    })
  }

  query(table: TableName, query: RowQuery): Promise<Row[]> {
    return this.#select(this.knex, table, query, false)
  }

  async count(table: TableName, where?: Record<string, Condition>): Promise<number> {
    const builder = this.#where(this.knex(table).count({ total: '*' }), where)
    const rows = (await builder) as Array<{ total: number | string }>
    return Number(rows[0]?.total ?? 0)
  }

  async reserveKeyBlock(size: number): Promise<number> {
    return this.knex.transaction(async (trx) => {
      const select = trx('engine_key_blocks').select('next_value').where('name', 'keys')
      const rows = (await (this.#mysql ? select.forUpdate() : select)) as Array<{
        next_value: number | string
      }>
      if (rows.length === 0) {
        // two processes starting at once: one insert fails, the caller tries again
        await trx('engine_key_blocks').insert({ name: 'keys', next_value: 1 + size })
        return 1
      }
      const first = Number(rows[0].next_value)
      await trx('engine_key_blocks')
        .update({ next_value: first + size })
        .where('name', 'keys')
      return first
    })
  }

  async #select(
    db: Knex | Knex.Transaction,
    table: TableName,
    query: RowQuery,
    claim: boolean
  ): Promise<Row[]> {
    return this.#rows(await this.#selectBuilder(db, table, query, claim))
  }

  #selectBuilder(
    db: Knex | Knex.Transaction,
    table: TableName,
    query: RowQuery,
    claim: boolean
  ): Knex.QueryBuilder {
    let builder = this.#where(db(table).select(query.columns ?? '*'), query.where)
    for (const { column, order } of query.orderBy ?? []) {
      builder = builder.orderBy(column, order)
    }
    if (query.limit !== undefined) {
      builder = builder.limit(query.limit)
    }
    if (query.offset) {
      builder = builder.offset(query.offset)
    }
    if (claim && this.#mysql) {
      builder = builder.forUpdate().skipLocked()
    }
    return builder
  }

  /** A read as MySQL/MariaDB text: knex builds it, the values written in as the driver would. */
  #selectSql(table: TableName, query: RowQuery, claim: boolean): string {
    return this.#selectBuilder(this.knex, table, query, claim).toString()
  }

  /** `SELECT … WHERE key IN (…) FOR UPDATE` (MySQL/MariaDB). */
  #lockSql(table: TableName, keys: string[], columns?: string[]): string {
    const keyColumn = PRIMARY_KEYS[table]
    const literal = literalFor(keyColumn)
    const selected = columns ? columns.map((column) => `\`${column}\``).join(', ') : '*'
    return (
      `SELECT ${selected} FROM \`${table}\` WHERE \`${keyColumn}\` IN ` +
      `(${keys.map((key) => literal(key)).join(', ')}) FOR UPDATE`
    )
  }

  #where<B extends Knex.QueryBuilder>(builder: B, where?: Record<string, Condition>): B {
    for (const [column, condition] of Object.entries(where ?? {})) {
      if (Array.isArray(condition)) {
        builder.whereIn(
          column,
          condition.map((value) => bindValue(column, value))
        )
      } else if (condition === null) {
        builder.whereNull(column)
      } else if (typeof condition === 'object') {
        const operators: Array<[keyof typeof condition, string]> = [
          ['gt', '>'],
          ['gte', '>='],
          ['lt', '<'],
          ['lte', '<='],
          ['ne', '<>'],
          ['like', 'like'],
        ]
        for (const [name, operator] of operators) {
          const value = condition[name]
          if (value !== undefined) {
            builder.where(column, operator, bindValue(column, value as Scalar))
          }
        }
      } else {
        builder.where(column, bindValue(column, condition))
      }
    }
    return builder
  }

  #rows(result: unknown): Row[] {
    return result as Row[]
  }

  /**
   * The statements writing a batch's changes on MySQL/MariaDB. Deletes first: a row removed and
   * another inserted with the same unique value (a message id whose message expired) must not
   * clash.
   */
  #mysqlStatements(changes: StoreChanges): string[] {
    const statements: string[] = []
    for (const { table, keys } of changes.deletes) {
      const keyColumn = PRIMARY_KEYS[table]
      const literal = literalFor(keyColumn)
      for (let index = 0; index < keys.length; index += MAX_BINDINGS) {
        const chunk = keys.slice(index, index + MAX_BINDINGS)
        statements.push(
          `DELETE FROM \`${table}\` WHERE \`${keyColumn}\` IN (${chunk.map((key) => literal(key)).join(', ')})`
        )
      }
    }
    for (const { table, rows } of changes.inserts) {
      statements.push(...this.#insertStatements(table, rows, false))
    }
    for (const { table, rows } of changes.upserts) {
      statements.push(...this.#insertStatements(table, rows, true))
    }
    return statements
  }

  /**
   * SQLite runs in this process: one cached prepared statement per table and kind, run per row
   * on the transaction's connection, is cheaper than building and preparing large statements.
   */
  async #writeSqlite(trx: Knex.Transaction, changes: StoreChanges): Promise<void> {
    const client = (trx as unknown as { client: { acquireConnection(): Promise<SqliteDatabase> } })
      .client
    const db = await client.acquireConnection()
    for (const { table, keys } of changes.deletes) {
      const statement = this.#prepared(
        db,
        `DELETE FROM "${table}" WHERE "${PRIMARY_KEYS[table]}" = ?`
      )
      for (const key of keys) {
        statement.run(bindValue(PRIMARY_KEYS[table], key))
      }
    }
    for (const [upsert, list] of [
      [false, changes.inserts],
      [true, changes.upserts],
    ] as const) {
      for (const { table, rows } of list) {
        if (rows.length === 0) {
          continue
        }
        const columns = Object.keys(rows[0])
        const statement = this.#prepared(db, this.#insertSql(table, columns, upsert, 1))
        for (const row of rows) {
          statement.run(...columns.map((column) => bindValue(column, row[column] ?? null)))
        }
      }
    }
  }

  #prepared(db: SqliteDatabase, sql: string): SqliteStatement {
    let statements = preparedStatements.get(db)
    if (!statements) {
      statements = new Map()
      preparedStatements.set(db, statements)
    }
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }

  /** `INSERT INTO t (…) VALUES (…), … [upsert clause]` for `rowCount` rows. */
  #insertSql(table: TableName, columns: string[], upsert: boolean, rowCount: number): string {
    const quote = this.#mysql ? (name: string) => `\`${name}\`` : (name: string) => `"${name}"`
    const placeholders = `(${columns.map(() => '?').join(', ')})`
    const keyColumn = PRIMARY_KEYS[table]
    let suffix = ''
    if (upsert) {
      const updates = columns.filter((column) => column !== keyColumn)
      suffix = this.#mysql
        ? ` ON DUPLICATE KEY UPDATE ${updates.map((c) => `${quote(c)} = VALUES(${quote(c)})`).join(', ')}`
        : ` ON CONFLICT(${quote(keyColumn)}) DO UPDATE SET ${updates.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`
    }
    const values = Array.from({ length: rowCount }, () => placeholders).join(', ')
    return `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values}${suffix}`
  }

  /**
   * One multi-row INSERT (or upsert) per chunk of rows (MySQL/MariaDB). The values are written
   * into the statement here (see `literalFor`) rather than bound: a batch's statements carry
   * thousands of values, and binding them (knex's placeholder rewriting, then the driver's
   * escaping of each value) cost as much CPU as processing the commands did. A statement stays
   * under `MAX_REQUEST_CHARS` (the server's packet limit).
   */
  #insertStatements(table: TableName, rows: Row[], upsert: boolean): string[] {
    if (rows.length === 0) {
      return []
    }
    const columns = Object.keys(rows[0])
    // the statement around its rows: `INSERT INTO t (…)` and the upsert clause
    const [prefix, suffix] = this.#insertSql(table, columns, upsert, 0).split(' VALUES ')
    const literals = columns.map((column) => literalFor(column))
    const statements: string[] = []
    let values: string[] = []
    let length = 0
    for (const row of rows) {
      // a plain loop: this runs for every value of every row a batch writes
      let tuple = '(' + literals[0](row[columns[0]] ?? null)
      for (let index = 1; index < columns.length; index++) {
        tuple += ', ' + literals[index](row[columns[index]] ?? null)
      }
      tuple += ')'
      if (values.length > 0 && length + tuple.length > MAX_REQUEST_CHARS) {
        statements.push(`${prefix} VALUES ${values.join(', ')}${suffix}`)
        values = []
        length = 0
      }
      values.push(tuple)
      length += tuple.length + 2
    }
    statements.push(`${prefix} VALUES ${values.join(', ')}${suffix}`)
    return statements
  }
}

/** The part of a better-sqlite3 database the store uses. */
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
}

/** A better-sqlite3 prepared statement. */
interface SqliteStatement {
  run(...parameters: Scalar[]): unknown
}

const preparedStatements = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>()

/**
 * Binds a value: booleans as 0/1; keys (columns ending in `_key`, positions) travel as numbers
 * (exact below 2^53) so both databases compare them as integers. A correlation key is text.
 */
function bindValue(column: string, value: Scalar): Scalar {
  if (typeof value === 'boolean') {
    return value ? 1 : 0
  }
  if (
    typeof value === 'string' &&
    ((column.endsWith('_key') && column !== 'correlation_key') || column === 'position') &&
    /^\d{1,15}$|^\d{16}$/.test(value)
  ) {
    return Number(value)
  }
  return value
}

/**
 * A value written into a MySQL/MariaDB statement, with the conversions of `bindValue`: NULL,
 * booleans as 0/1, numbers as they are, key digits unquoted (exact: they are not parsed as
 * JavaScript numbers on the way), other text quoted with the driver's escapes for the
 * characters that matter in a quoted literal (quote, backslash, NUL, Ctrl-Z, line breaks).
 */
function literalFor(column: string): (value: Scalar) => string {
  const numericText =
    (column.endsWith('_key') && column !== 'correlation_key') || column === 'position'
  return (value) => {
    switch (typeof value) {
      case 'string':
        return numericText && NUMERIC_KEY.test(value) ? value : quoteMysql(value)
      case 'number':
        if (!Number.isFinite(value)) {
          throw new TypeError(`Expected a finite number for column '${column}', but found ${value}`)
        }
        return String(value)
      case 'boolean':
        return value ? '1' : '0'
      default:
        return 'NULL'
    }
  }
}

const NUMERIC_KEY = /^\d{1,16}$/
const MYSQL_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '\\': '\\\\',
}

// eslint-disable-next-line no-control-regex -- NUL and Ctrl-Z are among the driver's escapes
const MYSQL_SPECIAL = /[\0\n\r\x1a'\\]/
// eslint-disable-next-line no-control-regex -- the same, every occurrence
const MYSQL_SPECIALS = /[\0\n\r\x1a'\\]/g

/** A quoted MySQL string literal (backslash escapes: the server's default SQL mode). */
function quoteMysql(text: string): string {
  // most text (JSON, names, keys) has nothing to escape: testing first is the cheaper path
  return MYSQL_SPECIAL.test(text)
    ? `'${text.replace(MYSQL_SPECIALS, (character) => MYSQL_ESCAPES[character])}'`
    : `'${text}'`
}

import type { Knex } from 'knex'

/**
 * Longest request sent to MySQL/MariaDB, in characters: at most 4 bytes each in utf8mb4, well
 * under the server's default packet limit (`max_allowed_packet`, 16 MB).
 */
export const MAX_REQUEST_CHARS = 2_000_000

/** The part of a mysql2 connection the session reads. */
interface MysqlConnection {
  config?: { clientFlags?: number; queryFormat?: QueryFormat }
  format(sql: string, values: unknown): string
  [UNSCANNED]?: true
}

/** mysql2's hook that writes a query's values into its text. */
type QueryFormat = (sql: string, values: unknown, timezone: unknown) => string

const UNSCANNED = Symbol('senflow.unscanned')

/** mysql2's client flag for several statements per request (`multipleStatements`). */
const MULTI_STATEMENTS = 0x00010000

/** The part of knex's client the session uses: its pool and its query path (events, errors). */
interface KnexClient {
  acquireConnection(): Promise<MysqlConnection>
  releaseConnection(connection: MysqlConnection): Promise<void>
  query(connection: MysqlConnection, query: SentQuery): Promise<{ response: [unknown, unknown] }>
  emit(event: string, ...args: unknown[]): boolean
}

/** A request as knex's client takes it (its events carry it). */
interface SentQuery {
  sql: string
  bindings: undefined
  method: 'raw'
  __knexQueryUid: string
}

let requests = 0

/**
 * One engine transaction on one MySQL/MariaDB connection, with as few round trips as the
 * connection allows. Writes are not sent when made but kept and sent with what comes next:
 * the next read, or the commit. On a connection opened with `multipleStatements` (the engine's
 * own pool, see `docs/operations.md`), everything kept goes in the same request as that read
 * or `COMMIT`, `BEGIN` goes with the first request, and reads asked for together go together:
 * a batch that reads twice and writes costs three round trips however many tables it writes.
 * Without `multipleStatements`, each statement is its own request, as knex would send them.
 *
 * What a kept write changes is seen by every later read of the transaction (it is sent before
 * it), and an error in any kept statement fails the request that carries it: the transaction
 * is then rolled back, as it would have been had the write failed on its own.
 */
export class MysqlSession {
  /** Statements not sent yet, in order; `BEGIN` goes with the first request. */
  #pending: string[] = ['BEGIN']
  #pendingChars = 0
  /** Whether `BEGIN` has been sent (so the server holds a transaction to end). */
  #begun = false
  /** The first failure of a request whose reads nobody may have waited for. */
  #failed: { error: unknown } | null = null
  /** Reads asked for and not sent yet. */
  #reads: Array<{ sql: string; resolve(rows: unknown): void; reject(error: unknown): void }> = []
  readonly #multiple: boolean

  private constructor(
    private readonly client: KnexClient,
    private readonly connection: MysqlConnection
  ) {
    this.#multiple = ((connection.config?.clientFlags ?? 0) & MULTI_STATEMENTS) !== 0
  }

  /** Runs `work` in a transaction on a connection of the pool: committed, or rolled back. */
  static async run<T>(knex: Knex, work: (session: MysqlSession) => Promise<T>): Promise<T> {
    const client = knex.client as unknown as KnexClient
    const connection = await client.acquireConnection()
    formatOnlyWithValues(connection)
    const session = new MysqlSession(client, connection)
    try {
      const result = await work(session)
      await session.#commit()
      return result
    } catch (error) {
      await session.#rollback()
      throw error
    } finally {
      await client.releaseConnection(connection)
    }
  }

  /**
   * Sends what is kept, then `sql`; the rows `sql` returns. Reads asked for in the same turn of
   * the event loop (independent reads started together) go in the same request, in the order
   * they were asked for.
   */
  read<R>(sql: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#reads.push({ sql, resolve: resolve as (rows: unknown) => void, reject })
      if (this.#reads.length === 1) {
        queueMicrotask(() => void this.#sendReads())
      }
    })
  }

  /** Sends the reads asked for, after what is kept; settles each read. */
  async #sendReads(): Promise<void> {
    const reads = this.#reads
    this.#reads = []
    if (reads.length === 0) {
      return
    }
    const kept = this.#take()
    try {
      const results = await this.#sendAll([...kept, ...reads.map((read) => read.sql)])
      reads.forEach((read, index) => read.resolve(results[kept.length + index]))
    } catch (error) {
      this.#failed ??= { error }
      for (const read of reads) {
        read.reject(error)
      }
    }
  }

  /** Keeps statements to send with the next read or the commit. */
  async keep(statements: string[]): Promise<void> {
    if (this.#reads.length > 0) {
      // reads asked for before these writes go before them
      void this.#sendReads()
    }
    for (const statement of statements) {
      if (this.#pendingChars + statement.length > MAX_REQUEST_CHARS && this.#pending.length > 0) {
        // a request stays under the server's packet limit
        await this.#send(this.#take())
      }
      this.#pending.push(statement)
      this.#pendingChars += statement.length
    }
  }

  #take(): string[] {
    const taken = this.#pending
    this.#pending = []
    this.#pendingChars = 0
    return taken
  }

  async #commit(): Promise<void> {
    await this.#sendReads()
    if (this.#failed) {
      // a read nobody waited for failed: the transaction does not commit
      throw this.#failed.error
    }
    const pending = this.#take()
    if (!this.#begun && pending.length <= 1) {
      // nothing was read or written: no transaction to begin or end
      return
    }
    await this.#send([...pending, 'COMMIT'])
  }

  async #rollback(): Promise<void> {
    this.#pending = []
    for (const read of this.#reads.splice(0)) {
      read.reject(new Error('Expected a read in a running transaction, but it was rolled back'))
    }
    if (!this.#begun) {
      return
    }
    try {
      await this.#send(['ROLLBACK'])
    } catch {
      // the connection is gone, and the transaction with it
    }
  }

  /** Sends statements, in one request when the connection allows; the last one's result. */
  async #send(statements: string[]): Promise<unknown> {
    return (await this.#sendAll(statements))[statements.length - 1]
  }

  /** Sends statements, in one request when the connection allows; each one's result. */
  async #sendAll(statements: string[]): Promise<unknown[]> {
    if (statements[0] === 'BEGIN') {
      this.#begun = true
    }
    if (!this.#multiple) {
      const results: unknown[] = []
      for (const statement of statements) {
        results.push(await this.#request(statement))
      }
      return results
    }
    const results = await this.#request(statements.join(';\n'))
    return statements.length > 1 ? (results as unknown[]) : [results]
  }

  async #request(sql: string): Promise<unknown> {
    const query: SentQuery = {
      sql,
      bindings: undefined,
      method: 'raw',
      __knexQueryUid: `engine-${++requests}`,
    }
    const { response } = await this.client.query(this.connection, query)
    this.client.emit('query-response', response[0], query)
    return response[0]
  }
}

/**
 * mysql2 looks for `?` placeholders in every query it sends, values or not: a scan of each
 * character (quoted text skipped) that cost 5% of the engine's CPU on the large statements of
 * a batch, which carry no placeholder (the store writes the values in). On a connection the
 * engine uses, a query without values is sent as it is; one with values is formatted as mysql2
 * always does. A connection whose owner set its own `queryFormat` is left alone.
 */
function formatOnlyWithValues(connection: MysqlConnection): void {
  const config = connection.config
  if (connection[UNSCANNED] || !config || config.queryFormat !== undefined) {
    return
  }
  connection[UNSCANNED] = true
  const format: QueryFormat = (sql, values) => {
    if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) {
      return sql
    }
    // mysql2's own formatting, as without this hook
    config.queryFormat = undefined
    try {
      return connection.format(sql, values)
    } finally {
      config.queryFormat = format
    }
  }
  config.queryFormat = format
}

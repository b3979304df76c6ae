/**
 * The persistence port of the engine: a thin, row-level interface implemented in memory
 * (`MemoryStore`, for tests) and in SQL (`SqlStore`, SQLite and MySQL/MariaDB through knex).
 *
 * The engine keeps every domain rule; a store only keeps rows of the `engine_*` tables, runs
 * simple filtered queries, locks rows and writes the changes of one batch atomically. Rules of
 * the contract:
 * - everything a command changes is written by one `write` call (or a few) inside one
 *   `transaction`, which commits all or nothing;
 * - `lock` reads rows and keeps them locked until the transaction ends (row locks on MySQL;
 *   SQLite and the memory store serialize whole transactions);
 * - `claim` is `lock` for work queues: rows locked by another transaction are skipped
 *   (`FOR UPDATE SKIP LOCKED`), so two activations never hand out the same job;
 * - keys are decimal strings; columns ending in `_key` hold them (a primary key not ending in
 *   `_key`, such as a hash, is a plain string).
 */

/** The tables of the engine (created by `createEngineTables`). */
export type TableName =
  | 'engine_resources'
  | 'engine_process_definitions'
  | 'engine_forms'
  | 'engine_process_instances'
  | 'engine_jobs'
  | 'engine_incidents'
  | 'engine_records'
  | 'engine_timers'
  | 'engine_message_subscriptions'
  | 'engine_signal_subscriptions'
  | 'engine_messages'
  | 'engine_start_correlations'
  | 'engine_decision_requirements'
  | 'engine_decisions'
  | 'engine_decision_instances'

/** The primary-key column of each table. */
export const PRIMARY_KEYS: Record<TableName, string> = {
  engine_resources: 'resource_key',
  engine_process_definitions: 'process_definition_key',
  engine_forms: 'form_key',
  engine_process_instances: 'process_instance_key',
  engine_jobs: 'job_key',
  engine_incidents: 'incident_key',
  engine_records: 'position',
  engine_timers: 'timer_key',
  engine_message_subscriptions: 'subscription_key',
  engine_signal_subscriptions: 'subscription_key',
  engine_messages: 'message_key',
  engine_start_correlations: 'correlation_hash',
  engine_decision_requirements: 'decision_requirements_key',
  engine_decisions: 'decision_key',
  engine_decision_instances: 'instance_id',
}

/** A column value. */
export type Scalar = string | number | boolean | null

/** A row: column name to value (JSON columns hold text). */
export type Row = Record<string, Scalar>

/** A condition on one column: equality, membership, or a range. */
export type Condition =
  | Scalar
  | Scalar[]
  | { gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar; ne?: Scalar; like?: string }

/** A filtered, sorted, paged read of one table. */
export interface RowQuery {
  where?: Record<string, Condition>
  orderBy?: Array<{ column: string; order: 'asc' | 'desc' }>
  offset?: number
  limit?: number
  /** Only these columns (all when omitted). */
  columns?: string[]
}

/** The changes of one batch, written together. */
export interface StoreChanges {
  /** New rows (records, definitions, resources, forms). */
  inserts: Array<{ table: TableName; rows: Row[] }>
  /** Rows created or replaced, by primary key. */
  upserts: Array<{ table: TableName; rows: Row[] }>
  /** Rows removed, by primary key. */
  deletes: Array<{ table: TableName; keys: string[] }>
}

/** Work inside one transaction. */
export interface StoreTransaction {
  /** Reads rows (no locks). */
  query(table: TableName, query: RowQuery): Promise<Row[]>
  /** Reads rows by primary key and locks them until the transaction ends. */
  lock(table: TableName, keys: string[], columns?: string[]): Promise<Row[]>
  /** Reads and locks up to `limit` rows matching a query, skipping rows others have locked. */
  claim(table: TableName, query: RowQuery & { limit: number }): Promise<Row[]>
  /** Writes changes. */
  write(changes: StoreChanges): Promise<void>
}

/** A persistence backend for the engine. */
export interface EngineStore {
  /** Which implementation this is (tests and diagnostics). */
  readonly dialect: 'memory' | 'sqlite' | 'mysql'
  /**
   * Runs work in one transaction: committed when the promise resolves, rolled back when it
   * rejects.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>
  /** Reads rows outside any transaction (searches). */
  query(table: TableName, query: RowQuery): Promise<Row[]>
  /** Counts rows matching a filter. */
  count(table: TableName, where?: Record<string, Condition>): Promise<number>
  /**
   * Reserves `size` consecutive key counters, shared by every engine on this store, and returns
   * the first one. Runs in its own transaction.
   */
  reserveKeyBlock(size: number): Promise<number>
}

/** Whether a thrown store error is worth retrying the whole transaction for (deadlock, busy). */
export function isTransientStoreError(error: unknown): boolean {
  const code = (error as { code?: unknown; errno?: unknown } | null)?.code
  const errno = (error as { errno?: unknown } | null)?.errno
  return (
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    errno === 1213 ||
    errno === 1205 ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT'
  )
}

/** Whether a store error is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'UNIQUE_VIOLATION'
  )
}

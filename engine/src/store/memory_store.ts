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

type Undo = () => void

/**
 * An in-memory store: every table is a map from primary key to row. Transactions run one at a
 * time and keep an undo log, so a failed batch leaves nothing behind, exactly as a database
 * transaction would. Meant for tests and trying things out: nothing survives the process.
 */
export class MemoryStore implements EngineStore {
  readonly dialect = 'memory'
  readonly #tables = new Map<TableName, Map<string, Row>>()
  #records: Row[] = []
  #position = 0
  #keyCounter = 1
  #queue: Promise<unknown> = Promise.resolve()

  constructor() {
    for (const table of Object.keys(PRIMARY_KEYS) as TableName[]) {
      if (table !== 'engine_records') {
        this.#tables.set(table, new Map())
      }
    }
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      const undo: Undo[] = []
      const tx: StoreTransaction = {
        query: async (table, query) => this.#select(table, query),
        lock: async (table, keys, columns) =>
          this.#select(table, { where: { [PRIMARY_KEYS[table]]: keys }, columns }),
        claim: async (table, query) => this.#select(table, query),
        write: async (changes) => this.#write(changes, undo),
      }
      try {
        return await work(tx)
      } catch (error) {
        for (let index = undo.length - 1; index >= 0; index--) {
          undo[index]()
        }
        throw error
      }
    }
    const result = this.#queue.then(run, run)
    this.#queue = result.catch(() => undefined)
    return result
  }

  async query(table: TableName, query: RowQuery): Promise<Row[]> {
    return this.#select(table, query)
  }

  async count(table: TableName, where?: Record<string, Condition>): Promise<number> {
    return this.#filter(table, where).length
  }

  async reserveKeyBlock(size: number): Promise<number> {
    const first = this.#keyCounter
    this.#keyCounter += size
    return first
  }

  #rows(table: TableName): Row[] {
    return table === 'engine_records' ? this.#records : [...this.#tables.get(table)!.values()]
  }

  #filter(table: TableName, where?: Record<string, Condition>): Row[] {
    const tableRows = this.#tables.get(table)
    const keyColumn = PRIMARY_KEYS[table]
    const keyCondition = where?.[keyColumn]
    let rows: Row[]
    if (tableRows && keyCondition !== undefined && !isRange(keyCondition)) {
      // primary-key lookups do not scan the table
      const keys = Array.isArray(keyCondition) ? keyCondition : [keyCondition]
      rows = keys.map((key) => tableRows.get(String(key))).filter((row): row is Row => !!row)
    } else {
      rows = this.#rows(table)
    }
    if (!where) {
      return rows
    }
    const conditions = Object.entries(where)
    return rows.filter((row) =>
      conditions.every(([column, condition]) => matches(row[column], condition))
    )
  }

  #select(table: TableName, query: RowQuery): Row[] {
    let rows = this.#filter(table, query.where)
    if (query.orderBy && query.orderBy.length > 0) {
      const orderBy = query.orderBy
      rows = [...rows].sort((a, b) => {
        for (const { column, order } of orderBy) {
          const compared = compare(a[column], b[column])
          if (compared !== 0) {
            return order === 'asc' ? compared : -compared
          }
        }
        return 0
      })
    }
    const offset = query.offset ?? 0
    rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit)
    return rows.map((row) => {
      if (!query.columns) {
        return { ...row }
      }
      const picked: Row = {}
      for (const column of query.columns) {
        picked[column] = row[column]
      }
      return picked
    })
  }

  #write(changes: StoreChanges, undo: Undo[]): void {
    for (const { table, keys } of changes.deletes) {
      const tableRows = this.#tables.get(table)!
      for (const key of keys) {
        const previous = tableRows.get(key)
        if (previous) {
          tableRows.delete(key)
          undo.push(() => tableRows.set(key, previous))
        }
      }
    }
    for (const { table, rows } of [...changes.inserts, ...changes.upserts]) {
      if (table === 'engine_records') {
        const length = this.#records.length
        const position = this.#position
        for (const row of rows) {
          this.#records.push({ ...row, position: ++this.#position })
        }
        undo.push(() => {
          this.#records.length = length
          this.#position = position
        })
        continue
      }
      const tableRows = this.#tables.get(table)!
      for (const row of rows) {
        const key = String(row[PRIMARY_KEYS[table]])
        const previous = tableRows.get(key)
        tableRows.set(key, { ...row })
        undo.push(() => (previous ? tableRows.set(key, previous) : tableRows.delete(key)))
      }
      this.#checkUnique(table, rows)
    }
  }

  /** The unique indexes the SQL schema declares, enforced here too. */
  #checkUnique(table: TableName, rows: Row[]): void {
    const uniques: Partial<Record<TableName, string[][]>> = {
      engine_process_instances: [['unique_business_hash']],
      engine_process_definitions: [['tenant_id', 'bpmn_process_id', 'version']],
      engine_forms: [['tenant_id', 'form_id', 'version']],
      engine_messages: [['message_id_hash']],
    }
    const keyColumn = PRIMARY_KEYS[table]
    for (const columns of uniques[table] ?? []) {
      for (const row of rows) {
        if (columns.some((column) => row[column] === null || row[column] === undefined)) {
          continue
        }
        const clash = this.#filter(table, Object.fromEntries(columns.map((c) => [c, row[c]]))).find(
          (other) => String(other[keyColumn]) !== String(row[keyColumn])
        )
        if (clash) {
          const error = new Error(
            `Duplicate entry for unique index (${columns.join(', ')}) of ${table}`
          )
          Object.assign(error, { code: 'UNIQUE_VIOLATION' })
          throw error
        }
      }
    }
  }
}

function isRange(condition: Condition): condition is Exclude<Condition, Scalar | Scalar[]> {
  return condition !== null && typeof condition === 'object' && !Array.isArray(condition)
}

function normalize(value: Scalar | undefined): Scalar {
  if (value === undefined) {
    return null
  }
  if (typeof value === 'boolean') {
    return value ? 1 : 0
  }
  return value
}

/** Compares two column values as SQL would: numbers (and numeric strings) numerically. */
function compare(a: Scalar | undefined, b: Scalar | undefined): number {
  const left = normalize(a)
  const right = normalize(b)
  if (left === right) {
    return 0
  }
  if (left === null) {
    return -1
  }
  if (right === null) {
    return 1
  }
  const leftNumber = typeof left === 'number' ? left : Number(left)
  const rightNumber = typeof right === 'number' ? right : Number(right)
  if (!Number.isNaN(leftNumber) && !Number.isNaN(rightNumber) && left !== '' && right !== '') {
    return leftNumber - rightNumber
  }
  return String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0
}

function matches(value: Scalar | undefined, condition: Condition): boolean {
  if (Array.isArray(condition)) {
    return condition.some((candidate) => compare(value, candidate) === 0)
  }
  if (!isRange(condition)) {
    return condition === null ? normalize(value) === null : compare(value, condition) === 0
  }
  const v = normalize(value)
  if (condition.gt !== undefined && !(v !== null && compare(v, condition.gt) > 0)) {
    return false
  }
  if (condition.gte !== undefined && !(v !== null && compare(v, condition.gte) >= 0)) {
    return false
  }
  if (condition.lt !== undefined && !(v !== null && compare(v, condition.lt) < 0)) {
    return false
  }
  if (condition.lte !== undefined && !(v !== null && compare(v, condition.lte) <= 0)) {
    return false
  }
  if (condition.ne !== undefined && compare(v, condition.ne) === 0) {
    return false
  }
  if (condition.like !== undefined) {
    const pattern = new RegExp(
      '^' + condition.like.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*') + '$'
    )
    return v !== null && pattern.test(String(v))
  }
  return true
}

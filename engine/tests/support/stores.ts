import knexFactory, { type Knex } from 'knex'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryStore } from '../../src/store/memory_store.js'
import { createEngineTables, dropEngineTables, ENGINE_TABLES } from '../../src/store/sql_schema.js'
import { SqlStore } from '../../src/store/sql_store.js'
import type { EngineStore } from '../../src/store/store.js'

/** An opened store for a test group, with what is needed to reopen it (restart specs). */
export interface OpenedStore {
  readonly store: EngineStore
  /** Empties every engine table (between tests). */
  reset(): Promise<void>
  /** Opens a second, independent store on the same database (a restart, another process). */
  reopen(): Promise<OpenedStore>
  close(): Promise<void>
}

/** A kind of store the behavioural specs run on. */
export interface StoreKind {
  name: 'memory' | 'sqlite' | 'mysql'
  /** Whether data outlives the store object (restart specs need it). */
  durable: boolean
  open(): Promise<OpenedStore>
}

/** Knex for a SQLite file, with the pragmas the app sets (WAL, synchronous NORMAL). */
export function sqliteKnex(filename: string): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      afterCreate: (
        connection: { pragma(text: string): void },
        done: (error: Error | null) => void
      ) => {
        connection.pragma('journal_mode = WAL')
        connection.pragma('synchronous = NORMAL')
        connection.pragma('busy_timeout = 5000')
        done(null)
      },
    },
  })
}

/**
 * Knex for the MySQL/MariaDB database named by the DB_* environment variables, opened as the
 * app opens the engine's own pool (several statements per request, see `MysqlSession`).
 */
export function mysqlKnex(): Knex {
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 3306),
      user: process.env.DB_USER ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
      database: process.env.DB_DATABASE ?? 'test',
      multipleStatements: true,
    },
    pool: { min: 0, max: 10 },
  })
}

const memory: StoreKind = {
  name: 'memory',
  durable: false,
  async open() {
    let store = new MemoryStore()
    const opened: OpenedStore = {
      get store() {
        return store
      },
      reset: async () => {
        store = new MemoryStore()
      },
      reopen: async () => opened,
      close: async () => {},
    }
    return opened
  },
}

/**
 * A store on a SQL database; `connect` opens another connection pool to the same database
 * (a restart, or a second server process).
 */
function sqlStore(connect: () => Knex, cleanup: () => void = () => {}): OpenedStore {
  const connections: Knex[] = []
  const openOn = (instance: Knex): OpenedStore => {
    connections.push(instance)
    return {
      store: new SqlStore(instance),
      reset: () => emptyTables(instance),
      reopen: async () => openOn(connect()),
      close: async () => {
        await Promise.all(connections.map((connection) => connection.destroy()))
        cleanup()
      },
    }
  }
  return openOn(connect())
}

const sqlite: StoreKind = {
  name: 'sqlite',
  durable: true,
  async open() {
    const directory = mkdtempSync(join(tmpdir(), 'senflow-engine-'))
    const filename = join(directory, 'engine.sqlite3')
    const opened = sqlStore(
      () => sqliteKnex(filename),
      () => rmSync(directory, { recursive: true, force: true })
    )
    await createEngineTables((opened.store as unknown as { knex: Knex }).knex)
    return opened
  },
}

const mysql: StoreKind = {
  name: 'mysql',
  durable: true,
  async open() {
    const opened = sqlStore(mysqlKnex)
    const knex = (opened.store as unknown as { knex: Knex }).knex
    await dropEngineTables(knex)
    await createEngineTables(knex)
    // leave the shared test database as it was found
    const close = opened.close
    return {
      ...opened,
      close: async () => {
        await dropEngineTables(knex)
        await close()
      },
    }
  },
}

async function emptyTables(knex: Knex): Promise<void> {
  for (const table of ENGINE_TABLES) {
    if (table !== 'engine_key_blocks') {
      await knex(table).delete()
    }
  }
}

/** The stores the specs run on: memory and SQLite always, MySQL when DB_CONNECTION=mysql. */
export function storeKinds(): StoreKind[] {
  return process.env.DB_CONNECTION === 'mysql' ? [memory, sqlite, mysql] : [memory, sqlite]
}

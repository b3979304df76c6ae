import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import {
  SQLITE_CONNECTION_PRAGMAS,
  startSqliteCheckpointer,
} from '@senflow/engine/store/sqlite_checkpointer'
import { mkdirSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'

/**
 * SQLite is the embedded default (nothing else to install); MySQL 8 or
 * MariaDB 10.6+ serve a ministry with several server processes.
 * `DB_CONNECTION` picks one; every migration runs on both.
 */
const sqliteFile = (() => {
  const file = env.get('SQLITE_FILE', app.inTest ? 'tmp/test.sqlite3' : 'tmp/senflow.sqlite3')
  const path = isAbsolute(file) ? file : join(app.makePath(), file)
  mkdirSync(dirname(path), { recursive: true })
  return path
})()

const migrations = {
  naturalSort: true,
  paths: ['database/migrations'],
}

/** MySQL/MariaDB as the app reaches it (`DB_*`). */
const mysqlConnection = {
  host: env.get('DB_HOST', '127.0.0.1'),
  port: env.get('DB_PORT', 3306),
  user: env.get('DB_USER', 'root'),
  password: env.get('DB_PASSWORD', ''),
  database: env.get('DB_DATABASE', 'senflow'),
  charset: 'utf8mb4',
  timezone: 'Z',
  dateStrings: false,
  supportBigNumbers: true,
  bigNumberStrings: true,
}

/** The same, several statements per request (mysql2's `multipleStatements`). */
const mysqlEngineConnection = { ...mysqlConnection, multipleStatements: true }

const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION', 'sqlite'),
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: sqliteFile,
      },
      useNullAsDefault: true,
      pool: {
        /**
         * One connection: SQLite has a single writer, and one connection
         * keeps transactions strictly serial instead of failing with SQLITE_BUSY.
         */
        min: 1,
        max: 1,
        /**
         * WAL, `synchronous = NORMAL`, foreign keys, and checkpoints done by a worker thread
         * rather than inside commits (see the engine's `sqlite_checkpointer.ts`).
         */
        afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
          for (const pragma of SQLITE_CONNECTION_PRAGMAS) {
            connection.pragma(pragma)
          }
          startSqliteCheckpointer(sqliteFile)
          done(null, connection)
        },
      },
      migrations,
    },
    mysql: {
      client: 'mysql2',
      connection: mysqlConnection,
      pool: { min: 0, max: 20 },
      migrations,
    },
    /**
     * The embedded engine's own pool on MySQL/MariaDB (`providers/engine_provider.ts`): its
     * transactions send a batch's writes with the next read or the `COMMIT` in one request,
     * which needs several statements per request. Only the engine's store uses it, and it
     * writes every value into its statements itself (`engine/src/store/sql_store.ts`); the
     * app's own queries keep a pool that runs one statement per request.
     */
    mysql_engine: {
      client: 'mysql2',
      connection: mysqlEngineConnection,
      pool: { min: 0, max: 10 },
    },
  },
})

export default dbConfig

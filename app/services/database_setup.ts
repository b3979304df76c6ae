import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'

/**
 * Name of the MySQL advisory lock that keeps two starting server
 * processes from migrating at once.
 */
const MIGRATION_LOCK = 'senflow_migrations'

/**
 * Runs `work` holding a MySQL advisory lock taken and released on one
 * dedicated connection. (Lucid's own migration lock takes and releases it
 * on whichever pooled connection comes up, and then fails to release it.)
 * SQLite needs no lock: one process serves one file.
 */
async function withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
  const connection = db.connection()
  if (connection.dialect.name !== 'mysql') return work()
  const knex = connection.getWriteClient() as any
  const held = await knex.client.acquireConnection()
  try {
    const [rows] = await knex
      .raw('SELECT GET_LOCK(?, ?) AS acquired', [MIGRATION_LOCK, 120])
      .connection(held)
    if (Number(rows[0]?.acquired) !== 1) {
      throw new Error('Another server process is migrating the database; try again')
    }
    try {
      return await work()
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).connection(held)
    }
  } finally {
    await knex.client.releaseConnection(held)
  }
}

/**
 * Runs pending migrations on the default connection, so a fresh clone
 * needs no extra step before `npm start`. Returns the names it applied.
 */
export async function runPendingMigrations(): Promise<string[]> {
  return withMigrationLock(async () => {
    const migrator = new MigrationRunner(db, app, {
      direction: 'up',
      dryRun: false,
      disableLocks: true,
    })
    await migrator.run()
    if (migrator.error) throw migrator.error
    return Object.values(migrator.migratedFiles)
      .filter((file) => file.status === 'completed')
      .map((file) => file.file.name)
  })
}

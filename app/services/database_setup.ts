import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'

/**
 * Runs pending migrations on the default connection, so a fresh clone
 * needs no extra step before `npm start`. Returns the names it applied.
 */
export async function runPendingMigrations(): Promise<string[]> {
  const migrator = new MigrationRunner(db, app, { direction: 'up', dryRun: false })
  await migrator.run()
  if (migrator.error) throw migrator.error
  return Object.values(migrator.migratedFiles)
    .filter((file) => file.status === 'completed')
    .map((file) => file.file.name)
}

/*
|--------------------------------------------------------------------------
| Start-up of the web server
|--------------------------------------------------------------------------
|
| Before the server listens: apply pending migrations, and load the demo
| data into an empty database (never when NODE_ENV=production).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { runPendingMigrations } from '#services/database_setup'
import { isEmptyDatabase, loadDemoData } from '#services/demo_data'

const applied = await runPendingMigrations()
if (applied.length) logger.info({ migrations: applied.length }, 'applied pending migrations')

if (!app.inProduction && (await isEmptyDatabase())) {
  const loaded = await loadDemoData()
  logger.info(loaded, 'loaded the demo data into the empty database')
}

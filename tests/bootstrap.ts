import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import db from '@adonisjs/lucid/services/db'
import { loadDemoData } from '#services/demo_data'
import { runPendingMigrations } from '#services/database_setup'
import { startEngineRuntime, stopEngineRuntime } from '#services/engine_runtime'

/**
 * Plugins: assertions, the API client with sessions and `loginAs`.
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  authApiClient(app),
]

/**
 * Before all suites: a migrated database holding the demo organisation
 * (tests change it inside a global transaction that is rolled back).
 * After: everything migrated is rolled back.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      // a fresh schema each run (the next run drops what this one leaves)
      await db.connection().dropAllTables()
      await runPendingMigrations()
      await loadDemoData()
      await startEngineRuntime()
      return async () => {
        await stopEngineRuntime()
      }
    },
  ],
  teardown: [],
}

/**
 * The functional suite talks to a real HTTP server on loopback.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}

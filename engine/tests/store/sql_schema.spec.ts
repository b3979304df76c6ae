import { test } from '@japa/runner'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngineTables, dropEngineTables, ENGINE_TABLES } from '../../src/store/sql_schema.js'
import { SqlStore } from '../../src/store/sql_store.js'
import { mysqlKnex, sqliteKnex } from '../support/stores.js'

test.group('SQL schema', () => {
  test('it should create the engine tables once, keep them on a second run, and drop them', async ({
    assert,
  }) => {
    // given
    const directory = mkdtempSync(join(tmpdir(), 'senflow-schema-'))
    const knex = sqliteKnex(join(directory, 'schema.sqlite3'))

    try {
      // when
      await createEngineTables(knex)
      await createEngineTables(knex)

      // then
      for (const table of ENGINE_TABLES) {
        assert.isTrue(await knex.schema.hasTable(table), table)
      }
      assert.equal(new SqlStore(knex).dialect, 'sqlite')
      await dropEngineTables(knex)
      for (const table of ENGINE_TABLES) {
        assert.isFalse(await knex.schema.hasTable(table), table)
      }
    } finally {
      await knex.destroy()
      rmSync(directory, { recursive: true, force: true })
    }
  })

  test('it should create the same tables on MySQL/MariaDB', async ({ assert }) => {
    if (process.env.DB_CONNECTION !== 'mysql') {
      return
    }
    // given
    const knex = mysqlKnex()
    try {
      // when
      await dropEngineTables(knex)
      await createEngineTables(knex)
      await createEngineTables(knex)

      // then
      for (const table of ENGINE_TABLES) {
        assert.isTrue(await knex.schema.hasTable(table), table)
      }
      assert.equal(new SqlStore(knex).dialect, 'mysql')
    } finally {
      await dropEngineTables(knex)
      await knex.destroy()
    }
  })
})

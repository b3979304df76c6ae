import { test } from '@japa/runner'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createEngineTables,
  dropEngineTables,
  ENGINE_EVENT_TABLES,
  ENGINE_TABLES,
} from '../../src/store/sql_schema.js'
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

  test('it should add the event tables to a database created before them, keeping its data', async ({
    assert,
  }) => {
    // given a database with the part-1 tables only, holding a row
    const directory = mkdtempSync(join(tmpdir(), 'senflow-schema-'))
    const knex = sqliteKnex(join(directory, 'schema.sqlite3'))
    try {
      await createEngineTables(knex)
      for (const table of ENGINE_EVENT_TABLES) {
        await knex.schema.dropTable(table)
      }
      await knex('engine_key_blocks').insert({ name: 'keys', next_value: 42 })

      // when the migration of part 2 runs
      await createEngineTables(knex)

      // then the event tables exist and nothing else changed
      for (const table of ENGINE_TABLES) {
        assert.isTrue(await knex.schema.hasTable(table), table)
      }
      assert.deepEqual(await knex('engine_key_blocks').select('name', 'next_value'), [
        { name: 'keys', next_value: 42 },
      ])
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

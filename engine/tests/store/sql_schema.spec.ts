import { test } from '@japa/runner'
import type { Knex } from 'knex'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createEngineTables,
  DELETABLE_TABLES,
  dropEngineTables,
  ENGINE_EVENT_TABLES,
  ENGINE_TABLES,
} from '../../src/store/sql_schema.js'
import { SqlStore } from '../../src/store/sql_store.js'
import { mysqlKnex, sqliteKnex } from '../support/stores.js'

/**
 * Runs an upgrade check on a fresh SQLite file, and on MySQL/MariaDB when DB_CONNECTION=mysql,
 * each time on freshly created engine tables (dropped afterwards).
 */
async function onEachDatabase(check: (knex: Knex) => Promise<void>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'senflow-schema-'))
  const sqlite = sqliteKnex(join(directory, 'schema.sqlite3'))
  const knexes = [sqlite, ...(process.env.DB_CONNECTION === 'mysql' ? [mysqlKnex()] : [])]
  try {
    for (const knex of knexes) {
      await dropEngineTables(knex)
      await createEngineTables(knex)
      await check(knex)
      await dropEngineTables(knex)
    }
  } finally {
    for (const knex of knexes) {
      await knex.destroy()
    }
    rmSync(directory, { recursive: true, force: true })
  }
}

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

  test('it should add the suspension flag to the jobs of a database created before part 3', async ({
    assert,
  }) => {
    // given a database whose engine_jobs has no suspension flag, holding a job
    await onEachDatabase(async (knex) => {
      await knex.schema.alterTable('engine_jobs', (table) => table.dropColumn('suspended'))
      await knex('engine_jobs').insert({
        job_key: 1,
        type: 'work',
        state: 'ACTIVATABLE',
        retries: 3,
        priority: 0,
        custom_headers: '{}',
        process_instance_key: 2,
        element_instance_key: 3,
        element_id: 'task',
        bpmn_process_id: 'p',
        process_definition_key: 4,
        process_definition_version: 1,
        tenant_id: '<default>',
        created_at: 0,
      })

      // when the migration of part 3 runs (twice: it is idempotent)
      await createEngineTables(knex)
      await createEngineTables(knex)

      // then the job is kept, not suspended
      const rows = await knex('engine_jobs').select('job_key', 'suspended')
      assert.deepEqual(
        rows.map((row) => [Number(row.job_key), Number(row.suspended)]),
        [[1, 0]]
      )
    })
  })

  test('it should add the deletion mark to the deployed resources of an older database', async ({
    assert,
  }) => {
    // given a database whose definition tables have no deletion mark, holding a definition
    await onEachDatabase(async (knex) => {
      for (const table of DELETABLE_TABLES) {
        await knex.schema.alterTable(table, (builder) => builder.dropColumn('deleted_at'))
      }
      await knex('engine_process_definitions').insert({
        process_definition_key: 1,
        bpmn_process_id: 'p',
        version: 1,
        resource_key: 2,
        resource_name: 'p.bpmn',
        checksum: 'c',
        tenant_id: '<default>',
        deployment_key: 3,
        created_at: 0,
      })

      // when the migration of resource deletion runs (twice: it is idempotent)
      await createEngineTables(knex)
      await createEngineTables(knex)

      // then every deployed resource table has the mark, and the definition is not deleted
      for (const table of DELETABLE_TABLES) {
        assert.isTrue(await knex.schema.hasColumn(table, 'deleted_at'), table)
      }
      const rows = await knex('engine_process_definitions').select('deleted_at')
      assert.deepEqual(rows, [{ deleted_at: null }])
    })
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

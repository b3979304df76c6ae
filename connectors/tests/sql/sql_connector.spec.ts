import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { ConnectorConfigurationError } from '../../src/errors.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import { SqlConnector, type SqlConnectorResponse } from '../../src/sql/sql_connector.js'
import { createSqlDriver } from '../../src/sql/sql_driver.js'
import type { JobCompletion, SqlConnectorConfiguration } from '../../src/types.js'
import { jobOf } from '../helpers/jobs.js'

/**
 * The SQL connector against the real databases of this machine: MariaDB and
 * PostgreSQL on 127.0.0.1, SQLite in a temporary file. Each run uses its own
 * table and drops it afterwards.
 */

const require = createRequire(import.meta.url)

type Dialect = SqlConnectorConfiguration['dialect']

/** Runs administration SQL (create, drop) outside the connector. */
interface AdminConnection {
  exec(sql: string): Promise<void>
  close(): Promise<void>
}

const secrets: Record<string, string> = { PG_USER: 'postgres', MYSQL_PASSWORD: '' }

async function adminFor(dialect: Dialect, filename: string): Promise<AdminConnection> {
  if (dialect === 'mysql') {
    const connection = await mysql.createConnection({
      host: '127.0.0.1',
      user: 'root',
      database: 'test',
    })
    return {
      exec: async (sql) => void (await connection.query(sql)),
      close: () => connection.end(),
    }
  }
  if (dialect === 'postgres') {
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' })
    await client.connect()
    return { exec: async (sql) => void (await client.query(sql)), close: () => client.end() }
  }
  const Database = require('better-sqlite3') as new (file: string) => {
    exec(sql: string): void
    close(): void
  }
  const database = new Database(filename)
  return { exec: async (sql) => database.exec(sql), close: async () => database.close() }
}

function connectionFor(
  dialect: Dialect,
  filename: string
): SqlConnectorConfiguration['connection'] {
  if (dialect === 'mysql')
    return {
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '{{secrets.MYSQL_PASSWORD}}',
      database: 'test',
    }
  if (dialect === 'postgres')
    return { host: '127.0.0.1', port: 5432, user: '{{secrets.PG_USER}}', database: 'test' }
  return { filename }
}

function configurationFor(
  dialect: Dialect,
  table: string,
  filename: string,
  overrides: Partial<SqlConnectorConfiguration> = {}
): SqlConnectorConfiguration {
  return {
    id: `dossiers-${dialect}`,
    name: `Dossier database (${dialect})`,
    kind: 'sql',
    dialect,
    connection: connectionFor(dialect, filename),
    maxRows: 3,
    operations: [
      {
        id: 'register',
        name: 'Register a dossier',
        sql: `INSERT INTO ${table} (number, applicant, status) VALUES (:number, :applicant, :status)`,
      },
      {
        id: 'by-status',
        name: 'Dossiers by status',
        sql: `SELECT number, applicant FROM ${table} WHERE status = :status ORDER BY number`,
      },
      {
        id: 'by-status-limited',
        name: 'Dossiers by status (own limit)',
        sql: `SELECT number FROM ${table} WHERE status = :status ORDER BY number LIMIT 100`,
      },
      {
        id: 'by-number',
        name: 'One dossier',
        sql: `SELECT number, applicant, status FROM ${table} WHERE number = :number OR applicant = :number`,
      },
      {
        id: 'close',
        name: 'Close a dossier',
        sql: `UPDATE ${table} SET status = :status WHERE number = :number`,
        fields: [
          { name: 'number', label: 'Dossier number', required: true },
          {
            name: 'status',
            label: 'Status',
            type: 'dropdown',
            choices: [{ name: 'Closed', value: 'closed' }],
            required: true,
          },
        ],
      },
    ],
    ...overrides,
  }
}

const CREATE_TABLE: Record<Dialect, (table: string) => string> = {
  mysql: (table) =>
    `CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, number VARCHAR(40) NOT NULL, applicant VARCHAR(200) NOT NULL, status VARCHAR(40) NOT NULL) CHARACTER SET utf8mb4`,
  postgres: (table) =>
    `CREATE TABLE ${table} (id SERIAL PRIMARY KEY, number VARCHAR(40) NOT NULL, applicant VARCHAR(200) NOT NULL, status VARCHAR(40) NOT NULL)`,
  sqlite: (table) =>
    `CREATE TABLE ${table} (id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, applicant TEXT NOT NULL, status TEXT NOT NULL)`,
}

const READ_ONLY_REFUSALS: Record<Dialect, RegExp> = {
  mysql: /read only transaction|READ ONLY/i,
  postgres: /25006|read-only transaction/,
  sqlite: /SQLITE_READONLY|readonly/i,
}

for (const dialect of ['mysql', 'postgres', 'sqlite'] as const) {
  test.group(`SqlConnector (${dialect})`, (group) => {
    const table = `senflow_dossier_${randomBytes(4).toString('hex')}`
    const filename = join(tmpdir(), `senflow-connectors-${table}.sqlite3`)
    let admin: AdminConnection
    let registry: ConnectorRegistry
    let runtime: ConnectorRuntime
    let jobType: string

    group.setup(async () => {
      admin = await adminFor(dialect, filename)
      await admin.exec(CREATE_TABLE[dialect](table))
      return async () => {
        await admin.exec(`DROP TABLE ${table}`)
        await admin.close()
        if (dialect === 'sqlite') rmSync(filename, { force: true })
      }
    })
    group.each.setup(async () => {
      await admin.exec(`DELETE FROM ${table}`)
      registry = new ConnectorRegistry()
      jobType = registry.configure(configurationFor(dialect, table, filename))
      runtime = new ConnectorRuntime({
        registry,
        secretProvider: { get: async (name) => secrets[name] },
        environment: {},
      })
      return () => registry.close()
    })

    const register = (number: string, applicant: string, status = 'received') =>
      runtime.execute(
        jobOf(
          jobType,
          { operation: 'register', fields: { number, applicant, status } },
          { resultVariable: 'result' }
        )
      )

    test('it should write with named parameters and read the rows back', async ({ assert }) => {
      // given
      const written = await register('HS-001', 'Nguyễn Thị Hương')
      await register('HS-002', "O'Brien; DROP TABLE x; --")

      // when
      const completion = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'by-status', fields: { status: 'received' } },
          { resultVariable: 'result', resultExpression: '= { first: firstRow.applicant }' }
        )
      )

      // then
      assert.equal(
        (
          (written as Extract<JobCompletion, { kind: 'complete' }>).variables
            .result as SqlConnectorResponse
        ).rowCount,
        1
      )
      assert.equal(completion.kind, 'complete')
      const variables = (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
      const result = variables.result as SqlConnectorResponse
      assert.deepEqual(result.rows, [
        { number: 'HS-001', applicant: 'Nguyễn Thị Hương' },
        { number: 'HS-002', applicant: "O'Brien; DROP TABLE x; --" },
      ])
      assert.equal(result.rowCount, 2)
      assert.isFalse(result.truncated)
      assert.deepEqual(result.columns, ['number', 'applicant'])
      assert.equal(variables.first, 'Nguyễn Thị Hương')
    })

    test('it should bind a parameter used twice', async ({ assert }) => {
      await register('HS-010', 'Lê Văn C')
      const completion = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'by-number', fields: { number: 'HS-010' } },
          { resultVariable: 'r' }
        )
      )
      const result = (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
        .r as SqlConnectorResponse
      assert.deepEqual(result.firstRow, {
        number: 'HS-010',
        applicant: 'Lê Văn C',
        status: 'received',
      })
    })

    test("it should return at most maxRows rows, whatever the statement's own LIMIT", async ({
      assert,
    }) => {
      // given
      for (let index = 1; index <= 5; index++) await register(`HS-10${index}`, `Applicant ${index}`)

      // when
      const plain = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'by-status', fields: { status: 'received' } },
          { resultVariable: 'r' }
        )
      )
      const limited = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'by-status-limited', fields: { status: 'received' } },
          { resultVariable: 'r' }
        )
      )

      // then
      for (const completion of [plain, limited]) {
        const result = (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
          .r as SqlConnectorResponse
        assert.lengthOf(result.rows, 3)
        assert.isTrue(result.truncated)
        assert.equal(result.rows[0].number, 'HS-101')
      }
    })

    test('it should update rows and report how many changed', async ({ assert }) => {
      await register('HS-020', 'Phạm D')
      const completion = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'close', fields: { number: 'HS-020', status: 'closed' } },
          { resultVariable: 'r' }
        )
      )
      assert.equal(
        (
          (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
            .r as SqlConnectorResponse
        ).rowCount,
        1
      )
    })

    test('it should refuse unknown and missing parameters clearly, without retrying', async ({
      assert,
    }) => {
      const completion = await runtime.execute(
        jobOf(jobType, {
          operation: 'register',
          fields: { number: 'HS-030', status: 'x', owner: 'y' },
        })
      )
      assert.equal(completion.kind, 'fail')
      const failure = completion as Extract<JobCompletion, { kind: 'fail' }>
      assert.equal(failure.retries, 0)
      assert.include(failure.errorMessage, `Dossier database (${dialect}): `)
      assert.include(failure.errorMessage, 'unknown field owner')
      assert.include(
        failure.errorMessage,
        'Expected field applicant (applicant) to be filled, but it is missing'
      )
    })

    test('it should refuse writing statements on a read-only connector at configuration', ({
      assert,
    }) => {
      try {
        new SqlConnector(configurationFor(dialect, table, filename, { readOnly: true }))
        assert.fail('expected the configuration to be refused')
      } catch (error) {
        assert.instanceOf(error, ConnectorConfigurationError)
        assert.include((error as Error).message, 'register writes (it starts with INSERT)')
        assert.include((error as Error).message, 'close writes (it starts with UPDATE)')
      }
    })

    test('it should read through a read-only connector', async ({ assert }) => {
      // given
      await register('HS-040', 'Đỗ E')
      const readOnly = configurationFor(dialect, table, filename, {
        id: `readonly-${dialect}`,
        readOnly: true,
        operations: configurationFor(dialect, table, filename).operations.filter((operation) =>
          operation.id.startsWith('by-')
        ),
      })
      const readOnlyType = registry.configure(readOnly)

      // when
      const completion = await runtime.execute(
        jobOf(
          readOnlyType,
          { operation: 'by-number', fields: { number: 'HS-040' } },
          { resultVariable: 'r' }
        )
      )

      // then
      assert.equal(
        (
          (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
            .r as SqlConnectorResponse
        ).rowCount,
        1
      )
    })

    test('it should have the database refuse a write inside a read-only transaction', async ({
      assert,
    }) => {
      // given
      const settings =
        dialect === 'mysql'
          ? { host: '127.0.0.1', user: 'root', database: 'test' }
          : dialect === 'postgres'
            ? { host: '127.0.0.1', user: 'postgres', database: 'test' }
            : { filename }
      const driver = createSqlDriver(dialect, settings, {
        poolSize: 1,
        statementTimeoutMs: 5000,
        readOnly: true,
      })

      // when
      const error = await driver
        .run(`INSERT INTO ${table} (number, applicant, status) VALUES ('HS-X', 'X', 'x')`, [], {
          readOnly: true,
          read: false,
          cursorable: false,
          maxRows: 10,
        })
        .catch((thrown: unknown) => thrown)
      await driver.close()

      // then
      assert.instanceOf(error, Error)
      assert.match((error as Error).message, READ_ONLY_REFUSALS[dialect])
      const count = await runtime.execute(
        jobOf(
          jobType,
          { operation: 'by-number', fields: { number: 'HS-X' } },
          { resultVariable: 'r' }
        )
      )
      assert.equal(
        (
          (count as Extract<JobCompletion, { kind: 'complete' }>).variables
            .r as SqlConnectorResponse
        ).rowCount,
        0
      )
    })

    test('it should report a SQL error without retrying and say which database said it', async ({
      assert,
    }) => {
      const broken = configurationFor(dialect, `${table}_missing`, filename, {
        id: `broken-${dialect}`,
      })
      const brokenType = registry.configure(broken)
      const completion = await runtime.execute(
        jobOf(brokenType, { operation: 'by-status', fields: { status: 'x' } })
      )
      assert.equal(completion.kind, 'fail')
      const failure = completion as Extract<JobCompletion, { kind: 'fail' }>
      assert.equal(failure.retries, 0)
      assert.match(failure.errorMessage, /(MySQL\/MariaDB|PostgreSQL|SQLite) error/)
    })
  })
}

test.group('SqlConnector (PostgreSQL read-only transaction)', (group) => {
  const sequence = `senflow_seq_${randomBytes(4).toString('hex')}`
  group.setup(async () => {
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' })
    await client.connect()
    await client.query(`CREATE SEQUENCE ${sequence}`)
    return async () => {
      await client.query(`DROP SEQUENCE ${sequence}`)
      await client.end()
    }
  })

  test('it should let the database refuse a statement that reads like a SELECT but writes', async ({
    assert,
  }) => {
    // given
    const registry = new ConnectorRegistry()
    const jobType = registry.configure({
      id: 'sequence',
      name: 'Dossier numbers',
      kind: 'sql',
      dialect: 'postgres',
      readOnly: true,
      connection: { host: '127.0.0.1', user: 'postgres', database: 'test' },
      operations: [
        { id: 'next', name: 'Next number', sql: `SELECT nextval('${sequence}') AS next` },
      ],
    })
    const runtime = new ConnectorRuntime({ registry, environment: {} })

    // when
    const completion = await runtime.execute(jobOf(jobType, {}))
    await registry.close()

    // then
    assert.equal(completion.kind, 'fail')
    assert.include(
      (completion as Extract<JobCompletion, { kind: 'fail' }>).errorMessage,
      'read-only transaction'
    )
  })
})

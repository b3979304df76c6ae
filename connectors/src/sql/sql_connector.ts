import { createHash } from 'node:crypto'
import {
  ConnectorConfigurationError,
  ConnectorInputError,
  SqlStatementRefusedError,
} from '../errors.js'
import {
  readFields,
  selectOperation,
  validateCommonConfiguration,
} from '../runtime/connector_configuration.js'
import type {
  Connector,
  ConnectorContext,
  ConnectorField,
  SqlConnectorConfiguration,
  SqlOperation,
} from '../types.js'
import { toPositionalStatement, type PositionalStatement } from './named_parameters.js'
import { createSqlDriver, type SqlConnectionSettings, type SqlDriver } from './sql_driver.js'
import { classifyStatement, type StatementClassification } from './statement_classifier.js'

/** Rows returned at most when the configuration does not say. */
export const DEFAULT_MAX_ROWS = 1000

/** What a SQL job returns (the `response` of result and error expressions). */
export interface SqlConnectorResponse {
  rows: Record<string, unknown>[]
  /** Rows returned for a read; rows affected for a write. */
  rowCount: number
  /** The first row, or null. */
  firstRow: Record<string, unknown> | null
  /** Whether more rows matched than `maxRows`. */
  truncated: boolean
  columns: string[]
  lastInsertId?: number | string
}

/** A configured statement, parsed once. */
interface PreparedOperation {
  operation: SqlOperation
  statement: PositionalStatement
  classification: StatementClassification
  fields: ConnectorField[]
}

/** Fields derived from a statement's parameters when the administrator did not define them: required strings. */
function derivedFields(statement: PositionalStatement): ConnectorField[] {
  return statement.parameterNames.map((name) => ({ name, label: name, required: true }))
}

/**
 * Parses and checks every statement of a configuration; returns the
 * prepared operations and the problems ("Expected …, but …").
 */
export function prepareSqlOperations(configuration: SqlConnectorConfiguration): {
  operations: PreparedOperation[]
  problems: string[]
} {
  const problems = validateCommonConfiguration(configuration, configuration.operations)
  if (!['mysql', 'postgres', 'sqlite'].includes(configuration.dialect)) {
    problems.push(
      `Expected dialect to be mysql, postgres or sqlite, but got ${JSON.stringify(configuration.dialect)}`
    )
    return { operations: [], problems }
  }
  if (configuration.dialect === 'sqlite' && !configuration.connection?.filename) {
    problems.push('Expected connection.filename for SQLite, but it is missing')
  }
  if (configuration.dialect !== 'sqlite' && !configuration.connection?.database) {
    problems.push('Expected connection.database, but it is missing')
  }
  const operations: PreparedOperation[] = []
  for (const operation of configuration.operations ?? []) {
    let statement: PositionalStatement
    try {
      statement = toPositionalStatement(operation.sql ?? '', configuration.dialect)
    } catch (error) {
      problems.push(`Operation ${operation.id}: ${(error as Error).message}`)
      continue
    }
    const classification = classifyStatement(statement.tokens)
    if (configuration.readOnly && classification.kind === 'write') {
      problems.push(
        `Expected only reading statements on a read-only connector, but ${operation.id} writes (${classification.reason})`
      )
    }
    const fields = operation.fields ?? derivedFields(statement)
    const defined = new Set(fields.map((field) => field.name))
    for (const name of statement.parameterNames) {
      if (!defined.has(name))
        problems.push(
          `Expected a field for parameter :${name} of ${operation.id}, but none is defined`
        )
    }
    for (const name of defined) {
      if (!statement.parameterNames.includes(name)) {
        problems.push(
          `Expected field ${name} of ${operation.id} to be a parameter of its SQL, but the SQL has no :${name}`
        )
      }
    }
    operations.push({ operation, statement, classification, fields })
  }
  return { operations, problems }
}

/**
 * A database configured by an administrator (MySQL/MariaDB, PostgreSQL or
 * SQLite): process owners pick one of its statements and fill its named
 * parameters. Values are only ever bound as parameters. A read-only
 * connector refuses writes twice: by classifying the statement and by
 * running it in a read-only transaction (a read-only handle for SQLite).
 * One pool per configuration, created on first use with the secrets of that
 * moment and recreated when they change.
 */
export class SqlConnector implements Connector {
  readonly name: string
  readonly resolvesSecretsInInputs = false
  readonly timeoutMs?: number
  readonly #configuration: SqlConnectorConfiguration
  readonly #operations: Map<string, PreparedOperation>
  #driver?: { key: string; driver: SqlDriver }

  /** @throws ConnectorConfigurationError listing every problem of the configuration. */
  constructor(configuration: SqlConnectorConfiguration) {
    const { operations, problems } = prepareSqlOperations(configuration)
    if (problems.length > 0) throw new ConnectorConfigurationError(configuration.id, problems)
    this.#configuration = configuration
    this.#operations = new Map(operations.map((prepared) => [prepared.operation.id, prepared]))
    this.name = configuration.name
    this.timeoutMs = configuration.timeoutMs
  }

  async execute(context: ConnectorContext): Promise<SqlConnectorResponse> {
    const configuration = this.#configuration
    const operation = selectOperation(configuration.operations, context.inputs)
    const prepared = this.#operations.get(operation.id)!
    if (configuration.readOnly && prepared.classification.kind === 'write') {
      throw new SqlStatementRefusedError(
        `Refused ${operation.name}: ${configuration.name} is read-only and the statement writes`
      )
    }
    const fields = readFields(prepared.fields, context.inputs)
    const values = prepared.statement.parameterOrder.map((name) =>
      sqlValue(name, fields[name], configuration.dialect)
    )
    const driver = await this.#driverFor(await context.resolveSecrets(configuration.connection))
    const result = await driver.run(prepared.statement.sql, values, {
      readOnly: configuration.readOnly ?? false,
      read: prepared.classification.kind === 'read',
      cursorable: prepared.classification.cursorable,
      maxRows: configuration.maxRows ?? DEFAULT_MAX_ROWS,
      signal: context.signal,
    })
    return { ...result, firstRow: result.rows[0] ?? null }
  }

  async #driverFor(settings: SqlConnectionSettings): Promise<SqlDriver> {
    const key = createHash('sha256').update(JSON.stringify(settings)).digest('hex')
    if (this.#driver?.key === key) return this.#driver.driver
    const previous = this.#driver
    const configuration = this.#configuration
    const driver = createSqlDriver(configuration.dialect, settings, {
      poolSize: configuration.poolSize ?? 5,
      statementTimeoutMs: configuration.statementTimeoutMs ?? 30_000,
      readOnly: configuration.readOnly ?? false,
    })
    this.#driver = { key, driver }
    await previous?.driver.close().catch(() => {})
    return driver
  }

  async close(): Promise<void> {
    const current = this.#driver
    this.#driver = undefined
    await current?.driver.close()
  }
}

/**
 * A field's value as a bound parameter: strings, numbers, booleans and null
 * as they are; lists only for PostgreSQL (`= ANY(:ids)`); nothing else.
 *
 * @throws ConnectorInputError for objects, and lists outside PostgreSQL.
 */
function sqlValue(
  name: string,
  value: unknown,
  dialect: SqlConnectorConfiguration['dialect']
): unknown {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  if (Array.isArray(value) && dialect === 'postgres') return value
  throw new ConnectorInputError(
    `Expected parameter :${name} to be a string, number, boolean or null${dialect === 'postgres' ? ' (or a list)' : ''}, ` +
      `but got ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`
  )
}

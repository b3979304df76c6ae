import { tokenizeSql, type SqlDialect, type SqlToken } from './sql_lexer.js'

/**
 * Named parameters (`:name`) in an administrator's SQL, turned into the
 * driver's positional placeholders (`?` for MySQL/MariaDB and SQLite, `$1`
 * for PostgreSQL). Values are always bound by the driver, never written into
 * the SQL text.
 */

/** A statement ready for a driver: positional SQL and the parameter name of each position. */
export interface PositionalStatement {
  sql: string
  /** For `?` dialects one entry per occurrence; for PostgreSQL one per distinct name, in `$n` order. */
  parameterOrder: string[]
  /** Distinct parameter names, in order of first use. */
  parameterNames: string[]
  /** The tokens of the original statement (for classification). */
  tokens: SqlToken[]
}

/** Thrown when a statement cannot be used: several statements, positional placeholders. */
export class SqlStatementError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SqlStatementError'
  }
}

/**
 * Rewrites `:name` parameters into positional placeholders.
 *
 * @throws SqlStatementError when the text holds more than one statement or
 *   positional placeholders (`?`, `$1`), and SqlSyntaxError for an
 *   unterminated literal.
 */
export function toPositionalStatement(sql: string, dialect: SqlDialect): PositionalStatement {
  const tokens = tokenizeSql(sql, dialect)
  let output = ''
  const parameterOrder: string[] = []
  const parameterNames: string[] = []
  let sawTerminator = false
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]
    const text = sql.slice(token.start, token.end)
    if (
      sawTerminator &&
      token.kind !== 'space' &&
      token.kind !== 'comment' &&
      !(token.kind === 'symbol' && token.text === ';')
    ) {
      throw new SqlStatementError(
        'Expected one SQL statement, but the text holds several (separated by ;)'
      )
    }
    if (token.kind === 'symbol' && token.text === ';') {
      sawTerminator = true
      continue
    }
    if (token.kind === 'symbol' && token.text === '?' && dialect !== 'postgres') {
      throw new SqlStatementError(
        'Expected named parameters such as :dossierNumber, but the statement uses the positional placeholder ?'
      )
    }
    if (
      token.kind === 'symbol' &&
      token.text === '$' &&
      dialect === 'postgres' &&
      tokens[index + 1]?.kind === 'literal' &&
      /^\d/.test(sql[token.end] ?? '')
    ) {
      throw new SqlStatementError(
        'Expected named parameters such as :dossierNumber, but the statement uses a positional placeholder $n'
      )
    }
    if (token.kind === 'parameter') {
      if (!parameterNames.includes(token.name)) parameterNames.push(token.name)
      if (dialect === 'postgres') {
        output += `$${parameterNames.indexOf(token.name) + 1}`
      } else {
        parameterOrder.push(token.name)
        output += '?'
      }
      continue
    }
    output += text
  }
  return {
    sql: output.trim(),
    parameterOrder: dialect === 'postgres' ? [...parameterNames] : parameterOrder,
    parameterNames,
    tokens,
  }
}

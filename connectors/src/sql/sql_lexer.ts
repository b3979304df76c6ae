/**
 * A small SQL tokenizer that knows where string literals, quoted
 * identifiers, comments and PostgreSQL dollar quotes begin and end, so that
 * named parameters and keywords are only recognised in SQL text proper.
 * It does not parse SQL; it only separates text from literals.
 */

/** The SQL dialects the connectors speak. */
export type SqlDialect = 'mysql' | 'postgres' | 'sqlite'

/** A piece of a statement. */
export type SqlToken =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'parameter'; name: string; start: number; end: number }
  | { kind: 'literal'; start: number; end: number }
  | { kind: 'comment'; start: number; end: number }
  | { kind: 'space'; start: number; end: number }
  | { kind: 'symbol'; text: string; start: number; end: number }

/** Thrown when a statement has an unterminated literal, quoted identifier or comment. */
export class SqlSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SqlSyntaxError'
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/

/**
 * Splits a statement into tokens.
 *
 * @throws SqlSyntaxError for an unterminated literal or comment.
 */
export function tokenizeSql(sql: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = []
  let index = 0
  const length = sql.length
  while (index < length) {
    const start = index
    const char = sql[index]
    const next = sql[index + 1]
    if (/\s/.test(char)) {
      while (index < length && /\s/.test(sql[index])) index++
      tokens.push({ kind: 'space', start, end: index })
    } else if ((char === '-' && next === '-') || (char === '#' && dialect === 'mysql')) {
      while (index < length && sql[index] !== '\n') index++
      tokens.push({ kind: 'comment', start, end: index })
    } else if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', index + 2)
      if (close < 0)
        throw new SqlSyntaxError('Expected the comment opened with /* to be closed, but it is not')
      index = close + 2
      tokens.push({ kind: 'comment', start, end: index })
    } else if (char === "'" || char === '"' || char === '`') {
      const escaped =
        dialect === 'mysql' ||
        ((sql[index - 1] === 'E' || sql[index - 1] === 'e') && dialect === 'postgres')
      index = skipQuoted(sql, index, char, escaped && char !== '`')
      tokens.push({ kind: 'literal', start, end: index })
    } else if (char === '[' && dialect === 'sqlite') {
      const close = sql.indexOf(']', index + 1)
      if (close < 0)
        throw new SqlSyntaxError(
          'Expected the identifier opened with [ to be closed, but it is not'
        )
      index = close + 1
      tokens.push({ kind: 'literal', start, end: index })
    } else if (char === '$' && dialect === 'postgres' && /^\$[A-Za-z_]*\$/.test(sql.slice(index))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index))![0]
      const close = sql.indexOf(tag, index + tag.length)
      if (close < 0)
        throw new SqlSyntaxError(
          `Expected the dollar-quoted text opened with ${tag} to be closed, but it is not`
        )
      index = close + tag.length
      tokens.push({ kind: 'literal', start, end: index })
    } else if (
      char === ':' &&
      next !== undefined &&
      WORD_START.test(next) &&
      sql[index - 1] !== ':'
    ) {
      index++
      while (index < length && /[A-Za-z0-9_]/.test(sql[index])) index++
      tokens.push({ kind: 'parameter', name: sql.slice(start + 1, index), start, end: index })
    } else if (WORD_START.test(char)) {
      while (index < length && WORD_PART.test(sql[index])) index++
      tokens.push({ kind: 'word', text: sql.slice(start, index), start, end: index })
    } else if (/[0-9]/.test(char)) {
      while (index < length && /[0-9A-Za-z_.]/.test(sql[index])) index++
      tokens.push({ kind: 'literal', start, end: index })
    } else if (char === ':' && next === ':') {
      index += 2
      tokens.push({ kind: 'symbol', text: '::', start, end: index })
    } else {
      index++
      tokens.push({ kind: 'symbol', text: char, start, end: index })
    }
  }
  return tokens
}

function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let index = open + 1
  while (index < sql.length) {
    const char = sql[index]
    if (backslashEscapes && char === '\\') {
      index += 2
      continue
    }
    if (char === quote) {
      if (sql[index + 1] === quote) {
        index += 2
        continue
      }
      return index + 1
    }
    index++
  }
  throw new SqlSyntaxError(`Expected the text opened with ${quote} to be closed, but it is not`)
}

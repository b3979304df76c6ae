import type { SqlToken } from './sql_lexer.js'

/**
 * Whether a statement only reads. A read-only connector refuses anything
 * else before it reaches the database (and the database refuses writes
 * again in a read-only transaction). The classification is conservative: a
 * statement that mentions a writing keyword anywhere outside literals and
 * comments counts as a write, so `SELECT … FOR UPDATE` and a data-modifying
 * `WITH` are writes.
 */

/** How a statement was classified. */
export interface StatementClassification {
  kind: 'read' | 'write'
  /** The first keyword, upper-cased. */
  keyword: string
  /** Why it is a write, when it is one. */
  reason?: string
  /** Whether it can run inside a PostgreSQL cursor (SELECT, WITH, VALUES, TABLE). */
  cursorable: boolean
}

const READ_KEYWORDS = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  'TABLE',
  'SHOW',
  'EXPLAIN',
  'DESCRIBE',
  'DESC',
])
const CURSORABLE_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE'])
const WRITE_KEYWORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'REPLACE',
  'UPSERT',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'RENAME',
  'CALL',
  'EXEC',
  'EXECUTE',
  'DO',
  'LOCK',
  'UNLOCK',
  'COPY',
  'VACUUM',
  'ANALYZE',
  'ANALYSE',
  'ATTACH',
  'DETACH',
  'PRAGMA',
  'SET',
  'RESET',
  'REINDEX',
  'CLUSTER',
  'COMMENT',
  'LOAD',
  'HANDLER',
  'INTO',
  'OUTFILE',
  'DUMPFILE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'START',
  'NOTIFY',
  'LISTEN',
  'UNLISTEN',
  'PREPARE',
  'DEALLOCATE',
  'REFRESH',
  'IMPORT',
  'DISCARD',
  'CHECKPOINT',
  'FLUSH',
  'KILL',
  'SHUTDOWN',
  'INSTALL',
  'UNINSTALL',
  'OPTIMIZE',
  'REPAIR',
])

/** Classifies a tokenized statement as a read or a write. */
export function classifyStatement(tokens: readonly SqlToken[]): StatementClassification {
  const words: { text: string; index: number }[] = []
  tokens.forEach((token, index) => {
    if (token.kind === 'word') words.push({ text: token.text.toUpperCase(), index })
  })
  const keyword = words[0]?.text ?? ''
  if (!READ_KEYWORDS.has(keyword)) {
    return {
      kind: 'write',
      keyword,
      reason: `it starts with ${keyword || 'no keyword'}`,
      cursorable: false,
    }
  }
  for (const word of words) {
    if (!WRITE_KEYWORDS.has(word.text)) continue
    // A keyword directly followed by "(" is a function call (REPLACE(name, 'a', 'b')), not a command.
    if (nextSignificant(tokens, word.index)?.text === '(') continue
    return { kind: 'write', keyword, reason: `it contains ${word.text}`, cursorable: false }
  }
  return { kind: 'read', keyword, cursorable: CURSORABLE_KEYWORDS.has(keyword) }
}

function nextSignificant(tokens: readonly SqlToken[], index: number): { text: string } | undefined {
  for (let next = index + 1; next < tokens.length; next++) {
    const token = tokens[next]
    if (token.kind === 'space' || token.kind === 'comment') continue
    return token.kind === 'symbol' ? { text: token.text } : { text: '' }
  }
  return undefined
}

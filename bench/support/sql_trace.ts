import type { Knex } from 'knex'

/** Statements of one kind: how many, and their total and mean time from send to answer. */
export interface StatementFigures {
  statement: string
  count: number
  totalMs: number
  meanMs: number
}

/**
 * Counts and times the statements a knex instance sends (its `query` and `query-response`
 * events), grouped by kind: the verb and the table (`select engine_jobs`, `insert
 * engine_records`, `BEGIN`…). The "where the time goes" of a database-bound benchmark.
 */
export class SqlTrace {
  readonly #started = new Map<string, { kind: string; at: number }>()
  readonly #kinds = new Map<string, { count: number; totalMs: number }>()
  #onQuery = (query: { __knexQueryUid: string; sql: string }) => {
    this.#started.set(query.__knexQueryUid, { kind: kindOf(query.sql), at: performance.now() })
  }
  #onDone = (_response: unknown, query: { __knexQueryUid: string }) => {
    const started = this.#started.get(query.__knexQueryUid)
    if (!started) {
      return
    }
    this.#started.delete(query.__knexQueryUid)
    const figures = this.#kinds.get(started.kind) ?? { count: 0, totalMs: 0 }
    figures.count++
    figures.totalMs += performance.now() - started.at
    this.#kinds.set(started.kind, figures)
  }

  constructor(private readonly knex: Knex) {}

  /** Starts counting (from zero). */
  start(): void {
    this.#kinds.clear()
    this.knex.on('query', this.#onQuery)
    this.knex.on('query-response', this.#onDone)
    this.knex.on('query-error', (error: unknown, query: { __knexQueryUid: string }) =>
      this.#onDone(error, query)
    )
  }

  /** Stops counting; the statements by total time, most first. */
  stop(): StatementFigures[] {
    this.knex.removeAllListeners('query')
    this.knex.removeAllListeners('query-response')
    this.knex.removeAllListeners('query-error')
    return [...this.#kinds.entries()]
      .map(([statement, figures]) => ({
        statement,
        count: figures.count,
        totalMs: Math.round(figures.totalMs),
        meanMs: Math.round((figures.totalMs / figures.count) * 100) / 100,
      }))
      .sort((a, b) => b.totalMs - a.totalMs)
  }
}

/** `select engine_jobs`, `insert engine_records`, `BEGIN`, … */
function kindOf(sql: string): string {
  const text = sql.trim().replace(/\s+/g, ' ')
  const verb = text.split(' ')[0].toLowerCase()
  const table = /(?:from|into|update)\s+[`"]?(\w+)/i.exec(text)?.[1]
  const locking = /for update/i.test(text) ? ' for update' : ''
  return table ? `${verb} ${table}${locking}` : text.slice(0, 40)
}

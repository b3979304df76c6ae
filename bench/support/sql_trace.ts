import type { Knex } from 'knex'

/** Requests of one kind: how many, and their total and mean time from send to answer. */
export interface StatementFigures {
  statement: string
  count: number
  totalMs: number
  meanMs: number
  /** Characters of SQL sent. */
  chars: number
}

/** Round trips and statements, in all and per transaction (a request carrying `COMMIT`). */
export interface RequestFigures {
  requests: number
  statements: number
  commits: number
  requestsPerCommit: number
  statementsPerCommit: number
}

/**
 * Counts and times the requests a knex instance sends (its `query` and `query-response`
 * events), grouped by kind: the verb and the table of each statement (`select engine_jobs`,
 * `insert engine_records`, `BEGIN`…), joined by `+` when one request carries several (the
 * engine's MySQL/MariaDB transactions send a batch's writes with its `COMMIT`). The "where the
 * time goes" of a database-bound benchmark.
 */
export class SqlTrace {
  readonly #started = new Map<string, { kind: string; chars: number; at: number }>()
  readonly #kinds = new Map<string, { count: number; totalMs: number; chars: number }>()
  #onQuery = (query: { __knexQueryUid: string; sql: string }) => {
    this.#started.set(query.__knexQueryUid, {
      kind: query.sql.split(';\n').map(kindOf).join(' + '),
      chars: query.sql.length,
      at: performance.now(),
    })
  }
  #onDone = (_response: unknown, query: { __knexQueryUid: string }) => {
    const started = this.#started.get(query.__knexQueryUid)
    if (!started) {
      return
    }
    this.#started.delete(query.__knexQueryUid)
    const figures = this.#kinds.get(started.kind) ?? { count: 0, totalMs: 0, chars: 0 }
    figures.count++
    figures.chars += started.chars
    figures.totalMs += performance.now() - started.at
    this.#kinds.set(started.kind, figures)
  }

  constructor(private readonly knex: Knex) {}

  /** Starts counting (from zero). */
  start(): void {
    this.#kinds.clear()
    this.knex.on('query', this.#onQuery)
    this.knex.on('query-response', this.#onDone)
    this.knex.on('query-error', this.#onDone)
  }

  /** Stops counting; the requests by total time, most first. */
  stop(): StatementFigures[] {
    this.knex.off('query', this.#onQuery)
    this.knex.off('query-response', this.#onDone)
    this.knex.off('query-error', this.#onDone)
    return [...this.#kinds.entries()]
      .map(([statement, figures]) => ({
        statement,
        count: figures.count,
        totalMs: Math.round(figures.totalMs),
        meanMs: Math.round((figures.totalMs / figures.count) * 100) / 100,
        chars: figures.chars,
      }))
      .sort((a, b) => b.totalMs - a.totalMs)
  }
}

/** Round trips and statements per transaction, from the requests `stop()` returned. */
export function requestFigures(kinds: StatementFigures[]): RequestFigures {
  let requests = 0
  let statements = 0
  let commits = 0
  for (const kind of kinds) {
    const parts = kind.statement.split(' + ')
    requests += kind.count
    statements += kind.count * parts.length
    if (parts.some((part) => /^commit/i.test(part))) {
      commits += kind.count
    }
  }
  const per = (value: number) => (commits ? Math.round((value / commits) * 100) / 100 : 0)
  return {
    requests,
    statements,
    commits,
    requestsPerCommit: per(requests),
    statementsPerCommit: per(statements),
  }
}

/** `select engine_jobs`, `insert engine_records`, `BEGIN`, … */
function kindOf(sql: string): string {
  const text = sql.trim().replace(/\s+/g, ' ')
  const verb = text.split(' ')[0].toLowerCase()
  const table = /(?:from|into|update)\s+[`"]?(\w+)/i.exec(text)?.[1]
  const locking = /for update/i.test(text) ? ' for update' : ''
  return table ? `${verb} ${table}${locking}` : text.slice(0, 40).replace(/;$/, '')
}

/**
 * Access tokens (OAuth 2.0, session logins) kept until they expire, so that
 * a connector does not log in for every job. One fetch at a time per key:
 * concurrent jobs wait for the same token request.
 */

/** A token and how long it is valid, as an authorization server says. */
export interface IssuedToken {
  token: string
  /** Lifetime in milliseconds; undefined means "until the API rejects it". */
  expiresInMs?: number
}

interface CachedToken {
  token: string
  /** When to stop using it (a little before it really expires). */
  renewAt?: number
}

/** Longest margin taken before a token's expiry. */
const MAX_RENEWAL_MARGIN_MS = 30_000

/** Tokens by key (the hash of the resolved authentication settings). */
export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>()
  readonly #pending = new Map<string, Promise<string>>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** The cached token for `key`, or a new one from `issue` when there is none or it is about to expire. */
  async get(key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const cached = this.#tokens.get(key)
    if (cached && (cached.renewAt === undefined || cached.renewAt > this.#now()))
      return cached.token
    const pending = this.#pending.get(key)
    if (pending) return pending
    const request = issue()
      .then((issued) => {
        const lifetime = issued.expiresInMs
        const renewAt =
          lifetime === undefined
            ? undefined
            : this.#now() + lifetime - Math.min(MAX_RENEWAL_MARGIN_MS, lifetime * 0.1)
        this.#tokens.set(key, { token: issued.token, renewAt })
        return issued.token
      })
      .finally(() => this.#pending.delete(key))
    this.#pending.set(key, request)
    return request
  }

  /** Forgets the token for `key`, if it is still `token` (another job may already have renewed it). */
  invalidate(key: string, token?: string): void {
    const cached = this.#tokens.get(key)
    if (cached && (token === undefined || cached.token === token)) this.#tokens.delete(key)
  }

  /** Forgets every token. */
  clear(): void {
    this.#tokens.clear()
  }
}

import { SecretNotFoundError } from '../errors.js'
import type { SecretProvider } from '../types.js'
import type { SecretRedactor } from './secret_redactor.js'

/**
 * `{{secrets.NAME}}`, with optional spaces inside the braces; NAME is made of
 * letters, digits, `_`, `-` and `.`. The same syntax as Camunda 8's
 * connectors.
 */
export const SECRET_PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z0-9_.-]+)\s*\}\}/g

/** Whether a string contains a secret placeholder. */
export function containsSecretPlaceholder(text: string): boolean {
  SECRET_PLACEHOLDER.lastIndex = 0
  const found = SECRET_PLACEHOLDER.test(text)
  SECRET_PLACEHOLDER.lastIndex = 0
  return found
}

/**
 * Replaces secret placeholders at execution time, for one job. Every value it
 * resolves is registered with the job's redactor, so that it never leaves the
 * runtime in a message, a log line or a variable.
 */
export class SecretResolver {
  readonly #provider: SecretProvider
  readonly #redactor: SecretRedactor
  readonly #cache = new Map<string, string>()

  constructor(provider: SecretProvider, redactor: SecretRedactor) {
    this.#provider = provider
    this.#redactor = redactor
  }

  /** A deep copy of `value` with every placeholder in every string replaced. */
  async resolve<T>(value: T): Promise<T> {
    return (await this.#resolveDeep(value)) as T
  }

  async #resolveDeep(value: unknown): Promise<unknown> {
    if (typeof value === 'string') return this.#resolveString(value)
    if (Array.isArray(value)) return Promise.all(value.map((item) => this.#resolveDeep(item)))
    if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const copy: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) copy[key] = await this.#resolveDeep(item)
      return copy
    }
    return value
  }

  async #resolveString(text: string): Promise<string> {
    if (!containsSecretPlaceholder(text)) return text
    const names = [...text.matchAll(SECRET_PLACEHOLDER)].map((match) => match[1])
    for (const name of names) await this.#secret(name)
    return text.replace(SECRET_PLACEHOLDER, (_placeholder, name: string) => this.#cache.get(name)!)
  }

  async #secret(name: string): Promise<string> {
    const cached = this.#cache.get(name)
    if (cached !== undefined) return cached
    const value = await this.#provider.get(name)
    if (value === undefined) throw new SecretNotFoundError(name)
    this.#cache.set(name, value)
    this.#redactor.add(value)
    return value
  }
}

import type { ProcessInstanceData } from '../state/instance_state.js'

/** A cached instance state with the row version it was read or written at. */
export interface CachedInstance {
  data: ProcessInstanceData
  version: number
}

/**
 * A bounded write-through cache of hot instance states (least recently used out first). Every
 * batch checks the cached version against the instance row (which it also locks), so a write by
 * another server process is noticed and the state read again.
 */
export class InstanceCache {
  readonly #entries = new Map<string, CachedInstance>()

  constructor(private readonly capacity = 10_000) {}

  get(key: string): CachedInstance | undefined {
    const entry = this.#entries.get(key)
    if (entry) {
      // move to the most recently used end
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }

  set(key: string, entry: CachedInstance): void {
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) {
        this.#entries.delete(oldest)
      }
    }
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}

import { KeyBlockExhaustedError } from './errors.js'

/**
 * Zeebe encodes the partition id in the upper bits of a key; partition 1 starts at 2^51. We use
 * the same base so keys look like Zeebe's (`2251799813685249`) and stay below 2^53, where
 * JavaScript numbers are exact.
 */
export const KEY_BASE = 2 ** 51

/**
 * Hands out unique keys (as decimal strings) for everything the engine creates: instances,
 * element instances, jobs, incidents, variables, definitions. Keys are unique across restarts
 * and across several server processes on one database.
 */
export interface KeyGenerator {
  /** The next key. Synchronous: processing never waits inside a command. */
  next(): string
  /**
   * Makes sure at least `count` keys can be handed out without waiting. Called before each
   * batch of commands, outside any transaction.
   */
  reserve(count: number): Promise<void>
}

/**
 * A key generator that reserves blocks of keys from a shared counter (a table row for the SQL
 * store) and hands them out from memory. Blocks never overlap, so several processes may share
 * one database; a restart simply reserves a fresh block.
 */
export class BlockKeyGenerator implements KeyGenerator {
  #next = 0
  #end = 0
  #pending: Promise<void> | null = null

  /**
   * @param reserveBlock reserves `size` counters and returns the first one (exclusive range
   *   `[first, first + size)`)
   * @param blockSize how many keys one reservation takes
   */
  constructor(
    private readonly reserveBlock: (size: number) => Promise<number>,
    private readonly blockSize = 50_000
  ) {}

  next(): string {
    if (this.#next >= this.#end) {
      throw new KeyBlockExhaustedError()
    }
    return String(KEY_BASE + this.#next++)
  }

  async reserve(count: number): Promise<void> {
    while (this.#end - this.#next < count) {
      if (!this.#pending) {
        const size = Math.max(this.blockSize, count)
        this.#pending = this.reserveBlock(size)
          .then((first) => {
            // a fresh block replaces the remainder of the old one (a few keys are skipped)
            this.#next = first
            this.#end = first + size
          })
          .finally(() => {
            this.#pending = null
          })
      }
      await this.#pending
    }
  }
}

/**
 * The source of time for the engine. Every timestamp, job deadline, back-off and (later) timer
 * comes from here, so tests and the `PUT /v2/clock` endpoint can pin or move time instead of
 * sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /**
   * Registers a listener called after the time was changed by hand (pinned, moved, reset). The
   * engine uses it to run due work (job time-outs, back-offs) at once. Returns an unsubscribe.
   */
  onChange?(listener: () => void): () => void
}

/** The wall clock of the machine. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now()
  }
}

/**
 * A clock that follows the machine's time, but can be pinned to an instant or shifted by an
 * offset; `reset()` returns to real time. This is what `PUT /v2/clock` and
 * `POST /v2/clock/reset` drive, and what tests use to move time.
 */
export class ControllableClock implements Clock {
  #pinnedAt: number | null = null
  #offset = 0
  #listeners = new Set<() => void>()

  now(): number {
    return this.#pinnedAt ?? Date.now() + this.#offset
  }

  /** Freezes the clock at the given instant (epoch ms or a `Date`). */
  pin(instant: number | Date): void {
    this.#pinnedAt = typeof instant === 'number' ? instant : instant.getTime()
    this.#offset = 0
    this.#changed()
  }

  /** Moves the clock forward (or back, with a negative value) by the given milliseconds. */
  advance(milliseconds: number): void {
    if (this.#pinnedAt !== null) {
      this.#pinnedAt += milliseconds
    } else {
      this.#offset += milliseconds
    }
    this.#changed()
  }

  /** Sets a fixed offset from the machine's time and unpins the clock. */
  offset(milliseconds: number): void {
    this.#pinnedAt = null
    this.#offset = milliseconds
    this.#changed()
  }

  /** Returns to the machine's time. */
  reset(): void {
    this.#pinnedAt = null
    this.#offset = 0
    this.#changed()
  }

  /** Whether the clock is pinned, and where. */
  get pinnedAt(): number | null {
    return this.#pinnedAt
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      listener()
    }
  }
}

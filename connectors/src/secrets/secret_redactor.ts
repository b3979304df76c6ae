/**
 * Removes secret values from text the runtime emits (failure messages, BPMN
 * error messages, logs, returned variables). Every value a job resolved from
 * `{{secrets.NAME}}`, and every token a connector obtained with them, is
 * registered here for the duration of the job.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '***'

/**
 * The forms in which a secret may reappear in text: as is, URL-encoded
 * (component, whole-URL and form style), base64 (standard and URL-safe, with and without
 * padding) and JSON-escaped.
 */
export function sensitiveForms(value: string): string[] {
  const forms = new Set<string>([value])
  forms.add(encodeURIComponent(value))
  forms.add(encodeURI(value))
  forms.add(new URLSearchParams({ v: value }).toString().slice(2))
  const base64 = Buffer.from(value, 'utf8').toString('base64')
  forms.add(base64)
  forms.add(base64.replace(/=+$/, ''))
  forms.add(Buffer.from(value, 'utf8').toString('base64url'))
  forms.add(JSON.stringify(value).slice(1, -1))
  return [...forms].filter((form) => form.length > 0)
}

/**
 * A set of secret values and the redaction of text against them. Longer
 * values are replaced first so that a secret containing another is removed
 * whole.
 */
export class SecretRedactor {
  readonly #forms = new Set<string>()
  #ordered: string[] = []

  /** Registers a value (and its encoded forms); empty values are ignored. */
  add(value: string): void {
    if (typeof value !== 'string' || value.length === 0) return
    let changed = false
    for (const form of sensitiveForms(value)) {
      if (!this.#forms.has(form)) {
        this.#forms.add(form)
        changed = true
      }
    }
    if (changed) this.#ordered = [...this.#forms].sort((a, b) => b.length - a.length)
  }

  /** Whether no value is registered. */
  get isEmpty(): boolean {
    return this.#forms.size === 0
  }

  /** Text with every registered form replaced by `***`. */
  redact(text: string): string {
    let result = text
    for (const form of this.#ordered) {
      if (result.includes(form)) result = result.split(form).join(REDACTED)
    }
    return result
  }

  /** A deep copy of a JSON-like value with every string (and object key) redacted. */
  redactValue<T>(value: T): T {
    return this.#redactDeep(value, new WeakSet()) as T
  }

  #redactDeep(value: unknown, seen: WeakSet<object>): unknown {
    if (this.isEmpty) return value
    if (typeof value === 'string') return this.redact(value)
    if (Array.isArray(value)) {
      if (seen.has(value)) return '[circular]'
      seen.add(value)
      return value.map((item) => this.#redactDeep(item, seen))
    }
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      if (seen.has(value)) return '[circular]'
      seen.add(value)
      const copy: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) {
        copy[this.redact(key)] = this.#redactDeep(item, seen)
      }
      return copy
    }
    return value
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

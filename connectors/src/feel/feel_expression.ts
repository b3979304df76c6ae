import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction } from 'feelin'
import { Duration } from 'luxon'
import { FeelExpressionError } from '../errors.js'

/**
 * The one place the connectors evaluate FEEL (through feelin): result and
 * error expressions, session token expressions, mail templates and
 * `=`-prefixed values of configured operations. It adds Camunda's connector
 * functions `bpmnError` and `jobError`, and turns FEEL values back into
 * plain JSON (dates and durations become ISO strings) so that they can be
 * stored as process variables.
 */

/** The object `bpmnError(code, message, variables?)` returns, as in Camunda. */
export interface BpmnErrorValue {
  errorType: 'bpmnError'
  code: string
  message: string
  variables: Record<string, unknown>
}

/** The object `jobError(message, variables?, retries?, timeout?)` returns, as in Camunda. */
export interface JobErrorValue {
  errorType: 'jobError'
  message: string
  variables: Record<string, unknown>
  retries: number
  /** Back-off before the next retry, in milliseconds (`timeout` in Camunda; default PT0S). */
  retryBackOffMs: number
}

/**
 * Camunda's FEEL helper functions for error expressions:
 * `bpmnError(code, message, variables?)` and
 * `jobError(message, variables?, retries?, timeout?)` (defaults `{}`, 0, PT0S).
 */
export const connectorFeelFunctions = {
  bpmnError(code: unknown, message: unknown, variables?: unknown): BpmnErrorValue {
    return {
      errorType: 'bpmnError',
      code: code === null || code === undefined ? '' : String(code),
      message: message === null || message === undefined ? '' : String(message),
      variables: isRecord(variables) ? variables : {},
    }
  },
  jobError(
    message: unknown,
    variables?: unknown,
    retries?: unknown,
    timeout?: unknown
  ): JobErrorValue {
    return {
      errorType: 'jobError',
      message: message === null || message === undefined ? '' : String(message),
      variables: isRecord(variables) ? variables : {},
      retries:
        typeof retries === 'number' && Number.isFinite(retries)
          ? Math.max(0, Math.trunc(retries))
          : 0,
      retryBackOffMs:
        timeout instanceof FeelDuration ? durationToMilliseconds(timeout.toString()) : 0,
    }
  },
}

/**
 * Evaluates a FEEL expression (a leading `=` is allowed and ignored) against
 * a context, with `bpmnError` and `jobError` available, and returns a plain
 * JSON value. FEEL's null semantics apply: an unknown variable gives null.
 *
 * @throws FeelExpressionError when the expression does not parse; `purpose`
 *   names it in the message ("resultExpression", …).
 */
export function evaluateFeel(
  expression: string,
  context: Record<string, unknown>,
  purpose: string
): unknown {
  const source = expression.trim().replace(/^=/, '').trim()
  if (source.length === 0) return null
  let value: unknown
  try {
    value = evaluate(source, { ...connectorFeelFunctions, ...context }).value
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new FeelExpressionError(
      `Expected ${purpose} to be a valid FEEL expression, but: ${reason}`
    )
  }
  return toPlainValue(value)
}

/**
 * A FEEL (or driver) value as plain JSON: dates, times and date-times as
 * ISO strings, durations as ISO-8601 durations, bytes as base64, big
 * integers as numbers when exact (else strings), functions and undefined
 * dropped (null in lists). The error helpers' results are kept as they are.
 */
export function toPlainValue(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime) {
    return value.toString()
  }
  if (value instanceof FeelDuration) return value.toString()
  if (isFunction(value) || typeof value === 'function') return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item))
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') {
    const plain: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || isFunction(item)) continue
      plain[key] = toPlainValue(item)
    }
    return plain
  }
  return value
}

/**
 * Milliseconds of an ISO-8601 duration (`PT30S`, `P1D`).
 *
 * @throws RangeError when the text is not a non-negative ISO-8601 duration.
 */
export function durationToMilliseconds(iso: string): number {
  const duration = Duration.fromISO(iso.trim())
  if (!duration.isValid)
    throw new RangeError(`Expected an ISO-8601 duration such as PT30S, but got "${iso}"`)
  const milliseconds = duration.as('milliseconds')
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new RangeError(`Expected a non-negative ISO-8601 duration, but got "${iso}"`)
  }
  return Math.round(milliseconds)
}

/** Whether a value is a plain object (a FEEL context). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

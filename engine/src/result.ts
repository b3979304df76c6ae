import type { IncidentErrorType } from './intents.js'

/**
 * An expected failure of process execution: it becomes an incident of the given type, with the
 * message shown to the operator. It is a value, never thrown.
 */
export interface Failure {
  errorType: IncidentErrorType
  message: string
}

/**
 * The outcome of a step that can fail in an expected way (evaluating an expression, resolving a
 * form): either a value or a `Failure` the caller turns into an incident.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure }

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Builds a failed result of the given incident type. */
export function failure<T = never>(errorType: IncidentErrorType, message: string): Result<T> {
  return { ok: false, failure: { errorType, message } }
}

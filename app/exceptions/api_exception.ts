import { Exception } from '@adonisjs/core/exceptions'

/**
 * One entry of the API's error body.
 */
export interface ApiErrorEntry {
  message: string
  field?: string
  code: string
  [extra: string]: unknown
}

/**
 * An expected failure of an API call, rendered as
 * `{ "errors": [{ "message", "field"?, "code" }] }` with its status.
 * Thrown by services and controllers when a request cannot be honoured.
 */
export class ApiException extends Exception {
  readonly entries: ApiErrorEntry[]

  constructor(
    message: string,
    options: { status: number; code: string; field?: string; entries?: ApiErrorEntry[] }
  ) {
    super(message, { status: options.status, code: options.code })
    this.entries = options.entries ?? [
      { message, code: options.code, ...(options.field ? { field: options.field } : {}) },
    ]
  }
}

/**
 * Thrown when a request names a resource that does not exist (404).
 */
export class NotFoundException extends ApiException {
  constructor(message: string) {
    super(message, { status: 404, code: 'E_NOT_FOUND' })
  }
}

/**
 * Thrown when a request conflicts with the current state, for example
 * completing a task that is no longer open (409).
 */
export class ConflictException extends ApiException {
  constructor(message: string, field?: string) {
    super(message, { status: 409, code: 'E_CONFLICT', field })
  }
}

/**
 * Thrown when a request is well-formed but a field's value cannot be
 * accepted (422), for checks VineJS cannot express.
 */
export class UnprocessableException extends ApiException {
  constructor(message: string, field?: string, code = 'E_VALIDATION_ERROR') {
    super(message, { status: 422, code, field })
  }
}

/**
 * Thrown when a request is malformed in a way no field names (400).
 */
export class BadRequestException extends ApiException {
  constructor(message: string, entries?: ApiErrorEntry[]) {
    super(message, { status: 400, code: 'E_BAD_REQUEST', entries })
  }
}

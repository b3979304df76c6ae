/**
 * Typed errors of the embedded engine.
 *
 * Two families live here:
 * - rejections of a command the caller sent (not found, invalid argument, invalid state,
 *   already exists, deadline exceeded): the REST layer maps them by `code` / `status`;
 * - programming and state errors inside the engine (an impossible lifecycle transition, a
 *   stale cached instance): they abort the command's transaction.
 *
 * Expected runtime failures of a process (a condition that cannot be evaluated, a job without
 * retries) are not errors: they are `Result` failures that become incidents.
 */

/** Machine-readable error codes, close to the gRPC / Camunda REST problem titles. */
export type EngineErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'INVALID_STATE'
  | 'ALREADY_EXISTS'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL'

/** Base class of every error the engine throws on purpose. */
export abstract class EngineError extends Error {
  /** The machine-readable code the REST layer maps to a status. */
  abstract readonly code: EngineErrorCode
  /** The HTTP status the REST layer should answer with. */
  abstract readonly status: number

  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Thrown when a command names a key or id (job, instance, definition, incident) that does not exist. */
export class NotFoundError extends EngineError {
  readonly code = 'NOT_FOUND'
  readonly status = 404
}

/** Thrown when a command carries an argument the engine cannot accept (bad variables, missing id). */
export class InvalidArgumentError extends EngineError {
  readonly code = 'INVALID_ARGUMENT'
  readonly status = 400
}

/** One problem found in a deployed resource, located by resource and element id. */
export interface DeploymentProblem {
  /** The resource (file) name the problem was found in. */
  resourceName: string
  /** The id of the BPMN element, or of the process/form, the problem is about. */
  elementId: string | null
  /** "Expected …, but …" sentence describing the problem. */
  message: string
}

/** Thrown when a deployment is rejected; carries every problem found in every resource. */
export class DeploymentRejectedError extends InvalidArgumentError {
  readonly problems: DeploymentProblem[]

  constructor(problems: DeploymentProblem[]) {
    super(
      `Expected to deploy new resources, but encountered the following errors:\n` +
        problems
          .map((p) => `'${p.resourceName}'${p.elementId ? ` (${p.elementId})` : ''}: ${p.message}`)
          .join('\n')
    )
    this.problems = problems
  }
}

/** Thrown when a variable document is not plain JSON or exceeds the configured size limit. */
export class InvalidVariablesError extends InvalidArgumentError {}

/** Thrown when a command targets something in a state that does not allow it (HTTP 409). */
export class InvalidStateError extends EngineError {
  readonly code = 'INVALID_STATE'
  readonly status = 409
}

/** Thrown when creating something that must be unique and already exists (e.g. a business id). */
export class AlreadyExistsError extends EngineError {
  readonly code = 'ALREADY_EXISTS'
  readonly status = 409
}

/** Thrown when an awaited result (create-with-result) did not arrive within the request timeout. */
export class DeadlineExceededError extends EngineError {
  readonly code = 'DEADLINE_EXCEEDED'
  readonly status = 504
}

/** Thrown when a command reaches an engine that is stopped or stopping. */
export class EngineUnavailableError extends EngineError {
  readonly code = 'UNAVAILABLE'
  readonly status = 503
}

/** Base of internal errors: they abort the current transaction and never reach a process. */
export abstract class EngineInternalError extends EngineError {
  readonly code = 'INTERNAL'
  readonly status = 500
}

/** Thrown when an element instance would move along a transition the lifecycle table forbids. */
export class InvalidTransitionError extends EngineInternalError {
  constructor(
    readonly processInstanceKey: string,
    readonly elementId: string,
    readonly from: string,
    readonly to: string
  ) {
    super(
      `Expected element '${elementId}' of process instance '${processInstanceKey}' ` +
        `to move from ${from} to ${to}, but the lifecycle does not allow it`
    )
  }
}

/** Thrown when processing needs state that is not loaded or does not exist (an engine bug). */
export class MissingStateError extends EngineInternalError {
  constructor(
    message: string,
    readonly processInstanceKey?: string,
    readonly elementId?: string
  ) {
    super(message)
  }
}

/** Thrown when the key generator runs out of its reserved block in the middle of a batch. */
export class KeyBlockExhaustedError extends EngineInternalError {
  constructor() {
    super('Expected a reserved key to be available, but the key block is exhausted')
  }
}

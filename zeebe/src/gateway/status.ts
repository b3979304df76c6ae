import { Metadata, status, type ServiceError } from '@grpc/grpc-js'
import { EngineError } from '@senflow/engine'

/**
 * gRPC status codes as Zeebe's gateway returns them, from the engine's typed errors: a
 * rejection NOT_FOUND → NOT_FOUND, INVALID_ARGUMENT (a bad model, bad variables) →
 * INVALID_ARGUMENT, INVALID_STATE (a job not activated, an instance already completed) →
 * FAILED_PRECONDITION, ALREADY_EXISTS → ALREADY_EXISTS, an awaited result too late →
 * DEADLINE_EXCEEDED, a stopped engine → UNAVAILABLE; anything else INTERNAL.
 */
const BY_CODE: Record<string, status> = {
  NOT_FOUND: status.NOT_FOUND,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  INVALID_STATE: status.FAILED_PRECONDITION,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNAVAILABLE: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
}

/** An error answered to the client with a status and a message. */
export class GatewayStatusError extends Error {
  constructor(
    readonly code: status,
    message: string
  ) {
    super(message)
  }
}

/** The `ServiceError` grpc-js sends for an error thrown while handling a call. */
export function toServiceError(error: unknown): ServiceError {
  let code: status = status.INTERNAL
  let message: string
  if (error instanceof GatewayStatusError) {
    code = error.code
    message = error.message
  } else if (error instanceof EngineError || isEngineErrorLike(error)) {
    code = BY_CODE[(error as EngineError).code] ?? status.INTERNAL
    message = (error as Error).message
  } else {
    message =
      'Unexpected error while processing the command: ' +
      (error instanceof Error ? error.message : String(error))
  }
  return Object.assign(new Error(message), {
    code,
    details: message,
    metadata: new Metadata(),
  })
}

/** An engine error from another copy of the engine module (same shape, other class). */
function isEngineErrorLike(error: unknown): boolean {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as unknown as { code: string }).code in BY_CODE &&
    typeof (error as { status?: unknown }).status === 'number'
  )
}

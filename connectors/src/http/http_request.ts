import { ConnectorInputError, HttpStatusError } from '../errors.js'
import type { ConnectorContext } from '../types.js'
import type { HttpAuthenticator, RejectionPredicate } from './http_authentication.js'
import { sendAuthenticated } from './http_authentication.js'
import { decodeBody, type HttpCall } from './http_call.js'
import { describeUrl, type IncomingResponse, type TransportOptions } from './http_transport.js'
import { OutboundGuard, type HostResolver } from './outbound_guard.js'

/**
 * One HTTP request of a connector, from its specification to the response
 * Camunda's REST connector returns (`{ status, headers, body }`), shared by
 * the Camunda-compatible connector, the configured HTTP connectors and the
 * portal connector.
 */

/** The response a connector returns; `body` is parsed JSON, or text. */
export interface HttpConnectorResponse {
  status: number
  reason: string
  headers: Record<string, string>
  body: unknown
}

/** A request and its per-request settings. */
export interface HttpRequestSpecification {
  call: HttpCall
  /** Resolved authentication settings (Camunda's `authentication` shape), or undefined. */
  authentication?: unknown
  connectionTimeoutMs?: number
  readTimeoutMs?: number
  followRedirects?: boolean
  /** Return the body as text even when it is JSON (Camunda's `documentReturnFormat` TEXT). */
  asText?: boolean
  /** Whether a status of 400 or more throws an HttpStatusError (default true). */
  failOnErrorStatus?: boolean
  /** Besides 401, answers that mean "log in again". */
  isRejected?: RejectionPredicate
}

/** Per-connector limits and safety. */
export interface HttpLimits {
  /** Hosts allowed despite resolving to private addresses (added to CONNECTORS_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[]
  resolver?: HostResolver
  maxResponseBytes?: number
  maxRedirects?: number
}

/**
 * Performs a request: guard, authentication (renewed once on rejection),
 * timeouts, size limit, redirects; decodes the body.
 *
 * @throws HttpStatusError for a status of 400 or more (its `response` is
 *   the decoded response), and the transport's errors.
 */
export async function performHttpRequest(
  specification: HttpRequestSpecification,
  limits: HttpLimits,
  authenticator: HttpAuthenticator,
  context: Pick<ConnectorContext, 'environment' | 'signal' | 'registerSensitive'>
): Promise<HttpConnectorResponse> {
  const transport: TransportOptions = {
    guard: new OutboundGuard({
      allowedHosts: limits.allowedHosts,
      environment: context.environment,
      resolver: limits.resolver,
    }),
    connectionTimeoutMs: specification.connectionTimeoutMs,
    readTimeoutMs: specification.readTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    maxRedirects: limits.maxRedirects,
    followRedirects: specification.followRedirects,
    signal: context.signal,
  }
  const strategy = authenticator.strategyFor(
    specification.authentication,
    { transport, registerSensitive: context.registerSensitive },
    specification.isRejected
  )
  const incoming = await sendAuthenticated(specification.call, strategy, transport)
  const response = toConnectorResponse(incoming, specification.asText ?? false)
  if ((specification.failOnErrorStatus ?? true) && incoming.status >= 400) {
    const reason = incoming.reason ? ` ${incoming.reason}` : ''
    throw new HttpStatusError(
      `HTTP ${incoming.status}${reason} from ${specification.call.method} ${describeUrl(incoming.url)}${bodySnippet(response.body)}`,
      incoming.status,
      response
    )
  }
  return response
}

/** The start of an error response's body, for the failure message (operators see why without opening logs). */
function bodySnippet(body: unknown): string {
  if (body === null || body === undefined || body === '') return ''
  const text = (typeof body === 'string' ? body : JSON.stringify(body)).replace(/\s+/g, ' ').trim()
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`
}

function toConnectorResponse(incoming: IncomingResponse, asText: boolean): HttpConnectorResponse {
  return {
    status: incoming.status,
    reason: incoming.reason,
    headers: incoming.headers,
    body: decodeBody(incoming, asText),
  }
}

/**
 * Reads Camunda's timeout inputs (`connectionTimeoutInSeconds`,
 * `readTimeoutInSeconds`): a number or numeric string of seconds, 0 for no
 * limit; undefined when absent.
 *
 * @throws ConnectorInputError for anything else.
 */
export function secondsToMilliseconds(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const seconds = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ConnectorInputError(
      `Expected ${name} to be a number of seconds (0 for no limit), but got ${JSON.stringify(value)}`
    )
  }
  return Math.round(seconds * 1000)
}

/**
 * Sends one HTTP exchange for the connectors, with the outbound guard, the
 * timeouts, the response size limit and redirects.
 *
 * Why node:http rather than the built-in fetch: the request must connect to
 * the exact address the outbound guard checked (a `lookup` pinned per
 * request, so DNS cannot rebind between check and connect); Node 20's fetch
 * (undici) only allows that through an undici `Agent`, which is not
 * importable from Node itself. node:http also gives separate connection and
 * read timeouts (Camunda's `connectionTimeoutInSeconds` and
 * `readTimeoutInSeconds`) and lets us count body bytes as they arrive to
 * stop at the size limit.
 */
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Readable } from 'node:stream'
import {
  ConnectorError,
  ConnectorTimeoutError,
  OutboundRequestRefusedError,
  ResponseTooLargeError,
} from '../errors.js'
import type { OutboundGuard, OutboundTarget } from './outbound_guard.js'

/** Default response size limit: 5 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024
/** Default number of redirects followed. */
export const DEFAULT_MAX_REDIRECTS = 5
/** Default connection and read timeouts, as Camunda's REST connector (20 s each). */
export const DEFAULT_TIMEOUT_MS = 20_000

/** A request ready to go on the wire. */
export interface OutgoingRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: Buffer
}

/** A response as received: status, lower-cased headers, raw body. */
export interface IncomingResponse {
  status: number
  reason: string
  headers: Record<string, string>
  body: Buffer
  /** The URL that answered (after redirects). */
  url: URL
}

/** Limits and safety for one exchange. */
export interface TransportOptions {
  guard: OutboundGuard
  /** 0 means no limit. */
  connectionTimeoutMs?: number
  /** Longest silence while waiting for the response; 0 means no limit. */
  readTimeoutMs?: number
  maxResponseBytes?: number
  followRedirects?: boolean
  maxRedirects?: number
  signal?: AbortSignal
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * Sends a request, following redirects manually: every hop is checked by
 * the guard again, a 303 (and a 301/302 after a POST) becomes a GET without
 * body, and credentials are dropped when the origin changes.
 *
 * @throws OutboundRequestRefusedError, ConnectorTimeoutError,
 *   ResponseTooLargeError, or ConnectorError for network failures and too
 *   many redirects.
 */
export async function sendHttpRequest(
  request: OutgoingRequest,
  options: TransportOptions
): Promise<IncomingResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  let current = request
  for (let hop = 0; ; hop++) {
    const target = await options.guard.check(current.url)
    const response = await exchange(current, target, options)
    const location = response.headers.location
    if (!(options.followRedirects ?? true) || !REDIRECT_STATUSES.has(response.status) || !location)
      return response
    if (hop >= maxRedirects) {
      throw new ConnectorError(
        `Expected at most ${maxRedirects} redirects, but ${describeUrl(request.url)} redirected more`,
        {
          code: 'TOO_MANY_REDIRECTS',
          retryable: false,
        }
      )
    }
    current = redirectedRequest(current, response.status, location)
  }
}

function redirectedRequest(
  request: OutgoingRequest,
  status: number,
  location: string
): OutgoingRequest {
  let next: URL
  try {
    next = new URL(location, request.url)
  } catch {
    throw new ConnectorError(
      `Expected a valid redirect location from ${describeUrl(request.url)}, but got "${location}"`,
      {
        retryable: false,
      }
    )
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new OutboundRequestRefusedError(`Refused to follow a redirect to a ${next.protocol} URL`)
  }
  const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST')
  const headers = { ...request.headers }
  if (toGet) {
    for (const name of Object.keys(headers)) {
      if (name === 'content-type' || name === 'content-length') delete headers[name]
    }
  }
  if (next.origin !== request.url.origin) {
    for (const name of Object.keys(headers)) {
      if (name === 'authorization' || name === 'cookie' || name === 'proxy-authorization')
        delete headers[name]
    }
  }
  return {
    method: toGet && request.method !== 'HEAD' ? 'GET' : request.method,
    url: next,
    headers,
    body: toGet ? undefined : request.body,
  }
}

/** The URL without query and fragment, for messages (queries may carry keys). */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`
}

function exchange(
  request: OutgoingRequest,
  target: OutboundTarget,
  options: TransportOptions
): Promise<IncomingResponse> {
  const connectionTimeoutMs = options.connectionTimeoutMs ?? DEFAULT_TIMEOUT_MS
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const where = `${request.method} ${describeUrl(request.url)}`

  return new Promise<IncomingResponse>((resolve, reject) => {
    let settled = false
    let connectTimer: NodeJS.Timeout | undefined
    const finish = (error: Error | undefined, response?: IncomingResponse) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      options.signal?.removeEventListener('abort', onAbort)
      if (error) {
        outgoing.destroy()
        reject(error)
      } else resolve(response!)
    }
    const onAbort = () => {
      const reason = options.signal?.reason
      finish(reason instanceof Error ? reason : new ConnectorError(`Request ${where} was aborted`))
    }

    // The connection goes to the address the guard checked, whatever DNS says now.
    const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all)
        callback(null, [{ address: target.address.address, family: target.address.family }])
      else callback(null, target.address.address, target.address.family)
    }
    const isHttps = request.url.protocol === 'https:'
    const headers: Record<string, string> = { ...request.headers }
    if (request.body) headers['content-length'] = String(request.body.length)
    const outgoing = (isHttps ? https : http).request({
      protocol: request.url.protocol,
      hostname: target.hostname,
      port: request.url.port || (isHttps ? 443 : 80),
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers,
      lookup: pinnedLookup,
      agent: false,
      ...(isHttps
        ? { servername: isIpLiteral(target.hostname) ? undefined : target.hostname }
        : {}),
    })

    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, { once: true })

    if (connectionTimeoutMs > 0) {
      connectTimer = setTimeout(
        () =>
          finish(
            new ConnectorTimeoutError(
              `Connection to ${where} timed out after ${connectionTimeoutMs} ms`
            )
          ),
        connectionTimeoutMs
      )
    }
    outgoing.on('socket', (socket) => {
      const connected = () => {
        clearTimeout(connectTimer)
        if (readTimeoutMs > 0) {
          socket.setTimeout(readTimeoutMs, () =>
            finish(
              new ConnectorTimeoutError(
                `Reading the response of ${where} timed out after ${readTimeoutMs} ms`
              )
            )
          )
        }
      }
      socket.once(isHttps ? 'secureConnect' : 'connect', connected)
    })
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        new ConnectorError(`Request ${where} failed: ${error.code ?? error.message}`, {
          cause: error,
          code: error.code,
        })
      )
    )
    outgoing.on('response', (incoming) => {
      const declared = Number(incoming.headers['content-length'])
      if (Number.isFinite(declared) && declared > maxBytes) {
        return finish(tooLarge(where, maxBytes))
      }
      const stream = decoded(incoming)
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBytes) {
          stream.destroy()
          return finish(tooLarge(where, maxBytes))
        }
        chunks.push(chunk)
      })
      stream.on('error', (error: Error) =>
        finish(
          new ConnectorError(`Reading the response of ${where} failed: ${error.message}`, {
            cause: error,
          })
        )
      )
      stream.on('end', () =>
        finish(undefined, {
          status: incoming.statusCode ?? 0,
          reason: incoming.statusMessage ?? '',
          headers: flattenHeaders(incoming.headers),
          body: Buffer.concat(chunks),
          url: request.url,
        })
      )
    })
    outgoing.end(request.body)
  })
}

function tooLarge(where: string, maxBytes: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `Expected a response of at most ${maxBytes} bytes from ${where}, but it is larger`
  )
}

function decoded(incoming: http.IncomingMessage): Readable {
  const encoding = String(incoming.headers['content-encoding'] ?? '').toLowerCase()
  if (encoding === 'gzip' || encoding === 'x-gzip') return incoming.pipe(createGunzip())
  if (encoding === 'deflate') return incoming.pipe(createInflate())
  if (encoding === 'br') return incoming.pipe(createBrotliDecompress())
  return incoming
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

function isIpLiteral(hostname: string): boolean {
  return /^[\d.]+$/.test(hostname) || hostname.includes(':')
}

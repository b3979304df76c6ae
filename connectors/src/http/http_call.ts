import { ConnectorInputError } from '../errors.js'
import { isRecord } from '../feel/feel_expression.js'
import type { IncomingResponse, OutgoingRequest } from './http_transport.js'

/**
 * An HTTP call being prepared: authentication strategies add headers, query
 * parameters or body fields to it before it is serialised for the wire.
 */
export interface HttpCall {
  method: string
  url: URL
  /** Lower-cased header names. */
  headers: Record<string, string>
  /** A JSON value, a string (sent as is), or undefined for no body. */
  body?: unknown
  /** How an object body is encoded. */
  bodyType: 'json' | 'form'
}

/** Methods a connector may send. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

/** Normalises a method name (`post` → `POST`). @throws ConnectorInputError for an unknown method. */
export function normalizeMethod(method: unknown): string {
  const upper = typeof method === 'string' ? method.trim().toUpperCase() : ''
  if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
    throw new ConnectorInputError(
      `Expected method to be one of ${HTTP_METHODS.join(', ')}, but got ${JSON.stringify(method)}`
    )
  }
  return upper
}

/** Parses an absolute http(s) URL. @throws ConnectorInputError otherwise. */
export function parseUrl(url: unknown, what = 'url'): URL {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new ConnectorInputError(
      `Expected ${what} to be an http(s) URL, but it is ${url === undefined ? 'missing' : JSON.stringify(url)}`
    )
  }
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    throw new ConnectorInputError(`Expected ${what} to be an http(s) URL, but it does not parse`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConnectorInputError(
      `Expected ${what} to be an http(s) URL, but its scheme is ${parsed.protocol}`
    )
  }
  return parsed
}

/** Adds query parameters to a URL; arrays repeat the key, null and undefined are skipped. */
export function appendQueryParameters(url: URL, parameters: unknown): void {
  if (parameters === undefined || parameters === null) return
  if (!isRecord(parameters))
    throw new ConnectorInputError(
      'Expected queryParameters to be a context (key: value), but it is not'
    )
  for (const [name, value] of Object.entries(parameters)) {
    const values = Array.isArray(value) ? value : [value]
    for (const item of values) {
      if (item === null || item === undefined) continue
      url.searchParams.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item))
    }
  }
}

/** Lower-cased string headers; null and undefined values skipped. */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {}
  if (!isRecord(headers))
    throw new ConnectorInputError('Expected headers to be a context (name: value), but it is not')
  const normalized: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || value === undefined) continue
    normalized[name.toLowerCase()] =
      typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return normalized
}

/** A deep copy of a JSON value without null entries (Camunda's `ignoreNullValues`). */
export function withoutNullValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullValues)
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) copy[key] = withoutNullValues(item)
    }
    return copy
  }
  return value
}

/** Serialises a call for the wire: JSON (default) or form encoding, content type set when absent. */
export function serializeCall(call: HttpCall): OutgoingRequest {
  const headers = { ...call.headers }
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ConnectorInputError(
        `Expected ${JSON.stringify(name)} to be a valid HTTP header name, but it is not`
      )
    }
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new ConnectorInputError(
        `Expected the value of header ${name} to hold only Latin-1 characters (HTTP headers cannot carry Vietnamese text as is), but it does not`
      )
    }
  }
  let body: Buffer | undefined
  if (
    call.body !== undefined &&
    call.body !== null &&
    call.method !== 'GET' &&
    call.method !== 'HEAD'
  ) {
    const contentType = headers['content-type'] ?? ''
    const asForm =
      call.bodyType === 'form' || contentType.includes('application/x-www-form-urlencoded')
    if (typeof call.body === 'string') {
      body = Buffer.from(call.body, 'utf8')
      headers['content-type'] ??= looksLikeJson(call.body)
        ? 'application/json; charset=utf-8'
        : 'text/plain; charset=utf-8'
    } else if (asForm && isRecord(call.body)) {
      const form = new URLSearchParams()
      for (const [name, value] of Object.entries(call.body)) {
        if (value === null || value === undefined) continue
        form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value))
      }
      body = Buffer.from(form.toString(), 'utf8')
      headers['content-type'] ??= 'application/x-www-form-urlencoded'
    } else {
      body = Buffer.from(JSON.stringify(call.body), 'utf8')
      headers['content-type'] ??= 'application/json; charset=utf-8'
    }
  }
  headers['accept'] ??= 'application/json, text/plain, */*'
  headers['accept-encoding'] ??= 'gzip, deflate, br'
  headers['user-agent'] ??= 'Senflow-Connectors/0.1'
  return { method: call.method, url: new URL(call.url), headers, body }
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim()
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return false
  try {
    JSON.parse(trimmed)
    return true
  } catch {
    return false
  }
}

/** A copy of a call that strategies can change without touching the original. */
export function cloneCall(call: HttpCall): HttpCall {
  return {
    method: call.method,
    url: new URL(call.url),
    headers: { ...call.headers },
    body: call.body === undefined ? undefined : structuredClone(call.body),
    bodyType: call.bodyType,
  }
}

/** Decodes a response body: JSON when it says or looks so (unless text is asked), else a UTF-8 string; empty is null. */
export function decodeBody(response: IncomingResponse, asText = false): unknown {
  if (response.body.length === 0) return null
  const text = response.body.toString('utf8')
  if (asText) return text
  const contentType = response.headers['content-type'] ?? ''
  const trimmed = text.trimStart()
  if (contentType.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

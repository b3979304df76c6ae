/**
 * One error entry of the API's error body. Validation errors also carry
 * the VineJS `rule` that failed; a throttled sign-in carries
 * `retryAfterSeconds`.
 */
export interface ApiErrorEntry {
  message: string
  field?: string
  code: string
  rule?: string
  retryAfterSeconds?: number
}

/**
 * The error code of a request that never got an answer (offline, server
 * down): not one of the server's codes, so the UI can say so in its words.
 */
export const NETWORK_ERROR_CODE = 'E_NETWORK'

/**
 * A failed API call: the status and the entries of `{ errors: [...] }`,
 * with the field errors indexed by field for forms. Status 0 means the
 * server could not be reached.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly entries: ApiErrorEntry[]
  ) {
    super(entries.map((entry) => entry.message).join('; ') || `HTTP ${status}`)
  }

  /**
   * The messages per field, for showing next to form fields.
   */
  get fieldErrors(): Record<string, string[]> {
    const byField: Record<string, string[]> = {}
    for (const entry of this.entries) {
      if (!entry.field) continue
      ;(byField[entry.field] ??= []).push(entry.message)
    }
    return byField
  }

  /**
   * The first entry's code, which names the failure (`E_INVALID_CREDENTIALS`, …).
   */
  get code(): string {
    return this.entries[0]?.code ?? `HTTP_${this.status}`
  }
}

/**
 * Reads the XSRF-TOKEN cookie the server sets, to echo it in the
 * X-XSRF-TOKEN header on state-changing requests (CSRF protection).
 */
export function xsrfToken(
  cookies: string = typeof document === 'undefined' ? '' : document.cookie
) {
  const match = /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(cookies)
  return match ? decodeURIComponent(match[1]) : undefined
}

let unauthorizedHandler: ((error: ApiError) => void) | undefined

/**
 * Registers what happens when a call answers 401 (the session expired or
 * was revoked): the session store signs the user out and the router sends
 * them to the sign-in page. One handler; a later call replaces it.
 */
export function onUnauthorized(handler: ((error: ApiError) => void) | undefined) {
  unauthorizedHandler = handler
}

/**
 * Makes sure the XSRF-TOKEN cookie exists before a state-changing request.
 * The static index.html carries no cookie, and the only public JSON route
 * that passes the session and shield middleware without answering an
 * error is `/health`; one GET there sets the cookie (it lives two hours,
 * a session eight, so this also renews an expired one).
 */
export async function primeXsrfToken(): Promise<void> {
  try {
    await fetch('/health', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch {
    // The request that follows reports the network failure.
  }
}

/**
 * Options of {@link request} beyond `fetch`'s own.
 */
export interface RequestOptions extends RequestInit {
  /** Do not call the 401 handler (sign-in and session checks expect 401). */
  expectUnauthorized?: boolean
}

/**
 * Calls the API with the session cookie and the CSRF header; parses JSON;
 * throws {@link ApiError} with the server's entries on failure (status 0
 * when the server cannot be reached). A state-changing request refused for
 * a missing or stale CSRF token is retried once after renewing the cookie.
 */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init: RequestOptions = {}
): Promise<T> {
  const { expectUnauthorized, ...fetchInit } = init
  const changesState = method !== 'GET' && method !== 'HEAD'
  if (changesState && !xsrfToken()) await primeXsrfToken()
  let response = await send(method, path, body, fetchInit)
  if (changesState && response.status === 403) {
    const refused = await readError(response.clone())
    if (refused.code === 'E_BAD_CSRF_TOKEN') {
      await primeXsrfToken()
      response = await send(method, path, body, fetchInit)
    }
  }
  if (response.status === 204) return undefined as T
  if (!response.ok) {
    const error = await readError(response)
    if (error.status === 401 && !expectUnauthorized) unauthorizedHandler?.(error)
    throw error
  }
  const text = await response.text()
  return (text ? safeJson(text) : undefined) as T
}

async function send(method: string, path: string, body: unknown, init: RequestInit) {
  const headers = new Headers(init.headers)
  headers.set('accept', 'application/json')
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData
  if (body !== undefined && !isForm) headers.set('content-type', 'application/json')
  if (method !== 'GET' && method !== 'HEAD') {
    const token = xsrfToken()
    if (token) headers.set('x-xsrf-token', token)
  }
  try {
    return await fetch(path, {
      ...init,
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    })
  } catch (cause) {
    throw new ApiError(0, [{ message: (cause as Error).message, code: NETWORK_ERROR_CODE }])
  }
}

async function readError(response: Response): Promise<ApiError> {
  const text = await response.text()
  const data = text ? safeJson(text) : undefined
  const entries = (data as { errors?: ApiErrorEntry[] } | undefined)?.errors
  return new ApiError(
    response.status,
    Array.isArray(entries)
      ? entries
      : [{ message: text || response.statusText, code: `HTTP_${response.status}` }]
  )
}

/**
 * Builds a query string from the defined, non-empty values of `params`.
 */
export function queryString(params: Record<string, string | number | boolean | undefined | null>) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

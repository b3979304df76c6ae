/**
 * One error entry of the API's error body.
 */
export interface ApiErrorEntry {
  message: string
  field?: string
  code: string
}

/**
 * A failed API call: the status and the entries of `{ errors: [...] }`,
 * with the field errors indexed by field for forms.
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

/**
 * Calls the API with the session cookie and the CSRF header; parses JSON;
 * throws {@link ApiError} with the server's entries on failure.
 */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {}
): Promise<T> {
  const headers = new Headers(init.headers)
  headers.set('accept', 'application/json')
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData
  if (body !== undefined && !isForm) headers.set('content-type', 'application/json')
  if (method !== 'GET' && method !== 'HEAD') {
    const token = xsrfToken()
    if (token) headers.set('x-xsrf-token', token)
  }
  const response = await fetch(path, {
    ...init,
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
  })
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const data = text ? safeJson(text) : undefined
  if (!response.ok) {
    const entries = (data as { errors?: ApiErrorEntry[] } | undefined)?.errors
    throw new ApiError(
      response.status,
      Array.isArray(entries)
        ? entries
        : [{ message: text || response.statusText, code: `HTTP_${response.status}` }]
    )
  }
  return data as T
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

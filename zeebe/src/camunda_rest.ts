import {
  EngineUnavailableError,
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
  type SearchQuery,
  type SearchResult,
} from '@senflow/engine'

/**
 * Camunda 8's REST API (`/v2`, Camunda 8.8 names), for what Zeebe's gateway cannot answer:
 * searches of instances, element instances, variables, incidents, jobs, decisions, and the call
 * hierarchy. Its request and result shapes are the port's (the port was modelled on it), so
 * queries pass through.
 */
export class CamundaRestClient {
  constructor(
    readonly baseUrl: string,
    /** The `authorization` header value, or null for none. */
    readonly authorization: () => Promise<string | null>,
    readonly fetchImpl: typeof fetch = fetch
  ) {}

  async search<T>(resource: string, query: SearchQuery<object> = {}): Promise<SearchResult<T>> {
    const body = await this.request<{ items: T[]; page: { totalItems: number } }>(
      'POST',
      `/v2/${resource}/search`,
      {
        filter: query.filter ?? {},
        sort: query.sort,
        page: { from: query.page?.from ?? 0, limit: query.page?.limit ?? 100 },
      }
    )
    return { items: body.items ?? [], page: { totalItems: body.page?.totalItems ?? 0 } }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  async text(path: string): Promise<string> {
    return this.request<string>('GET', path, undefined, true)
  }

  post<T>(path: string, body: object): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  async request<T>(method: string, path: string, body?: object, asText = false): Promise<T> {
    const url = new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`)
    const headers: Record<string, string> = {
      accept: asText ? 'text/xml, */*' : 'application/json',
    }
    const authorization = await this.authorization()
    if (authorization) headers.authorization = authorization
    if (body) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      })
    } catch (error) {
      throw new EngineUnavailableError(
        `Expected Camunda's REST API at ${this.baseUrl} to answer ${method} ${path}, but it could not be reached: ${(error as Error).message}`
      )
    }
    const text = await response.text()
    if (!response.ok) {
      let detail = text.slice(0, 500)
      try {
        const problem = JSON.parse(text)
        detail = problem.detail ?? problem.message ?? detail
      } catch {
        // not a problem document
      }
      const message = `Camunda's REST API refused ${method} ${path} (${response.status}): ${detail}`
      if (response.status === 404) throw new NotFoundError(message)
      if (response.status === 400) throw new InvalidArgumentError(message)
      if (response.status === 409) throw new InvalidStateError(message)
      throw new EngineUnavailableError(message)
    }
    if (asText) return text as T
    return (text ? JSON.parse(text) : {}) as T
  }
}

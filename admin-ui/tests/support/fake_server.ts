import { createApp } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { resettableStores } from '../../src/stores/reset'

/**
 * One request the fake server received.
 */
export interface FakeRequest {
  method: string
  path: string
  headers: Headers
  body: unknown
}

type Handler = (request: FakeRequest) => { status?: number; body?: unknown } | undefined

/**
 * A fake of the Senflow API for unit tests, installed as `fetch` (vitest
 * runs without the server; the browser suite drives the real one). Routes
 * are `'METHOD /path'` (the query string is not part of the match); an
 * unknown route answers 404 in the API's error shape. Every request is
 * recorded in `requests`.
 */
export function fakeServer(routes: Record<string, Handler> = {}) {
  const requests: FakeRequest[] = []
  const table = { ...routes }
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://senflow.test')
    const request: FakeRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: `${url.pathname}${url.search}`,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    }
    requests.push(request)
    const handler = table[`${request.method} ${url.pathname}`]
    const answer = handler?.(request) ?? {
      status: 404,
      body: { errors: [{ message: 'Not found', code: 'E_ROUTE_NOT_FOUND' }] },
    }
    const status = answer.status ?? 200
    return new Response(
      status === 204 || answer.body === undefined ? null : JSON.stringify(answer.body),
      { status, headers: { 'content-type': 'application/json' } }
    )
  })
  vi.stubGlobal('fetch', fetchMock)
  return {
    requests,
    /** Adds or replaces a route. */
    on(route: string, handler: Handler) {
      table[route] = handler
    },
    /** The requests to `'METHOD /path'` (without query). */
    calls(route: string) {
      return requests.filter(
        (request) => `${request.method} ${request.path.split('?')[0]}` === route
      )
    },
  }
}

/**
 * A user as the API returns it, with the given changes.
 */
export function apiUser(changes: Record<string, unknown> = {}) {
  return {
    id: 1,
    email: 'admin@demo.senflow.local',
    fullName: 'Nguyễn Văn An',
    active: true,
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    roles: ['admin'],
    units: [{ id: 8, code: 'CY-IT', nameVi: 'Cục Cơ yếu', nameEn: 'Cryptography', primary: true }],
    lastLoginAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...changes,
  }
}

/**
 * A unit as the API returns it.
 */
export function apiUnit(id: number, code: string, parentId: number | null, active = true) {
  return {
    id,
    code,
    nameVi: `Đơn vị ${code}`,
    nameEn: `Unit ${code}`,
    parentId,
    active,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

/**
 * A fresh Pinia for one test, installed in an app as in `main.ts` (Pinia
 * applies plugins only once installed) and made active.
 */
export function freshPinia() {
  const pinia = createPinia()
  pinia.use(resettableStores)
  createApp({}).use(pinia)
  setActivePinia(pinia)
  return pinia
}

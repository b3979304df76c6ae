import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthorized, queryString, request, xsrfToken } from '../src/api/http'
import { fakeServer } from './support/fake_server'

describe('api/http', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    onUnauthorized(undefined)
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  })

  it('should read the XSRF token from the cookies', () => {
    expect(xsrfToken('a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==')
    expect(xsrfToken('a=1')).toBeUndefined()
  })

  it('should index field errors by field', () => {
    const error = new ApiError(422, [
      { message: 'taken', field: 'email', code: 'E_VALIDATION_ERROR' },
      { message: 'too short', field: 'password', code: 'E_VALIDATION_ERROR' },
      { message: 'also bad', field: 'email', code: 'E_VALIDATION_ERROR' },
      { message: 'general', code: 'E_CONFLICT' },
    ])
    expect(error.fieldErrors).toEqual({ email: ['taken', 'also bad'], password: ['too short'] })
    expect(error.message).toContain('general')
    expect(error.code).toBe('E_VALIDATION_ERROR')
  })

  it('should get the CSRF cookie before the first change, then echo it', async () => {
    // given a server that sets the cookie on /health
    const server = fakeServer({
      'GET /health': () => {
        document.cookie = 'XSRF-TOKEN=token-1; path=/'
        return { body: { status: 'ok' } }
      },
      'POST /api/units': () => ({ status: 201, body: { id: 1 } }),
    })

    // when
    const created = await request('POST', '/api/units', { code: 'A' })

    // then
    expect(created).toEqual({ id: 1 })
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /health',
      'POST /api/units',
    ])
    expect(server.requests[1].headers.get('x-xsrf-token')).toBe('token-1')
    expect(server.requests[1].body).toEqual({ code: 'A' })
  })

  it('should renew a stale CSRF token once and retry', async () => {
    // given a stale token the server refuses once
    document.cookie = 'XSRF-TOKEN=stale; path=/'
    let attempts = 0
    const server = fakeServer({
      'GET /health': () => {
        document.cookie = 'XSRF-TOKEN=fresh; path=/'
        return { body: {} }
      },
      'PATCH /api/units/1': (req) => {
        attempts++
        return req.headers.get('x-xsrf-token') === 'fresh'
          ? { body: { id: 1 } }
          : { status: 403, body: { errors: [{ message: 'CSRF', code: 'E_BAD_CSRF_TOKEN' }] } }
      },
    })

    // when
    await request('PATCH', '/api/units/1', { nameVi: 'X' })

    // then
    expect(attempts).toBe(2)
    expect(server.calls('GET /health')).toHaveLength(1)
  })

  it('should throw the API error and tell the 401 handler, unless a 401 is expected', async () => {
    fakeServer({
      'GET /api/users': () => ({
        status: 401,
        body: { errors: [{ message: 'no', code: 'E_UNAUTHORIZED_ACCESS' }] },
      }),
    })
    const handler = vi.fn()
    onUnauthorized(handler)

    await expect(request('GET', '/api/users')).rejects.toMatchObject({
      status: 401,
      code: 'E_UNAUTHORIZED_ACCESS',
    })
    expect(handler).toHaveBeenCalledTimes(1)

    await expect(
      request('GET', '/api/users', undefined, { expectUnauthorized: true })
    ).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('should report an unreachable server as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')))
    )
    await expect(request('GET', '/api/units')).rejects.toMatchObject({
      status: 0,
      code: 'E_NETWORK',
    })
  })

  it('should build query strings from the values that are set', () => {
    expect(queryString({ q: 'an', unit: undefined, active: false, page: 2, role: '' })).toBe(
      '?q=an&active=false&page=2'
    )
    expect(queryString({})).toBe('')
  })
})

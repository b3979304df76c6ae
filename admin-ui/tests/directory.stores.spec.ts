import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useUsersStore } from '../src/stores/users.store'
import { useTokensStore } from '../src/stores/tokens.store'
import { useAuditStore } from '../src/stores/audit.store'
import { apiUser, fakeServer, freshPinia } from './support/fake_server'

describe('stores/users, tokens and audit', () => {
  beforeEach(() => {
    freshPinia()
    document.cookie = 'XSRF-TOKEN=t; path=/'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('should keep the page of users found, and drop an answer a newer search overtook', async () => {
    // given a server that answers the first search after the second
    let releaseFirst: () => void = () => {}
    const first = new Promise<void>((resolve) => (releaseFirst = resolve))
    const server = fakeServer({
      'GET /api/users': (req) => {
        const q = new URL(req.path, 'http://x').searchParams.get('q')
        return {
          body: {
            items: [apiUser({ id: q === 'old' ? 1 : 2, email: `${q}@x.vn` })],
            page: { total: 1, page: 1, perPage: 25, lastPage: 1 },
          },
        }
      },
    })
    const fetchFirst = globalThis.fetch
    vi.stubGlobal('fetch', async (...args: Parameters<typeof fetch>) => {
      if (String(args[0]).includes('q=old')) await first
      return fetchFirst(...args)
    })
    const users = useUsersStore()

    // when
    const older = users.search({ q: 'old' })
    await users.search({ q: 'new', role: 'staff' })
    releaseFirst()
    await older

    // then
    expect(users.pageUsers.map((user) => user.email)).toEqual(['new@x.vn'])
    expect(users.filters).toEqual({ q: 'new', role: 'staff' })
    expect(users.loading).toBe(false)
    expect(server.requests.map((r) => r.path)).toContain('/api/users?q=new&role=staff')
  })

  it('should fetch only the users it does not know yet', async () => {
    const server = fakeServer({
      'GET /api/users/2': () => ({ body: apiUser({ id: 2, email: 'two@x.vn' }) }),
      'GET /api/users/3': () => ({ body: apiUser({ id: 3, email: 'three@x.vn' }) }),
    })
    const users = useUsersStore()
    await users.ensure([2, 3, 2])
    await users.ensure([2])
    expect(server.requests).toHaveLength(2)
    expect(users.byId[3].email).toBe('three@x.vn')
  })

  it('should send only a new password to reset one, and deactivate by DELETE', async () => {
    const server = fakeServer({
      'PATCH /api/users/2': () => ({ body: apiUser({ id: 2 }) }),
      'DELETE /api/users/2': () => ({ body: apiUser({ id: 2, active: false }) }),
    })
    const users = useUsersStore()
    await users.resetPassword(2, 'a-new-password')
    await users.deactivate(2)
    expect(server.calls('PATCH /api/users/2')[0].body).toEqual({ password: 'a-new-password' })
    expect(users.byId[2].active).toBe(false)
  })

  it('should hand a new token value to the caller without keeping it', async () => {
    const listed = {
      id: 9,
      userId: 1,
      name: 'worker',
      createdAt: null,
      lastUsedAt: null,
      expiresAt: null,
      expired: false,
    }
    const server = fakeServer({
      'GET /api/tokens': () => ({ body: { items: [] } }),
      'POST /api/tokens': () => ({ status: 201, body: { ...listed, token: 'sfl_secret' } }),
      'DELETE /api/tokens/9': () => ({ status: 204 }),
    })
    const tokens = useTokensStore()
    await tokens.load('all')
    expect(server.requests[0].path).toBe('/api/tokens?all=true')

    const created = await tokens.create({ name: 'worker', expiresInDays: 30, userId: 4 })

    expect(created.token).toBe('sfl_secret')
    expect(JSON.stringify(tokens.$state)).not.toContain('sfl_secret')
    expect(tokens.list.map((token) => token.name)).toEqual(['worker'])

    await tokens.revoke(9)
    expect(tokens.list).toEqual([])
  })

  it('should count pages of the audit log and export what the filters match', async () => {
    fakeServer({
      'GET /api/audit-logs': () => ({
        body: {
          items: [
            {
              id: 3,
              actorId: 1,
              actorEmail: 'a@x.vn',
              action: 'user.create',
              subjectType: 'user',
              subjectId: '2',
              details: null,
              ip: null,
              requestId: null,
              createdAt: '2026-01-01T00:00:00Z',
            },
          ],
          page: { total: 101, page: 2, perPage: 50 },
        },
      }),
    })
    const audit = useAuditStore()
    await audit.search({ action: 'user.', page: 2, perPage: 50 })
    expect(audit.lastPage).toBe(3)
    expect(audit.entries.map((entry) => entry.id)).toEqual([3])
    expect(audit.csvUrl).toBe('/api/audit-logs?action=user.&format=csv')
  })
})

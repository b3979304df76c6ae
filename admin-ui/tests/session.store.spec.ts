import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_HINT_KEY, useSessionStore } from '../src/stores/session.store'
import { LOCALE_STORAGE_KEY, useLocaleStore } from '../src/stores/locale.store'
import { useUnitsStore } from '../src/stores/units.store'
import { apiUnit, apiUser, fakeServer, freshPinia } from './support/fake_server'

describe('stores/session', () => {
  beforeEach(() => {
    freshPinia()
    localStorage.clear()
    document.cookie = 'XSRF-TOKEN=t; path=/'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('should not ask the server who is signed in when this browser never signed in', async () => {
    const server = fakeServer()
    const session = useSessionStore()

    await session.restore()

    expect(session.restored).toBe(true)
    expect(session.signedIn).toBe(false)
    expect(server.requests).toHaveLength(0)
  })

  it('should restore an open session and adopt the user language', async () => {
    // given a browser that signed in before, and a user who prefers English
    localStorage.setItem(SESSION_HINT_KEY, '1')
    fakeServer({ 'GET /api/auth/me': () => ({ body: { user: apiUser({ locale: 'en' }) } }) })
    const session = useSessionStore()

    // when
    await session.restore()

    // then
    expect(session.user?.email).toBe('admin@demo.senflow.local')
    expect(session.hasAnyRole(['admin', 'auditor'])).toBe(true)
    expect(session.hasAnyRole(['staff'])).toBe(false)
    expect(session.hasAnyRole()).toBe(true)
    expect(useLocaleStore().locale).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
  })

  it('should forget a session the server closed', async () => {
    localStorage.setItem(SESSION_HINT_KEY, '1')
    fakeServer({
      'GET /api/auth/me': () => ({
        status: 401,
        body: { errors: [{ message: 'no', code: 'E_UNAUTHORIZED_ACCESS' }] },
      }),
    })
    const session = useSessionStore()

    await session.restore()

    expect(session.signedIn).toBe(false)
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull()
  })

  it('should sign in, then sign out forgetting the data of other stores', async () => {
    // given a signed-in admin who loaded the units
    fakeServer({
      'POST /api/auth/login': () => ({ body: { user: apiUser() } }),
      'POST /api/auth/logout': () => ({ status: 204 }),
      'GET /api/units': () => ({ body: { items: [apiUnit(1, 'MOFA', null)] } }),
    })
    const session = useSessionStore()
    const units = useUnitsStore()
    await session.signIn('admin@demo.senflow.local', 'senflow-demo')
    await units.load()
    expect(units.list).toHaveLength(1)
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBe('1')

    // when
    await session.signOut()

    // then
    expect(session.signedIn).toBe(false)
    expect(session.endReason).toBe('signedOut')
    expect(units.list).toHaveLength(0)
    expect(units.loaded).toBe(false)
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull()
  })

  it('should mark a session that expired', async () => {
    fakeServer({ 'POST /api/auth/login': () => ({ body: { user: apiUser() } }) })
    const session = useSessionStore()
    await session.signIn('admin@demo.senflow.local', 'senflow-demo')

    session.expire()

    expect(session.signedIn).toBe(false)
    expect(session.endReason).toBe('expired')
  })

  it('should use the user time zone, Asia/Ho_Chi_Minh when none', async () => {
    fakeServer({
      'POST /api/auth/login': () => ({ body: { user: apiUser({ timeZone: 'Europe/Paris' }) } }),
    })
    const session = useSessionStore()
    expect(session.timeZone).toBe('Asia/Ho_Chi_Minh')
    await session.signIn('a@b.c', 'x')
    expect(session.timeZone).toBe('Europe/Paris')
  })
})

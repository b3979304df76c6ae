import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LOCALE_STORAGE_KEY, useLocaleStore } from '../src/stores/locale.store'
import { useSessionStore } from '../src/stores/session.store'
import { apiUser, fakeServer, freshPinia } from './support/fake_server'

describe('stores/locale', () => {
  beforeEach(() => {
    freshPinia()
    localStorage.clear()
    document.cookie = 'XSRF-TOKEN=t; path=/'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('should start in Vietnamese, or in the language this browser chose', () => {
    expect(useLocaleStore().locale).toBe('vi')

    freshPinia()
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en')
    expect(useLocaleStore().locale).toBe('en')

    freshPinia()
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')
    expect(useLocaleStore().locale).toBe('vi')
  })

  it('should remember a choice and save it to the profile when signed in', async () => {
    // given a signed-in user who reads Vietnamese
    let saved: unknown
    fakeServer({
      'POST /api/auth/login': () => ({ body: { user: apiUser({ locale: 'vi' }) } }),
      'PATCH /api/auth/me': (req) => {
        saved = req.body
        return { body: { user: apiUser({ locale: 'en' }) } }
      },
    })
    await useSessionStore().signIn('a@b.c', 'x')
    const locale = useLocaleStore()

    // when
    await locale.choose('en')

    // then
    expect(locale.locale).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(saved).toEqual({ locale: 'en' })
    expect(useSessionStore().user?.locale).toBe('en')
  })

  it('should keep a language chosen on the sign-in page and save it after signing in', async () => {
    // given a visitor who switches to English before signing in
    const server = fakeServer({
      'POST /api/auth/login': () => ({ body: { user: apiUser({ locale: 'vi' }) } }),
      'PATCH /api/auth/me': () => ({ body: { user: apiUser({ locale: 'en' }) } }),
    })
    const locale = useLocaleStore()
    await locale.choose('en')
    expect(server.requests).toHaveLength(0)

    // when
    await useSessionStore().signIn('a@b.c', 'x')

    // then the choice stays and goes to the profile
    expect(locale.locale).toBe('en')
    expect(server.calls('PATCH /api/auth/me')[0].body).toEqual({ locale: 'en' })
  })

  it('should adopt the user saved language when nothing was chosen before signing in', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => ({ body: { user: apiUser({ locale: 'en' }) } }),
    })

    await useSessionStore().signIn('a@b.c', 'x')

    expect(useLocaleStore().locale).toBe('en')
    expect(server.calls('PATCH /api/auth/me')).toHaveLength(0)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { Pinia } from 'pinia'
import { createAppRouter, safeRedirect } from '../src/router'
import { allows, buildNavigation, homeRouteName } from '../src/router/navigation'
import { routes } from '../src/router/routes'
import { SESSION_HINT_KEY } from '../src/stores/session.store'
import { apiUser, fakeServer, freshPinia } from './support/fake_server'

describe('router and navigation', () => {
  let pinia: Pinia
  beforeEach(() => {
    pinia = freshPinia()
    localStorage.clear()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('should build the navigation from the route table for the user roles', () => {
    const titles = (roles: Parameters<typeof buildNavigation>[1]) =>
      buildNavigation(routes, roles).map(
        (section) => `${section.id}: ${section.entries.map((entry) => entry.name).join(', ')}`
      )

    expect(titles(['admin'])).toEqual([
      'work: inbox, dossiers, commitments',
      'design: studio-processes, studio-forms',
      'monitoring: monitor, dashboards',
      'organisation: units, users',
      'administration: connectors, calendar, audit-log',
      'account: profile, tokens',
    ])
    expect(titles(['staff'])).toEqual([
      'work: inbox, dossiers, commitments',
      'organisation: units',
      'account: profile, tokens',
    ])
    expect(titles(['auditor'])).toEqual([
      'monitoring: monitor, dashboards',
      'organisation: units, users',
      'administration: audit-log',
      'account: profile, tokens',
    ])
    expect(titles(['leader'])).toEqual([
      'work: inbox, dossiers, commitments',
      'monitoring: monitor, dashboards',
      'organisation: units, users',
      'account: profile, tokens',
    ])
    expect(titles(['process_owner'])).toEqual([
      'design: studio-processes, studio-forms',
      'monitoring: monitor, dashboards',
      'organisation: units, users',
      'account: profile, tokens',
    ])
  })

  it('should land on the first page of the navigation', () => {
    expect(homeRouteName(routes, ['staff'])).toBe('inbox')
    expect(homeRouteName(routes, ['process_owner'])).toBe('studio-processes')
    expect(allows(undefined, [])).toBe(true)
    expect(allows(['admin'], ['staff'])).toBe(false)
  })

  it('should send a signed-out visitor to sign-in with the page asked for', async () => {
    fakeServer()
    const router = createAppRouter(pinia, createMemoryHistory())

    await router.push('/organisation/users?role=staff')

    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.redirect).toBe('/organisation/users?role=staff')
  })

  it('should show forbidden for a page the roles do not allow, and home for /', async () => {
    // given a staff member with an open session
    localStorage.setItem(SESSION_HINT_KEY, '1')
    fakeServer({ 'GET /api/auth/me': () => ({ body: { user: apiUser({ roles: ['staff'] }) } }) })
    const router = createAppRouter(pinia, createMemoryHistory())

    // when
    await router.push('/administration/audit-log')

    // then
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/administration/audit-log')

    await router.push('/')
    expect(router.currentRoute.value.name).toBe('inbox')

    await router.push('/sign-in?redirect=/account/tokens')
    expect(router.currentRoute.value.name).toBe('tokens')

    await router.push('/no/such/page')
    expect(router.currentRoute.value.name).toBe('not-found')
  })

  it('should only return to pages inside the app after signing in', () => {
    expect(safeRedirect('/organisation/units?unit=3')).toBe('/organisation/units?unit=3')
    expect(safeRedirect('https://evil.example')).toBeUndefined()
    expect(safeRedirect('//evil.example')).toBeUndefined()
    expect(safeRedirect('/sign-in')).toBeUndefined()
    expect(safeRedirect(['/a'])).toBeUndefined()
  })
})

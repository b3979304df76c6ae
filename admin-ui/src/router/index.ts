import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router'
import type { Pinia } from 'pinia'
import { useSessionStore } from '../stores/session.store'
import { useToastsStore } from '../stores/toasts.store'
import { homeRouteName, allows } from './navigation'
import { routes } from './routes'

/**
 * Creates the router with its guards:
 * 1. the session is restored once before the first page;
 * 2. signed-out visitors go to sign-in, with the page they asked for in
 *    `?redirect=`, and come back to it after signing in;
 * 3. a page whose `meta.roles` the user does not hold shows "forbidden";
 * 4. `/` goes to the user's home page, the sign-in page of a signed-in
 *    user too.
 */
export function createAppRouter(pinia: Pinia, history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia)
    if (!session.restored) {
      try {
        await session.restore()
      } catch (error) {
        useToastsStore(pinia).error(error)
      }
    }
    if (to.meta.public) {
      if (to.name === 'sign-in' && session.signedIn)
        return safeRedirect(to.query.redirect) ?? { name: 'home' }
      return true
    }
    if (!session.signedIn) {
      return {
        name: 'sign-in',
        query: to.fullPath === '/' ? {} : { redirect: to.fullPath },
      }
    }
    if (to.name === 'home') return { name: homeRouteName(routes, session.roles), replace: true }
    if (!allows(to.meta.roles, session.roles)) {
      return { name: 'forbidden', query: { from: to.fullPath }, replace: true }
    }
    return true
  })

  return router
}

/**
 * The page to return to after signing in: only a path inside the app
 * (never another site, never the sign-in page itself).
 */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  if (value.startsWith('/sign-in')) return undefined
  return value
}

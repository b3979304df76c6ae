import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import { createAppI18n } from '../../src/i18n'
import type { Locale } from '../../src/api/users'
import { freshPinia } from './fake_server'

/**
 * Mounts a component as the app would: a fresh Pinia, the app's i18n in
 * `locale`, and a router with one empty route per named page the
 * component may link to.
 */
export function mountInApp<C extends Component>(
  component: C,
  options: ComponentMountingOptions<C> & { locale?: Locale } = {}
) {
  const pinia = freshPinia()
  const i18n = createAppI18n(options.locale ?? 'vi')
  const stub = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['home', 'sign-in', 'profile', 'tokens', 'units', 'users', 'audit-log'].map((name) => ({
      path: name === 'home' ? '/' : `/${name}`,
      name,
      component: stub,
    })),
  })
  const wrapper = mount(component, {
    ...options,
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>)
  return { wrapper, pinia, i18n, router }
}

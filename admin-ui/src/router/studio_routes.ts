import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'

/**
 * The roles that design processes and forms (`designProcesses` on the server).
 */
export const DESIGN_ROLES: readonly Role[] = ['admin', 'process_owner']

/**
 * The process owner's studio: the process library and modeler, published
 * versions and their comparison, test runs, and the form library and
 * designer. Spread into the route table (src/router/routes.ts) before the
 * organisation pages, so the library is a process owner's home page.
 */
export const studioRoutes: RouteRecordRaw[] = [
  {
    path: '/studio/processes',
    name: 'studio-processes',
    component: () => import('../views/studio/ProcessLibraryView.vue'),
    meta: { titleKey: 'studio.nav.processes', navGroup: 'design', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/forms',
    name: 'studio-forms',
    component: () => import('../views/studio/FormLibraryView.vue'),
    meta: { titleKey: 'studio.nav.forms', navGroup: 'design', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/processes/:id(\\d+)',
    name: 'studio-modeler',
    component: () => import('../views/studio/ProcessModelerView.vue'),
    props: true,
    meta: { titleKey: 'studio.modeler.title', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/processes/:id(\\d+)/versions/:version(\\d+)',
    name: 'studio-version',
    component: () => import('../views/studio/ProcessVersionView.vue'),
    props: true,
    meta: { titleKey: 'studio.versionView.title', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/processes/:id(\\d+)/compare',
    name: 'studio-compare',
    component: () => import('../views/studio/ProcessCompareView.vue'),
    props: true,
    meta: { titleKey: 'studio.compare.title', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/processes/:id(\\d+)/runs/:instanceKey(\\d+)',
    name: 'studio-run',
    component: () => import('../views/studio/ProcessRunView.vue'),
    props: true,
    meta: { titleKey: 'studio.runView.title', roles: DESIGN_ROLES },
  },
  {
    path: '/studio/forms/:id(\\d+)',
    name: 'studio-form-designer',
    component: () => import('../views/studio/FormDesignerView.vue'),
    props: true,
    meta: { titleKey: 'studio.designer.title', roles: DESIGN_ROLES },
  },
]

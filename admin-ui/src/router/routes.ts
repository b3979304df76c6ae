import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'
import { studioRoutes } from './studio_routes'
import { operationsRoutes } from './operations_routes'
import { dossierRoutes } from './dossier_routes'
import { commitmentRoutes } from './commitment_routes'

/**
 * The groups of the side navigation, in the order they are shown. A group
 * appears only when the user can open one of its pages.
 */
export const NAV_GROUPS = [
  { id: 'work', titleKey: 'nav.groups.work' },
  { id: 'design', titleKey: 'nav.groups.design' },
  { id: 'monitoring', titleKey: 'nav.groups.monitoring' },
  { id: 'organisation', titleKey: 'nav.groups.organisation' },
  { id: 'administration', titleKey: 'nav.groups.administration' },
  { id: 'account', titleKey: 'nav.groups.account' },
] as const

/**
 * One of {@link NAV_GROUPS}.
 */
export type NavGroup = (typeof NAV_GROUPS)[number]['id']

declare module 'vue-router' {
  /**
   * What the shell reads from a route: who may open it, where it sits in
   * the navigation, and its title (a message key).
   */
  interface RouteMeta {
    /** The page title and navigation label, a message key. */
    titleKey?: string
    /** Roles that may open the page; missing or empty: every signed-in user. */
    roles?: readonly Role[]
    /** The navigation group; pages without one are not in the navigation. */
    navGroup?: NavGroup
    /** Open to signed-out visitors (the sign-in page). */
    public?: boolean
    /** `bare` draws the page without the shell (sign-in). */
    layout?: 'shell' | 'bare'
  }
}

/**
 * The roles that may read the user directory (`viewDirectory` on the server).
 */
export const DIRECTORY_ROLES: readonly Role[] = ['admin', 'process_owner', 'leader', 'auditor']

/**
 * The roles that may read the audit log (`viewAudit` on the server).
 */
export const AUDIT_ROLES: readonly Role[] = ['admin', 'auditor']

/**
 * Every page of the app. The side navigation is built from this table:
 * a route with `meta.navGroup` is listed in its group, in table order, for
 * the users whose roles `meta.roles` allows; the home page (`/`) is the
 * first such route the user may open. To add a page, add its route here
 * with `titleKey`, `roles` and `navGroup`, and its title in
 * src/i18n/vi.ts and en.ts.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('../views/SignInView.vue'),
    meta: { public: true, layout: 'bare', titleKey: 'signIn.title' },
  },
  { path: '/', name: 'home', component: { render: () => null } },
  ...operationsRoutes,
  ...dossierRoutes,
  ...commitmentRoutes,
  ...studioRoutes,
  {
    path: '/organisation/units',
    name: 'units',
    component: () => import('../views/UnitsView.vue'),
    meta: { titleKey: 'nav.units', navGroup: 'organisation' },
  },
  {
    path: '/organisation/users',
    name: 'users',
    component: () => import('../views/UsersView.vue'),
    meta: { titleKey: 'nav.users', navGroup: 'organisation', roles: DIRECTORY_ROLES },
  },
  {
    path: '/administration/audit-log',
    name: 'audit-log',
    component: () => import('../views/AuditLogView.vue'),
    meta: { titleKey: 'nav.auditLog', navGroup: 'administration', roles: AUDIT_ROLES },
  },
  {
    path: '/account/profile',
    name: 'profile',
    component: () => import('../views/ProfileView.vue'),
    meta: { titleKey: 'nav.profile', navGroup: 'account' },
  },
  {
    path: '/account/tokens',
    name: 'tokens',
    component: () => import('../views/TokensView.vue'),
    meta: { titleKey: 'nav.tokens', navGroup: 'account' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('../views/StatusView.vue'),
    props: { kind: 'forbidden' },
    meta: { titleKey: 'forbidden.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/StatusView.vue'),
    props: { kind: 'notFound' },
    meta: { titleKey: 'notFound.title' },
  },
]

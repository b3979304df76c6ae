import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'

/** Who sees the leaders' dashboards (`viewDashboards` on the server). */
export const DASHBOARD_ROLES: readonly Role[] = ['admin', 'leader', 'process_owner', 'auditor']

/** Who records commitments and decides on them (`manageCommitments`). */
export const COMMITMENT_MANAGER_ROLES: readonly Role[] = ['admin', 'leader']

/**
 * Commitment follow-up (the register and one commitment), the leaders' dashboards and the
 * business calendar (administrators change it). Spread into the route table
 * (src/router/routes.ts).
 */
export const commitmentRoutes: RouteRecordRaw[] = [
  {
    path: '/commitments',
    name: 'commitments',
    component: () => import('../views/commitments/CommitmentListView.vue'),
    meta: {
      titleKey: 'commitments.nav.commitments',
      navGroup: 'work',
      roles: ['admin', 'leader', 'staff'],
    },
  },
  {
    path: '/commitments/:id(\\d+)',
    name: 'commitment',
    component: () => import('../views/commitments/CommitmentView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { titleKey: 'commitments.nav.commitments' },
  },
  {
    path: '/dashboards',
    name: 'dashboards',
    component: () => import('../views/dashboards/DashboardsView.vue'),
    meta: {
      titleKey: 'commitments.nav.dashboards',
      navGroup: 'monitoring',
      roles: DASHBOARD_ROLES,
    },
  },
  {
    path: '/admin/calendar',
    name: 'calendar',
    component: () => import('../views/calendar/CalendarView.vue'),
    meta: { titleKey: 'commitments.nav.calendar', navGroup: 'administration', roles: ['admin'] },
  },
]

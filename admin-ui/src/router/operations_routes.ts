import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'

/**
 * The roles with an inbox: those who work on tasks (a process owner's home
 * stays the studio; auditors have no tasks).
 */
export const INBOX_ROLES: readonly Role[] = ['admin', 'staff', 'leader']

/**
 * The roles that watch instances (`monitorInstances` on the server).
 */
export const MONITOR_ROLES: readonly Role[] = ['admin', 'leader', 'process_owner', 'auditor']

/**
 * The roles that act on instances from the monitor (`operateInstances`).
 */
export const OPERATE_ROLES: readonly Role[] = ['admin', 'leader', 'process_owner']

/**
 * The roles that configure connectors, secrets and webhooks (`manageConnectors`).
 */
export const CONNECTOR_ROLES: readonly Role[] = ['admin']

/**
 * What staff do all day (the inbox), what leaders watch (the monitor) and
 * the connectors' administration. Spread into the route table
 * (src/router/routes.ts) before the studio, so the inbox is the home page
 * of everyone who has one.
 */
export const operationsRoutes: RouteRecordRaw[] = [
  {
    path: '/inbox',
    name: 'inbox',
    component: () => import('../views/inbox/InboxView.vue'),
    meta: { titleKey: 'operations.nav.inbox', navGroup: 'work', roles: INBOX_ROLES },
  },
  {
    path: '/inbox/tasks/:id(\\d+)',
    name: 'inbox-task',
    component: () => import('../views/inbox/TaskView.vue'),
    props: true,
    meta: { titleKey: 'operations.task.title', roles: INBOX_ROLES },
  },
  {
    path: '/monitor',
    name: 'monitor',
    component: () => import('../views/monitor/MonitorView.vue'),
    meta: { titleKey: 'operations.nav.monitor', navGroup: 'monitoring', roles: MONITOR_ROLES },
  },
  {
    path: '/monitor/instances/:instanceKey(\\d+)',
    name: 'monitor-instance',
    component: () => import('../views/monitor/InstanceView.vue'),
    props: true,
    meta: { titleKey: 'operations.instance.title', roles: MONITOR_ROLES },
  },
  {
    path: '/monitor/definitions/:definitionKey(\\d+)',
    name: 'monitor-definition',
    component: () => import('../views/monitor/DefinitionView.vue'),
    props: true,
    meta: { titleKey: 'operations.definition.title', roles: MONITOR_ROLES },
  },
  {
    path: '/administration/connectors',
    name: 'connectors',
    component: () => import('../views/admin/ConnectorsView.vue'),
    meta: {
      titleKey: 'operations.nav.connectors',
      navGroup: 'administration',
      roles: CONNECTOR_ROLES,
    },
  },
]

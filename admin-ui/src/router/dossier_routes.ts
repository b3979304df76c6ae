import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'

/**
 * The roles whose navigation lists the dossiers: those who receive and
 * handle them (others open a dossier from a link, as the API allows).
 */
export const DOSSIER_ROLES: readonly Role[] = ['admin', 'staff', 'leader']

/**
 * Dossiers for staff (the queues and one dossier) and the public side
 * that needs no account (procedures open online, applying, looking a
 * dossier up). Spread into the route table (src/router/routes.ts).
 */
export const dossierRoutes: RouteRecordRaw[] = [
  {
    path: '/dossiers',
    name: 'dossiers',
    component: () => import('../views/dossiers/DossierListView.vue'),
    meta: { titleKey: 'dossiers.nav.dossiers', navGroup: 'work', roles: DOSSIER_ROLES },
  },
  {
    path: '/dossiers/new',
    name: 'dossier-receive',
    component: () => import('../views/dossiers/DossierReceiveView.vue'),
    meta: { titleKey: 'dossiers.receive.title', roles: DOSSIER_ROLES },
  },
  {
    path: '/dossiers/:code',
    name: 'dossier',
    component: () => import('../views/dossiers/DossierView.vue'),
    props: true,
    meta: { titleKey: 'dossiers.nav.dossiers' },
  },
  {
    path: '/public/procedures',
    name: 'public-procedures',
    component: () => import('../views/public/PublicProceduresView.vue'),
    meta: { public: true, layout: 'bare', titleKey: 'dossiers.nav.publicProcedures' },
  },
  {
    path: '/public/procedures/:code',
    name: 'public-procedure',
    component: () => import('../views/public/PublicProcedureView.vue'),
    props: true,
    meta: { public: true, layout: 'bare', titleKey: 'dossiers.nav.publicProcedures' },
  },
  {
    path: '/public/lookup',
    name: 'public-lookup',
    component: () => import('../views/public/PublicLookupView.vue'),
    meta: { public: true, layout: 'bare', titleKey: 'dossiers.nav.lookup' },
  },
]

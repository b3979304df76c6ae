import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/users'
import { NAV_GROUPS, type NavGroup } from './routes'

/**
 * A link of the side navigation.
 */
export interface NavEntry {
  name: string
  path: string
  titleKey: string
}

/**
 * A titled group of links.
 */
export interface NavSection {
  id: NavGroup
  titleKey: string
  entries: NavEntry[]
}

/**
 * Whether a user holding `roles` may open a page restricted to `required`
 * (every signed-in user when `required` is missing or empty).
 */
export function allows(required: readonly Role[] | undefined, roles: readonly Role[]) {
  return !required || required.length === 0 || required.some((role) => roles.includes(role))
}

/**
 * The side navigation for a user holding `roles`: the routes of the table
 * that have a `navGroup` and that the roles allow, grouped in the order of
 * {@link NAV_GROUPS}, entries in table order; empty groups are left out.
 */
export function buildNavigation(
  table: readonly RouteRecordRaw[],
  roles: readonly Role[]
): NavSection[] {
  return NAV_GROUPS.map((group) => ({
    id: group.id,
    titleKey: group.titleKey,
    entries: table
      .filter(
        (route) =>
          route.meta?.navGroup === group.id &&
          typeof route.name === 'string' &&
          allows(route.meta.roles, roles)
      )
      .map((route) => ({
        name: route.name as string,
        path: route.path,
        titleKey: route.meta?.titleKey ?? String(route.name),
      })),
  })).filter((section) => section.entries.length > 0)
}

/**
 * The page a user lands on at `/`: the first entry of their navigation.
 */
export function homeRouteName(table: readonly RouteRecordRaw[], roles: readonly Role[]) {
  return buildNavigation(table, roles)[0]?.entries[0]?.name ?? 'profile'
}

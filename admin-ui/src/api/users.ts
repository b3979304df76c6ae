import { queryString, request } from './http'

/**
 * The roles a user can hold, as the server names them.
 */
export const ROLES = ['admin', 'process_owner', 'staff', 'leader', 'auditor'] as const

/**
 * One of {@link ROLES}.
 */
export type Role = (typeof ROLES)[number]

/**
 * The languages of the UI and of a user's preferences.
 */
export const LOCALES = ['vi', 'en'] as const

/**
 * One of {@link LOCALES}.
 */
export type Locale = (typeof LOCALES)[number]

/**
 * A unit membership as the user carries it; the primary unit is first.
 */
export interface UserUnit {
  id: number
  code: string
  nameVi: string
  nameEn: string
  primary: boolean
}

/**
 * A user as the API returns it (never with the password).
 */
export interface User {
  id: number
  email: string
  fullName: string
  active: boolean
  locale: Locale
  timeZone: string
  roles: Role[]
  units: UserUnit[]
  lastLoginAt: string | null
  createdAt: string | null
  updatedAt: string | null
}

/**
 * The pagination block of list answers.
 */
export interface PageMeta {
  total: number
  page: number
  perPage: number
  lastPage: number
}

/**
 * Filters of the user list: text in name or email, unit code, role, active flag.
 */
export interface UserFilters {
  q?: string
  unit?: string
  role?: Role
  active?: boolean
  page?: number
  perPage?: number
}

/**
 * What an administrator sets on a new user; the first of `unitIds` is the
 * primary unit.
 */
export interface NewUser {
  email: string
  fullName: string
  password: string
  unitIds?: number[]
  roles?: Role[]
  active?: boolean
  locale?: Locale
  timeZone?: string
}

/**
 * Changes to a user; a given `unitIds` or `roles` replaces the set, a
 * `password` resets it.
 */
export type UserChanges = Partial<NewUser>

/**
 * `GET /api/users`: one page of users matching the filters.
 */
export function listUsers(filters: UserFilters = {}) {
  return request<{ items: User[]; page: PageMeta }>(
    'GET',
    `/api/users${queryString({ ...filters })}`
  )
}

/**
 * `GET /api/users/{id}`.
 */
export function getUser(id: number) {
  return request<User>('GET', `/api/users/${id}`)
}

/**
 * `POST /api/users`: creates a user with units and roles in one transaction.
 */
export function createUser(user: NewUser) {
  return request<User>('POST', '/api/users', user)
}

/**
 * `PATCH /api/users/{id}`.
 */
export function updateUser(id: number, changes: UserChanges) {
  return request<User>('PATCH', `/api/users/${id}`, changes)
}

/**
 * `DELETE /api/users/{id}`: deactivates the user (history keeps naming them).
 */
export function deactivateUser(id: number) {
  return request<User>('DELETE', `/api/users/${id}`)
}

import { request } from './http'
import type { Locale, User } from './users'

/**
 * What a signed-in user may change about themselves; a new `password`
 * needs the `currentPassword`.
 */
export interface ProfileChanges {
  fullName?: string
  locale?: Locale
  timeZone?: string
  currentPassword?: string
  password?: string
}

/**
 * `POST /api/auth/login`: opens a session (401 on bad credentials, 429
 * when throttled).
 */
export function login(email: string, password: string) {
  return request<{ user: User }>(
    'POST',
    '/api/auth/login',
    { email, password },
    { expectUnauthorized: true }
  )
}

/**
 * `POST /api/auth/logout`: closes the session.
 */
export function logout() {
  return request<void>('POST', '/api/auth/logout', undefined, { expectUnauthorized: true })
}

/**
 * `GET /api/auth/me`: the signed-in user (401 when there is no session).
 */
export function me() {
  return request<{ user: User }>('GET', '/api/auth/me', undefined, { expectUnauthorized: true })
}

/**
 * `PATCH /api/auth/me`: the user's name, language, time zone or password.
 */
export function updateMe(changes: ProfileChanges) {
  return request<{ user: User }>('PATCH', '/api/auth/me', changes)
}

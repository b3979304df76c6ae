import { queryString, request } from './http'

/**
 * A personal access token as listed (the value is never listed).
 */
export interface AccessToken {
  id: number
  userId: number
  name: string | null
  createdAt: string | null
  lastUsedAt: string | null
  expiresAt: string | null
  expired: boolean
}

/**
 * A token just created: the only answer that carries its value.
 */
export interface CreatedAccessToken extends AccessToken {
  token: string
}

/**
 * A new token; `userId` (admins only) creates it for another user.
 */
export interface NewAccessToken {
  name: string
  expiresInDays?: number
  userId?: number
}

/**
 * `GET /api/tokens`: the caller's tokens, or (admins) everyone's with `all`.
 */
export function listTokens(options: { all?: boolean; userId?: number } = {}) {
  return request<{ items: AccessToken[] }>(
    'GET',
    `/api/tokens${queryString({ all: options.all ? 'true' : undefined, userId: options.userId })}`
  )
}

/**
 * `POST /api/tokens`: the answer holds the value, shown once.
 */
export function createToken(token: NewAccessToken) {
  return request<CreatedAccessToken>('POST', '/api/tokens', token)
}

/**
 * `PATCH /api/tokens/{id}`: renames a token.
 */
export function renameToken(id: number, name: string) {
  return request<AccessToken>('PATCH', `/api/tokens/${id}`, { name })
}

/**
 * `DELETE /api/tokens/{id}`: revokes a token at once.
 */
export function revokeToken(id: number) {
  return request<void>('DELETE', `/api/tokens/${id}`)
}

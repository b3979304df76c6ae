import { request } from './http'

/**
 * A stored secret's metadata: its value is write-only and never answered.
 */
export interface SecretMetadata {
  name: string
  description: string | null
  [detail: string]: unknown
}

export function listSecrets() {
  return request<{ items: SecretMetadata[] }>('GET', '/api/secrets')
}

export function createSecret(input: { name: string; value: string; description?: string | null }) {
  return request<SecretMetadata>('POST', '/api/secrets', input)
}

export function rotateSecret(name: string, value: string) {
  return request<SecretMetadata>('POST', `/api/secrets/${encodeURIComponent(name)}/rotate`, {
    value,
  })
}

export function deleteSecret(name: string) {
  return request<void>('DELETE', `/api/secrets/${encodeURIComponent(name)}`)
}

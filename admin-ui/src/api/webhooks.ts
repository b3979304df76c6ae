import { request } from './http'

/**
 * An inbound webhook: starts a process or correlates a message when a
 * signed request reaches its URL.
 */
export interface Webhook {
  id: number
  publicId: string
  path: string
  url: string
  name: string
  kind: 'start' | 'correlate'
  processDefinitionId: string | null
  messageName: string | null
  correlationKeyExpression: string | null
  authMode: 'hmac' | 'shared_secret'
  secretName: string
  enabled: boolean
}

export type WebhookInput = Partial<Omit<Webhook, 'id' | 'publicId' | 'path' | 'url'>>

export function listWebhooks() {
  return request<{ items: Webhook[] }>('GET', '/api/webhooks')
}

export function createWebhook(input: WebhookInput) {
  return request<Webhook>('POST', '/api/webhooks', input)
}

export function updateWebhook(id: number, input: WebhookInput) {
  return request<Webhook>('PATCH', `/api/webhooks/${id}`, input)
}

export function deleteWebhook(id: number) {
  return request<void>('DELETE', `/api/webhooks/${id}`)
}

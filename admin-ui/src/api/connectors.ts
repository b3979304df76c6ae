import { request } from './http'

/**
 * A connector configuration; credentials in `configuration` are secret
 * references (`{{secrets.NAME}}`), never values.
 */
export interface Connector {
  id: number
  code: string
  name: string
  kind: 'http' | 'sql' | 'mail' | 'portal'
  description: string | null
  enabled: boolean
  jobType: string
  elementTemplateId: string
  revision: number
  configuration: Record<string, unknown>
  secrets: string[]
  createdBy: string | null
  updatedBy: string | null
  createdAt: string
  updatedAt: string | null
  disabledAt: string | null
}

export interface ConnectorInput {
  code?: string
  name?: string
  kind?: Connector['kind']
  description?: string | null
  configuration?: Record<string, unknown>
}

/** What a connection test answered. */
export interface ConnectorTestResult {
  ok: boolean
  operation?: string
  durationMs?: number
  message?: string
  [detail: string]: unknown
}

export function listConnectors() {
  return request<{ items: Connector[] }>('GET', '/api/connectors')
}

export function createConnector(input: ConnectorInput) {
  return request<Connector>('POST', '/api/connectors', input)
}

export function updateConnector(id: number, input: ConnectorInput) {
  return request<Connector>('PATCH', `/api/connectors/${id}`, input)
}

export function testConnector(id: number) {
  return request<ConnectorTestResult>('POST', `/api/connectors/${id}/test`, {})
}

export function setConnectorEnabled(id: number, enabled: boolean) {
  return request<Connector>('POST', `/api/connectors/${id}/${enabled ? 'enable' : 'disable'}`)
}

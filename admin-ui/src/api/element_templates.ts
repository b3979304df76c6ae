import { request } from './http'

/**
 * A Camunda 8 element template, as the connectors API serves it for each
 * enabled connector configuration (only the fields the studio reads are
 * typed; the modeler gets the whole object).
 */
export interface ElementTemplate {
  $schema?: string
  id: string
  name: string
  description?: string
  version?: number
  category?: { id: string; name: string }
  appliesTo: string[]
  elementType?: { value: string }
  properties: unknown[]
  [property: string]: unknown
}

/**
 * `GET /api/connectors/element-templates`: the templates of the connectors
 * an administrator configured and enabled (the modeler's palette).
 */
export function listConnectorTemplates() {
  return request<{ items: ElementTemplate[] }>('GET', '/api/connectors/element-templates')
}

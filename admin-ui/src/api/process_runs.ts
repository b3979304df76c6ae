import type { FormSchema } from '@senflow/forms'
import { request } from './http'

/**
 * The latest deployed version of a process and its start form (already in
 * the user's language), if its none start event links one.
 */
export interface StartForm {
  processDefinitionKey: string
  processDefinitionId: string
  version: number
  name: string | null
  form: { id: string; version: number; schema: FormSchema } | null
}

/**
 * A process instance just created.
 */
export interface CreatedInstance {
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  businessId: string | null
  variables: Record<string, unknown>
}

/**
 * A process instance as the Camunda 8 REST API v2 describes it.
 */
export interface ProcessInstance {
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionName?: string
  processDefinitionVersion: number
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'CANCELED'
  hasIncident: boolean
  businessId?: string | null
  startDate: string
  endDate?: string
}

/**
 * One element instance of a process instance (v2 search).
 */
export interface ElementInstance {
  elementInstanceKey: string
  processInstanceKey: string
  elementId: string
  elementName: string
  type: string
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'
  startDate: string
  endDate?: string
  hasIncident: boolean
  incidentKey?: string
}

/**
 * An incident of a process instance (v2 search).
 */
export interface Incident {
  incidentKey: string
  processInstanceKey: string
  elementId: string
  elementInstanceKey: string
  errorType: string
  errorMessage: string
  state: string
  creationTime: string
}

/**
 * A variable of a process instance (v2 search); `value` is JSON text.
 */
export interface Variable {
  variableKey: string
  name: string
  value: string
  scopeKey: string
  processInstanceKey: string
}

interface SearchAnswer<T> {
  items: T[]
  page: { totalItems: number }
}

/**
 * `GET /api/processes/{processId}/start-form`.
 */
export function getStartForm(processId: string) {
  return request<StartForm>('GET', `/api/processes/${encodeURIComponent(processId)}/start-form`)
}

/**
 * `POST /api/processes/{processId}/instances`: starts the latest version;
 * the variables are validated against the start form (422
 * `{ errors: { field: [...] } }`).
 */
export function startInstance(
  processId: string,
  start: { variables: Record<string, unknown>; businessId?: string; locale?: 'vi' | 'en' }
) {
  return request<CreatedInstance>(
    'POST',
    `/api/processes/${encodeURIComponent(processId)}/instances`,
    start
  )
}

/**
 * `GET /v2/process-instances/{key}`.
 */
export function getProcessInstance(key: string) {
  return request<ProcessInstance>('GET', `/v2/process-instances/${key}`)
}

/**
 * `POST /v2/element-instances/search` for one process instance.
 */
export function searchElementInstances(processInstanceKey: string) {
  return request<SearchAnswer<ElementInstance>>('POST', '/v2/element-instances/search', {
    filter: { processInstanceKey },
    page: { limit: 1000 },
  })
}

/**
 * `POST /v2/incidents/search` for one process instance.
 */
export function searchIncidents(processInstanceKey: string) {
  return request<SearchAnswer<Incident>>('POST', '/v2/incidents/search', {
    filter: { processInstanceKey },
    page: { limit: 100 },
  })
}

/**
 * `POST /v2/variables/search` for one process instance.
 */
export function searchVariables(processInstanceKey: string) {
  return request<SearchAnswer<Variable>>('POST', '/v2/variables/search', {
    filter: { processInstanceKey },
    page: { limit: 500 },
  })
}

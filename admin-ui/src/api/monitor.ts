import { queryString, request } from './http'
import type { HistoryEntry } from './tasks'
import type { ProcessInstance } from './process_runs'

export type { HistoryEntry }

/**
 * A deployed version of a process with its instance counts.
 */
export interface MonitoredVersion {
  version: number
  processDefinitionKey: string
  deployedAt: string
  active: number
  completed: number
  terminated: number
  withIncident: number
}

/**
 * A process with its versions, newest first.
 */
export interface MonitoredProcess {
  processDefinitionId: string
  name: string
  versions: MonitoredVersion[]
}

/**
 * Where the active instances of a version wait, per element.
 */
export interface HeatmapElement {
  elementId: string
  waiting: number
  incidents: number
  byState: Record<string, number>
}

/**
 * Figures over a period (days in Asia/Ho_Chi_Minh).
 */
export interface MonitorStatistics {
  from: string
  to: string
  perDay: { day: string; started: number; completed: number }[]
  tasks: { onTime: number; late: number; withoutDeadline: number }
  steps: { elementId: string; name: string; completed: number; averageMs: number }[]
}

/**
 * Filters of the instance list (Camunda's process-instance search).
 */
export interface InstanceFilters {
  processDefinitionId?: string
  processDefinitionKey?: string
  state?: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'
  hasIncident?: boolean
  businessId?: string
  processInstanceKey?: string
}

export function monitoredProcesses() {
  return request<{ items: MonitoredProcess[] }>('GET', '/api/monitor/processes')
}

export function definitionHeatmap(processDefinitionKey: string) {
  return request<{ processDefinitionKey: string; elements: HeatmapElement[] }>(
    'GET',
    `/api/monitor/definitions/${processDefinitionKey}/heatmap`
  )
}

export function monitorStatistics(filters: {
  processDefinitionId?: string
  from?: string
  to?: string
}) {
  return request<MonitorStatistics>('GET', `/api/monitor/statistics${queryString(filters)}`)
}

/**
 * `POST /v2/process-instances/search`, newest first, one page.
 */
export function searchInstances(filters: InstanceFilters, page: { from: number; limit: number }) {
  const filter = Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')
  )
  return request<{ items: ProcessInstance[]; page: { totalItems: number } }>(
    'POST',
    '/v2/process-instances/search',
    { filter, page, sort: [{ field: 'startDate', order: 'desc' }] }
  )
}

/**
 * The BPMN XML of a deployed version.
 */
export async function definitionXml(processDefinitionKey: string): Promise<string> {
  const response = await fetch(`/v2/process-definitions/${processDefinitionKey}/xml`, {
    credentials: 'same-origin',
    headers: { accept: 'text/xml, application/json' },
  })
  if (!response.ok) {
    return request<string>('GET', `/v2/process-definitions/${processDefinitionKey}/xml`)
  }
  return response.text()
}

export function instanceHistory(processInstanceKey: string) {
  return request<{ items: HistoryEntry[] }>(
    'GET',
    `/api/monitor/instances/${processInstanceKey}/history`
  )
}

export function setInstanceVariables(
  processInstanceKey: string,
  variables: Record<string, unknown>
) {
  return request<void>('PUT', `/api/monitor/instances/${processInstanceKey}/variables`, {
    variables,
  })
}

/**
 * Retries the step an incident stopped, setting corrected variables first.
 */
export function retryIncident(incidentKey: string, variables?: Record<string, unknown>) {
  return request<void>('POST', `/api/monitor/incidents/${incidentKey}/retry`, { variables })
}

export function cancelInstance(processInstanceKey: string) {
  return request<void>('POST', `/api/monitor/instances/${processInstanceKey}/cancellation`)
}

/**
 * Camunda's process-instance modification: activate elements, terminate
 * element instances (`POST /v2/process-instances/{key}/modification`).
 */
export function modifyInstance(
  processInstanceKey: string,
  modification: {
    activateInstructions: { elementId: string }[]
    terminateInstructions: { elementInstanceKey: string }[]
  }
) {
  return request<void>(
    'POST',
    `/v2/process-instances/${processInstanceKey}/modification`,
    modification
  )
}

import { queryString, request } from './http'

/**
 * Who last changed a model or published a version, as the API names them.
 */
export interface Editor {
  id: number
  email: string
  fullName: string
}

/**
 * Whether a model has ever been published.
 */
export type ProcessModelStatus = 'draft' | 'published'

/**
 * A process model as the library lists it: the draft being edited and the
 * latest published version, if any.
 */
export interface ProcessModelSummary {
  id: number
  processId: string
  name: string
  description: string | null
  status: ProcessModelStatus
  latestVersion: number | null
  latestDefinitionKey: string | null
  draftRevision: number
  template: string | null
  updatedBy: Editor | null
  updatedAt: string
  createdAt: string
}

/**
 * A process model with its draft BPMN XML.
 */
export interface ProcessModel extends ProcessModelSummary {
  xml: string
}

/**
 * A published version of a model.
 */
export interface ProcessModelVersion {
  version: number
  definitionKey: string
  note: string | null
  publishedAt: string
  publishedBy: Editor | null
}

/**
 * A published version with its BPMN XML (read-only).
 */
export interface ProcessModelVersionDetail extends ProcessModelVersion {
  xml: string
}

/**
 * A shipped procedure a new model can start from (`processes/<slug>`).
 */
export interface ProcessTemplate {
  slug: string
  name: { vi: string; en: string }
  description: { vi: string; en: string }
  processId: string
}

/**
 * One problem the engine's deploy validation found, by element.
 */
export interface DeployProblem {
  resourceName?: string
  elementId?: string | null
  message: string
}

/**
 * Filters of the library: text in the name or process id, and status.
 */
export interface ProcessModelFilters {
  q?: string
  status?: ProcessModelStatus
}

/**
 * How a new model starts: blank with a name, from a shipped template, or
 * imported from a BPMN file's text.
 */
export type NewProcessModel =
  | { name: string; processId?: string; description?: string }
  | { template: string; name?: string; processId?: string }
  | { xml: string; name?: string }

/**
 * What publishing answers: the version now live (`unchanged` when the
 * draft equals the latest version, which is kept).
 */
export interface PublishResult {
  version: number
  definitionKey: string
  unchanged: boolean
}

/**
 * `GET /api/process-models`: the library, ordered by name.
 */
export function listProcessModels(filters: ProcessModelFilters = {}) {
  return request<{ items: ProcessModelSummary[] }>(
    'GET',
    `/api/process-models${queryString({ ...filters })}`
  )
}

/**
 * `POST /api/process-models`: a blank model, one from a template, or an import.
 */
export function createProcessModel(model: NewProcessModel) {
  return request<ProcessModel>('POST', '/api/process-models', model)
}

/**
 * `GET /api/process-models/{id}`: the model with its draft XML.
 */
export function getProcessModel(id: number) {
  return request<ProcessModel>('GET', `/api/process-models/${id}`)
}

/**
 * `PUT /api/process-models/{id}/draft`: saves the draft when `revision` is
 * still the latest (409 otherwise); answers the summary with the new revision.
 */
export function saveProcessDraft(
  id: number,
  draft: { xml: string; revision: number; name?: string }
) {
  return request<ProcessModelSummary>('PUT', `/api/process-models/${id}/draft`, draft)
}

/**
 * `POST /api/process-models/{id}/validate`: the engine's deploy validation
 * of `xml` (the stored draft when omitted).
 */
export function validateProcessModel(id: number, xml?: string) {
  return request<{ valid: boolean; problems: DeployProblem[] }>(
    'POST',
    `/api/process-models/${id}/validate`,
    xml === undefined ? {} : { xml }
  )
}

/**
 * `POST /api/process-models/{id}/publish`: deploys the stored draft; a
 * model with problems is refused (422, one entry per problem with its
 * `elementId`).
 */
export function publishProcessModel(id: number, note?: string) {
  return request<PublishResult>('POST', `/api/process-models/${id}/publish`, note ? { note } : {})
}

/**
 * `DELETE /api/process-models/{id}`: deletes a model never published.
 */
export function deleteProcessModel(id: number) {
  return request<void>('DELETE', `/api/process-models/${id}`)
}

/**
 * `GET /api/process-models/{id}/versions`: newest first.
 */
export function listProcessVersions(id: number) {
  return request<{ items: ProcessModelVersion[] }>('GET', `/api/process-models/${id}/versions`)
}

/**
 * `GET /api/process-models/{id}/versions/{version}`: a version with its XML.
 */
export function getProcessVersion(id: number, version: number) {
  return request<ProcessModelVersionDetail>('GET', `/api/process-models/${id}/versions/${version}`)
}

/**
 * The address of the `.bpmn` download of the draft (or of `version`).
 */
export function processExportUrl(id: number, version?: number) {
  return `/api/process-models/${id}/export${queryString({ version })}`
}

/**
 * `GET /api/process-templates`: the shipped procedures.
 */
export function listProcessTemplates() {
  return request<{ items: ProcessTemplate[] }>('GET', '/api/process-templates')
}

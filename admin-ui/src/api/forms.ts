import type {
  DataDictionaryEntry,
  FormDocument,
  FormSchema,
  FormTranslations,
} from '@senflow/forms'
import { queryString, request } from './http'
import type { Editor } from './process_models'

/**
 * A form as the library lists it.
 */
export interface FormSummary {
  id: number
  formId: string
  name: string
  status: 'draft' | 'published'
  latestVersion: number | null
  latestFormKey: string | null
  draftRevision: number
  updatedBy: Editor | null
  updatedAt: string
  createdAt: string
}

/**
 * A page of a multi-page form, as the server describes the draft's pages.
 */
export interface FormPageSummary {
  index: number
  id: string
  title: string | null
  keys: string[]
}

/**
 * A form with its draft document (schema and translations), its pages and
 * the translation keys each non-default locale still lacks.
 */
export interface FormDetail extends FormSummary {
  document: FormDocument
  pages: FormPageSummary[]
  missingTranslations: Record<string, string[]>
}

/**
 * A published version of a form.
 */
export interface FormVersion {
  version: number
  formKey: string
  publishedAt: string
  publishedBy: Editor | null
}

/**
 * What a trial submission answers: errors by value path, and the variables
 * a valid submission would write.
 */
export interface FormTrial {
  valid: boolean
  errors: Record<string, string[]>
  values: Record<string, unknown>
}

/**
 * A new form: a name, an optional id, optionally a starting document.
 */
export interface NewForm {
  name: string
  formId?: string
  schema?: FormSchema
  translations?: FormTranslations
  defaultLocale?: 'vi' | 'en'
}

/**
 * An autosave of a form's draft with the revision it started from.
 */
export interface FormDraft {
  schema: FormSchema
  translations: FormTranslations
  defaultLocale?: 'vi' | 'en'
  name?: string
  revision: number
}

/**
 * `GET /api/forms`: the form library, ordered by name.
 */
export function listForms(q?: string) {
  return request<{ items: FormSummary[] }>('GET', `/api/forms${queryString({ q })}`)
}

/**
 * `POST /api/forms`.
 */
export function createForm(form: NewForm) {
  return request<FormSummary & { document: FormDocument }>('POST', '/api/forms', form)
}

/**
 * `GET /api/forms/{id}`: the form with its draft document.
 */
export function getForm(id: number) {
  return request<FormDetail>('GET', `/api/forms/${id}`)
}

/**
 * `PUT /api/forms/{id}/draft`: 409 when `revision` is no longer the latest.
 */
export function saveFormDraft(id: number, draft: FormDraft) {
  return request<FormSummary>('PUT', `/api/forms/${id}/draft`, draft)
}

/**
 * `POST /api/forms/{id}/publish`: deploys the draft as a new version.
 */
export function publishForm(id: number) {
  return request<{ version: number; formKey: string; unchanged: boolean }>(
    'POST',
    `/api/forms/${id}/publish`
  )
}

/**
 * `DELETE /api/forms/{id}`: deletes a form never published.
 */
export function deleteForm(id: number) {
  return request<void>('DELETE', `/api/forms/${id}`)
}

/**
 * `POST /api/forms/{id}/try`: validates a submission against the stored
 * draft exactly as a task completion would be validated.
 */
export function tryForm(
  id: number,
  submission: {
    data: Record<string, unknown>
    variables?: Record<string, unknown>
    locale?: 'vi' | 'en'
    page?: number
  }
) {
  return request<FormTrial>('POST', `/api/forms/${id}/try`, submission)
}

/**
 * `GET /api/forms/{id}/dictionary`: the variables the draft reads and writes.
 */
export function formDictionary(id: number) {
  return request<{ items: DataDictionaryEntry[] }>('GET', `/api/forms/${id}/dictionary`)
}

/**
 * `GET /api/forms/{id}/versions`: newest first.
 */
export function listFormVersions(id: number) {
  return request<{ items: FormVersion[] }>('GET', `/api/forms/${id}/versions`)
}

/**
 * `GET /api/forms/{id}/versions/{version}`: a published document.
 */
export function getFormVersion(id: number, version: number) {
  return request<{ version: number; formKey: string; document: FormDocument }>(
    'GET',
    `/api/forms/${id}/versions/${version}`
  )
}

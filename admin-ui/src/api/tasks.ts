import type { FormSchema } from '@senflow/forms'
import { ApiError, queryString, request } from './http'

/**
 * The inbox's queues on the server: assigned to me, offered to my units,
 * offered to me (candidate), every task I may see.
 */
export const TASK_QUEUES = ['mine', 'units', 'candidate', 'all'] as const
export type TaskQueue = (typeof TASK_QUEUES)[number]

/**
 * A user task as the inbox lists it.
 */
export interface Task {
  id: number
  taskKey: string
  state: 'CREATED' | 'COMPLETED' | 'CANCELED'
  name: string
  elementId: string
  elementInstanceKey: string
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  processName: string | null
  assignee: string | null
  candidateUsers: string[]
  candidateGroups: string[]
  dueDate: string | null
  followUpDate: string | null
  priority: number
  formKey: string | null
  formId: string | null
  businessId: string | null
  businessContext: string | null
  overdue: boolean
  createdAt: string
  claimedAt: string | null
  completedAt: string | null
  canceledAt: string | null
}

/**
 * Open tasks per queue, and those due within two days or overdue.
 */
export interface TaskCounts {
  mine: number
  units: number
  candidate: number
  dueSoon: number
  overdue: number
}

/**
 * Filters, sorting and paging of `GET /api/tasks`.
 */
export interface TaskFilters {
  queue?: TaskQueue
  state?: 'open' | 'completed' | 'canceled'
  processDefinitionId?: string
  overdue?: boolean
  dueSoon?: boolean
  priorityMin?: number
  q?: string
  sort?: 'dueDate' | 'priority' | 'createdAt'
  order?: 'asc' | 'desc'
  page?: number
  perPage?: number
}

export interface TaskList {
  items: Task[]
  page: { total: number; page: number; perPage: number; lastPage?: number }
  counts: TaskCounts
}

/** One event of a task's timeline. */
export interface TaskEvent {
  type: string
  actor: string | null
  details: Record<string, unknown>
  at: string
}

export interface TaskComment {
  id: number
  body: string
  author: { email: string; fullName: string | null }
  createdAt: string
}

export interface TaskAttachment {
  id: number
  taskId: number
  fileName: string
  contentType: string
  size: number
  uploadedBy: string
  createdAt: string
  url: string
}

/** What the viewer may do with the task. */
export interface TaskActions {
  claim: boolean
  unclaim: boolean
  assign: boolean
  delegate: boolean
  complete: boolean
  saveDraft: boolean
  comment: boolean
}

/**
 * The task page: the task, its form in the user's language, the variables
 * it opened with, the viewer's draft, timeline, comments, attachments and
 * allowed actions.
 */
export interface TaskPage {
  task: Task
  form: { id: string; version: number; schema: FormSchema } | null
  variables: Record<string, unknown>
  draft: { data: Record<string, unknown>; updatedAt: string } | null
  timeline: TaskEvent[]
  comments: TaskComment[]
  attachments: TaskAttachment[]
  actions: TaskActions
}

/** One entry of an instance's history (`GET /api/tasks/{id}/history`). */
export interface HistoryEntry {
  at: string
  kind: 'element' | 'task' | 'audit'
  type: string
  elementId: string | null
  elementName: string | null
  actor: string | null
  details: Record<string, unknown>
}

export function listTasks(filters: TaskFilters) {
  return request<TaskList>('GET', `/api/tasks${queryString({ ...filters })}`)
}

export function taskCounts() {
  return request<TaskCounts>('GET', '/api/tasks/counts')
}

export function getTask(id: number) {
  return request<TaskPage>('GET', `/api/tasks/${id}`)
}

export function taskHistory(id: number) {
  return request<{ items: HistoryEntry[] }>('GET', `/api/tasks/${id}/history`)
}

export function claimTask(id: number) {
  return request<Task>('POST', `/api/tasks/${id}/claim`)
}

export function unclaimTask(id: number) {
  return request<Task>('POST', `/api/tasks/${id}/unclaim`)
}

export function assignTask(id: number, assignee: string) {
  return request<Task>('POST', `/api/tasks/${id}/assign`, { assignee })
}

export function delegateTask(id: number, to: string) {
  return request<Task>('POST', `/api/tasks/${id}/delegate`, { to })
}

/**
 * Completes the task with the form's data; a 422 carries
 * `{ errors: { field: [messages] } }`.
 */
export function completeTask(id: number, variables: Record<string, unknown>, locale: 'vi' | 'en') {
  return request<{ task: Task; variables: Record<string, unknown> }>(
    'POST',
    `/api/tasks/${id}/complete`,
    { variables, locale }
  )
}

export function saveTaskDraft(id: number, data: Record<string, unknown>) {
  return request<{ data: Record<string, unknown>; updatedAt: string }>(
    'PUT',
    `/api/tasks/${id}/draft`,
    { data }
  )
}

export function addTaskComment(id: number, body: string) {
  return request<{ items: TaskComment[] }>('POST', `/api/tasks/${id}/comments`, { body })
}

export function uploadTaskAttachment(id: number, file: File) {
  const body = new FormData()
  body.append('file', file)
  return request<{ items: TaskAttachment[] }>('POST', `/api/tasks/${id}/attachments`, body)
}

let operations: Promise<Set<string>> | undefined

/**
 * Whether the server has an operation (`GET /api/openapi.json`, read once
 * per page load): pages ask before calling an endpoint another part of
 * the product may not have yet, so no request ends in a 404.
 */
export async function hasOperation(method: string, path: string): Promise<boolean> {
  operations ??= request<{ paths?: Record<string, Record<string, unknown>> }>(
    'GET',
    '/api/openapi.json'
  )
    .then((document) => {
      const found = new Set<string>()
      for (const [name, methods] of Object.entries(document?.paths ?? {})) {
        for (const verb of Object.keys(methods)) {
          found.add(`${verb.toLowerCase()} ${name.replace(/\{[^}]*\}/g, '{}')}`)
        }
      }
      return found
    })
    .catch(() => new Set<string>())
  return (await operations).has(`${method.toLowerCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`)
}

/**
 * A dossier queue and its count (`GET /api/dossiers/queues`).
 */
export interface DossierQueue {
  queue: string
  count: number
}

/**
 * The dossier queues, or null while the dossiers API does not exist on
 * this server (404/405) or the user may not read it (403).
 */
export async function dossierQueues(): Promise<DossierQueue[] | null> {
  if (!(await hasOperation('get', '/api/dossiers/queues'))) return null
  try {
    const answer = await request<{ data: DossierQueue[] }>('GET', '/api/dossiers/queues')
    return Array.isArray(answer?.data) ? answer.data : null
  } catch (error) {
    if (error instanceof ApiError && [403, 404, 405].includes(error.status)) return null
    throw error
  }
}

/**
 * The business context of a task's instance: its dossier or commitment,
 * or null when it has neither (the server says which first, so no lookup
 * ends in a 404).
 */
export async function taskContext(
  taskId: number
): Promise<{ kind: 'dossier' | 'commitment'; record: Record<string, unknown> } | null> {
  const { kind, processInstanceKey } = await request<{
    kind: 'dossier' | 'commitment' | null
    processInstanceKey: string
  }>('GET', `/api/tasks/${taskId}/context`)
  if (!kind) return null
  const answer = await request<Record<string, unknown>>(
    'GET',
    `/api/${kind}s/by-process-instance/${encodeURIComponent(processInstanceKey)}`
  )
  const record =
    answer && typeof answer.data === 'object' && answer.data !== null
      ? (answer.data as Record<string, unknown>)
      : answer
  return record && typeof record === 'object' ? { kind, record } : null
}

/**
 * A year of the business calendar: its weekdays off and make-up working days.
 */
export interface CalendarYear {
  year: number
  daysOff: { date: string; name: string }[]
  workingDays: { date: string; name: string }[]
}

/**
 * The business calendar's years, or null when the server has none (then
 * deadlines count calendar days).
 */
export async function calendarYears(years: number[]): Promise<CalendarYear[] | null> {
  if (!(await hasOperation('get', '/api/calendar/{}'))) return null
  return Promise.all(years.map((year) => request<CalendarYear>('GET', `/api/calendar/${year}`)))
}

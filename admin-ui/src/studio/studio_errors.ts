import { ApiError } from '../api/http'

/**
 * Whether an API error says that `field` names something that already
 * exists (`E_DUPLICATE`: a process id or form id taken).
 */
export function isDuplicate(error: unknown, field: string): boolean {
  return (
    error instanceof ApiError &&
    error.status === 422 &&
    error.entries.some((entry) => entry.field === field && entry.code === 'E_DUPLICATE')
  )
}

/**
 * Whether an autosave was refused because someone saved a newer revision
 * meanwhile (409 on `revision`).
 */
export function isStaleRevision(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409
}

/**
 * The problems of a refused publication (422 `E_MODEL_INVALID`), each
 * with the element it is about.
 */
export function publicationProblems(
  error: unknown
): { message: string; elementId: string | null }[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null
  const entries = error.entries.filter((entry) => entry.code === 'E_MODEL_INVALID')
  if (entries.length === 0) return null
  return entries.map((entry) => ({
    message: entry.message,
    elementId: (entry as { elementId?: string }).elementId ?? null,
  }))
}

/**
 * The field errors of a form submission the server refused with
 * `{ errors: { field: [messages] } }` (a task completion or a process
 * start validated against its form), or null for any other error.
 */
export function formSubmissionErrors(error: unknown): Record<string, string[]> | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null
  const raw = error.entries[0]?.message
  if (!raw || error.entries[0]?.code !== 'HTTP_422') return null
  try {
    const body = JSON.parse(raw) as { errors?: unknown }
    if (body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)) {
      return body.errors as Record<string, string[]>
    }
  } catch {
    // not the form shape
  }
  return null
}

import { ApiError, NETWORK_ERROR_CODE, type ApiErrorEntry } from '../api/http'

/**
 * A text to show, kept untranslated until it is shown: a message key with
 * its values, or (when the UI has no words of its own for it) the
 * server's message as it came.
 */
export type LocalizedText =
  | { key: string; params?: Record<string, unknown>; raw?: undefined }
  | { raw: string; key?: undefined }

/**
 * The server's error codes the UI explains in its own words
 * (`errors.codes.<code>` in the message files).
 */
export const KNOWN_ERROR_CODES = [
  'E_INVALID_CREDENTIALS',
  'E_ACCOUNT_DEACTIVATED',
  'E_TOO_MANY_REQUESTS',
  'E_UNAUTHORIZED_ACCESS',
  'E_AUTHORIZATION_FAILURE',
  'E_BAD_CSRF_TOKEN',
  'E_ROW_NOT_FOUND',
  'E_NOT_FOUND',
  'E_ROUTE_NOT_FOUND',
  'E_CONFLICT',
  'E_BAD_REQUEST',
  'E_VALIDATION_ERROR',
  'E_INTERNAL_ERROR',
  NETWORK_ERROR_CODE,
] as const

/**
 * The VineJS rules whose failures the UI explains in its own words
 * (`errors.rules.<rule>`, dots replaced by underscores).
 */
export const KNOWN_RULES = [
  'required',
  'email',
  'minLength',
  'maxLength',
  'regex',
  'database.unique',
  'database.exists',
  'enum',
  'distinct',
  'number',
  'date',
] as const

/**
 * Field errors the server raises without a VineJS rule (checks VineJS
 * cannot express), by field (`errors.fields.<field>`).
 */
export const KNOWN_FIELD_CHECKS = ['currentPassword', 'parentId'] as const

/**
 * The words for one entry of an API error: its rule for a field error, its
 * code otherwise, else the server's own message.
 */
export function describeEntry(entry: ApiErrorEntry): LocalizedText {
  if (entry.field) {
    if (entry.rule && (KNOWN_RULES as readonly string[]).includes(entry.rule)) {
      return { key: `errors.rules.${entry.rule.replace('.', '_')}` }
    }
    const field = normalizeField(entry.field)
    if (!entry.rule && (KNOWN_FIELD_CHECKS as readonly string[]).includes(field)) {
      return { key: `errors.fields.${field}` }
    }
    return { raw: entry.message }
  }
  if (entry.code === 'E_TOO_MANY_REQUESTS') {
    const seconds = Number(entry.retryAfterSeconds ?? 900)
    return {
      key: 'errors.codes.E_TOO_MANY_REQUESTS',
      params: { minutes: Math.max(1, Math.ceil(seconds / 60)) },
    }
  }
  if ((KNOWN_ERROR_CODES as readonly string[]).includes(entry.code)) {
    return { key: `errors.codes.${entry.code}` }
  }
  return entry.message ? { raw: entry.message } : { key: 'errors.unknown' }
}

/**
 * The words for anything thrown: an {@link ApiError}'s first entry, or a
 * generic message for a programming error (whose details go to the
 * console for whoever investigates).
 */
export function describeError(error: unknown): LocalizedText {
  if (error instanceof ApiError) {
    const entry = error.entries.find((candidate) => !candidate.field) ?? error.entries[0]
    if (!entry) return { key: 'errors.unknown' }
    // A rejected form names the fields; the toast only says to look at them.
    if (entry.field) return { key: 'errors.codes.E_VALIDATION_ERROR' }
    return describeEntry(entry)
  }
  return { key: 'errors.unknown' }
}

/**
 * The form field an API field path belongs to: `unitIds.0` → `unitIds`,
 * and `unitCodes` → `unitIds` (the forms pick units by id).
 */
export function normalizeField(field: string) {
  const head = field.split('.')[0]
  return head === 'unitCodes' ? 'unitIds' : head
}

/**
 * Server errors in the shape the form-js viewer keeps its own: by field
 * id, and inside dynamic lists by item index (`{ Field_1: [..],
 * Field_2: [ , [..] ] }`). The task page puts a refused submission's
 * errors back on the form with them, so the user sees them where form-js
 * shows its own.
 */
import type { FieldError } from './submission_validator.js'

/** A form-js errors object: messages by field id, nested by list item index. */
export type FormJsErrors = Record<string, unknown>

/** The form-js errors object of a failed submission's `fieldErrors`. */
export function toFormJsErrors(fieldErrors: readonly FieldError[]): FormJsErrors {
  const errors: FormJsErrors = {}
  for (const { fieldId, indexes, messages } of fieldErrors) {
    if (indexes.length === 0) {
      errors[fieldId] = [...messages]
      continue
    }
    let holder = (errors[fieldId] ??= []) as unknown[]
    indexes.slice(0, -1).forEach((index) => {
      holder = (holder[index] ??= []) as unknown[]
    })
    holder[indexes[indexes.length - 1]] = [...messages]
  }
  return errors
}

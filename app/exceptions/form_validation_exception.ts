import { Exception } from '@adonisjs/core/exceptions'

/**
 * A form submission that failed the form's rules, rendered as
 * `{ "errors": { "<fieldKey>": ["<message>"] } }` with status 422 — the
 * shape form-js and the inbox show next to the fields.
 */
export class FormValidationException extends Exception {
  static status = 422
  static code = 'E_FORM_VALIDATION'

  constructor(readonly fieldErrors: Record<string, string[]>) {
    super('The form has errors', { status: 422, code: 'E_FORM_VALIDATION' })
  }
}

import { Form } from '@bpmn-io/form-js'
import { validationMessage, type ValidationMessageCode } from '@senflow/forms'

/**
 * form-js's own validation messages (English, form-js has no i18n) and the
 * code and parameters of each, to say the same in another language with
 * the messages the server uses (@senflow/forms).
 */
const FORM_JS_MESSAGES: { pattern: RegExp; code: ValidationMessageCode; params: string[] }[] = [
  { pattern: /^Field is required\.$/, code: 'required', params: [] },
  {
    pattern: /^Field must have minimum length of (.+)\.$/,
    code: 'minLength',
    params: ['minLength'],
  },
  {
    pattern: /^Field must have maximum length of (.+)\.$/,
    code: 'maxLength',
    params: ['maxLength'],
  },
  { pattern: /^Field must have minimum value of (.+)\.$/, code: 'min', params: ['min'] },
  { pattern: /^Field must have maximum value of (.+)\.$/, code: 'max', params: ['max'] },
  { pattern: /^Min validation value is not a valid number\.$/, code: 'minNotANumber', params: [] },
  { pattern: /^Max validation value is not a valid number\.$/, code: 'maxNotANumber', params: [] },
  { pattern: /^Field must match pattern (.+)\.$/, code: 'pattern', params: ['pattern'] },
  { pattern: /^Field must be a valid {1,2}international phone number/, code: 'phone', params: [] },
  { pattern: /^Field must be a valid email\.$/, code: 'email', params: [] },
  { pattern: /^Value is not a number\.$/, code: 'notANumber', params: [] },
  { pattern: /^Value is expected to be an integer\.$/, code: 'integer', params: [] },
  {
    pattern: /^Value is expected to have at most (\d+) decimal digits?\.$/,
    code: 'decimalDigits',
    params: ['decimalDigits'],
  },
  {
    pattern: /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    code: 'increment',
    params: ['previous', 'next'],
  },
]

/**
 * A form-js validation message in `locale` (Vietnamese or English, as the
 * server writes them); a message it does not know (a form's own pattern
 * message) is kept.
 */
export function localizeFormJsMessage(message: string, locale: string): string {
  for (const { pattern, code, params } of FORM_JS_MESSAGES) {
    const match = pattern.exec(message)
    if (!match) continue
    const values = Object.fromEntries(
      params.map((name, index) => [
        name,
        name === 'decimalDigits' ? Number(match[index + 1]) : match[index + 1],
      ])
    )
    return validationMessage(code, values as never, locale)
  }
  return message
}

interface FormJsValidator {
  validateField(field: unknown, value: unknown): string[]
  validateFieldInstance(fieldInstance: unknown, value: unknown): string[]
}

/**
 * A form-js module that says the validator's messages in `locale()`.
 */
function localizedValidatorModule(locale: () => string) {
  function LocalizedValidator(validator: FormJsValidator) {
    const byField = validator.validateField.bind(validator)
    const byInstance = validator.validateFieldInstance.bind(validator)
    validator.validateField = (field, value) =>
      byField(field, value).map((message) => localizeFormJsMessage(message, locale()))
    validator.validateFieldInstance = (fieldInstance, value) =>
      byInstance(fieldInstance, value).map((message) => localizeFormJsMessage(message, locale()))
  }
  LocalizedValidator.$inject = ['validator']
  return { __init__: ['localizedValidator'], localizedValidator: ['type', LocalizedValidator] }
}

/**
 * A form-js viewer whose validation messages follow `locale()` (the
 * schema's texts come localized already: `localizeSchema`). A library
 * object: keep it out of reactive state.
 */
export function createFormViewer(container: HTMLElement, locale: () => string): Form {
  return new Form({ container, additionalModules: [localizedValidatorModule(locale)] } as never)
}

/**
 * The validation rules form-js applies to one field's value, as plain
 * functions returning the messages of the rules that fail (none when the
 * value is valid). They follow the form-js viewer's `Validator` rule by
 * rule and in its order: for numbers, not-a-number, decimal digits and
 * increment; then pattern, required, min, max, minLength, maxLength, phone
 * and email, with `min`, `max`, `minLength` and `maxLength` possibly given
 * as FEEL expressions.
 */
import { isEmailAddress, isInternationalPhoneNumber } from './contact_patterns.js'
import {
  addDecimals,
  compareDecimals,
  countDecimals,
  formatDecimal,
  parseDecimal,
  remainderDecimal,
  subtractDecimals,
} from './decimal.js'
import { evaluateFeel } from './feel.js'
import type { FeelContext } from './feel.js'
import { validationMessage } from './validation_messages.js'
import type { FormComponent, FormValidate } from './schema_types.js'

/** The `validate` properties that may be FEEL expressions. */
const FEEL_VALIDATE_PROPERTIES = ['min', 'max', 'minLength', 'maxLength'] as const

/**
 * Evaluate the FEEL expressions of a `validate` block in a field's
 * context. An expression that gives null removes its rule, as in form-js.
 */
export function evaluateValidate(validate: FormValidate, context: FeelContext): FormValidate {
  const evaluated: FormValidate = { ...validate }
  for (const property of FEEL_VALIDATE_PROPERTIES) {
    if (!(property in evaluated)) {
      continue
    }
    const value = evaluateFeel(evaluated[property], context)
    if (value === null || value === undefined) {
      delete evaluated[property]
    } else {
      evaluated[property] = value as number | string
    }
  }
  return evaluated
}

/**
 * The messages of the form-js rules a value breaks. `validate` is the
 * field's `validate` block with its expressions already evaluated (see
 * {@link evaluateValidate}).
 */
export function formJsFieldErrors(
  component: FormComponent,
  value: unknown,
  validate: FormValidate | undefined,
  locale?: string
): string[] {
  const errors = component.type === 'number' ? numberErrors(component, value, locale) : []
  if (!validate) {
    return errors
  }
  return [...errors, ...presetErrors(component, validate, value, locale)]
}

function numberErrors(component: FormComponent, value: unknown, locale?: string): string[] {
  if (value === 'NaN') {
    return [validationMessage('notANumber', {}, locale)]
  }
  if (!value) {
    return []
  }
  const decimal = parseDecimal(value)
  if (!decimal) {
    return [validationMessage('notANumber', {}, locale)]
  }
  const errors: string[] = []
  const { decimalDigits, increment } = component
  if (
    typeof decimalDigits === 'number' &&
    decimalDigits >= 0 &&
    countDecimals(decimal) > decimalDigits
  ) {
    errors.push(
      decimalDigits === 0
        ? validationMessage('integer', {}, locale)
        : validationMessage('decimalDigits', { decimalDigits }, locale)
    )
  }
  const step = increment ? parseDecimal(increment) : null
  if (step && step.units !== 0n) {
    const offset = remainderDecimal(decimal, step)
    if (offset.units !== 0n) {
      const previous = subtractDecimals(decimal, offset)
      const next = addDecimals(previous, step)
      errors.push(
        validationMessage(
          'increment',
          { previous: formatDecimal(previous), next: formatDecimal(next) },
          locale
        )
      )
    }
  }
  return errors
}

function presetErrors(
  component: FormComponent,
  validate: FormValidate,
  value: unknown,
  locale?: string
): string[] {
  const errors: string[] = []
  if (validate.pattern && value && !new RegExp(validate.pattern).test(String(value))) {
    errors.push(
      validate.patternErrorMessage ||
        validationMessage('pattern', { pattern: validate.pattern }, locale)
    )
  }
  if (validate.required && isMissing(component, value)) {
    errors.push(validationMessage('required', {}, locale))
  }
  if ('min' in validate && (value || value === 0)) {
    const bound = parseDecimal(validate.min)
    const actual = parseDecimal(value)
    if (!bound || !actual) {
      errors.push(validationMessage('minNotANumber', {}, locale))
    } else if (compareDecimals(actual, bound) < 0) {
      errors.push(validationMessage('min', { min: validate.min }, locale))
    }
  }
  if ('max' in validate && (value || value === 0)) {
    const bound = parseDecimal(validate.max)
    const actual = parseDecimal(value)
    if (!bound || !actual) {
      errors.push(validationMessage('maxNotANumber', {}, locale))
    } else if (compareDecimals(actual, bound) > 0) {
      errors.push(validationMessage('max', { max: validate.max }, locale))
    }
  }
  const length = typeof value === 'string' && value ? value.trim().length : null
  if ('minLength' in validate && length !== null && length < Number(validate.minLength)) {
    errors.push(validationMessage('minLength', { minLength: validate.minLength }, locale))
  }
  if ('maxLength' in validate && length !== null && length > Number(validate.maxLength)) {
    errors.push(validationMessage('maxLength', { maxLength: validate.maxLength }, locale))
  }
  if (validate.validationType === 'phone' && value && !isInternationalPhoneNumber(String(value))) {
    errors.push(validationMessage('phone', {}, locale))
  }
  if (validate.validationType === 'email' && value && !isEmailAddress(String(value))) {
    errors.push(validationMessage('email', {}, locale))
  }
  return errors
}

/** Whether a value counts as not given for `required`: nothing, empty text, an empty list, an unchecked checkbox. */
export function isMissing(component: FormComponent, value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (component.type === 'checkbox' && value === false)
  )
}

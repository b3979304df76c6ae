/**
 * Submissions built from a schema, for the corpus tests: a complete valid
 * one (every field a user can edit filled with a value its rules accept),
 * the process variables its options need, and for each field one broken
 * variant with the message form-js gives for it. Values are chosen from
 * the schema's own rules, not by asking the validator.
 */
import {
  childComponents,
  formatValuePath,
  isRepeating,
  ownSegments,
  setAtPath,
} from '../../src/component_tree.js'
import type { PathSegment } from '../../src/component_tree.js'
import { compileFeel, isFeelExpression } from '../../src/feel.js'
import { resolveFieldOptions } from '../../src/field_options.js'
import {
  fieldTypeConfig,
  MULTI_OPTION_FIELD_TYPES,
  OPTION_FIELD_TYPES,
} from '../../src/schema_types.js'
import type { FormComponent, FormSchema, JsonObject, JsonValue } from '../../src/schema_types.js'

/** A field the submission fills, at one place. */
export interface FilledField {
  component: FormComponent
  path: PathSegment[]
  value: JsonValue
}

/** A field a user cannot edit (disabled or read-only), at one place. */
export interface LockedField {
  component: FormComponent
  path: PathSegment[]
}

/** A valid submission of a schema and what it is made of. */
export interface BuiltSubmission {
  variables: JsonObject
  submission: JsonObject
  filled: FilledField[]
  locked: LockedField[]
}

/** One broken field and the message expected for it. */
export interface BrokenField {
  path: string
  value: JsonValue
  message: string
}

const OPTION_VARIABLE_VALUES: JsonValue = [
  { label: 'Alpha', value: 'alpha' },
  { label: 'Beta', value: 'beta' },
]

/** Build a complete, valid submission of a schema. */
export function buildSubmission(schema: FormSchema): BuiltSubmission {
  const variables = optionVariables(schema)
  const submission: JsonObject = { injectedByClient: 'x' }
  const filled: FilledField[] = []
  const locked: LockedField[] = []
  const visit = (container: FormComponent, base: PathSegment[]) => {
    for (const component of childComponents(container)) {
      const config = fieldTypeConfig(component)
      const path = [...base, ...ownSegments(component)]
      if (config.keyed) {
        if (path.length === base.length || component.type === 'expression') {
          continue
        }
        if (component.disabled || component.readonly === true) {
          locked.push({ component, path })
          if (!component.disabled && component.validate?.required) {
            // form-js validates read-only fields too: the process supplies their value
            setAtPath(variables, path, validValue(component, variables))
          }
          continue
        }
        const value = validValue(component, variables)
        setAtPath(submission, path, value)
        filled.push({ component, path, value })
      } else if (isRepeating(component)) {
        const count = component.allowAddRemove === false ? (component.defaultRepetitions ?? 1) : 2
        setAtPath(
          submission,
          path,
          Array.from({ length: count }, () => ({ injectedByClient: 'x' }))
        )
        for (let index = 0; index < count; index++) {
          visit(component, [...path, index])
        }
      } else {
        visit(component, path)
      }
    }
  }
  visit(schema, [])
  return { variables, submission, filled, locked }
}

/** A broken value for a filled field and form-js's message for it, or null when none applies. */
export function breakField(field: FilledField, variables: JsonObject): BrokenField | null {
  const { component } = field
  const validate = component.validate ?? {}
  const path = formatValuePath(field.path)
  if (validate.required) {
    const empty =
      component.type === 'checkbox'
        ? false
        : MULTI_OPTION_FIELD_TYPES.has(component.type)
          ? []
          : null
    return { path, value: empty, message: 'Field is required.' }
  }
  if (typeof validate.pattern === 'string') {
    return {
      path,
      value: '~',
      message: validate.patternErrorMessage ?? `Field must match pattern ${validate.pattern}.`,
    }
  }
  if (component.type === 'number' && typeof validate.min === 'number') {
    return {
      path,
      value: validate.min - 1,
      message: `Field must have minimum value of ${validate.min}.`,
    }
  }
  const optionsReadOwnValue =
    isFeelExpression(component.valuesExpression) &&
    compileFeel(component.valuesExpression).variableNames.includes(String(field.path[0]))
  if (
    OPTION_FIELD_TYPES.has(component.type) &&
    !optionsReadOwnValue &&
    resolveFieldOptions(component, variables, variables).length > 0
  ) {
    const value = MULTI_OPTION_FIELD_TYPES.has(component.type) ? ['not-an-option'] : 'not-an-option'
    return { path, value, message: 'Value is not one of the options.' }
  }
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      return { path, value: 12345, message: 'Value must be text.' }
    case 'number':
      return { path, value: 'many', message: 'Value is not a number.' }
    case 'checkbox':
      return { path, value: 'yes', message: 'Value must be true or false.' }
    case 'datetime':
      return { path, value: 'tomorrow', message: datetimeFormatMessage(component) }
    case 'filepicker':
      return { path, value: 5, message: 'Value must be a file reference.' }
    default:
      return null
  }
}

function datetimeFormatMessage(component: FormComponent): string {
  const time =
    component.timeSerializingFormat === 'utc_offset'
      ? 'HH:mm±hh:mm'
      : component.timeSerializingFormat === 'utc_normalized'
        ? 'HH:mmZ'
        : 'HH:mm'
  switch (component.subtype ?? 'date') {
    case 'date':
      return 'Value must be a date (YYYY-MM-DD).'
    case 'time':
      return `Value must be a time (${time}).`
    default:
      return `Value must be a date and time (YYYY-MM-DDT${time}).`
  }
}

function optionVariables(schema: FormSchema): JsonObject {
  const variables: JsonObject = {}
  const visit = (container: FormComponent) => {
    for (const component of childComponents(container)) {
      if (typeof component.valuesKey === 'string') {
        variables[component.valuesKey] = OPTION_VARIABLE_VALUES
      }
      if (isFeelExpression(component.valuesExpression)) {
        for (const name of compileFeel(component.valuesExpression).variableNames) {
          variables[name] ??= ['alpha', 'beta']
        }
      }
      visit(component)
    }
  }
  visit(schema)
  return variables
}

function validValue(component: FormComponent, variables: JsonObject): JsonValue {
  const validate = component.validate ?? {}
  if (OPTION_FIELD_TYPES.has(component.type)) {
    const [first] = resolveFieldOptions(component, variables, variables)
    if (MULTI_OPTION_FIELD_TYPES.has(component.type)) {
      return first ? [first.value] : []
    }
    return first ? first.value : null
  }
  switch (component.type) {
    case 'textfield':
    case 'textarea': {
      const candidates =
        validate.validationType === 'email'
          ? ['an.nguyen@mofa.gov.vn']
          : validate.validationType === 'phone'
            ? ['+84912345678']
            : ['C-123', 'Nguyễn Văn An', 'Hồ sơ hợp pháp hóa lãnh sự số 42']
      return (
        candidates.find((candidate) => {
          const length = candidate.trim().length
          return (
            (typeof validate.pattern !== 'string' ||
              new RegExp(validate.pattern).test(candidate)) &&
            (typeof validate.minLength !== 'number' || length >= validate.minLength) &&
            (typeof validate.maxLength !== 'number' || length <= validate.maxLength)
          )
        }) ?? candidates[0]
      )
    }
    case 'number': {
      const min = typeof validate.min === 'number' ? validate.min : null
      const max = typeof validate.max === 'number' ? validate.max : null
      const step = Number(component.increment ?? 1) || 1
      const candidates = [min, max, step, 0, 10].filter((value): value is number => value !== null)
      return (
        candidates.find(
          (value) =>
            (min === null || value >= min) && (max === null || value <= max) && value % step === 0
        ) ?? candidates[0]
      )
    }
    case 'checkbox':
      return true
    case 'datetime': {
      const suffix =
        component.timeSerializingFormat === 'utc_offset'
          ? '+07:00'
          : component.timeSerializingFormat === 'utc_normalized'
            ? 'Z'
            : ''
      const subtype = component.subtype ?? 'date'
      return subtype === 'date'
        ? '2030-01-15'
        : subtype === 'time'
          ? `09:30${suffix}`
          : `2030-01-15T09:30${suffix}`
    }
    case 'filepicker':
      return 'files::scan-1'
    default:
      return 7
  }
}

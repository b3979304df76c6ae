/**
 * The options of a select, radio group, checklist or tag list, found as
 * form-js finds them: from a process variable named by `valuesKey`, from
 * the static `values`, or from the FEEL `valuesExpression`, then
 * normalized (a bare value is its own label; an option without a usable
 * value is dropped).
 */
import { evaluateFeel } from './feel.js'
import type { FeelContext } from './feel.js'
import type { FormComponent, JsonValue } from './schema_types.js'

/** One option after normalization. */
export interface NormalizedOption {
  label: string
  value: JsonValue
}

/** The options form-js gives a select that names no source at all. */
const DEFAULT_OPTIONS: NormalizedOption[] = [{ label: 'Value', value: 'value' }]

/**
 * The options a field offers. `variables` are the data the form was opened
 * with (where `valuesKey` is looked up, by its whole text as one name);
 * `context` is the FEEL context of the field's place in the form.
 */
export function resolveFieldOptions(
  component: FormComponent,
  variables: Record<string, unknown>,
  context: FeelContext
): NormalizedOption[] {
  const { valuesKey, values, valuesExpression } = component
  if (valuesKey === undefined && values === undefined && valuesExpression === undefined) {
    return DEFAULT_OPTIONS
  }
  let raw: unknown = []
  if (valuesKey !== undefined) {
    raw = variables[valuesKey]
  } else if (values !== undefined) {
    raw = values
  } else if (valuesExpression) {
    raw = evaluateFeel(valuesExpression, context)
  }
  return normalizeOptions(raw)
}

/**
 * The options of a field that can be known without evaluating FEEL
 * (static values or a variable), as form-js uses when it cleans the data a
 * form opens with; null for options from an expression.
 */
export function simpleFieldOptions(
  component: FormComponent,
  variables: Record<string, unknown>
): NormalizedOption[] | null {
  if (component.valuesExpression) {
    return null
  }
  return resolveFieldOptions(component, variables, {})
}

/** Normalize a list of options; anything but a list gives no option. */
export function normalizeOptions(raw: unknown): NormalizedOption[] {
  if (!Array.isArray(raw)) {
    return []
  }
  const options: NormalizedOption[] = []
  for (const option of raw) {
    const normalized = normalizeOption(option)
    if (normalized) {
      options.push(normalized)
    }
  }
  return options
}

function normalizeOption(option: unknown): NormalizedOption | null {
  if (isAllowedPrimitive(option)) {
    return { value: option, label: String(option) }
  }
  if (option !== null && typeof option === 'object' && !Array.isArray(option)) {
    const { label, value } = option as { label?: unknown; value?: unknown }
    const hasLabel = typeof label === 'string' && label !== ''
    if (!hasLabel && isAllowedPrimitive(value)) {
      return { value, label: String(value) }
    }
    if (hasLabel && isAllowedValue(value)) {
      return { value: value as JsonValue, label }
    }
  }
  return null
}

function isAllowedPrimitive(value: unknown): value is string | number | boolean {
  return (
    ['number', 'string', 'boolean'].includes(typeof value) &&
    (Boolean(value) || value === 0 || value === false)
  )
}

function isAllowedValue(value: unknown): boolean {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.keys(value).length > 0
  }
  return isAllowedPrimitive(value)
}

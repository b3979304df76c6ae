/**
 * The data dictionary of a form: the variables it reads from the process
 * instance and writes into it. The process owner sees what a form puts
 * into an instance; the studio offers the entries in its pickers (for
 * gateway conditions, io mappings, other forms).
 *
 * - A field reads the variable at its key (the form opens with its value)
 *   and writes it back on submit: `inputOutput`. A disabled field is only
 *   shown (`input`), an expression field is only computed (`output`).
 * - A dynamic list is an `array` entry; its fields are listed with `[]`
 *   for the item: `members[].email`.
 * - A variable used only by the form's expressions (conditions, computed
 *   values, options from `valuesExpression`, templated texts) or as the
 *   options of a field (`valuesKey`) is an `input` entry. Finding the
 *   variables of an expression is best effort (FEEL names, not types).
 */
import { formatBindingPath, propertyAt, walkComponents } from './component_tree.js'
import { compileFeel, FEEL_PROPERTIES, isFeelExpression } from './feel.js'
import { normalizeOptions } from './field_options.js'
import { TEXT_PROPERTIES } from './translations.js'
import type { NormalizedOption } from './field_options.js'
import { datetimeSubtype } from './datetime_values.js'
import { fieldTypeConfig, OPTION_FIELD_TYPES } from './schema_types.js'
import type { FormComponent, FormSchema } from './schema_types.js'

/** The JSON shape of a variable's value. */
export type DictionaryType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'date'
  | 'time'
  | 'datetime'
  | 'array'
  | 'object'
  | 'file'
  | 'any'

/** Where a field's options come from. */
export type DictionaryOptions =
  | { source: 'static'; values: NormalizedOption[] }
  | { source: 'variable'; variable: string }
  | { source: 'expression'; expression: string }

/** One variable a form reads or writes. */
export interface DataDictionaryEntry {
  /** The binding path, list items marked `[]`: `applicant.name`, `members[].email`. */
  key: string
  /** The process variable it lives in: the first name of the key. */
  variable: string
  /** Read from the instance, written into it, or both. */
  direction: 'input' | 'output' | 'inputOutput'
  type: DictionaryType
  /** The type of each item, for arrays. */
  itemType?: DictionaryType
  /** The form-js component type, for fields and lists. */
  componentType?: string
  /** The component's id, for fields and lists. */
  fieldId?: string
  /** The field's label (when it is not an expression). */
  label?: string
  /** `validate.required` is set (the value may still be absent while the field is hidden). */
  required: boolean
  /** The field or one of its containers has a `conditional.hide`: it may not be written. */
  conditional: boolean
  /** The options of a select, radio group, checklist or tag list. */
  options?: DictionaryOptions
}

/** The variables a form reads and writes, fields first in schema order, then the variables it only reads. */
export function dataDictionary(schema: FormSchema): DataDictionaryEntry[] {
  const entries: DataDictionaryEntry[] = []
  const read = new Set<string>()
  walkComponents(schema, ({ component, ancestors, bindingPath }) => {
    collectReadVariables(component, read)
    const config = fieldTypeConfig(component)
    const conditional = [...ancestors, component].some((entry) =>
      isFeelExpression(entry.conditional?.hide)
    )
    if (config.keyed && typeof component.key === 'string') {
      entries.push(fieldEntry(component, formatBindingPath(bindingPath), conditional))
    } else if (config.repeatable && typeof component.path === 'string' && component.path !== '') {
      entries.push({
        key: formatBindingPath(bindingPath),
        variable: bindingPath[0],
        direction: 'inputOutput',
        type: 'array',
        itemType: 'object',
        componentType: component.type,
        ...(component.id ? { fieldId: component.id } : {}),
        ...(labelOf(component) ? { label: labelOf(component) } : {}),
        required: false,
        conditional,
      })
    }
  })
  const written = new Set(entries.map((entry) => entry.variable))
  for (const variable of read) {
    if (!written.has(variable)) {
      entries.push({
        key: variable,
        variable,
        direction: 'input',
        type: 'any',
        required: false,
        conditional: false,
      })
    }
  }
  return entries
}

function fieldEntry(
  component: FormComponent,
  key: string,
  conditional: boolean
): DataDictionaryEntry {
  const type = valueType(component)
  const options = optionsOf(component)
  const label = labelOf(component)
  return {
    key,
    variable: key.split(/[.[]/)[0],
    direction:
      component.type === 'expression' ? 'output' : component.disabled ? 'input' : 'inputOutput',
    ...type,
    componentType: component.type,
    ...(component.id ? { fieldId: component.id } : {}),
    ...(label ? { label } : {}),
    required: component.validate?.required === true,
    conditional,
    ...(options ? { options } : {}),
  }
}

function valueType(component: FormComponent): { type: DictionaryType; itemType?: DictionaryType } {
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      return { type: 'string' }
    case 'number':
      return { type: component.serializeToString ? 'string' : 'number' }
    case 'checkbox':
      return { type: 'boolean' }
    case 'datetime':
      return { type: datetimeSubtype(component) }
    case 'filepicker':
      return { type: 'file' }
    case 'checklist':
    case 'taglist':
      return { type: 'array', itemType: optionValueType(component) }
    case 'radio':
    case 'select':
      return { type: optionValueType(component) }
    default:
      return { type: 'any' }
  }
}

function optionValueType(component: FormComponent): DictionaryType {
  const options =
    component.values !== undefined && component.valuesKey === undefined
      ? normalizeOptions(component.values)
      : []
  const types = new Set(
    options.map((option) => (Array.isArray(option.value) ? 'array' : typeof option.value))
  )
  if (types.size !== 1) {
    return 'any'
  }
  const [type] = types
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object'
    ? type
    : 'any'
}

function optionsOf(component: FormComponent): DictionaryOptions | undefined {
  if (!OPTION_FIELD_TYPES.has(component.type)) {
    return undefined
  }
  if (component.valuesKey !== undefined) {
    return { source: 'variable', variable: component.valuesKey }
  }
  if (component.values !== undefined) {
    return { source: 'static', values: normalizeOptions(component.values) }
  }
  if (typeof component.valuesExpression === 'string') {
    return { source: 'expression', expression: component.valuesExpression }
  }
  return { source: 'static', values: [{ label: 'Value', value: 'value' }] }
}

function labelOf(component: FormComponent): string | undefined {
  return typeof component.label === 'string' &&
    component.label !== '' &&
    !isFeelExpression(component.label)
    ? component.label
    : undefined
}

function collectReadVariables(component: FormComponent, read: Set<string>): void {
  if (typeof component.valuesKey === 'string' && component.valuesKey !== '') {
    read.add(component.valuesKey)
  }
  for (const [propertyPath, kind] of FEEL_PROPERTIES) {
    const value = propertyAt(component, propertyPath)
    if (isFeelExpression(value)) {
      compileFeel(value, kind).variableNames.forEach((name) => read.add(name))
    }
  }
  // any text a user reads may be a `{{ … }}` template
  for (const propertyPath of TEXT_PROPERTIES) {
    const value = propertyAt(component, propertyPath)
    if (typeof value !== 'string' || value.startsWith('=')) {
      continue
    }
    for (const match of value.matchAll(/{{\s*([^}]*?)\s*}}/g)) {
      const expression = match[1].replace(/^(#loop|#if)\s+/, '')
      if (expression === '' || expression.startsWith('/') || expression === 'else') {
        continue
      }
      compileFeel(`=${expression}`, 'expression').variableNames.forEach((name) => read.add(name))
    }
  }
}

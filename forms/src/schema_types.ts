/**
 * The form-js schema as TypeScript types, and the facts about each field
 * type that the server needs (is it bound to a variable, does it nest its
 * children under a path, what is its empty value). These mirror the
 * `config` objects of the form-js viewer's field components, so the server
 * reads a schema the way the browser renders it.
 */

/** A JSON value, as stored in process variables and form data. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A JSON object: form data, process variables, a context for FEEL. */
export type JsonObject = { [key: string]: JsonValue }

/** One option of a select, radio, checklist or taglist. */
export interface FormOption {
  label?: string
  value?: JsonValue
  [property: string]: unknown
}

/**
 * The `validate` block of an input. `min`, `max`, `minLength` and
 * `maxLength` may be FEEL expressions (strings starting with `=`), as in
 * form-js.
 */
export interface FormValidate {
  required?: boolean
  validationType?: 'email' | 'phone' | 'custom' | '' | null
  pattern?: string
  patternErrorMessage?: string
  minLength?: number | string
  maxLength?: number | string
  min?: number | string
  max?: number | string
  [property: string]: unknown
}

/** A table column (static columns of a `table` component). */
export interface FormTableColumn {
  label?: string
  key?: string
  [property: string]: unknown
}

/**
 * One component of a form-js schema. Only `type` is required; which other
 * properties apply depends on the type (see the form-js JSON schema).
 * Unknown properties are kept as they are.
 */
export interface FormComponent {
  type: string
  id?: string
  key?: string
  path?: string
  label?: string
  description?: string
  text?: string
  content?: string
  alt?: string
  source?: string
  url?: string
  title?: string
  dateLabel?: string
  timeLabel?: string
  subtype?: 'date' | 'time' | 'datetime'
  timeSerializingFormat?: 'utc_offset' | 'utc_normalized' | 'no_timezone'
  timeInterval?: number
  use24h?: boolean
  disallowPassedDates?: boolean
  increment?: number | string
  decimalDigits?: number
  serializeToString?: boolean
  defaultValue?: JsonValue
  disabled?: boolean | string
  readonly?: boolean | string
  conditional?: { hide?: string | boolean; [property: string]: unknown }
  validate?: FormValidate
  /** Static options: objects with a label and a value, or bare values (their own label). */
  values?: Array<FormOption | string | number | boolean>
  valuesKey?: string
  valuesExpression?: string
  expression?: string
  computeOn?: 'change' | 'presubmit'
  components?: FormComponent[]
  isRepeating?: boolean
  allowAddRemove?: boolean
  defaultRepetitions?: number
  columns?: FormTableColumn[]
  appearance?: { prefixAdorner?: string; suffixAdorner?: string; [property: string]: unknown }
  properties?: Record<string, unknown>
  layout?: { row?: string | null; columns?: number | null; [property: string]: unknown }
  [property: string]: unknown
}

/** A whole form-js schema: the root component, of type `default`. */
export interface FormSchema extends FormComponent {
  type: 'default'
  components: FormComponent[]
  schemaVersion?: number
}

/** What the server must know about a field type. */
export interface FieldTypeConfig {
  /** Bound to a variable through `key`. */
  keyed: boolean
  /** Nests its children's values under `path` (groups, dynamic lists). */
  pathed: boolean
  /** Repeats its children once per item of an array (dynamic lists). */
  repeatable: boolean
  /** The value the browser starts with when neither data nor a default is given. */
  emptyValue: JsonValue
}

const input = (emptyValue: JsonValue): FieldTypeConfig => ({
  keyed: true,
  pathed: false,
  repeatable: false,
  emptyValue,
})

const presentation: FieldTypeConfig = {
  keyed: false,
  pathed: false,
  repeatable: false,
  emptyValue: null,
}

/**
 * The field types form-js ships, with the configuration of its viewer.
 * Types not listed here are custom fields (see {@link fieldTypeConfig}).
 */
export const FIELD_TYPES: Readonly<Record<string, FieldTypeConfig>> = {
  textfield: input(''),
  textarea: input(''),
  number: input(null),
  datetime: input(null),
  expression: input(null),
  filepicker: input(null),
  checkbox: input(false),
  checklist: input([]),
  radio: input(null),
  select: input(null),
  taglist: input([]),
  text: presentation,
  html: presentation,
  image: presentation,
  table: presentation,
  documentPreview: presentation,
  spacer: presentation,
  separator: presentation,
  iframe: presentation,
  button: presentation,
  default: presentation,
  group: { keyed: false, pathed: true, repeatable: false, emptyValue: null },
  dynamiclist: { keyed: false, pathed: true, repeatable: true, emptyValue: null },
}

/** The types whose options come from `values`, `valuesKey` or `valuesExpression`. */
export const OPTION_FIELD_TYPES: ReadonlySet<string> = new Set([
  'checklist',
  'radio',
  'select',
  'taglist',
])

/** The option types that hold a list of values rather than one. */
export const MULTI_OPTION_FIELD_TYPES: ReadonlySet<string> = new Set(['checklist', 'taglist'])

/**
 * The configuration of a component's type. A custom type (registered in
 * the browser as a form-js extension, like the `range` field of form-js's
 * own examples) is bound to a variable when it has a `key`, and its value
 * is taken as any JSON value.
 */
export function fieldTypeConfig(component: FormComponent): FieldTypeConfig {
  const known = FIELD_TYPES[component.type]
  if (known) {
    return known
  }
  return typeof component.key === 'string' ? input(null) : presentation
}

/** Whether the component's type is one form-js ships (not a custom field). */
export function isKnownFieldType(type: string): boolean {
  return Object.hasOwn(FIELD_TYPES, type)
}

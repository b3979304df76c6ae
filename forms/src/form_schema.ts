/**
 * Loading a form-js schema with clear errors. A stored form is checked
 * before it is saved and before it is used, with the rules of the form-js
 * JSON schema (property types, key and path syntax) and of the form-js
 * viewer's importer (one component per id, one field per binding path).
 * Every problem names the component by its place in the schema:
 * `components[3].key: Expected a string, but got number`.
 *
 * What form-js tolerates but cannot work on the server is a warning, not
 * an error: an input without a key (form-js binds it to a random key), a
 * FEEL expression with a syntax error (form-js evaluates it to null), an
 * unknown component type (a custom field of the browser).
 */
import { compileFeel, FEEL_PROPERTIES, isFeelExpression } from './feel.js'
import {
  isJsonObject as isObject,
  isRepeating,
  ownSegments,
  propertyAt,
  readJsonObject,
  UNSAFE_SEGMENTS,
} from './component_tree.js'
import { fieldTypeConfig, isKnownFieldType, OPTION_FIELD_TYPES } from './schema_types.js'
import type { FormComponent, FormSchema } from './schema_types.js'

/** The outcome of checking a schema: the problems, and the schema when there is none. */
export interface FormSchemaCheck {
  /** The schema, when it has no error. */
  schema: FormSchema | null
  /** What makes the schema unusable, one line each. */
  errors: string[]
  /** What form-js tolerates but the designer should fix, one line each. */
  warnings: string[]
}

/**
 * Thrown by {@link parseFormSchema} when a schema has errors; `problems`
 * lists every one of them.
 */
export class FormSchemaError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`Invalid form schema:\n${problems.map((problem) => `- ${problem}`).join('\n')}`)
    this.name = 'FormSchemaError'
    this.problems = problems
  }
}

/**
 * Parse a form-js schema (an object or its JSON text) of any
 * `schemaVersion`, returning a copy typed as {@link FormSchema}; throws a
 * {@link FormSchemaError} listing every error.
 */
export function parseFormSchema(json: unknown): FormSchema {
  const check = checkFormSchema(json)
  if (!check.schema) {
    throw new FormSchemaError(check.errors)
  }
  return check.schema
}

/**
 * Check a form-js schema without throwing: its errors, its warnings, and
 * the parsed schema when there is no error. The form designer uses this to
 * show every problem at once.
 */
export function checkFormSchema(json: unknown): FormSchemaCheck {
  const errors: string[] = []
  const warnings: string[] = []
  const read = readJsonObject(json)
  if ('problem' in read) {
    return { schema: null, errors: [read.problem], warnings }
  }
  const { value } = read
  const checker = new SchemaChecker(errors, warnings)
  checker.checkRoot(value)
  const schema = errors.length === 0 ? (JSON.parse(JSON.stringify(value)) as FormSchema) : null
  return { schema, errors, warnings }
}

/** A description of a value's JSON type for messages: `string`, `array`, `null`, … */
export function describe(value: unknown): string {
  if (value === null) {
    return 'null'
  }
  if (Array.isArray(value)) {
    return 'array'
  }
  return typeof value
}

type PropertyRule =
  | 'string'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'object'
  | 'array'
  | 'booleanOrString'
  | 'numberOrString'

const PROPERTY_RULES: Record<string, PropertyRule> = {
  id: 'string',
  label: 'string',
  description: 'string',
  text: 'string',
  content: 'string',
  alt: 'string',
  source: 'string',
  url: 'string',
  title: 'string',
  dateLabel: 'string',
  timeLabel: 'string',
  valuesKey: 'string',
  valuesExpression: 'string',
  expression: 'string',
  columnsExpression: 'string',
  dataSource: 'string',
  accept: 'string',
  disabled: 'booleanOrString',
  readonly: 'booleanOrString',
  multiple: 'booleanOrString',
  use24h: 'boolean',
  disallowPassedDates: 'boolean',
  serializeToString: 'boolean',
  searchable: 'boolean',
  showOutline: 'boolean',
  isRepeating: 'boolean',
  allowAddRemove: 'boolean',
  disableCollapse: 'boolean',
  timeInterval: 'integer',
  decimalDigits: 'integer',
  increment: 'numberOrString',
  defaultRepetitions: 'number',
  nonCollapsedItems: 'number',
  rowCount: 'number',
  height: 'number',
  maxHeight: 'number',
  components: 'array',
  values: 'array',
  columns: 'array',
  conditional: 'object',
  validate: 'object',
  layout: 'object',
  appearance: 'object',
  properties: 'object',
  security: 'object',
}

const VALIDATE_RULES: Record<string, PropertyRule> = {
  required: 'boolean',
  pattern: 'string',
  patternErrorMessage: 'string',
  minLength: 'numberOrString',
  maxLength: 'numberOrString',
  min: 'numberOrString',
  max: 'numberOrString',
}

const ENUMS: Record<string, readonly unknown[]> = {
  subtype: ['date', 'time', 'datetime'],
  timeSerializingFormat: ['utc_offset', 'utc_normalized', 'no_timezone'],
  computeOn: ['change', 'presubmit'],
  action: ['submit', 'reset'],
}

const KEY_PATTERN = /^\w+(\.\w+)*$/
const PATH_PATTERN = /^(\w+(\.\w+)*)*$/

interface PathNode {
  children: Map<string, PathNode> | null
  claimedBy: string
  repeater: FormComponent | null
}

class SchemaChecker {
  private readonly ids = new Map<string, string>()
  private readonly paths = new Map<string, PathNode>()

  constructor(
    private readonly errors: string[],
    private readonly warnings: string[]
  ) {}

  checkRoot(root: Record<string, unknown>): void {
    if (root.type !== 'default') {
      this.errors.push(
        `type: Expected "default", but got ${JSON.stringify(root.type) ?? 'undefined'}`
      )
    }
    if (root.schemaVersion !== undefined && typeof root.schemaVersion !== 'number') {
      this.errors.push(`schemaVersion: Expected a number, but got ${describe(root.schemaVersion)}`)
    }
    if (root.id !== undefined && typeof root.id !== 'string') {
      this.errors.push(`id: Expected a string, but got ${describe(root.id)}`)
    } else if (typeof root.id === 'string') {
      this.ids.set(root.id, '(the form)')
    }
    if (root.components === undefined) {
      return
    }
    if (!Array.isArray(root.components)) {
      this.errors.push(`components: Expected an array, but got ${describe(root.components)}`)
      return
    }
    this.checkChildren(root.components, '', [], [])
  }

  private checkChildren(
    components: unknown[],
    schemaPath: string,
    ancestors: FormComponent[],
    base: string[]
  ): void {
    components.forEach((component, index) => {
      const path = `${schemaPath}${schemaPath ? '.' : ''}components[${index}]`
      if (!isObject(component)) {
        this.errors.push(`${path}: Expected an object, but got ${describe(component)}`)
        return
      }
      this.checkComponent(component as FormComponent, path, ancestors, base)
    })
  }

  private checkComponent(
    component: FormComponent,
    path: string,
    ancestors: FormComponent[],
    base: string[]
  ): void {
    if (typeof component.type !== 'string') {
      this.errors.push(`${path}.type: Expected a string, but got ${describe(component.type)}`)
      return
    }
    if (!isKnownFieldType(component.type)) {
      this.warnings.push(
        `${path}.type: Expected a form-js component type, but got "${component.type}" (${
          typeof component.key === 'string'
            ? 'a custom field: its value is taken as it is'
            : 'a custom component: only its children are read'
        })`
      )
    }
    this.checkProperties(component, path)
    this.checkId(component, path)
    this.checkFeel(component, path)
    const config = fieldTypeConfig(component)
    let bindingPath = base
    if (config.keyed) {
      bindingPath = this.checkKey(component, path, ancestors, base)
    } else if (config.pathed) {
      bindingPath = this.checkPath(component, path, ancestors, base)
    }
    if (component.type === 'expression' && typeof component.expression !== 'string') {
      this.warnings.push(
        `${path}.expression: Expected a FEEL expression, but got ${describe(component.expression)}`
      )
    }
    if (Array.isArray(component.components)) {
      this.checkChildren(component.components, path, [...ancestors, component], bindingPath)
    }
  }

  private checkProperties(component: FormComponent, path: string): void {
    for (const [property, rule] of Object.entries(PROPERTY_RULES)) {
      this.checkRule(component[property], rule, `${path}.${property}`)
    }
    for (const [property, allowed] of Object.entries(ENUMS)) {
      const value = component[property]
      if (value !== undefined && !allowed.includes(value)) {
        this.errors.push(
          `${path}.${property}: Expected one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}, but got ${JSON.stringify(value)}`
        )
      }
    }
    if (isObject(component.conditional)) {
      const hide = component.conditional.hide
      if (hide !== undefined && typeof hide !== 'string' && typeof hide !== 'boolean') {
        this.errors.push(
          `${path}.conditional.hide: Expected a string or a boolean, but got ${describe(hide)}`
        )
      }
    }
    if (isObject(component.validate)) {
      this.checkValidate(component.validate, `${path}.validate`)
    }
    if (
      typeof component.increment === 'string' &&
      !isFeelExpression(component.increment) &&
      Number.isNaN(Number(component.increment))
    ) {
      this.errors.push(`${path}.increment: Expected a number, but got "${component.increment}"`)
    }
    if (Array.isArray(component.values)) {
      component.values.forEach((option, index) => {
        if (isObject(option)) {
          if (option.label !== undefined && typeof option.label !== 'string') {
            this.errors.push(
              `${path}.values[${index}].label: Expected a string, but got ${describe(option.label)}`
            )
          }
        } else if (!['string', 'number', 'boolean'].includes(typeof option)) {
          this.errors.push(
            `${path}.values[${index}]: Expected an object with a label and a value, but got ${describe(option)}`
          )
        }
      })
    }
    if (Array.isArray(component.columns)) {
      component.columns.forEach((column, index) => {
        if (!isObject(column)) {
          this.errors.push(
            `${path}.columns[${index}]: Expected an object, but got ${describe(column)}`
          )
        } else if (column.key !== undefined && typeof column.key !== 'string') {
          this.errors.push(
            `${path}.columns[${index}].key: Expected a string, but got ${describe(column.key)}`
          )
        }
      })
    }
    this.checkDefaultValue(component, path)
  }

  private checkValidate(validate: Record<string, unknown>, path: string): void {
    for (const [property, rule] of Object.entries(VALIDATE_RULES)) {
      this.checkRule(validate[property], rule, `${path}.${property}`)
    }
    const { validationType, pattern } = validate
    if (
      validationType !== undefined &&
      !['email', 'phone', 'custom', '', null].includes(validationType as string)
    ) {
      this.errors.push(
        `${path}.validationType: Expected one of "email", "phone", "custom", but got ${JSON.stringify(validationType)}`
      )
    }
    if (typeof pattern === 'string') {
      try {
        new RegExp(pattern)
      } catch {
        this.errors.push(`${path}.pattern: Expected a regular expression, but got "${pattern}"`)
      }
    }
  }

  private checkDefaultValue(component: FormComponent, path: string): void {
    const value = component.defaultValue
    if (value === undefined) {
      return
    }
    const { type } = component
    const expected =
      type === 'checkbox'
        ? typeof value === 'boolean'
          ? null
          : 'a boolean'
        : ['textfield', 'textarea', 'datetime'].includes(type)
          ? typeof value === 'string'
            ? null
            : 'a string'
          : type === 'number'
            ? typeof value === 'number' || typeof value === 'string'
              ? null
              : 'a number'
            : ['checklist', 'taglist'].includes(type)
              ? Array.isArray(value)
                ? null
                : 'an array'
              : OPTION_FIELD_TYPES.has(type) && (value === null || typeof value === 'object')
                ? 'a string'
                : null
    if (expected) {
      this.errors.push(`${path}.defaultValue: Expected ${expected}, but got ${describe(value)}`)
    }
  }

  private checkRule(value: unknown, rule: PropertyRule, path: string): void {
    // null stands for "not set" in schemas form-js writes (e.g. `nonCollapsedItems: null`)
    if (value === undefined || value === null) {
      return
    }
    const type = describe(value)
    const ok =
      rule === 'integer'
        ? Number.isInteger(value)
        : rule === 'booleanOrString'
          ? type === 'boolean' || type === 'string'
          : rule === 'numberOrString'
            ? type === 'number' || type === 'string'
            : type === rule
    if (!ok) {
      const expected = {
        string: 'a string',
        boolean: 'a boolean',
        number: 'a number',
        integer: 'an integer',
        object: 'an object',
        array: 'an array',
        booleanOrString: 'a boolean or a string',
        numberOrString: 'a number or a string',
      }[rule]
      this.errors.push(`${path}: Expected ${expected}, but got ${type}`)
    }
  }

  private checkId(component: FormComponent, path: string): void {
    if (typeof component.id !== 'string') {
      return
    }
    const other = this.ids.get(component.id)
    if (other) {
      this.errors.push(
        `${path}.id: Expected a unique id, but "${component.id}" is also the id of ${other}`
      )
    } else {
      this.ids.set(component.id, path)
    }
  }

  private checkFeel(component: FormComponent, path: string): void {
    for (const [propertyPath, kind] of FEEL_PROPERTIES) {
      const value = propertyAt(component, propertyPath)
      if (!isFeelExpression(value)) {
        continue
      }
      const { syntaxError } = compileFeel(value, kind)
      if (syntaxError) {
        this.warnings.push(
          `${path}.${propertyPath.join('.')}: ${syntaxError} (form-js evaluates it to null)`
        )
      }
    }
  }

  private checkKey(
    component: FormComponent,
    path: string,
    ancestors: FormComponent[],
    base: string[]
  ): string[] {
    if (component.key === undefined || component.key === null) {
      this.warnings.push(
        `${path}.key: Expected a string, but got undefined (form-js binds the field to a random key; the server takes no value for it)`
      )
      return base
    }
    if (typeof component.key !== 'string') {
      this.errors.push(`${path}.key: Expected a string, but got ${describe(component.key)}`)
      return base
    }
    if (
      !KEY_PATTERN.test(component.key) ||
      component.key.split('.').some((name) => UNSAFE_SEGMENTS.has(name))
    ) {
      this.errors.push(
        `${path}.key: Expected names of letters, digits and underscores joined by dots, but got "${component.key}"`
      )
      return base
    }
    const bindingPath = [...base, ...ownSegments(component)]
    this.claim(bindingPath, path, 'key', ancestors, { closed: true, repeater: null })
    return bindingPath
  }

  private checkPath(
    component: FormComponent,
    path: string,
    ancestors: FormComponent[],
    base: string[]
  ): string[] {
    if (component.path === undefined || component.path === null) {
      if (isRepeating(component)) {
        this.warnings.push(
          `${path}.path: Expected a string, but got undefined (form-js binds the list to a random path; the server takes no value for it)`
        )
      }
      return base
    }
    if (typeof component.path !== 'string') {
      return base
    }
    if (
      !PATH_PATTERN.test(component.path) ||
      component.path.split('.').some((name) => UNSAFE_SEGMENTS.has(name))
    ) {
      this.errors.push(
        `${path}.path: Expected names of letters, digits and underscores joined by dots, but got "${component.path}"`
      )
      return base
    }
    const bindingPath = [...base, ...ownSegments(component)]
    if (bindingPath.length > base.length) {
      this.claim(bindingPath, path, 'path', ancestors, {
        closed: false,
        repeater: isRepeating(component) ? component : null,
      })
    }
    return bindingPath
  }

  /**
   * Claim a binding path as form-js's path registry does: a field's key is
   * a leaf nobody else may use or go through; a group's path may be shared
   * with other groups; a list's path belongs to the list and its children.
   */
  private claim(
    bindingPath: string[],
    path: string,
    property: 'key' | 'path',
    ancestors: FormComponent[],
    options: { closed: boolean; repeater: FormComponent | null }
  ): void {
    const binding = bindingPath.join('.')
    let children = this.paths
    let node: PathNode | undefined
    for (const [index, segment] of bindingPath.entries()) {
      node = children.get(segment)
      if (!node) {
        node = { children: new Map(), claimedBy: path, repeater: null }
        children.set(segment, node)
      } else {
        const isLast = index === bindingPath.length - 1
        const crossesForeignList = node.repeater !== null && !ancestors.includes(node.repeater)
        if (
          node.children === null ||
          crossesForeignList ||
          (isLast && (options.closed || options.repeater))
        ) {
          this.errors.push(
            `${path}.${property}: Expected a unique ${property}, but "${binding}" is also bound by ${node.claimedBy}`
          )
          return
        }
      }
      if (node.children === null) {
        return
      }
      children = node.children
    }
    if (node && options.closed) {
      node.children = null
    }
    if (node && options.repeater) {
      node.repeater = options.repeater
    }
  }
}

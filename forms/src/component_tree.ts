/**
 * Walking a form's component tree and reading and writing values at a
 * binding path. Every module that looks at a schema uses these, so a
 * component's place in the schema (`components[2].components[0]`) and its
 * place in the data (`applicant.address.street`) are computed one way.
 */
import { fieldTypeConfig } from './schema_types.js'
import type { FormComponent, JsonObject, JsonValue } from './schema_types.js'

/** Names that would reach an object's prototype rather than its data: never a segment of a value path. */
export const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set([
  '__proto__',
  'prototype',
  'constructor',
])

/** A segment of a value path: a property name, or an item index in a dynamic list. */
export type PathSegment = string | number

/** A component met while walking the tree. */
export interface ComponentVisit {
  component: FormComponent
  /** Where the component stands in the schema, e.g. `components[2].components[0]`. */
  schemaPath: string
  /** The containers above it, outermost first (the root is not included). */
  ancestors: FormComponent[]
  /**
   * The value path of the component without list indexes: a keyed field's
   * full key, a group's or list's full path. Items of a repeating list are
   * marked by a `[]` segment: `members.[].name`.
   */
  bindingPath: string[]
}

/**
 * Whether a component repeats its children once per item of an array: a
 * dynamic list, unless `isRepeating` is set to false (then form-js renders
 * the children once, like a group). form-js creates lists with
 * `isRepeating: true` when the schema leaves it out.
 */
export function isRepeating(component: FormComponent): boolean {
  return (
    fieldTypeConfig(component).repeatable &&
    (component.isRepeating === undefined || Boolean(component.isRepeating))
  )
}

/**
 * The path segments a component adds to its children's (and its own)
 * value path: the dot-split `key` of a keyed field, the dot-split `path` of
 * a group or dynamic list, nothing for the rest.
 */
export function ownSegments(component: FormComponent): string[] {
  const config = fieldTypeConfig(component)
  if (config.keyed) {
    return typeof component.key === 'string' && component.key !== '' ? component.key.split('.') : []
  }
  if (config.pathed && typeof component.path === 'string' && component.path !== '') {
    return component.path.split('.')
  }
  return []
}

/** The child components of a component (an empty list when it has none). */
export function childComponents(component: FormComponent): FormComponent[] {
  return Array.isArray(component.components) ? component.components : []
}

/**
 * Visit every component below the root, depth first, parents before their
 * children. Return `false` from the visitor to skip a component's children.
 */
export function walkComponents(
  root: FormComponent,
  visit: (visitMeta: ComponentVisit) => boolean | void
): void {
  const walk = (
    container: FormComponent,
    schemaPath: string,
    ancestors: FormComponent[],
    base: string[]
  ) => {
    childComponents(container).forEach((component, index) => {
      const path = `${schemaPath}${schemaPath ? '.' : ''}components[${index}]`
      if (!component || typeof component !== 'object') {
        return
      }
      const bindingPath = [...base, ...ownSegments(component)]
      if (visit({ component, schemaPath: path, ancestors, bindingPath }) === false) {
        return
      }
      const childBase = isRepeating(component) ? [...bindingPath, '[]'] : bindingPath
      walk(component, path, [...ancestors, component], childBase)
    })
  }
  walk(root, '', [], [])
}

/** The value at a path, or undefined when any step is missing. */
export function getAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      return undefined
    }
    current = (current as Record<string, unknown>)[segment as string]
  }
  return current
}

/**
 * Write a value at a path, creating objects (or arrays, before a numeric
 * segment) on the way. Writing `undefined` removes the property.
 */
export function setAtPath(
  data: JsonObject,
  path: readonly PathSegment[],
  value: JsonValue | undefined
): void {
  if (path.length === 0) {
    return
  }
  const unsafe = path.find((segment) => UNSAFE_SEGMENTS.has(String(segment)))
  if (unsafe !== undefined) {
    throw new TypeError(`Expected a value path of data properties, but got "${String(unsafe)}"`)
  }
  let current = data as Record<string, unknown>
  path.slice(0, -1).forEach((segment, index) => {
    const existing = current[segment as string]
    if (existing === null || typeof existing !== 'object') {
      current[segment as string] = typeof path[index + 1] === 'number' ? [] : {}
    }
    current = current[segment as string] as Record<string, unknown>
  })
  const last = path[path.length - 1] as string
  if (value === undefined) {
    delete current[last]
  } else {
    current[last] = value
  }
}

/** A value path as text: `members.0.name`. */
export function formatValuePath(path: readonly PathSegment[]): string {
  return path.join('.')
}

/** A deep copy of JSON data. */
export function cloneJson<Value>(value: Value): Value {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as Value)
}

/** Whether two JSON values are equal, deeply (as lodash `isEqual` for JSON). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return false
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false
  }
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) {
    return false
  }
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      jsonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
  )
}

/** A binding path as text, list items marked `[]`: `members[].email`. */
export function formatBindingPath(bindingPath: readonly string[]): string {
  return bindingPath.join('.').replaceAll('.[]', '[]')
}

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The value at a property path of a component (`['validate', 'min']`), or undefined. */
export function propertyAt(component: unknown, propertyPath: readonly string[]): unknown {
  let value: unknown = component
  for (const segment of propertyPath) {
    value = isJsonObject(value) ? value[segment] : undefined
  }
  return value
}

/**
 * Read a stored resource given as an object or as its JSON text: the
 * object, or the problem in the form "Expected …, but …".
 */
export function readJsonObject(
  json: unknown
): { value: Record<string, unknown> } | { problem: string } {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (error) {
      return { problem: `Expected JSON text, but ${(error as Error).message}` }
    }
  }
  if (!isJsonObject(value)) {
    const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
    return { problem: `Expected an object, but got ${type}` }
  }
  return { value }
}

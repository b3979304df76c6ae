/**
 * The form-js viewer's data model, on the server: the data a form is
 * opened with (process variables, cleaned and completed with defaults),
 * the FEEL context of each place in the form, which field instances are
 * rendered (conditions, dynamic list items), and the "filtered" data that
 * expressions see. {@link validateSubmission} replays a submission on it.
 */
import {
  cloneJson,
  getAtPath,
  isRepeating,
  ownSegments,
  childComponents,
  setAtPath,
  jsonEquals,
} from './component_tree.js'
import type { PathSegment } from './component_tree.js'
import { sanitizeDatetimeValue } from './datetime_values.js'
import { evaluateFeelUnaryTest, isFeelExpression } from './feel.js'
import type { FeelContext } from './feel.js'
import { simpleFieldOptions } from './field_options.js'
import { fieldTypeConfig } from './schema_types.js'
import type { FormComponent, JsonObject, JsonValue } from './schema_types.js'

/** Where an expression is evaluated: form-js's "local expression context". */
export interface ExpressionScope {
  /** The whole form's data. */
  data: Record<string, unknown>
  /** The data of the current scope: the form, or an item of a dynamic list. */
  this: unknown
  /** The context of the enclosing scope, null at the top. */
  parent: unknown
  /** The 1-based item numbers of the enclosing dynamic lists. */
  i: number[]
}

/** One rendered field: a keyed component at one place (one item of each enclosing list). */
export interface FieldInstance {
  component: FormComponent
  /** Where its value lives in the data, with item indexes. */
  valuePath: PathSegment[]
  /** The item index in each enclosing dynamic list, outermost first. */
  indexes: number[]
  /** The enclosing dynamic lists' ids (or schema paths), outermost first. */
  listIds: string[]
  /** The FEEL context of its place. */
  context: FeelContext
  /** The top-level component it stands in (itself at the top level). */
  topLevel: FormComponent
}

/** A rendered repeating dynamic list, with where its items live. */
export interface ListInstance {
  component: FormComponent
  valuePath: PathSegment[]
  topLevel: FormComponent
}

/** The FEEL context of a scope, built the way form-js builds it. */
export function buildExpressionContext(scope: ExpressionScope): FeelContext {
  const { data, ...special } = scope
  return {
    ...special,
    ...data,
    _this_: special.this,
    _parent_: special.parent,
    _i_: special.i,
  }
}

/**
 * The data a form opens with: a copy of the variables where every field's
 * value is cleaned as form-js cleans imported data (a select's value not
 * among its options becomes null, a number text becomes a number, …) or
 * set to the field's default value, or its empty value; dynamic lists get
 * `defaultRepetitions` empty items when the variables have none.
 */
export function initializeFormData(schema: FormComponent, variables: JsonObject): JsonObject {
  const working = cloneJson(variables)
  initializeChildren(schema, variables, working, [])
  return working
}

/**
 * Initialize the children of one container at a value path (used for the
 * whole form and for a new item of a dynamic list).
 */
export function initializeChildren(
  container: FormComponent,
  source: JsonObject,
  target: JsonObject,
  base: PathSegment[]
): void {
  for (const component of childComponents(container)) {
    const config = fieldTypeConfig(component)
    const valuePath = [...base, ...ownSegments(component)]
    let value = getAtPath(source, valuePath)
    if (config.keyed) {
      if (valuePath.length === base.length) {
        continue
      }
      if (value !== undefined) {
        value = sanitizeValue(component, value, source)
      }
      setAtPath(
        target,
        valuePath,
        (value !== undefined ? value : (component.defaultValue ?? config.emptyValue)) as JsonValue
      )
      continue
    }
    if (isRepeating(component)) {
      let items = Array.isArray(value)
        ? value
        : Array.from({ length: component.defaultRepetitions ?? 1 }, () => ({}))
      items = items.map((item) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {}
      )
      setAtPath(target, valuePath, items as JsonValue)
      items.forEach((_, index) =>
        initializeChildren(component, source, target, [...valuePath, index])
      )
      continue
    }
    initializeChildren(component, source, target, valuePath)
  }
}

/** Clean one imported value as the field type's form-js `sanitizeValue` does. */
export function sanitizeValue(
  component: FormComponent,
  value: unknown,
  variables: Record<string, unknown>
): unknown {
  switch (component.type) {
    case 'textfield':
    case 'textarea': {
      if (value === null || value === undefined || typeof value === 'object') {
        return ''
      }
      const text = String(value)
      return component.type === 'textfield' ? text.replace(/[\r\n\t]/g, ' ') : text
    }
    case 'number': {
      const isNumber =
        (typeof value === 'number' || typeof value === 'string') &&
        value !== '' &&
        !Number.isNaN(Number(value))
      if (!isNumber) {
        return null
      }
      return component.serializeToString ? String(value) : Number(value)
    }
    case 'checkbox':
      return value === true
    case 'datetime':
      return sanitizeDatetimeValue(value, component)
    case 'radio':
    case 'select': {
      const options = simpleFieldOptions(component, variables)
      if (!options) {
        return value
      }
      return options.some((option) => jsonEquals(option.value, value)) ? value : null
    }
    case 'checklist':
    case 'taglist': {
      const options = simpleFieldOptions(component, variables)
      if (!options) {
        return value
      }
      if (!Array.isArray(value)) {
        return []
      }
      return value.filter((entry) => options.some((option) => jsonEquals(option.value, entry)))
    }
    default:
      return value
  }
}

/**
 * The data that expressions see, as form-js computes it: the form data
 * with the values of hidden fields removed (conditions evaluated against
 * the form data itself), laid over the data the form opened with.
 */
export function filteredFormData(
  schema: FormComponent,
  data: JsonObject,
  initialData: JsonObject
): Record<string, unknown> {
  const working = cloneJson(data)
  const visit = (
    container: FormComponent,
    scope: ExpressionScope,
    base: PathSegment[],
    hidden: boolean
  ) => {
    for (const component of childComponents(container)) {
      const config = fieldTypeConfig(component)
      const context = buildExpressionContext(scope)
      const isHidden = hidden || isHiddenBy(component, context)
      const valuePath = [...base, ...ownSegments(component)]
      if (config.keyed) {
        if (isHidden) {
          clearCleanly(working, valuePath)
        }
        continue
      }
      if (isRepeating(component)) {
        if (isHidden) {
          clearCleanly(working, valuePath)
          continue
        }
        const items = getAtPath(data, valuePath)
        if (Array.isArray(items)) {
          items.forEach((item, index) => {
            const itemScope: ExpressionScope = {
              data: scope.data,
              this: item,
              parent: scope.this,
              i: [...scope.i, index + 1],
            }
            visit(component, itemScope, [...valuePath, index], false)
          })
        }
        continue
      }
      visit(component, scope, valuePath, isHidden)
    }
  }
  visit(schema, { data, this: data, parent: null, i: [] }, [], false)
  return { ...initialData, ...working }
}

/**
 * The rendered field instances and repeating lists of a form, in document
 * order: a hidden component (its `conditional.hide` is true in its
 * context) is not rendered and neither are its children; a dynamic list
 * renders its children once per item of its data.
 */
export function renderedInstances(
  schema: FormComponent,
  data: JsonObject,
  filtered: Record<string, unknown>
): { fields: FieldInstance[]; lists: ListInstance[] } {
  const fields: FieldInstance[] = []
  const lists: ListInstance[] = []
  const visit = (
    container: FormComponent,
    scope: ExpressionScope,
    base: PathSegment[],
    indexes: number[],
    listIds: string[],
    topLevel: FormComponent | null,
    schemaPath: string
  ) => {
    childComponents(container).forEach((component, position) => {
      const path = `${schemaPath}${schemaPath ? '.' : ''}components[${position}]`
      const context = buildExpressionContext(scope)
      if (isHiddenBy(component, context)) {
        return
      }
      const top = topLevel ?? component
      const config = fieldTypeConfig(component)
      const valuePath = [...base, ...ownSegments(component)]
      if (config.keyed) {
        if (valuePath.length > base.length) {
          fields.push({ component, valuePath, indexes, listIds, context, topLevel: top })
        }
        return
      }
      if (isRepeating(component)) {
        if (valuePath.length === base.length) {
          return
        }
        lists.push({ component, valuePath, topLevel: top })
        const items = getAtPath(data, valuePath)
        if (!Array.isArray(items)) {
          return
        }
        const listId = component.id ?? path
        items.forEach((item, index) => {
          const itemScope: ExpressionScope = {
            data: scope.data,
            this: item,
            parent: buildExpressionContext({
              ...scope,
              data: scope.this as Record<string, unknown>,
            }),
            i: [...scope.i, index + 1],
          }
          visit(
            component,
            itemScope,
            [...valuePath, index],
            [...indexes, index],
            [...listIds, listId],
            top,
            path
          )
        })
        return
      }
      visit(component, scope, valuePath, indexes, listIds, top, path)
    })
  }
  visit(schema, { data: filtered, this: filtered, parent: null, i: [] }, [], [], [], null, '')
  return { fields, lists }
}

/** Whether a component's `conditional.hide` holds in a context (only FEEL expressions count, as in form-js). */
export function isHiddenBy(component: FormComponent, context: FeelContext): boolean {
  const hide = component.conditional?.hide
  return isFeelExpression(hide) && evaluateFeelUnaryTest(hide, context) === true
}

/** Whether a field is read-only in a context: `readonly` true, or a FEEL `readonly` that holds. */
export function isReadonlyIn(component: FormComponent, context: FeelContext): boolean {
  if (isFeelExpression(component.readonly)) {
    return evaluateFeelUnaryTest(component.readonly, context) === true
  }
  return Boolean(component.readonly)
}

/** Whether a field is disabled: form-js skips disabled fields on submit and in validation. */
export function isDisabled(component: FormComponent): boolean {
  return Boolean(component.disabled)
}

function clearCleanly(target: JsonObject, valuePath: PathSegment[]): void {
  const path = [...valuePath]
  while (path.length > 0) {
    setAtPath(target, path, undefined)
    path.pop()
    const parent = getAtPath(target, path)
    const isEmpty =
      path.length > 0 &&
      parent !== null &&
      typeof parent === 'object' &&
      (Array.isArray(parent)
        ? parent.every((entry) => entry === undefined)
        : Object.keys(parent).length === 0)
    if (!isEmpty) {
      return
    }
  }
}

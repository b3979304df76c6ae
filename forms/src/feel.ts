/**
 * The one place where forms evaluate FEEL, through feelin, the interpreter
 * form-js uses in the browser. A form property holds an expression when it
 * is a string starting with `=` (form-js's convention); everything else is
 * a literal.
 *
 * Expressions are compiled once per text and kind and kept in a bounded
 * cache: the syntax check (a broken expression is remembered and never
 * parsed or thrown again) and the variables it reads. Evaluation follows
 * form-js: a failure gives `null`, never an exception.
 *
 * feelin's public API evaluates from text (it has no call that runs a
 * parsed tree), so a successful evaluation still parses inside feelin.
 */
import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin'
import type { JsonValue } from './schema_types.js'

/** Which FEEL grammar an expression is written in. */
export type FeelKind = 'expression' | 'unaryTest'

/** An expression after its one compilation. */
export interface CompiledFeel {
  /** The text after the leading `=`. */
  readonly body: string
  readonly kind: FeelKind
  /** Why the expression cannot be parsed, or null when it can. */
  readonly syntaxError: string | null
  /**
   * The variables the expression reads: top-level names, best effort (a
   * name inside a filter may be a property of the list's items).
   */
  readonly variableNames: readonly string[]
}

/** The context an expression sees: variable names to values. */
export type FeelContext = Record<string, unknown>

const CACHE_LIMIT = 2000
const cache = new Map<string, CompiledFeel>()

/**
 * Names bound by form-js in every expression context (`this`, `parent`,
 * `i` and their underscored forms) and by FEEL filters (`item`): they are
 * not variables of the process.
 */
const CONTEXT_NAMES = new Set(['this', 'parent', 'i', '_this_', '_parent_', '_i_', 'item'])

/**
 * The component properties form-js evaluates as FEEL when they start with
 * `=`, each with the grammar form-js uses for it (conditions and
 * `readonly` are unary tests).
 */
export const FEEL_PROPERTIES: ReadonlyArray<readonly [readonly string[], FeelKind]> = [
  [['conditional', 'hide'], 'unaryTest'],
  [['readonly'], 'unaryTest'],
  [['label'], 'expression'],
  [['description'], 'expression'],
  [['text'], 'expression'],
  [['alt'], 'expression'],
  [['source'], 'expression'],
  [['url'], 'expression'],
  [['title'], 'expression'],
  [['appearance', 'prefixAdorner'], 'expression'],
  [['appearance', 'suffixAdorner'], 'expression'],
  [['validate', 'min'], 'expression'],
  [['validate', 'max'], 'expression'],
  [['validate', 'minLength'], 'expression'],
  [['validate', 'maxLength'], 'expression'],
  [['valuesExpression'], 'expression'],
  [['dataSource'], 'expression'],
  [['columnsExpression'], 'expression'],
  [['expression'], 'expression'],
  [['multiple'], 'expression'],
  [['accept'], 'expression'],
]

/** Whether a form property holds a FEEL expression (a string starting with `=`). */
export function isFeelExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=')
}

/**
 * Compile an expression (with its leading `=`) once; later calls with the
 * same text and kind return the cached result.
 */
export function compileFeel(source: string, kind: FeelKind = 'expression'): CompiledFeel {
  const cacheKey = `${kind}:${source}`
  const cached = cache.get(cacheKey)
  if (cached) {
    return cached
  }
  const body = source.startsWith('=') ? source.slice(1) : source
  const compiled = analyse(body, kind)
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) {
      cache.delete(oldest)
    }
  }
  cache.set(cacheKey, compiled)
  return compiled
}

/**
 * Evaluate a form property: an expression is evaluated against the context
 * and its result made plain JSON; any other value is returned unchanged.
 * A syntax or runtime error gives `null`, as in form-js.
 */
export function evaluateFeel(value: unknown, context: FeelContext): unknown {
  if (!isFeelExpression(value)) {
    return value
  }
  const compiled = compileFeel(value, 'expression')
  if (compiled.syntaxError !== null) {
    return null
  }
  try {
    return toJsonValue(evaluate(compiled.body, context).value)
  } catch {
    return null
  }
}

/**
 * Evaluate a unary test the way form-js checks `conditional.hide` and an
 * expression `readonly`: true, false, or null when the value is not an
 * expression or cannot be evaluated.
 */
export function evaluateFeelUnaryTest(value: unknown, context: FeelContext): boolean | null {
  if (!isFeelExpression(value)) {
    return null
  }
  const compiled = compileFeel(value, 'unaryTest')
  if (compiled.syntaxError !== null) {
    return null
  }
  try {
    const result = unaryTest(compiled.body, context).value
    return typeof result === 'boolean' ? result : null
  } catch {
    return null
  }
}

/**
 * Turn a FEEL result into plain JSON: temporal values become their ISO
 * text, functions and other non-data values become null.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) {
    return null
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null
  }
  if (Array.isArray(value)) {
    return value.map(toJsonValue)
  }
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown }
    if (typeof withJson.toJSON === 'function') {
      return toJsonValue(withJson.toJSON())
    }
    const result: Record<string, JsonValue> = {}
    for (const [key, entry] of Object.entries(value)) {
      result[key] = toJsonValue(entry)
    }
    return result
  }
  return null
}

function analyse(body: string, kind: FeelKind): CompiledFeel {
  let tree
  try {
    tree =
      kind === 'expression'
        ? parseExpression(body, {}, undefined)
        : parseUnaryTests(body, {}, undefined)
  } catch (error) {
    return { body, kind, syntaxError: (error as Error).message, variableNames: [] }
  }
  let syntaxError: string | null = null
  const referenced: string[] = []
  const bound = new Set<string>()
  let invocationCallee = false
  tree.iterate({
    enter(node) {
      if (node.type.isError && syntaxError === null) {
        syntaxError = `Expected a FEEL ${kind === 'expression' ? 'expression' : 'unary test'}, but found a syntax error at position ${node.from}`
      }
      const text = body.slice(node.from, node.to)
      if (node.name === 'FunctionInvocation') {
        invocationCallee = true
      } else if (
        node.name === 'Name' &&
        ['InExpression', 'ParameterName', 'Key'].includes(node.node.parent?.name ?? '')
      ) {
        bound.add(text)
      } else if (node.name === 'VariableName') {
        if (invocationCallee) {
          invocationCallee = false
        } else {
          // a name inside a filter (`list[type = x]`) may be an item property or a variable: it is listed
          referenced.push(text)
        }
      }
    },
  })
  const variableNames = [...new Set(referenced)].filter(
    (name) => !bound.has(name) && !CONTEXT_NAMES.has(name)
  )
  return { body, kind, syntaxError, variableNames }
}

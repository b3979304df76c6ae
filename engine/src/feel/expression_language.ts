import {
  evaluate,
  FeelDateTime,
  parseDate,
  parseExpression,
  parseUnaryTests,
  toFeel,
  unaryTest,
} from 'feelin'
import { DateTime } from 'luxon'
import type { Clock } from '../clock.js'
import type { IncidentErrorType } from '../intents.js'
import { failure, ok, type Result } from '../result.js'
import { feelTypeName, formatDateTime, toJsonValue, type JsonValue } from './feel_values.js'

/**
 * A compiled expression: either a static value (an attribute that does not start with `=`) or
 * a FEEL expression, parsed once at deployment. Executables hold these; runtime never parses an
 * attribute again.
 */
export interface Expression {
  /** The attribute as written in the model (with its leading `=` for FEEL). */
  readonly source: string
  /** The FEEL text (without `=`), or `null` for a static value. */
  readonly feel: string | null
  /** For a static value: the literal string. */
  readonly staticValue: string | null
  /**
   * Top-level variable names the expression reads; the evaluation context is built from them
   * only. `null` when they cannot be known, and every visible variable is passed.
   */
  readonly names: readonly string[] | null
  /** Fast path: a plain variable path such as `x` or `order.customer.name`. */
  readonly path: readonly string[] | null
  /** Fast path: a constant primitive (`= 3`, `= "a"`, `= true`). */
  readonly constant: { value: JsonValue } | null
}

/**
 * Reads variables for an evaluation: the visible variables of a scope (the element's own,
 * then each flow scope's, up to the process instance).
 */
export interface VariableLookup {
  /** The value of the nearest variable with that name, or `undefined` if none is visible. */
  get(name: string): JsonValue | undefined
  /** All visible variables, inner scopes shadowing outer ones. */
  all(): Record<string, JsonValue>
}

/** A function added to FEEL (e.g. business-calendar functions such as `add working days`). */
export type FeelFunction = (...args: any[]) => unknown

/** The outcome of compiling an attribute: the expression, or a parse error message. */
export type CompileResult = { ok: true; expression: Expression } | { ok: false; message: string }

/** Warnings that are evaluation failures (an incident), as they are in Zeebe's FEEL engine. */
const FAILING_WARNINGS = new Set(['NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE'])

const EMPTY_LOOKUP: VariableLookup = { get: () => undefined, all: () => ({}) }

/**
 * The one place FEEL is handled: compiles attributes (with a cache by source text), evaluates
 * them against a variable scope, checks the result type and turns every failure into a
 * `Result` failure naming the expression and the reason, ready to become an incident.
 *
 * `now()` and `today()` read the engine's clock. Extra functions are registered with
 * `registerFunction` before models that use them are deployed (their names may contain spaces,
 * which FEEL resolves while parsing).
 */
export class ExpressionLanguage {
  readonly #cache = new Map<string, CompileResult>()
  readonly #functions: Record<string, FeelFunction> = {}

  constructor(private readonly clock: Clock) {
    this.#functions.now = () => toFeel(new Date(this.clock.now()))
    this.#functions.today = () => {
      return parseDate(DateTime.fromMillis(this.clock.now(), { zone: 'utc' }).toISODate()!)
    }
  }

  /**
   * Adds (or replaces) a FEEL function available to every expression. Register functions before
   * deploying models that call them: the compile cache is cleared so names are parsed again.
   */
  registerFunction(name: string, fn: FeelFunction): void {
    this.#functions[name] = fn
    this.#cache.clear()
  }

  /** Whether a string is a FEEL expression (starts with `=`) rather than a static value. */
  static isExpression(source: string): boolean {
    return source.trimStart().startsWith('=')
  }

  /**
   * Compiles an attribute; the result is cached by its text. `knownNames` are variable names
   * the expression may use that contain spaces or keywords (DMN input data and required
   * decisions such as `days in weekend`): FEEL only parses them as names when told.
   */
  compile(source: string, knownNames: readonly string[] = []): CompileResult {
    const key = knownNames.length > 0 ? `${knownNames.join('\u0000')}\u0001${source}` : source
    const cached = this.#cache.get(key)
    if (cached) {
      return cached
    }
    const result = this.#compile(source, knownNames)
    if (this.#cache.size > 50_000) {
      this.#cache.clear()
    }
    this.#cache.set(key, result)
    return result
  }

  /** The parse context: the functions, and names given to the parser. */
  #parseContext(knownNames: readonly string[]): Record<string, unknown> {
    if (knownNames.length === 0) {
      return this.#functions
    }
    return { ...Object.fromEntries(knownNames.map((name) => [name, null])), ...this.#functions }
  }

  #compile(source: string, knownNames: readonly string[]): CompileResult {
    if (!ExpressionLanguage.isExpression(source)) {
      return {
        ok: true,
        expression: {
          source,
          feel: null,
          staticValue: source,
          names: [],
          path: null,
          constant: null,
        },
      }
    }
    const feel = source.trimStart().slice(1).trim()
    if (feel === '') {
      return { ok: false, message: `failed to parse expression '${source}': it is empty` }
    }
    const tree = parseExpression(feel, this.#parseContext(knownNames), undefined)
    const names = new Set<string>()
    const nodeNames: string[] = []
    let error: { from: number } | null = null
    let unknownNames = false
    tree.iterate({
      enter(node) {
        if (node.type.isError && !error) {
          error = { from: node.from }
        }
        nodeNames.push(node.name)
        if (node.name === 'VariableName') {
          const text = feel.slice(node.from, node.to).trim()
          if (text.startsWith('`')) {
            unknownNames = true
          }
          names.add(text)
        }
      },
    })
    if (error) {
      const at = (error as { from: number }).from
      const reason =
        at >= feel.length
          ? 'unexpected end of expression'
          : `unexpected input '${feel.slice(at, at + 10)}' at position ${at + 1}`
      return { ok: false, message: `failed to parse expression '${feel}': ${reason}` }
    }
    return {
      ok: true,
      expression: {
        source,
        feel,
        staticValue: null,
        names: unknownNames ? null : [...names],
        path: this.#pathOf(feel, nodeNames),
        constant: this.#constantOf(feel, nodeNames),
      },
    }
  }

  /** `x` or `a.b.c` made only of identifiers: read without the interpreter. */
  #pathOf(feel: string, nodeNames: string[]): string[] | null {
    const allowed = new Set(['Expression', 'PathExpression', 'VariableName', 'Identifier'])
    allowed.add('PathName').add('.')
    if (!nodeNames.every((name) => allowed.has(name))) {
      return null
    }
    const parts = feel.split('.').map((part) => part.trim())
    if (!parts.every((part) => /^[A-Za-z_][\w]*$/.test(part))) {
      return null
    }
    if (this.#functions[parts[0]] !== undefined || parts[0] === 'null') {
      return null
    }
    return parts
  }

  /** A literal number, string, boolean or null: evaluated once. */
  #constantOf(feel: string, nodeNames: string[]): { value: JsonValue } | null {
    const literals = new Set(['Expression', 'NumericLiteral', 'StringLiteral', 'BooleanLiteral'])
    literals.add('null').add('ArithOp').add('true').add('false')
    if (!nodeNames.every((name) => literals.has(name))) {
      return null
    }
    try {
      const value = evaluate(feel, {}).value
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
        return { value: toJsonValue(value) }
      }
    } catch {
      // evaluated at run time instead, where the failure becomes an incident
    }
    return null
  }

  /**
   * Evaluates an expression and returns the raw FEEL value (temporal values stay FEEL values),
   * or a failure of the given incident type.
   */
  evaluateRaw(
    expression: Expression,
    variables: VariableLookup = EMPTY_LOOKUP,
    errorType: IncidentErrorType = 'EXTRACT_VALUE_ERROR'
  ): Result<{ value: unknown; warnings: string[] }> {
    if (expression.feel === null) {
      return ok({ value: expression.staticValue, warnings: [] })
    }
    if (expression.constant) {
      return ok({ value: expression.constant.value, warnings: [] })
    }
    if (expression.path) {
      return ok(this.#readPath(expression.path, variables))
    }
    const context: Record<string, unknown> = { ...this.#functions }
    if (expression.names === null) {
      Object.assign(context, variables.all())
    } else {
      for (const name of expression.names) {
        const value = variables.get(name)
        if (value !== undefined) {
          context[name] = value
        }
      }
    }
    try {
      const result = evaluate(expression.feel, context)
      if (result.warnings.some((warning) => FAILING_WARNINGS.has(warning.type))) {
        // feel-scala (Zeebe) fails on these where feelin only warns
        const reasons = result.warnings.map((warning) => `[${warning.type}] ${warning.message}`)
        return failure(
          errorType,
          `failed to evaluate expression '${expression.feel}': ${reasons.join('; ')}`
        )
      }
      return ok({
        value: result.value,
        warnings: result.warnings.map((warning) => `[${warning.type}] ${warning.message}`),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return failure(errorType, `failed to evaluate expression '${expression.feel}': ${reason}`)
    }
  }

  #readPath(path: readonly string[], variables: VariableLookup) {
    let current: unknown = variables.get(path[0])
    if (current === undefined) {
      return { value: null, warnings: [`[NO_VARIABLE_FOUND] Variable '${path[0]}' not found`] }
    }
    for (let index = 1; index < path.length; index++) {
      if (current === null || typeof current !== 'object') {
        return { value: null, warnings: [] }
      }
      if (Array.isArray(current)) {
        const key = path[index]
        current = current.map((item) =>
          item !== null && typeof item === 'object' && !Array.isArray(item)
            ? ((item as Record<string, unknown>)[key] ?? null)
            : null
        )
        continue
      }
      const next: unknown = (current as Record<string, unknown>)[path[index]]
      if (next === undefined) {
        return {
          value: null,
          warnings: [`[NO_CONTEXT_ENTRY_FOUND] No context entry found with key '${path[index]}'`],
        }
      }
      current = next
    }
    return { value: current, warnings: [] }
  }

  /** Evaluates to a JSON value (any type), as io mappings and script results need. */
  evaluateJson(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<JsonValue> {
    const raw = this.evaluateRaw(expression, variables, errorType)
    return raw.ok ? ok(toJsonValue(raw.value.value)) : raw
  }

  /** Evaluates to a boolean; anything else (including null) is a failure. */
  evaluateBoolean(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<boolean> {
    return this.#typed(expression, variables, errorType, 'BOOLEAN', (value) =>
      typeof value === 'boolean' ? value : undefined
    )
  }

  /** Evaluates to a non-null string (a static value is taken as is). */
  evaluateString(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<string> {
    return this.#typed(expression, variables, errorType, 'STRING', (value) =>
      typeof value === 'string' ? value : undefined
    )
  }

  /** Evaluates to a string, or `null` when the result is null. */
  evaluateOptionalString(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<string | null> {
    return this.#typed(expression, variables, errorType, 'STRING', (value) =>
      value === null || typeof value === 'string' ? value : undefined
    )
  }

  /** Evaluates to an integer (a static value must be written as one). */
  evaluateInteger(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<number> {
    return this.#typed(expression, variables, errorType, 'NUMBER', (value) => {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
      return typeof number === 'number' && Number.isInteger(number) ? number : undefined
    })
  }

  /**
   * Evaluates to a list of strings; a string is split on commas (as static candidate lists
   * are written: `sales, legal`). Null gives an empty list.
   */
  evaluateStringList(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<string[]> {
    return this.#typed(expression, variables, errorType, 'ARRAY', (value) => {
      if (value === null) {
        return []
      }
      if (typeof value === 'string') {
        return value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      }
      if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
        return value as string[]
      }
      return undefined
    })
  }

  /**
   * Evaluates to an ISO-8601 date-time string (a FEEL date-time, or a string that parses as
   * one), or `null` when the result is null.
   */
  evaluateDateTime(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType
  ): Result<string | null> {
    return this.#typed(expression, variables, errorType, 'DATE_TIME', (value) => {
      if (value === null) {
        return null
      }
      if (value instanceof FeelDateTime) {
        return formatDateTime(value)
      }
      if (typeof value === 'string' && DateTime.fromISO(value.replace(/\[.*\]$/, '')).isValid) {
        return value
      }
      return undefined
    })
  }

  /**
   * Checks DMN unary tests (a decision table's input entry: `> 18`, `"a","b"`, `[1..5]`, `-`)
   * without evaluating them: the parse error, or `null` when they parse.
   */
  checkUnaryTests(text: string, knownNames: readonly string[] = []): string | null {
    let at: number | null = null
    parseUnaryTests(text, this.#parseContext(knownNames), undefined).iterate({
      enter(node) {
        if (node.type.isError && at === null) {
          at = node.from
        }
      },
    })
    if (at === null) {
      return null
    }
    const position: number = at
    return position >= text.length
      ? `failed to parse unary tests '${text}': unexpected end of expression`
      : `failed to parse unary tests '${text}': unexpected input '${text.slice(position, position + 10)}' at position ${position + 1}`
  }

  /**
   * Evaluates DMN unary tests against an input value (`?`) and variables: whether the value
   * matches. A test that yields null (values that cannot be compared) does not match.
   */
  evaluateUnaryTests(
    text: string,
    input: unknown,
    variables: Record<string, unknown>,
    errorType: IncidentErrorType
  ): Result<boolean> {
    try {
      const result = unaryTest(text, { ...variables, ...this.#functions, '?': input })
      if (result.warnings.some((warning) => FAILING_WARNINGS.has(warning.type))) {
        const reasons = result.warnings.map((warning) => `[${warning.type}] ${warning.message}`)
        return failure(errorType, `failed to evaluate unary tests '${text}': ${reasons.join('; ')}`)
      }
      return ok(result.value === true)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return failure(errorType, `failed to evaluate unary tests '${text}': ${reason}`)
    }
  }

  #typed<T>(
    expression: Expression,
    variables: VariableLookup,
    errorType: IncidentErrorType,
    expected: string,
    convert: (value: unknown) => T | undefined
  ): Result<T> {
    const raw = this.evaluateRaw(expression, variables, errorType)
    if (!raw.ok) {
      return raw
    }
    const converted = convert(raw.value.value)
    if (converted !== undefined) {
      return ok(converted)
    }
    const text = expression.feel ?? expression.source
    let message = `Expected result of the expression '${text}' to be '${expected}', but was '${feelTypeName(raw.value.value)}'.`
    if (raw.value.warnings.length > 0) {
      message += ` The evaluation reported the following warnings:\n${raw.value.warnings.join('\n')}`
    }
    return failure(errorType, message)
  }
}

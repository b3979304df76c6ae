import { FeelExpressionError } from '../errors.js'
import {
  evaluateFeel,
  isRecord,
  type BpmnErrorValue,
  type JobErrorValue,
} from '../feel/feel_expression.js'

/**
 * How a connector's response becomes process variables and how a response
 * or a failure becomes a BPMN error, following Camunda's connector runtime
 * (`resultVariable`, `resultExpression`, `errorExpression`).
 */

/** The reserved inputs a connector task may set, in its task headers or (as a fallback) its inputs. */
export interface OutputMappingSettings {
  resultVariable?: string
  resultExpression?: string
  errorExpression?: string
  retryBackoff?: string
}

/** Names the runtime reads from task headers first, then from the job's variables, as Camunda does. */
export const RESERVED_SETTINGS = [
  'resultVariable',
  'resultExpression',
  'errorExpression',
  'retryBackoff',
] as const

/** Reads the reserved settings of a job: headers win over variables; empty strings count as absent. */
export function readOutputMappingSettings(
  customHeaders: Record<string, string>,
  variables: Record<string, unknown>
): OutputMappingSettings {
  const settings: OutputMappingSettings = {}
  for (const name of RESERVED_SETTINGS) {
    const fromHeader = customHeaders[name]
    const fromVariable = variables[name]
    const value =
      typeof fromHeader === 'string' && fromHeader.trim() !== ''
        ? fromHeader
        : typeof fromVariable === 'string' && fromVariable.trim() !== ''
          ? fromVariable
          : undefined
    if (value !== undefined) settings[name] = value
  }
  return settings
}

/**
 * The variables a successful response produces: `{ [resultVariable]: response }`
 * merged with the context `resultExpression` yields. The expression sees the
 * response as `response` and, when the response is a context, its entries at
 * the top level too (`= { id: body.id }` and `= { id: response.body.id }` both
 * work, as in Camunda).
 *
 * @throws FeelExpressionError when the expression does not parse or does not yield a context.
 */
export function mapResponseToVariables(
  response: unknown,
  settings: OutputMappingSettings
): Record<string, unknown> {
  const variables: Record<string, unknown> = {}
  if (settings.resultVariable) variables[settings.resultVariable.trim()] = response
  if (settings.resultExpression) {
    const context = isRecord(response) ? { ...response, response } : { response }
    const mapped = evaluateFeel(settings.resultExpression, context, 'resultExpression')
    if (mapped === null) return variables
    if (!isRecord(mapped)) {
      throw new FeelExpressionError(
        `Expected resultExpression to yield a context such as { name: response.body.name }, but it yielded ${describe(mapped)}`
      )
    }
    Object.assign(variables, mapped)
  }
  return variables
}

/** What an error expression decided. */
export type ErrorExpressionOutcome =
  | { kind: 'none' }
  | { kind: 'bpmnError'; error: BpmnErrorValue }
  | { kind: 'jobError'; error: JobErrorValue }

/**
 * Evaluates `errorExpression` against the job's outcome. Its context holds
 * `response` and the result variables on success, `error` (`code`,
 * `message`, `type`, and `response` for an HTTP status error) on failure,
 * and `job.retries`. A null or empty context means "no error"; a context
 * with a `code` (or `errorType: "bpmnError"`) is a BPMN error; one with
 * `errorType: "jobError"` fails the job as it says.
 *
 * @throws FeelExpressionError when the expression does not parse or yields something else.
 */
export function examineErrorExpression(
  expression: string,
  context: Record<string, unknown>
): ErrorExpressionOutcome {
  const result = evaluateFeel(expression, context, 'errorExpression')
  if (result === null) return { kind: 'none' }
  if (!isRecord(result)) {
    throw new FeelExpressionError(
      `Expected errorExpression to yield bpmnError(...), jobError(...) or null, but it yielded ${describe(result)}`
    )
  }
  if (Object.keys(result).length === 0) return { kind: 'none' }
  if (result.errorType === 'jobError') {
    const retries = typeof result.retries === 'number' ? Math.max(0, Math.trunc(result.retries)) : 0
    const retryBackOffMs = typeof result.retryBackOffMs === 'number' ? result.retryBackOffMs : 0
    return {
      kind: 'jobError',
      error: {
        errorType: 'jobError',
        message: stringOf(result.message),
        variables: isRecord(result.variables) ? result.variables : {},
        retries,
        retryBackOffMs,
      },
    }
  }
  if (result.errorType === undefined || result.errorType === 'bpmnError') {
    const code = stringOf(result.code)
    if (code === '') {
      throw new FeelExpressionError(
        'Expected errorExpression to yield a BPMN error with a non-empty code, but the code is empty'
      )
    }
    return {
      kind: 'bpmnError',
      error: {
        errorType: 'bpmnError',
        code,
        message: stringOf(result.message),
        variables: isRecord(result.variables) ? result.variables : {},
      },
    }
  }
  throw new FeelExpressionError(
    `Expected errorExpression to yield an errorType of bpmnError or jobError, but it yielded ${stringOf(result.errorType)}`
  )
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}

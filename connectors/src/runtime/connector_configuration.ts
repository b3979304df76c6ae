import { ConnectorInputError } from '../errors.js'
import { isRecord } from '../feel/feel_expression.js'
import type { ConnectorConfigurationBase, ConnectorField } from '../types.js'

/**
 * What configured connectors (HTTP, SQL, mail, portal) share: their job
 * type, the validation of the parts every configuration has, the choice of
 * an operation and the reading of business fields from a job.
 */

/** Prefix of the job types of configured connectors. */
export const CONFIGURED_JOB_TYPE_PREFIX = 'senflow:connector:'

/** The job type of a configured connector: `senflow:connector:<id>`. */
export function jobTypeFor(configuration: Pick<ConnectorConfigurationBase, 'id'>): string {
  return `${CONFIGURED_JOB_TYPE_PREFIX}${configuration.id}`
}

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/
const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/** An operation as every kind has one: an id, a name and business fields. */
export interface NamedOperation {
  id: string
  name: string
  fields?: ConnectorField[]
}

/** Problems with the parts every configuration has ("Expected …, but …"); empty when valid. `operations` null skips them (the portal's are fixed). */
export function validateCommonConfiguration(
  configuration: ConnectorConfigurationBase,
  operations: readonly NamedOperation[] | undefined | null
): string[] {
  const problems: string[] = []
  if (typeof configuration.id !== 'string' || !ID_PATTERN.test(configuration.id)) {
    problems.push(
      `Expected id to match ${ID_PATTERN.source}, but got ${JSON.stringify(configuration.id)}`
    )
  }
  if (typeof configuration.name !== 'string' || configuration.name.trim() === '') {
    problems.push('Expected a name, but it is empty')
  }
  if (configuration.timeoutMs !== undefined && !(configuration.timeoutMs > 0)) {
    problems.push(`Expected timeoutMs to be positive, but got ${configuration.timeoutMs}`)
  }
  if (operations === null) return problems
  if (!Array.isArray(operations) || operations.length === 0) {
    problems.push('Expected at least one operation, but there is none')
    return problems
  }
  const ids = new Set<string>()
  for (const operation of operations) {
    if (typeof operation.id !== 'string' || !ID_PATTERN.test(operation.id)) {
      problems.push(
        `Expected operation id to match ${ID_PATTERN.source}, but got ${JSON.stringify(operation.id)}`
      )
    } else if (ids.has(operation.id)) {
      problems.push(`Expected operation ids to be unique, but ${operation.id} appears twice`)
    }
    ids.add(operation.id)
    if (typeof operation.name !== 'string' || operation.name.trim() === '') {
      problems.push(`Expected operation ${operation.id} to have a name, but it is empty`)
    }
    problems.push(...validateFields(operation.fields ?? [], `operation ${operation.id}`))
  }
  return problems
}

/** Problems with business field definitions. */
export function validateFields(fields: readonly ConnectorField[], where: string): string[] {
  const problems: string[] = []
  const names = new Set<string>()
  for (const field of fields) {
    if (typeof field.name !== 'string' || !FIELD_NAME_PATTERN.test(field.name)) {
      problems.push(
        `Expected field names of ${where} to match ${FIELD_NAME_PATTERN.source}, but got ${JSON.stringify(field.name)}`
      )
      continue
    }
    if (names.has(field.name))
      problems.push(
        `Expected field names of ${where} to be unique, but ${field.name} appears twice`
      )
    names.add(field.name)
    if (field.type === 'dropdown' && !(Array.isArray(field.choices) && field.choices.length > 0)) {
      problems.push(
        `Expected dropdown field ${field.name} of ${where} to have choices, but it has none`
      )
    }
  }
  return problems
}

/**
 * The operation a job asks for: its `operation` input, or the only one.
 *
 * @throws ConnectorInputError when the input names no configured operation.
 */
export function selectOperation<T extends NamedOperation>(
  operations: readonly T[],
  inputs: Record<string, unknown>
): T {
  const requested = inputs.operation
  if (
    (requested === undefined || requested === null || requested === '') &&
    operations.length === 1
  )
    return operations[0]
  const operation = operations.find((candidate) => candidate.id === requested)
  if (!operation) {
    throw new ConnectorInputError(
      `Expected operation to be one of ${operations.map((candidate) => candidate.id).join(', ')}, but got ${JSON.stringify(requested)}`
    )
  }
  return operation
}

/**
 * The business fields of a job (`inputs.fields`), checked against their
 * definitions: required fields present, numbers numeric, booleans boolean,
 * dropdown values among the choices, no field that is not defined.
 *
 * @throws ConnectorInputError listing every problem.
 */
export function readFields(
  definitions: readonly ConnectorField[],
  inputs: Record<string, unknown>
): Record<string, unknown> {
  const raw = inputs.fields ?? {}
  if (!isRecord(raw))
    throw new ConnectorInputError('Expected fields to be a context (name: value), but it is not')
  const problems: string[] = []
  const known = new Set(definitions.map((field) => field.name))
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      problems.push(
        `Expected only the fields ${[...known].join(', ') || '(none)'}, but got unknown field ${name}`
      )
    }
  }
  const fields: Record<string, unknown> = {}
  for (const definition of definitions) {
    let value = raw[definition.name]
    if (value === undefined || value === null || value === '') {
      if (definition.defaultValue !== undefined) value = definition.defaultValue
      else if (definition.required) {
        problems.push(
          `Expected field ${definition.name} (${definition.label}) to be filled, but it is missing`
        )
        continue
      } else {
        fields[definition.name] = null
        continue
      }
    }
    if (definition.type === 'number') {
      const number = typeof value === 'number' ? value : Number(value)
      if (typeof value === 'boolean' || !Number.isFinite(number)) {
        problems.push(
          `Expected field ${definition.name} to be a number, but got ${JSON.stringify(value)}`
        )
        continue
      }
      value = number
    }
    if (definition.type === 'boolean' && typeof value !== 'boolean') {
      if (value === 'true' || value === 'false') value = value === 'true'
      else {
        problems.push(
          `Expected field ${definition.name} to be true or false, but got ${JSON.stringify(value)}`
        )
        continue
      }
    }
    if (
      definition.type === 'dropdown' &&
      !definition.choices?.some((choice) => choice.value === value)
    ) {
      problems.push(
        `Expected field ${definition.name} to be one of ${definition.choices?.map((choice) => choice.value).join(', ')}, but got ${JSON.stringify(value)}`
      )
      continue
    }
    fields[definition.name] = value
  }
  if (problems.length > 0) throw new ConnectorInputError(problems.join('; '))
  return fields
}

import { ConnectorConfigurationError } from '../errors.js'
import { validateHttpConfiguration } from '../http/http_connector.js'
import { validateMailConfiguration } from '../mail/mail_connector.js'
import {
  PORTAL_SERVICE_FIELDS,
  PORTAL_SERVICE_LABELS,
  validatePortalConfiguration,
} from '../portal/portal_connector.js'
import { PORTAL_SERVICES } from '../portal/portal_protocol.js'
import { jobTypeFor } from '../runtime/connector_configuration.js'
import { prepareSqlOperations } from '../sql/sql_connector.js'
import type { ConnectorConfiguration, ConnectorField } from '../types.js'

/**
 * Camunda 8 element templates for configured connectors, so that the
 * modeler's palette offers "Query the treaty database" as a service task
 * whose properties panel asks only for business fields. The template binds
 * the job type (`zeebe:taskDefinition`), the operation and the fields
 * (`zeebe:input`, fields as `fields.<name>`), and the runtime's reserved
 * headers (`zeebe:taskHeader`: resultVariable, resultExpression,
 * errorExpression, retryBackoff) and retries. It follows Camunda's element
 * template schema (`$schema` below).
 */

/** The schema Camunda's modeler validates templates against. */
export const ELEMENT_TEMPLATE_SCHEMA =
  'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json'

/** A binding of a template property. */
export type ElementTemplateBinding =
  | { type: 'zeebe:taskDefinition'; property: 'type' | 'retries' }
  | { type: 'zeebe:input'; name: string }
  | { type: 'zeebe:taskHeader'; key: string }

/** A property of an element template (the subset Senflow writes). */
export interface ElementTemplateProperty {
  id?: string
  label?: string
  description?: string
  group?: string
  type: 'Hidden' | 'String' | 'Text' | 'Number' | 'Boolean' | 'Dropdown'
  value?: string | number | boolean
  optional?: boolean
  feel?: 'optional' | 'required' | 'static'
  constraints?: { notEmpty?: boolean }
  choices?: { name: string; value: string }[]
  condition?: { property: string; equals: string } | { property: string; oneOf: string[] }
  binding: ElementTemplateBinding
  tooltip?: string
}

/** A Camunda 8 element template. */
export interface ElementTemplate {
  $schema: string
  name: string
  id: string
  description: string
  version: number
  category: { id: string; name: string }
  appliesTo: string[]
  elementType: { value: string }
  groups: { id: string; label: string }[]
  properties: ElementTemplateProperty[]
}

/** An operation as the template shows it. */
interface TemplateOperation {
  id: string
  name: string
  fields: ConnectorField[]
  /** Mail: which of subject/text/html the process owner writes. */
  mailInputs?: ('subject' | 'text' | 'html')[]
}

const KIND_LABELS = {
  http: 'REST API',
  sql: 'database',
  mail: 'mail',
  portal: 'National Public Service Portal',
} as const

/**
 * The element template of a configured connector.
 *
 * @throws ConnectorConfigurationError when the configuration is invalid.
 */
export function elementTemplateFor(configuration: ConnectorConfiguration): ElementTemplate {
  const operations = templateOperations(configuration)
  const properties: ElementTemplateProperty[] = [
    {
      type: 'Hidden',
      value: jobTypeFor(configuration),
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    },
  ]
  if (operations.length === 1) {
    properties.push({
      id: 'operation',
      type: 'Hidden',
      value: operations[0].id,
      binding: { type: 'zeebe:input', name: 'operation' },
    })
  } else {
    properties.push({
      id: 'operation',
      label: 'Operation',
      group: 'operation',
      type: 'Dropdown',
      value: operations[0].id,
      choices: operations.map((operation) => ({ name: operation.name, value: operation.id })),
      binding: { type: 'zeebe:input', name: 'operation' },
    })
  }
  for (const operation of operations) {
    const condition =
      operations.length > 1 ? { property: 'operation', equals: operation.id } : undefined
    for (const field of operation.fields)
      properties.push(fieldProperty(field, operation, condition))
  }
  if (configuration.kind === 'mail') properties.push(...mailProperties(operations))
  properties.push(
    {
      id: 'resultVariable',
      label: 'Result variable',
      description: 'Name of the variable that receives the whole response',
      group: 'output',
      type: 'String',
      optional: true,
      binding: { type: 'zeebe:taskHeader', key: 'resultVariable' },
    },
    {
      id: 'resultExpression',
      label: 'Result expression',
      description:
        'FEEL context mapping the response to variables, e.g. = { dossierStatus: response.dossier.statusName }',
      group: 'output',
      type: 'Text',
      feel: 'required',
      optional: true,
      binding: { type: 'zeebe:taskHeader', key: 'resultExpression' },
    },
    {
      id: 'errorExpression',
      label: 'Error expression',
      description:
        'FEEL turning a response or an error into bpmnError(code, message) or jobError(message)',
      group: 'error',
      type: 'Text',
      feel: 'required',
      optional: true,
      binding: { type: 'zeebe:taskHeader', key: 'errorExpression' },
    },
    {
      id: 'retries',
      label: 'Retries',
      group: 'retries',
      type: 'String',
      value: String(configuration.retries ?? 3),
      binding: { type: 'zeebe:taskDefinition', property: 'retries' },
    },
    {
      id: 'retryBackoff',
      label: 'Retry back-off',
      description: 'ISO-8601 duration to wait between retries',
      group: 'retries',
      type: 'String',
      value: configuration.retryBackoff ?? 'PT30S',
      binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' },
    }
  )
  const usedGroups = new Set(properties.map((property) => property.group).filter(Boolean))
  const groups = [
    { id: 'operation', label: 'Operation' },
    { id: 'input', label: 'Business data' },
    { id: 'message', label: 'Message' },
    { id: 'output', label: 'Output mapping' },
    { id: 'error', label: 'Error handling' },
    { id: 'retries', label: 'Retries' },
  ].filter((group) => usedGroups.has(group.id))
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    name: configuration.name,
    id: `senflow.connector.${configuration.id}`,
    description:
      configuration.description ??
      `${KIND_LABELS[configuration.kind]} connector configured by an administrator`,
    version: configuration.version ?? 1,
    category: { id: 'senflow-connectors', name: 'Senflow connectors' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups,
    properties,
  }
}

/** The templates of several configurations, for the modeler's palette. */
export function elementTemplatesFor(
  configurations: readonly ConnectorConfiguration[]
): ElementTemplate[] {
  return configurations.map(elementTemplateFor)
}

function templateOperations(configuration: ConnectorConfiguration): TemplateOperation[] {
  switch (configuration.kind) {
    case 'http': {
      refuseInvalid(configuration.id, validateHttpConfiguration(configuration))
      return configuration.operations.map((operation) => ({
        id: operation.id,
        name: operation.name,
        fields: operation.fields ?? [],
      }))
    }
    case 'sql': {
      const { operations, problems } = prepareSqlOperations(configuration)
      refuseInvalid(configuration.id, problems)
      return operations.map((prepared) => ({
        id: prepared.operation.id,
        name: prepared.operation.name,
        fields: prepared.fields,
      }))
    }
    case 'mail': {
      refuseInvalid(configuration.id, validateMailConfiguration(configuration))
      return configuration.operations.map((operation) => ({
        id: operation.id,
        name: operation.name,
        fields: operation.fields ?? [],
        mailInputs: [
          ...(operation.subject ? [] : (['subject'] as const)),
          ...(operation.text || operation.html ? [] : (['text', 'html'] as const)),
        ],
      }))
    }
    case 'portal': {
      refuseInvalid(configuration.id, validatePortalConfiguration(configuration))
      return (configuration.allowedServices ?? PORTAL_SERVICES).map((service) => ({
        id: service,
        name: PORTAL_SERVICE_LABELS[service],
        fields: PORTAL_SERVICE_FIELDS[service],
      }))
    }
  }
}

function refuseInvalid(id: string, problems: string[]): void {
  if (problems.length > 0) throw new ConnectorConfigurationError(id, problems)
}

const PROPERTY_TYPES = {
  string: 'String',
  text: 'Text',
  number: 'Number',
  boolean: 'Boolean',
  dropdown: 'Dropdown',
} as const

function fieldProperty(
  field: ConnectorField,
  operation: TemplateOperation,
  condition: ElementTemplateProperty['condition']
): ElementTemplateProperty {
  const type = PROPERTY_TYPES[field.type ?? 'string']
  const textual = type === 'String' || type === 'Text'
  const feel = textual ? (field.feel ?? 'optional') : undefined
  const property: ElementTemplateProperty = {
    id: `${operation.id}.fields.${field.name}`,
    label: field.label,
    group: 'input',
    type,
    binding: { type: 'zeebe:input', name: `fields.${field.name}` },
  }
  if (field.description) property.description = field.description
  if (feel) property.feel = feel
  if (field.required && type !== 'Boolean') property.constraints = { notEmpty: true }
  if (type === 'Dropdown') property.choices = field.choices ?? []
  const value = field.defaultValue
  if (
    value !== undefined &&
    !(feel === 'required' && !(typeof value === 'string' && value.startsWith('=')))
  ) {
    property.value =
      type === 'Number' ? Number(value) : type === 'Boolean' ? Boolean(value) : String(value)
  } else if (type === 'Dropdown' && property.choices && property.choices.length > 0) {
    property.value = property.choices[0].value
  }
  if (condition) property.condition = condition
  return property
}

function mailProperties(operations: TemplateOperation[]): ElementTemplateProperty[] {
  const properties: ElementTemplateProperty[] = [
    {
      id: 'to',
      label: 'To',
      description: 'Recipients, separated by commas, or a FEEL list',
      group: 'message',
      type: 'String',
      feel: 'optional',
      constraints: { notEmpty: true },
      binding: { type: 'zeebe:input', name: 'to' },
    },
    {
      id: 'cc',
      label: 'Cc',
      group: 'message',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'cc' },
    },
    {
      id: 'bcc',
      label: 'Bcc',
      group: 'message',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'bcc' },
    },
  ]
  const labels = { subject: 'Subject', text: 'Text body', html: 'HTML body' }
  for (const input of ['subject', 'text', 'html'] as const) {
    const using = operations
      .filter((operation) => operation.mailInputs?.includes(input))
      .map((operation) => operation.id)
    if (using.length === 0) continue
    properties.push({
      id: input,
      label: labels[input],
      description: 'Template: {{field}} placeholders, or FEEL starting with =',
      group: 'message',
      type: input === 'subject' ? 'String' : 'Text',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: input },
      ...(using.length < operations.length
        ? {
            condition:
              using.length === 1
                ? { property: 'operation', equals: using[0] }
                : { property: 'operation', oneOf: using },
          }
        : {}),
    })
  }
  properties.push({
    id: 'attachments',
    label: 'Attachments',
    description: 'FEEL list of document references, e.g. = [dossier.applicationForm]',
    group: 'message',
    type: 'String',
    feel: 'required',
    optional: true,
    binding: { type: 'zeebe:input', name: 'attachments' },
  })
  return properties
}

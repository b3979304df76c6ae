import type { Operation, Schema } from '#services/openapi_document'
import {
  DECISION_DEFINITION_FILTERS,
  DECISION_INSTANCE_FILTERS,
} from '#validators/decision_validator'

/**
 * The OpenAPI description of the DMN decision routes under `/v2` (Camunda 8
 * REST shapes): evaluation, decision definitions and decision instances.
 * Part of the document built by `openApiDocument()`.
 */

const ERRORS = { '401': 'Not signed in', '403': 'Not allowed', '422': 'Invalid input' }
const NOT_FOUND = { '404': 'Not found' }
const TAG = 'Decisions'

const key: Schema = { type: 'string', pattern: '^\\d{1,19}$' }
const jsonText: Schema = { type: 'string', description: 'A JSON value, as text' }

const evaluatedInput: Schema = {
  type: 'object',
  properties: { inputId: { type: 'string' }, inputName: { type: 'string' }, inputValue: jsonText },
}

const matchedRule: Schema = {
  type: 'object',
  properties: {
    ruleId: { type: 'string' },
    ruleIndex: { type: 'integer', description: 'Position in the table, from 1' },
    evaluatedOutputs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          outputId: { type: 'string' },
          outputName: { type: 'string' },
          outputValue: jsonText,
        },
      },
    },
  },
}

const decisionType: Schema = { enum: ['DECISION_TABLE', 'LITERAL_EXPRESSION'] }

const decisionDefinition: Schema = {
  type: 'object',
  properties: {
    decisionDefinitionKey: key,
    decisionDefinitionId: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'integer' },
    versionTag: { type: 'string' },
    decisionRequirementsId: { type: 'string' },
    decisionRequirementsKey: key,
    tenantId: { type: 'string' },
  },
}

const decisionInstance: Schema = {
  type: 'object',
  properties: {
    decisionEvaluationInstanceKey: {
      type: 'string',
      description: '<decisionEvaluationKey>-<position>: one decision evaluated in an evaluation',
    },
    decisionEvaluationKey: key,
    state: { enum: ['EVALUATED', 'FAILED'] },
    evaluationDate: { type: 'string', format: 'date-time' },
    evaluationFailure: { type: 'string' },
    decisionDefinitionKey: key,
    decisionDefinitionId: { type: 'string' },
    decisionDefinitionName: { type: 'string' },
    decisionDefinitionVersion: { type: 'integer' },
    decisionDefinitionType: decisionType,
    rootDecisionDefinitionKey: key,
    result: jsonText,
    processDefinitionKey: key,
    processInstanceKey: key,
    elementInstanceKey: key,
    elementId: { type: 'string' },
    tenantId: { type: 'string' },
  },
}

const searchBody = (fields: string[]): Schema => ({
  type: 'object',
  properties: {
    filter: {
      type: 'object',
      description: `Equality on ${fields.join(', ')}`,
      properties: Object.fromEntries(fields.map((field) => [field, {}])),
    },
    sort: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field'],
        properties: { field: { enum: fields }, order: { enum: ['ASC', 'DESC'] } },
      },
    },
    page: {
      type: 'object',
      properties: { from: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 0 } },
    },
  },
})

const page = (item: Schema): Schema => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: item },
    page: { type: 'object', properties: { totalItems: { type: 'integer' } } },
  },
})

export const decisionOperations: Operation[] = [
  {
    method: 'post',
    path: '/v2/decision-definitions/evaluation',
    summary:
      'Evaluate a decision (by id: its latest version; or by key) with variables, its required decisions first; the evaluation is kept as decision instances. A failed evaluation answers with failedDecisionDefinitionId and failureMessage',
    tag: TAG,
    access: 'operateEngine',
    body: {
      type: 'object',
      properties: {
        decisionDefinitionId: { type: 'string' },
        decisionDefinitionKey: key,
        variables: { type: 'object' },
        tenantId: { type: 'string' },
      },
    },
    responses: {
      '200': {
        type: 'object',
        properties: {
          decisionDefinitionId: { type: 'string' },
          decisionDefinitionKey: key,
          decisionDefinitionName: { type: 'string' },
          decisionDefinitionVersion: { type: 'integer' },
          decisionRequirementsId: { type: 'string' },
          decisionRequirementsKey: key,
          decisionEvaluationKey: key,
          decisionInstanceKey: key,
          output: jsonText,
          failedDecisionDefinitionId: { type: 'string' },
          failureMessage: { type: 'string' },
          tenantId: { type: 'string' },
          evaluatedDecisions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                decisionDefinitionId: { type: 'string' },
                decisionDefinitionKey: key,
                decisionDefinitionName: { type: 'string' },
                decisionDefinitionVersion: { type: 'integer' },
                decisionDefinitionType: decisionType,
                decisionEvaluationInstanceKey: { type: 'string' },
                output: jsonText,
                tenantId: { type: 'string' },
                matchedRules: { type: 'array', items: matchedRule },
                evaluatedInputs: { type: 'array', items: evaluatedInput },
              },
            },
          },
        },
      },
      '400': 'Neither or both of decisionDefinitionId and decisionDefinitionKey',
      ...NOT_FOUND,
      ...ERRORS,
    },
  },
  {
    method: 'post',
    path: '/v2/decision-definitions/search',
    summary: 'Search deployed decisions',
    tag: TAG,
    access: 'monitorInstances',
    body: searchBody([...DECISION_DEFINITION_FILTERS]),
    responses: {
      '200': page(decisionDefinition),
      '400': 'Unknown filter or sort field',
      ...ERRORS,
    },
  },
  {
    method: 'get',
    path: '/v2/decision-definitions/{key}',
    summary: 'A deployed decision',
    tag: TAG,
    access: 'monitorInstances',
    responses: { '200': decisionDefinition, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'get',
    path: '/v2/decision-definitions/{key}/xml',
    summary: 'The DMN XML a decision was deployed in',
    tag: TAG,
    access: 'monitorInstances',
    responses: { '200': { type: 'string', description: 'DMN XML' }, ...NOT_FOUND, ...ERRORS },
  },
  {
    method: 'post',
    path: '/v2/decision-instances/search',
    summary: 'Search evaluated decisions (by business-rule tasks and the evaluation endpoint)',
    tag: TAG,
    access: 'monitorInstances',
    body: searchBody([...DECISION_INSTANCE_FILTERS]),
    responses: { '200': page(decisionInstance), '400': 'Unknown filter or sort field', ...ERRORS },
  },
  {
    method: 'get',
    path: '/v2/decision-instances/{decisionEvaluationInstanceKey}',
    summary: 'An evaluated decision with its inputs and matched rules',
    tag: TAG,
    access: 'monitorInstances',
    responses: {
      '200': {
        type: 'object',
        allOf: [decisionInstance],
        properties: {
          evaluatedInputs: { type: 'array', items: evaluatedInput },
          matchedRules: { type: 'array', items: matchedRule },
        },
      },
      ...NOT_FOUND,
      ...ERRORS,
    },
  },
]

import type { Operation, Schema } from '#services/openapi_document'

/**
 * The OpenAPI description of the call-activity routes under `/v2`: the call
 * hierarchy of an instance (Camunda 8.8). Part of the document built by
 * `openApiDocument()`.
 */

const entry: Schema = {
  type: 'object',
  required: ['processInstanceKey', 'processDefinitionKey', 'processDefinitionName'],
  properties: {
    processInstanceKey: { type: 'string' },
    processDefinitionKey: { type: 'string' },
    processDefinitionName: {
      type: 'string',
      description: 'The process name, or its id when it has none',
    },
  },
}

export const engineCallOperations: Operation[] = [
  {
    method: 'get',
    path: '/v2/process-instances/{key}/call-hierarchy',
    summary:
      'The call hierarchy of a process instance: the root instance first, down through the instances created by call activities, to the instance itself',
    tag: 'camunda',
    access: 'monitorInstances',
    responses: {
      '200': { type: 'array', items: entry },
      '401': 'Not signed in',
      '403': 'Not allowed',
      '404': 'No such process instance',
    },
  },
]

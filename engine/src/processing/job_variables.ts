import type { JsonValue } from '../feel/feel_values.js'
import type { ActivatedJob } from '../port.js'
import type { JobData } from '../state/entities.js'
import type { ProcessInstance } from '../state/instance_state.js'

/**
 * The variables a job carries to its worker: every variable visible from the job's element
 * (inner scopes shadowing outer ones), or only the requested ones (`fetchVariables`). They are
 * copies: a worker changing them cannot touch the instance's state.
 */
export function jobVariables(
  instance: ProcessInstance,
  elementInstanceKey: string,
  fetchVariables: string[] | null | undefined
): Record<string, JsonValue> {
  if (fetchVariables && fetchVariables.length > 0) {
    const variables: Record<string, JsonValue> = {}
    for (const name of fetchVariables) {
      const value = instance.variable(elementInstanceKey, name)
      if (value !== undefined) {
        variables[name] = value
      }
    }
    return structuredClone(variables)
  }
  return structuredClone(instance.visibleVariables(elementInstanceKey))
}

/** A job as handed to a worker (it must be activated: worker and deadline are set). */
export function activatedJob(job: JobData, variables: Record<string, JsonValue>): ActivatedJob {
  return {
    jobKey: job.jobKey,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker!,
    retries: job.retries,
    deadline: job.deadline!,
    variables,
    tenantId: job.tenantId,
    priority: job.priority,
  }
}

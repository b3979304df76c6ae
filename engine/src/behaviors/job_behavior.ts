import type { JsonValue } from '../feel/feel_values.js'
import type { JobWorkerProperties } from '../model/executable.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { ok, type Result } from '../result.js'
import type { JobData } from '../state/entities.js'
import { scopeLookup } from './expression_behavior.js'

/** The evaluated properties of a job about to be created. */
export interface JobProperties {
  type: string
  retries: number
  priority: number
  headers: Record<string, string>
}

/**
 * Creates and cancels the jobs of job-worker elements. When an in-process worker of the type
 * has room, the job is created already activated for it and handed over right after commit, so
 * in-process workers never poll for new work.
 */
export class JobBehavior {
  constructor(private readonly batch: BatchContext) {}

  /** Evaluates type, retries and priority of a `zeebe:taskDefinition` in the element's scope. */
  evaluateProperties(
    context: ElementContext,
    properties: JobWorkerProperties
  ): Result<JobProperties> {
    const language = this.batch.services.language
    const lookup = scopeLookup(context.instance, context.key)
    const type = language.evaluateString(properties.type, lookup, 'EXTRACT_VALUE_ERROR')
    if (!type.ok) {
      return type
    }
    const retries = language.evaluateInteger(properties.retries, lookup, 'EXTRACT_VALUE_ERROR')
    if (!retries.ok) {
      return retries
    }
    let priority = 0
    if (properties.priority) {
      const evaluated = language.evaluateInteger(properties.priority, lookup, 'EXTRACT_VALUE_ERROR')
      if (!evaluated.ok) {
        return evaluated
      }
      priority = evaluated.value
    }
    return ok({ type: type.value, retries: retries.value, priority, headers: properties.headers })
  }

  /** Creates the job of an element (activated at once for an in-process worker with room). */
  createJob(context: ElementContext, properties: JobProperties): void {
    const { instance, definition } = context
    const jobKey = this.batch.key()
    const value: { [name: string]: JsonValue } = {
      type: properties.type,
      retries: properties.retries,
      priority: properties.priority,
      customHeaders: properties.headers,
      worker: null,
      deadline: null,
      elementId: context.element.id,
      elementInstanceKey: context.key,
      bpmnProcessId: instance.data.bpmnProcessId,
      processDefinitionKey: instance.data.processDefinitionKey,
      processDefinitionVersion: definition.definition.version,
      tenantId: instance.data.tenantId,
    }
    this.batch.append('JOB', 'CREATED', jobKey, instance.key, value)
    // a suspended instance's jobs are not handed out (modified while suspended)
    const reservation = instance.data.suspended
      ? null
      : this.batch.services.workers.reserve(properties.type)
    if (reservation) {
      this.batch.append('JOB', 'ACTIVATED', jobKey, instance.key, {
        ...value,
        worker: reservation.worker,
        deadline: this.batch.now + reservation.timeout,
      })
      this.batch.pushes.push({
        reservation,
        jobKey,
        processInstanceKey: instance.key,
        elementInstanceKey: context.key,
      })
    }
  }

  /** Cancels the job an element waits on (when the element is terminated). */
  cancelJob(context: ElementContext): void {
    const jobKey = context.data.jobKey
    if (!jobKey) {
      return
    }
    const job = this.batch.state.jobs.get(jobKey)
    this.batch.append(
      'JOB',
      'CANCELED',
      jobKey,
      context.instance.key,
      job ? jobRecordValue(job) : {}
    )
  }
}

/** The value of a JOB record for an existing job. */
export function jobRecordValue(job: JobData): { [name: string]: JsonValue } {
  return {
    type: job.type,
    retries: job.retries,
    priority: job.priority,
    customHeaders: job.customHeaders,
    worker: job.worker,
    deadline: job.deadline,
    errorMessage: job.errorMessage,
    errorCode: job.errorCode,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionVersion: job.processDefinitionVersion,
    tenantId: job.tenantId,
  }
}

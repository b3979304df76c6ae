import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import type { Failure } from '../result.js'

/**
 * Turns expected failures into incidents and resolves them: an incident names the element
 * instance (and the job, for job failures) so resolving it can retry the failed step.
 */
export class IncidentBehavior {
  constructor(private readonly batch: BatchContext) {}

  /** Creates an incident for the element being processed. */
  createIncident(context: ElementContext, failure: Failure, jobKey: string | null = null): void {
    const { instance } = context
    this.batch.append('INCIDENT', 'CREATED', this.batch.key(), instance.key, {
      errorType: failure.errorType,
      errorMessage: failure.message,
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      bpmnProcessId: instance.data.bpmnProcessId,
      elementId: context.element.id,
      elementInstanceKey: context.key,
      jobKey,
      tenantId: instance.data.tenantId,
    })
  }

  /** Resolves the open incident of an element (when it is terminated). */
  resolveIncidents(context: ElementContext): void {
    const incidentKey = context.data.incidentKey
    if (incidentKey) {
      this.resolve(incidentKey, context.instance.key)
    }
  }

  /** Resolves one incident by key. */
  resolve(incidentKey: string, processInstanceKey: string): void {
    const incident = this.batch.state.incidents.get(incidentKey)
    this.batch.append('INCIDENT', 'RESOLVED', incidentKey, processInstanceKey, {
      errorType: incident?.errorType ?? null,
      errorMessage: incident?.errorMessage ?? null,
      processInstanceKey,
      elementId: incident?.elementId ?? null,
      elementInstanceKey: incident?.elementInstanceKey ?? null,
      jobKey: incident?.jobKey ?? null,
    })
  }
}

import { InvalidStateError, NotFoundError } from '../../errors.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'

/**
 * Resolves an incident and retries what failed: a job incident makes the job activatable
 * again; an element incident repeats the element's activation or completion step.
 */
export class ResolveIncidentCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(private readonly incidentKey: string) {}

  plan(plan: PrefetchPlan): void {
    plan.incidentKeys.add(this.incidentKey)
  }

  instanceKeys(batch: BatchContext): string[] {
    const incident = batch.state.incidents.get(this.incidentKey)
    return incident ? [incident.processInstanceKey] : []
  }

  check(batch: BatchContext): void {
    const incident = batch.state.incidents.get(this.incidentKey)
    const instance = incident ? batch.state.instance(incident.processInstanceKey) : undefined
    if (!incident || incident.state !== 'ACTIVE' || !instance || instance.data.state !== 'ACTIVE') {
      throw new NotFoundError(
        `Expected to resolve incident with key '${this.incidentKey}', but no such incident was found`
      )
    }
    if (instance.data.suspended) {
      throw new InvalidStateError(
        `Expected to resolve incident with key '${this.incidentKey}', but its process instance '${instance.key}' is suspended`
      )
    }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const incident = batch.state.incidents.get(this.incidentKey)!
    const instance = batch.state.instance(incident.processInstanceKey)!
    processor.behaviors.incidents.resolve(this.incidentKey, instance.key)
    if (incident.jobKey) {
      return
    }
    const element = instance.element(incident.elementInstanceKey)
    if (!element) {
      return
    }
    const retry = {
      processInstanceKey: instance.key,
      elementInstanceKey: element.key,
      elementId: element.elementId,
      flowScopeKey: element.flowScopeKey,
    }
    if (element.state === 'ACTIVATING') {
      batch.queue.push({ intent: 'ACTIVATE_ELEMENT', ...retry })
    } else if (element.state === 'COMPLETING') {
      batch.queue.push({ intent: 'COMPLETE_ELEMENT', ...retry })
    }
  }
}

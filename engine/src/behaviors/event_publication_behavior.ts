import type { JsonObject } from '../feel/feel_values.js'
import { elementOfInstance, type ExecutableElement } from '../model/executable.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import type { ProcessInstance } from '../state/instance_state.js'
import type { EventTriggerBehavior } from './event_trigger_behavior.js'

/** A catch event found for a thrown error or escalation, with the instance owning it. */
export interface FoundCatch {
  ownerKey: string
  event: ExecutableElement
  /** The instance owning the catch event (a calling instance, for errors from a child). */
  instance: ProcessInstance
}

/**
 * Throws errors and escalations to the catch events that take them (Zeebe's
 * `BpmnEventPublicationBehavior` and `CatchEventAnalyzer`): from the given element instance
 * outwards, each scope offers its event sub-processes, then the boundary events attached to it;
 * a catch event naming the code wins over one without a code (which catches all) in the same
 * scope. An uncaught error is an incident; an uncaught escalation is only recorded
 * (NOT_ESCALATED), and the throwing event goes on.
 */
export class EventPublicationBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly triggers: EventTriggerBehavior
  ) {}

  /**
   * Finds the catch event for an error or escalation code, from `startKey` outwards; what a
   * called process does not catch goes on at its call activity in the calling instance.
   */
  findCatch(
    instance: ProcessInstance,
    startKey: string | null,
    kind: 'ERROR' | 'ESCALATION',
    code: string
  ): FoundCatch | null {
    let current = instance
    let executable = this.batch.definition(current.data.processDefinitionKey).executable
    let key = startKey
    while (key !== null) {
      const owner = current.element(key)
      if (!owner) {
        return null
      }
      const element = elementOfInstance(executable, owner)
      const candidates = [
        ...(element?.eventSubProcessStarts ?? []),
        ...(element?.boundaryEvents ?? []),
      ].filter((event) => event.eventType === kind)
      const found =
        candidates.find((event) => codeOf(event) === code) ??
        candidates.find((event) => codeOf(event) === null)
      if (found) {
        return { ownerKey: key, event: found, instance: current }
      }
      key = owner.flowScopeKey
      const parentKey = current.data.parentProcessInstanceKey
      const parent = key === null && parentKey ? this.batch.state.instance(parentKey) : undefined
      if (parent && parent.data.state === 'ACTIVE') {
        key = current.data.parentElementInstanceKey ?? null
        current = parent
        executable = this.batch.definition(parent.data.processDefinitionKey).executable
      }
    }
    return null
  }

  /**
   * Throws an error from an element instance (a job's element, or the flow scope of an error
   * end event): the catch event found is triggered with the variables (after `beforeTrigger`);
   * an error nothing can catch is an UNHANDLED_ERROR_EVENT failure.
   */
  throwError(
    instance: ProcessInstance,
    startKey: string | null,
    errorCode: string,
    errorMessage: string | null,
    variables: JsonObject,
    beforeTrigger: () => void = () => {}
  ): Result<void> {
    const found = this.findCatch(instance, startKey, 'ERROR', errorCode)
    if (!found || !this.triggers.canTrigger(found.instance, found.ownerKey, found.event)) {
      return failure(
        'UNHANDLED_ERROR_EVENT',
        `Expected to throw an error event with the code '${errorCode}'` +
          `${errorMessage ? ` with message '${errorMessage}'` : ''}, but it was not caught. ` +
          'No error events are available in the scope.'
      )
    }
    beforeTrigger()
    this.triggers.trigger(found.instance, found.ownerKey, found.event, variables)
    return ok(undefined)
  }

  /**
   * Throws an escalation from an intermediate throw or end event: records ESCALATED with the
   * catch event, or NOT_ESCALATED. Returns whether the throwing event may complete (not when
   * an interrupting catch event ends its scope).
   */
  throwEscalation(context: ElementContext, escalationCode: string): boolean {
    const { instance } = context
    const found = this.findCatch(instance, context.flowScopeKey, 'ESCALATION', escalationCode)
    const value = {
      processInstanceKey: instance.key,
      throwElementId: context.element.id,
      escalationCode,
      catchElementId: found?.event.id ?? null,
    }
    if (found && this.triggers.canTrigger(found.instance, found.ownerKey, found.event)) {
      this.triggers.trigger(found.instance, found.ownerKey, found.event, {})
      this.batch.append('ESCALATION', 'ESCALATED', this.batch.key(), instance.key, value)
      return !found.event.interrupting
    }
    this.batch.append('ESCALATION', 'NOT_ESCALATED', this.batch.key(), instance.key, value)
    return true
  }
}

/** The code a catch event catches: static in the model; `null` catches every code. */
function codeOf(event: ExecutableElement): string | null {
  const expression = event.eventType === 'ERROR' ? event.errorCode : event.escalationCode
  return expression?.staticValue ?? null
}

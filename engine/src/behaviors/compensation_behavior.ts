import type { JsonValue } from '../feel/feel_values.js'
import type { BatchContext } from '../processing/batch_context.js'
import { elementRecordValue, type ElementContext } from '../processing/element_context.js'
import type { CompensationData, ProcessInstance } from '../state/instance_state.js'
import type { StateTransitionBehavior } from './state_transition_behavior.js'

/**
 * Compensation with Zeebe 8.5's semantics:
 * - an activity with a compensation boundary event opens a compensation subscription when it
 *   completes (COMPENSATION_SUBSCRIPTION CREATED), remembering the scopes it completed in;
 * - a compensation throw event (intermediate or end) compensates the completed activities of
 *   its scope — the flow scope, or for an event sub-process the scope around it — including
 *   those inside completed embedded sub-processes (and the sub-process's own handler, if it has
 *   one); with `activityRef` only that activity (or the activities
 *   of that sub-process). Activities still running are not compensated; each completed
 *   activity instance is compensated at most once;
 * - the handlers start in the reverse order of completion, each after its boundary event is
 *   recorded as activated and completed, in the throw event's scope; the throw event waits
 *   until every handler it started has completed.
 */
export class CompensationBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly transitions: StateTransitionBehavior
  ) {}

  /** An activity completing: opens its compensation subscription, if it has a handler. */
  activityCompleted(context: ElementContext): void {
    // the inner instances of a multi-instance activity are compensated one by one
    const body =
      context.element.flowScope?.type === 'MULTI_INSTANCE_BODY' ? context.element.flowScope : null
    const compensation = context.element.compensation ?? body?.compensation
    if (!compensation || context.flowScopeKey === null) {
      return
    }
    const { instance } = context
    const scopePath: JsonValue[] = []
    let scopeKey: string | null = context.flowScopeKey
    while (scopeKey !== null) {
      const scope = instance.element(scopeKey)
      if (!scope) {
        break
      }
      scopePath.push({ key: scope.key, elementId: scope.elementId })
      scopeKey = scope.flowScopeKey
    }
    this.batch.append('COMPENSATION_SUBSCRIPTION', 'CREATED', this.batch.key(), instance.key, {
      ...this.#value(instance),
      compensableActivityId: context.element.id,
      compensableActivityInstanceKey: context.key,
      compensableActivityScopeKey: context.flowScopeKey,
      compensationHandlerId: compensation.handler.id,
      scopePath,
      throwEventId: null,
      throwEventInstanceKey: null,
      compensationHandlerInstanceKey: null,
    })
  }

  /**
   * A compensation throw event activated: starts the handlers of what it compensates. Returns
   * whether it must wait for them (`false`: nothing to compensate, it completes at once).
   */
  throwCompensation(context: ElementContext): boolean {
    const { instance, element } = context
    const liveScopeKey = context.flowScopeKey!
    const liveScope = instance.element(liveScopeKey)
    const scopeKey =
      liveScope?.type === 'EVENT_SUB_PROCESS' && liveScope.flowScopeKey !== null
        ? liveScope.flowScopeKey
        : liveScopeKey
    const found = this.#compensable(instance, scopeKey, element.compensateActivity ?? null)
    const definition = context.definition
    for (const subscription of found.reverse()) {
      const activity = definition.executable.elements.get(subscription.elementId)
      const boundary = activity?.compensation?.boundaryEvent
      const handler = activity?.compensation?.handler
      if (!boundary || !handler) {
        continue
      }
      const handlerKey = this.batch.key()
      this.batch.append('COMPENSATION_SUBSCRIPTION', 'TRIGGERED', subscription.key, instance.key, {
        ...this.#subscriptionValue(instance, subscription),
        throwEventId: element.id,
        throwEventInstanceKey: context.key,
        compensationHandlerInstanceKey: handlerKey,
      })
      const boundaryKey = this.batch.key()
      const value = elementRecordValue(instance, definition, boundary, liveScopeKey)
      for (const intent of [
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_COMPLETING',
        'ELEMENT_COMPLETED',
      ] as const) {
        this.batch.append('PROCESS_INSTANCE', intent, boundaryKey, instance.key, value)
      }
      this.transitions.activateElement(instance, handler, liveScopeKey, { key: handlerKey })
    }
    return (
      instance.data.compensations?.some((c) => c.throwEventInstanceKey === context.key) ?? false
    )
  }

  /**
   * A compensation handler completing: its subscription is done; the throw event that started
   * it completes once all its handlers have.
   */
  handlerCompleted(context: ElementContext): void {
    const { instance } = context
    const subscription = instance.data.compensations?.find(
      (entry) => entry.handlerInstanceKey === context.key
    )
    if (!subscription) {
      return
    }
    this.batch.append('COMPENSATION_SUBSCRIPTION', 'COMPLETED', subscription.key, instance.key, {
      ...this.#subscriptionValue(instance, subscription),
      throwEventInstanceKey: subscription.throwEventInstanceKey,
      compensationHandlerInstanceKey: context.key,
    })
    const throwKey = subscription.throwEventInstanceKey!
    const pending = instance.data.compensations?.some((c) => c.throwEventInstanceKey === throwKey)
    const throwEvent = instance.element(throwKey)
    if (!pending && throwEvent?.state === 'ACTIVATED') {
      this.batch.queue.push({
        intent: 'COMPLETE_ELEMENT',
        processInstanceKey: instance.key,
        elementInstanceKey: throwEvent.key,
        elementId: throwEvent.elementId,
        flowScopeKey: throwEvent.flowScopeKey,
      })
    }
  }

  /**
   * The untriggered subscriptions a throw in `scopeKey` compensates, in completion order: the
   * activity completed in that scope, or in embedded sub-processes of it that have completed
   * since; with `activityRef`, only that activity or the activities of that sub-process. A
   * completed sub-process with a handler of its own is compensated as well as the activities
   * inside it (Zeebe's rule).
   */
  #compensable(
    instance: ProcessInstance,
    scopeKey: string,
    activityRef: string | null
  ): CompensationData[] {
    const all = instance.data.compensations ?? []
    const candidates = all.filter((subscription) => {
      if (subscription.throwEventInstanceKey !== null) {
        return false
      }
      const index = subscription.scopePath.findIndex((scope) => scope.key === scopeKey)
      if (index < 0) {
        return false
      }
      const between = subscription.scopePath.slice(0, index)
      if (between.some((scope) => instance.element(scope.key))) {
        // still inside a running sub-process: not completed as far as this scope is concerned
        return false
      }
      return (
        activityRef === null ||
        subscription.elementId === activityRef ||
        between.some((scope) => scope.elementId === activityRef)
      )
    })
    return candidates
  }

  #subscriptionValue(
    instance: ProcessInstance,
    subscription: CompensationData
  ): { [name: string]: JsonValue } {
    return {
      ...this.#value(instance),
      compensableActivityId: subscription.elementId,
      compensableActivityInstanceKey: subscription.elementInstanceKey,
      compensationHandlerId: subscription.handlerId,
    }
  }

  #value(instance: ProcessInstance): { [name: string]: JsonValue } {
    return {
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      bpmnProcessId: instance.data.bpmnProcessId,
      tenantId: instance.data.tenantId,
    }
  }
}

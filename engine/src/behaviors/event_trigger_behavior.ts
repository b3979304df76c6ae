import type { JsonObject, JsonValue } from '../feel/feel_values.js'
import { isEventSubProcessStart, type ExecutableElement } from '../model/executable.js'
import {
  INFINITE_REPETITIONS,
  nextOccurrence,
  type TimerRecurrence,
} from '../model/timer_schedule.js'
import type { BatchContext, LoadedDefinition } from '../processing/batch_context.js'
import { elementRecordValue, type ElementContext } from '../processing/element_context.js'
import type { ElementInstanceData, ProcessInstance, WaitData } from '../state/instance_state.js'
import type { CatchEventBehavior } from './catch_event_behavior.js'
import { scopeLookup } from './expression_behavior.js'
import type { StateTransitionBehavior } from './state_transition_behavior.js'
import type { VariableBehavior } from './variable_behavior.js'

/** How many rounds of conditional evaluation one command may cause (a guard against loops). */
const MAX_CONDITION_ROUNDS = 100

/**
 * What happens when an event reaches a catch element (Zeebe's `EventHandle` and
 * `EventTriggerBehavior`). The event is recorded (PROCESS_EVENT TRIGGERING) with its variables,
 * then, by where the catch element is:
 * - the element waits itself (intermediate catch event, receive task) or through an
 *   event-based gateway: the element completes, applying the variables;
 * - a boundary event: interrupting, the activity is terminated first and the boundary event
 *   runs once it is; non-interrupting, the boundary event runs at once beside the activity;
 * - an event sub-process start: interrupting, everything else in the container is terminated
 *   (and its other event sub-processes closed) and the event sub-process starts once nothing
 *   runs; non-interrupting, it starts at once beside the rest.
 * A triggered event runs directly (ACTIVATING, ACTIVATED, its variables set locally, then it
 * completes), as in Zeebe. An element already interrupted accepts no further interrupting
 * events.
 */
export class EventTriggerBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly transitions: StateTransitionBehavior,
    private readonly variables: VariableBehavior,
    private readonly catchEvents: CatchEventBehavior
  ) {}

  /** Whether a catch element can be triggered now for the element instance owning its wait. */
  canTrigger(instance: ProcessInstance, ownerKey: string, event: ExecutableElement): boolean {
    const owner = instance.element(ownerKey)
    if (instance.data.state !== 'ACTIVE' || !owner || owner.state !== 'ACTIVATED') {
      return false
    }
    if (instance.data.suspended) {
      // a suspended instance catches nothing (its timers and subscriptions are withdrawn)
      return false
    }
    if (owner.trigger?.eventKey || this.#gatewayTriggered(instance, owner)) {
      return false
    }
    const interruption = owner.interruptingEvent
    if (interruption) {
      // a container running its interrupting event sub-process can still be interrupted from
      // outside (its own boundary events); nothing else reaches it
      const by = this.#definition(instance).executable.elements.get(interruption.elementId)
      if (!by || !isEventSubProcessStart(by) || event.type !== 'BOUNDARY_EVENT') {
        return false
      }
    }
    if (event.type === 'BOUNDARY_EVENT') {
      const flowScope =
        owner.flowScopeKey === null ? undefined : instance.element(owner.flowScopeKey)
      return flowScope?.state === 'ACTIVATED'
    }
    return true
  }

  /**
   * Triggers an open wait (a timer that fired, a correlated message, a broadcast signal, a
   * condition that became true): records its own event, then triggers its catch element.
   * Returns whether it triggered (a wait whose element can no longer be triggered does not).
   */
  triggerWait(
    instance: ProcessInstance,
    waitKey: string,
    variables: JsonObject,
    messageKey: string | null = null
  ): boolean {
    const wait = instance.data.waits[waitKey]
    const event = wait && this.#definition(instance).executable.elements.get(wait.elementId)
    if (!wait || !event || !this.canTrigger(instance, wait.scopeKey, event)) {
      return false
    }
    switch (wait.kind) {
      case 'TIMER':
        this.batch.append('TIMER', 'TRIGGERED', waitKey, instance.key, wait.value)
        break
      case 'MESSAGE':
        this.batch.append('MESSAGE_SUBSCRIPTION', 'CORRELATED', waitKey, instance.key, {
          ...wait.value,
          messageKey,
          variables,
        })
        break
      case 'CONDITIONAL':
        this.batch.append(
          'CONDITIONAL_SUBSCRIPTION',
          'TRIGGERED',
          waitKey,
          instance.key,
          wait.value
        )
        break
      case 'SIGNAL':
        // Zeebe records no correlation of signal subscriptions: the SIGNAL record says it all
        break
    }
    this.trigger(instance, wait.scopeKey, event, variables)
    if (wait.kind === 'TIMER' && !event.interrupting) {
      this.#reschedule(instance, wait, event)
    }
    return true
  }

  /**
   * Triggers a catch element for the element instance owning it (see the class comment). The
   * caller checked `canTrigger`.
   */
  trigger(
    instance: ProcessInstance,
    ownerKey: string,
    event: ExecutableElement,
    variables: JsonObject
  ): void {
    const owner = instance.element(ownerKey)!
    const eventKey = this.batch.key()
    const value: { [name: string]: JsonValue } = {
      scopeKey: ownerKey,
      targetElementId: event.id,
      variables,
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      tenantId: instance.data.tenantId,
    }
    if (event.id === owner.elementId || owner.type === 'EVENT_BASED_GATEWAY') {
      this.batch.append('PROCESS_EVENT', 'TRIGGERING', eventKey, instance.key, value)
      this.#queueCompletion(instance, owner)
      return
    }
    if (event.type === 'BOUNDARY_EVENT') {
      value.interrupting = event.interrupting
      this.batch.append('PROCESS_EVENT', 'TRIGGERING', eventKey, instance.key, value)
      if (event.interrupting) {
        this.transitions.terminateElement(instance, owner)
      } else {
        this.activateTriggered(instance, event, owner.flowScopeKey!, eventKey, eventKey)
      }
      return
    }
    const eventSubProcess = event.flowScope!
    value.interrupting = event.interrupting
    value.eventSubProcessId = eventSubProcess.id
    this.batch.append('PROCESS_EVENT', 'TRIGGERING', eventKey, instance.key, value)
    if (event.interrupting) {
      this.catchEvents.unsubscribeEventSubProcesses(instance, ownerKey)
      this.transitions.terminateChildren(instance, ownerKey)
      if (owner.childCount > 0) {
        // it starts when the last child has ended (see the container processor)
        return
      }
    }
    this.transitions.activateElement(instance, eventSubProcess, ownerKey, { key: eventKey })
  }

  /**
   * Runs a triggered event directly: ACTIVATING, ACTIVATED, the event's variables as its local
   * variables (its completion propagates them, or its output mappings read them), then it
   * completes.
   */
  activateTriggered(
    instance: ProcessInstance,
    element: ExecutableElement,
    flowScopeKey: string,
    elementKey: string,
    eventKey: string
  ): void {
    const trigger = instance.data.eventTriggers[eventKey]
    const definition = this.#definition(instance)
    this.batch.append('PROCESS_EVENT', 'TRIGGERED', eventKey, instance.key, {
      scopeKey: trigger?.scopeKey ?? flowScopeKey,
      targetElementId: element.id,
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      tenantId: instance.data.tenantId,
    })
    const value = elementRecordValue(instance, definition, element, flowScopeKey)
    this.batch.append('PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', elementKey, instance.key, value)
    this.batch.append('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', elementKey, instance.key, value)
    if (trigger) {
      this.variables.mergeLocal(instance, elementKey, trigger.variables)
    }
    this.batch.queue.push({
      intent: 'COMPLETE_ELEMENT',
      processInstanceKey: instance.key,
      elementInstanceKey: elementKey,
      elementId: element.id,
      flowScopeKey,
    })
  }

  /**
   * After an activity ended because an interrupting boundary event caught something: runs that
   * boundary event in the activity's flow scope. Returns whether it did (the flow scope then
   * stays busy, so it is not told that a child ended).
   */
  continueAfterInterruption(context: ElementContext): boolean {
    const interruption = context.data.interruptingEvent
    const boundary =
      interruption && context.element.boundaryEvents.find((b) => b.id === interruption.elementId)
    if (!interruption || !boundary || context.flowScopeKey === null) {
      return false
    }
    const flowScope = context.instance.element(context.flowScopeKey)
    if (flowScope?.state !== 'ACTIVATED' || flowScope.interruptingEvent) {
      return false
    }
    this.activateTriggered(
      context.instance,
      boundary,
      context.flowScopeKey,
      interruption.key,
      interruption.key
    )
    return true
  }

  /**
   * Runs the start event a container was started for: the start event of an event sub-process
   * (the trigger was kept under the event sub-process's key), or the timer, message or signal
   * start event of a process instance. Returns whether there was one.
   */
  startTriggeredStartEvent(context: ElementContext): boolean {
    const { instance, element } = context
    let eventKey: string | null = null
    if (instance.data.eventTriggers[context.key]) {
      eventKey = context.key
    } else if (context.flowScopeKey === null) {
      for (const [key, trigger] of Object.entries(instance.data.eventTriggers)) {
        if (
          trigger.scopeKey === context.key &&
          element.eventStarts.some((e) => e.id === trigger.elementId)
        ) {
          eventKey = key
          break
        }
      }
    }
    const trigger = eventKey === null ? undefined : instance.data.eventTriggers[eventKey]
    const start = trigger && element.eventStarts.find((event) => event.id === trigger.elementId)
    if (!start || eventKey === null) {
      return false
    }
    this.activateTriggered(instance, start, context.key, this.batch.key(), eventKey)
    return true
  }

  /** Evaluates the conditional waits an element instance owns (right after it activated). */
  evaluateConditions(instance: ProcessInstance, ownerKey: string): void {
    for (const [key, wait] of instance.waitsOf(ownerKey)) {
      if (wait.kind === 'CONDITIONAL' && this.#holds(instance, ownerKey, wait)) {
        if (this.triggerWait(instance, key, {}) && this.#isInterrupting(instance, wait)) {
          return
        }
      }
    }
  }

  /**
   * Looks at the variables changed since the last look (Zeebe's rule): from each scope a
   * variable changed in, down through the scopes inside it, the conditional waits whose filters
   * match the change are evaluated; each triggers at most once per look, and an interrupting
   * one stops the walk below its scope. Returns whether anything was looked at.
   */
  evaluateVariableChanges(round: number): boolean {
    const changes = this.batch.variableChanges.splice(0)
    if (changes.length === 0 || round >= MAX_CONDITION_ROUNDS) {
      return false
    }
    const triggered = new Set<string>()
    const interrupted = new Set<string>()
    for (const change of changes) {
      const instance = this.batch.state.instance(change.processInstanceKey)
      if (!instance || instance.data.state !== 'ACTIVE') {
        continue
      }
      const scopes = [change.scopeKey]
      while (scopes.length > 0) {
        const scopeKey = scopes.shift()!
        if (interrupted.has(scopeKey)) {
          continue
        }
        for (const [key, wait] of instance.waitsOf(scopeKey)) {
          if (wait.kind !== 'CONDITIONAL' || triggered.has(key) || !matches(wait, change)) {
            continue
          }
          if (this.#holds(instance, scopeKey, wait) && this.triggerWait(instance, key, {})) {
            triggered.add(key)
            if (this.#isInterrupting(instance, wait)) {
              interrupted.add(scopeKey)
              break
            }
          }
        }
        if (!interrupted.has(scopeKey)) {
          scopes.push(...instance.children(scopeKey).map((child) => child.key))
        }
      }
    }
    return true
  }

  #holds(instance: ProcessInstance, scopeKey: string, wait: WaitData): boolean {
    const event = this.#definition(instance).executable.elements.get(wait.elementId)
    if (!event?.condition) {
      return false
    }
    const result = this.batch.services.language.evaluateBoolean(
      event.condition.expression,
      scopeLookup(instance, scopeKey),
      'CONDITION_ERROR'
    )
    return result.ok && result.value
  }

  #isInterrupting(instance: ProcessInstance, wait: WaitData): boolean {
    const event = this.#definition(instance).executable.elements.get(wait.elementId)
    return !!event && event.interrupting && event.type !== 'INTERMEDIATE_CATCH_EVENT'
  }

  /** A non-interrupting cycle fires again: the next timer of the same wait. */
  #reschedule(instance: ProcessInstance, wait: WaitData, event: ExecutableElement): void {
    const repetitions = wait.value.repetitions as number
    if (repetitions !== INFINITE_REPETITIONS && repetitions <= 1) {
      return
    }
    const recurrence = wait.value.recurrence as unknown as TimerRecurrence
    const dueDate = nextOccurrence(recurrence, wait.value.dueDate as number, this.batch.now)
    if (dueDate === null) {
      return
    }
    this.catchEvents.openTimer(instance, wait.scopeKey, event, {
      dueDate,
      repetitions: repetitions === INFINITE_REPETITIONS ? repetitions : repetitions - 1,
      recurrence,
    })
  }

  #gatewayTriggered(instance: ProcessInstance, owner: ElementInstanceData): boolean {
    if (owner.type !== 'EVENT_BASED_GATEWAY') {
      return false
    }
    return Object.values(instance.data.eventTriggers).some(
      (trigger) => trigger.scopeKey === owner.key
    )
  }

  #queueCompletion(instance: ProcessInstance, owner: ElementInstanceData): void {
    this.batch.queue.push({
      intent: 'COMPLETE_ELEMENT',
      processInstanceKey: instance.key,
      elementInstanceKey: owner.key,
      elementId: owner.elementId,
      flowScopeKey: owner.flowScopeKey,
    })
  }

  #definition(instance: ProcessInstance): LoadedDefinition {
    return this.batch.definition(instance.data.processDefinitionKey)
  }
}

/** Whether a variable change passes a conditional wait's `zeebe:conditionalFilter`. */
function matches(wait: WaitData, change: { name: string; intent: 'CREATED' | 'UPDATED' }): boolean {
  const names = (wait.value.variableNames as string[] | undefined) ?? []
  const events = (wait.value.variableEvents as string[] | undefined) ?? []
  return (
    (names.length === 0 || names.includes(change.name)) &&
    (events.length === 0 || events.includes(change.intent === 'CREATED' ? 'create' : 'update'))
  )
}

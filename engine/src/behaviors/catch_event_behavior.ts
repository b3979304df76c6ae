import type { JsonValue } from '../feel/feel_values.js'
import type { Intent, ValueType } from '../intents.js'
import {
  catchEventsOf,
  isEventSubProcessStart,
  type ExecutableElement,
} from '../model/executable.js'
import { scheduleTimer, type TimerSchedule } from '../model/timer_schedule.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import type { ProcessInstance, WaitData } from '../state/instance_state.js'
import { scopeLookup } from './expression_behavior.js'

/** Called when a message subscription opened: buffered messages may be waiting for it. */
export type SubscriptionOpened = (instance: ProcessInstance, subscriptionKey: string) => void

/** The value of a record about an open wait (the wait keeps it, closing records repeat it). */
type WaitValue = { [name: string]: JsonValue }

/** The record that closes each kind of wait. */
const CLOSING: Record<WaitData['kind'], [ValueType, Intent]> = {
  TIMER: ['TIMER', 'CANCELED'],
  MESSAGE: ['MESSAGE_SUBSCRIPTION', 'DELETED'],
  SIGNAL: ['SIGNAL_SUBSCRIPTION', 'DELETED'],
  CONDITIONAL: ['CONDITIONAL_SUBSCRIPTION', 'DELETED'],
}

/**
 * Opens and closes the waits of element instances, as Zeebe's `CatchEventBehavior`: timers,
 * message and signal subscriptions and conditional subscriptions of an intermediate catch
 * event or receive task, of the targets of an event-based gateway, of the boundary events of
 * an activity, of the event sub-processes of a container. Every expression (timer, message
 * name, correlation key, signal name) is evaluated first, so a failure opens nothing and
 * becomes one incident; correlation keys of boundary events are evaluated in the activity's
 * flow scope (outside the activity), the rest in the element's own scope.
 */
export class CatchEventBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly onMessageSubscription: SubscriptionOpened
  ) {}

  /** Opens the waits of an element instance; nothing is opened when an expression fails. */
  subscribe(context: ElementContext, events = catchEventsOf(context.element)): Result<void> {
    const opens: Array<() => void> = []
    for (const event of events) {
      const open = this.#prepare(context, event)
      if (!open.ok) {
        return open
      }
      if (open.value) {
        opens.push(open.value)
      }
    }
    for (const open of opens) {
      open()
    }
    return ok(undefined)
  }

  /** Opens a timer of an element instance from a computed schedule (cycles reschedule so). */
  openTimer(
    instance: ProcessInstance,
    ownerKey: string,
    event: ExecutableElement,
    schedule: TimerSchedule
  ): void {
    this.batch.append('TIMER', 'CREATED', this.batch.key(), instance.key, {
      ...this.#ownerValue(instance, ownerKey, event),
      targetElementId: event.id,
      dueDate: schedule.dueDate,
      repetitions: schedule.repetitions,
      recurrence: schedule.recurrence as unknown as JsonValue,
    })
  }

  /**
   * Closes the waits an element instance owns (when it completes or terminates), or only those
   * matching `filter` (an interrupting event sub-process closes the other event sub-processes).
   */
  unsubscribe(
    instance: ProcessInstance,
    ownerKey: string,
    filter: (wait: WaitData) => boolean = () => true
  ): void {
    for (const [key, wait] of instance.waitsOf(ownerKey)) {
      if (!filter(wait)) {
        continue
      }
      const [valueType, intent] = CLOSING[wait.kind]
      this.batch.append(valueType, intent, key, instance.key, wait.value)
    }
  }

  /** Closes the event sub-process waits of a container (an interrupting one started). */
  unsubscribeEventSubProcesses(instance: ProcessInstance, containerKey: string): void {
    const elements = this.batch.definition(instance.data.processDefinitionKey).executable.elements
    this.unsubscribe(instance, containerKey, (wait) => {
      const element = elements.get(wait.elementId)
      return !!element && isEventSubProcessStart(element)
    })
  }

  /** Evaluates a timer definition into a schedule, in the scope of an element instance. */
  evaluateTimer(
    instance: ProcessInstance,
    scopeKey: string | null,
    event: ExecutableElement
  ): Result<TimerSchedule> {
    const timer = event.timer!
    let value: JsonValue
    if (timer.expression.feel === null) {
      value = timer.expression.staticValue
    } else {
      const evaluated = this.batch.services.language.evaluateJson(
        timer.expression,
        scopeKey === null ? emptyLookup : scopeLookup(instance, scopeKey),
        'EXTRACT_VALUE_ERROR'
      )
      if (!evaluated.ok) {
        return evaluated
      }
      value = evaluated.value
    }
    return scheduleTimer(timer.kind, value, this.batch.now)
  }

  #prepare(context: ElementContext, event: ExecutableElement): Result<(() => void) | null> {
    const { instance } = context
    if (event.timer) {
      const schedule = this.evaluateTimer(instance, context.key, event)
      return schedule.ok
        ? ok(() => this.openTimer(instance, context.key, event, schedule.value))
        : schedule
    }
    if (event.message) {
      const language = this.batch.services.language
      const name = language.evaluateString(
        event.message.name,
        scopeLookup(instance, context.key),
        'EXTRACT_VALUE_ERROR'
      )
      if (!name.ok) {
        return name
      }
      const keyScope =
        event.type === 'BOUNDARY_EVENT' ? (context.flowScopeKey ?? context.key) : context.key
      const correlationKey = this.#correlationKey(instance, keyScope, event)
      if (!correlationKey.ok) {
        return correlationKey
      }
      return ok(() => {
        const key = this.batch.key()
        this.batch.append('MESSAGE_SUBSCRIPTION', 'CREATED', key, instance.key, {
          ...this.#ownerValue(instance, context.key, event),
          elementId: event.id,
          messageName: name.value,
          correlationKey: correlationKey.value,
        })
        this.onMessageSubscription(instance, key)
      })
    }
    if (event.signalName) {
      const name = this.batch.services.language.evaluateString(
        event.signalName,
        scopeLookup(instance, context.key),
        'EXTRACT_VALUE_ERROR'
      )
      if (!name.ok) {
        return name
      }
      return ok(() =>
        this.batch.append('SIGNAL_SUBSCRIPTION', 'CREATED', this.batch.key(), instance.key, {
          ...this.#ownerValue(instance, context.key, event),
          elementId: event.id,
          signalName: name.value,
        })
      )
    }
    if (event.condition) {
      return ok(() =>
        this.batch.append('CONDITIONAL_SUBSCRIPTION', 'CREATED', this.batch.key(), instance.key, {
          ...this.#ownerValue(instance, context.key, event),
          elementId: event.id,
          condition: event.condition!.expression.source,
          variableNames: event.condition!.variableNames,
          variableEvents: event.condition!.variableEvents,
        })
      )
    }
    return ok(null)
  }

  /** A correlation key is a string or a number (taken as its decimal text), as in Zeebe. */
  #correlationKey(
    instance: ProcessInstance,
    scopeKey: string,
    event: ExecutableElement
  ): Result<string> {
    const expression = event.message!.correlationKey!
    const value = this.batch.services.language.evaluateJson(
      expression,
      scopeLookup(instance, scopeKey),
      'EXTRACT_VALUE_ERROR'
    )
    if (!value.ok) {
      return value
    }
    if (typeof value.value === 'string') {
      return ok(value.value)
    }
    if (typeof value.value === 'number') {
      return ok(String(value.value))
    }
    const found = value.value === null ? 'NULL' : Array.isArray(value.value) ? 'ARRAY' : 'OBJECT'
    return failure(
      'EXTRACT_VALUE_ERROR',
      `Failed to extract the correlation key for '${expression.feel ?? expression.source}': ` +
        `The value must be either a string or a number, but was '${found}'.`
    )
  }

  /** What every record about a wait of an instance says: whose it is, what it triggers. */
  #ownerValue(instance: ProcessInstance, ownerKey: string, event: ExecutableElement): WaitValue {
    return {
      processInstanceKey: instance.key,
      elementInstanceKey: ownerKey,
      processDefinitionKey: instance.data.processDefinitionKey,
      bpmnProcessId: instance.data.bpmnProcessId,
      tenantId: instance.data.tenantId,
      interrupting: event.interrupting,
    }
  }
}

const emptyLookup = { get: () => undefined, all: () => ({}) }

import type { JsonValue } from '../../feel/feel_values.js'
import type { ExpressionLanguage } from '../../feel/expression_language.js'
import type { ExecutableProcess } from '../../model/executable.js'
import { scheduleTimer, type TimerSchedule } from '../../model/timer_schedule.js'
import { ok, type Result } from '../../result.js'
import type { DefinitionData, SubscriptionData, TimerData } from '../../state/entities.js'
import { subscriptionFromRow, timerFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import type { InstanceCommand } from './engine_command.js'
import { timerValue } from './timer_commands.js'

/** What a start event of a process subscribes to, evaluated at deployment. */
export type StartEventSubscription =
  | { kind: 'timer'; elementId: string; schedule: TimerSchedule }
  | { kind: 'message' | 'signal'; elementId: string; name: string }

const NO_VARIABLES = { get: () => undefined, all: () => ({}) }

/** A start event whose expression cannot be evaluated at deployment. */
export interface StartEventProblem {
  elementId: string
  message: string
}

/**
 * Evaluates the timer, message and signal start events of a process (their expressions see no
 * variables): what its deployment subscribes to, or the problem that rejects it.
 */
export function startEventSubscriptions(
  executable: ExecutableProcess,
  language: ExpressionLanguage,
  now: number
): StartEventSubscription[] | StartEventProblem {
  const subscriptions: StartEventSubscription[] = []
  for (const event of executable.root.eventStarts) {
    if (event.timer) {
      const value: Result<JsonValue> =
        event.timer.expression.feel === null
          ? ok(event.timer.expression.staticValue)
          : language.evaluateJson(event.timer.expression, NO_VARIABLES, 'EXTRACT_VALUE_ERROR')
      const schedule = value.ok ? scheduleTimer(event.timer.kind, value.value, now) : value
      if (!schedule.ok) {
        return { elementId: event.id, message: schedule.failure.message }
      }
      subscriptions.push({ kind: 'timer', elementId: event.id, schedule: schedule.value })
      continue
    }
    const expression = event.message?.name ?? event.signalName
    if (!expression) {
      continue
    }
    const name = language.evaluateString(expression, NO_VARIABLES, 'EXTRACT_VALUE_ERROR')
    if (!name.ok) {
      return {
        elementId: event.id,
        message: `Expected the ${event.message ? 'message' : 'signal'} name to be evaluated at deployment, but ${name.failure.message}`,
      }
    }
    subscriptions.push({
      kind: event.message ? 'message' : 'signal',
      elementId: event.id,
      name: name.value,
    })
  }
  return subscriptions
}

/**
 * A follow-up of a deployment that created a new version of a process: the start events of the
 * previous version stop waiting (its start timers are canceled, its message and signal start
 * subscriptions deleted) and those of the new version open, as in Zeebe, where only the latest
 * version of a process starts on events.
 */
export class OpenStartEventsCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  #timers: TimerData[] = []
  #messages: SubscriptionData[] = []
  #signals: SubscriptionData[] = []

  constructor(
    private readonly definition: DefinitionData,
    private subscriptions: StartEventSubscription[],
    private readonly previousDefinitionKey: string | null
  ) {}

  /**
   * Sets the start events to open, when they are known only once the definition is loaded (the
   * version that becomes the latest again when the latest one is deleted).
   */
  open(subscriptions: StartEventSubscription[]): void {
    this.subscriptions = subscriptions
  }

  plan(): void {}

  async load(tx: StoreTransaction): Promise<void> {
    if (this.previousDefinitionKey === null) {
      return
    }
    const where = { process_definition_key: this.previousDefinitionKey, process_instance_key: null }
    this.#timers = (await tx.query('engine_timers', { where })).map(timerFromRow)
    this.#messages = (await tx.query('engine_message_subscriptions', { where })).map(
      subscriptionFromRow
    )
    this.#signals = (await tx.query('engine_signal_subscriptions', { where })).map(
      subscriptionFromRow
    )
  }

  check(): void {}

  execute(batch: BatchContext): void {
    for (const timer of this.#timers) {
      batch.append('TIMER', 'CANCELED', timer.timerKey, null, timerValue(timer))
    }
    for (const subscription of this.#messages) {
      batch.append(
        'MESSAGE_START_EVENT_SUBSCRIPTION',
        'DELETED',
        subscription.subscriptionKey,
        null,
        this.#value(subscription.elementId, { messageName: subscription.name }, subscription)
      )
    }
    for (const subscription of this.#signals) {
      batch.append(
        'SIGNAL_SUBSCRIPTION',
        'DELETED',
        subscription.subscriptionKey,
        null,
        this.#value(subscription.elementId, { signalName: subscription.name }, subscription)
      )
    }
    for (const subscription of this.subscriptions) {
      switch (subscription.kind) {
        case 'timer':
          batch.append('TIMER', 'CREATED', batch.key(), null, {
            processInstanceKey: null,
            elementInstanceKey: null,
            processDefinitionKey: this.definition.processDefinitionKey,
            bpmnProcessId: this.definition.bpmnProcessId,
            targetElementId: subscription.elementId,
            dueDate: subscription.schedule.dueDate,
            repetitions: subscription.schedule.repetitions,
            recurrence: subscription.schedule.recurrence as unknown as JsonValue,
            tenantId: this.definition.tenantId,
          })
          break
        default: {
          const message = subscription.kind === 'message'
          batch.append(
            message ? 'MESSAGE_START_EVENT_SUBSCRIPTION' : 'SIGNAL_SUBSCRIPTION',
            'CREATED',
            batch.key(),
            null,
            this.#value(subscription.elementId, {
              [message ? 'messageName' : 'signalName']: subscription.name,
            })
          )
        }
      }
    }
  }

  #value(
    elementId: string,
    name: { [name: string]: JsonValue },
    of?: SubscriptionData
  ): { [name: string]: JsonValue } {
    return {
      processDefinitionKey: of?.processDefinitionKey ?? this.definition.processDefinitionKey,
      bpmnProcessId: of?.bpmnProcessId ?? this.definition.bpmnProcessId,
      elementId,
      startEventId: elementId,
      processInstanceKey: null,
      elementInstanceKey: null,
      interrupting: true,
      tenantId: of?.tenantId ?? this.definition.tenantId,
      ...name,
    }
  }
}

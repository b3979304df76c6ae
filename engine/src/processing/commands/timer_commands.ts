import type { JsonValue } from '../../feel/feel_values.js'
import { INFINITE_REPETITIONS, nextOccurrence } from '../../model/timer_schedule.js'
import type { TimerData } from '../../state/entities.js'
import { timerFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import type { InstanceCommand } from './engine_command.js'

/** The value of TIMER records for a timer row. */
export function timerValue(timer: TimerData): { [name: string]: JsonValue } {
  return {
    processInstanceKey: timer.processInstanceKey,
    elementInstanceKey: timer.elementInstanceKey,
    processDefinitionKey: timer.processDefinitionKey,
    bpmnProcessId: timer.bpmnProcessId,
    targetElementId: timer.elementId,
    dueDate: timer.dueDate,
    repetitions: timer.repetitions,
    recurrence: timer.recurrence as unknown as JsonValue,
    tenantId: timer.tenantId,
  }
}

/**
 * Scheduled work: fires the timers that are due, oldest due date first, up to `limit` in one
 * transaction. The rows are claimed (`FOR UPDATE SKIP LOCKED` on MySQL/MariaDB), so server
 * processes sharing a database never fire a timer twice, and a timer row only exists until it
 * fires: a timer due while the server was down fires once on start-up. A timer of an instance
 * triggers its catch element (a non-interrupting cycle is scheduled again); a timer start
 * event creates an instance (and its next occurrence). Returns how many timers were claimed.
 */
export class TriggerDueTimersCommand implements InstanceCommand<number> {
  readonly kind = 'instance'
  #due: TimerData[] = []

  constructor(private readonly limit = 500) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const rows = await tx.claim('engine_timers', {
      where: { due_date: { lte: batch.now } },
      orderBy: [
        { column: 'due_date', order: 'asc' },
        { column: 'timer_key', order: 'asc' },
      ],
      limit: this.limit,
    })
    this.#due = rows.map(timerFromRow)
    for (const timer of this.#due) {
      batch.state.timers.load(timer.timerKey, timer)
    }
  }

  instanceKeys(): string[] {
    return this.#due
      .filter((timer) => timer.processInstanceKey !== null)
      .map((timer) => timer.processInstanceKey!)
  }

  definitionKeys(): string[] {
    return this.#due
      .filter((timer) => timer.processInstanceKey === null)
      .map((timer) => timer.processDefinitionKey)
  }

  check(): void {}

  execute(batch: BatchContext, processor: BpmnStreamProcessor): number {
    for (const timer of this.#due) {
      if (!batch.state.timers.get(timer.timerKey)) {
        continue
      }
      if (timer.processInstanceKey === null) {
        this.#startProcess(batch, processor, timer)
        continue
      }
      const instance = batch.state.instance(timer.processInstanceKey)
      const fired =
        !!instance && processor.behaviors.triggers.triggerWait(instance, timer.timerKey, {})
      if (!fired) {
        // its element can no longer be triggered (a state left behind): the timer goes
        batch.append('TIMER', 'CANCELED', timer.timerKey, instance ? instance.key : null, {
          ...timerValue(timer),
          elementInstanceKey: instance?.data.waits[timer.timerKey]
            ? timer.elementInstanceKey
            : null,
        })
      }
      processor.drain()
    }
    return this.#due.length
  }

  /** A timer start event fired: a new instance, and the next occurrence of a cycle. */
  #startProcess(batch: BatchContext, processor: BpmnStreamProcessor, timer: TimerData): void {
    const loaded = batch.definitions.get(timer.processDefinitionKey)
    const start = loaded?.executable.elements.get(timer.elementId)
    if (!loaded || !start) {
      batch.append('TIMER', 'CANCELED', timer.timerKey, null, timerValue(timer))
      return
    }
    processor.behaviors.creation.createAtEvent(loaded, start, {}, (created) => {
      batch.append('TIMER', 'TRIGGERED', timer.timerKey, created, {
        ...timerValue(timer),
        processInstanceKey: created,
      })
    })
    const repeats = timer.repetitions === INFINITE_REPETITIONS || timer.repetitions > 1
    const dueDate = repeats ? nextOccurrence(timer.recurrence, timer.dueDate, batch.now) : null
    if (dueDate !== null) {
      batch.append('TIMER', 'CREATED', batch.key(), null, {
        ...timerValue(timer),
        dueDate,
        repetitions:
          timer.repetitions === INFINITE_REPETITIONS ? timer.repetitions : timer.repetitions - 1,
      })
    }
  }
}

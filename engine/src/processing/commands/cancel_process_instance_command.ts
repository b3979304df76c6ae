import { InvalidStateError } from '../../errors.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import { requireInstance } from './command_support.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'

/** Cancels an active instance: terminates its process element and so everything inside. */
export class CancelProcessInstanceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(private readonly processInstanceKey: string) {}

  plan(plan: PrefetchPlan): void {
    plan.instanceKeys.add(this.processInstanceKey)
  }

  check(batch: BatchContext): void {
    const instance = requireInstance(
      batch,
      this.processInstanceKey,
      `Expected to cancel a process instance with key '${this.processInstanceKey}', but no such process was found`
    )
    const parentKey = instance.data.parentProcessInstanceKey
    if (parentKey) {
      throw new InvalidStateError(
        `Expected to cancel a process instance with key '${this.processInstanceKey}', but it is ` +
          `created by a parent process instance. Cancel the root process instance '${rootOf(batch, parentKey)}' instead.`
      )
    }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const instance = batch.state.instance(this.processInstanceKey)!
    const root = instance.element(this.processInstanceKey)
    if (root) {
      processor.behaviors.transitions.terminateElement(instance, root)
    }
  }
}

/** The root of a call hierarchy (ancestors are loaded with their children). */
function rootOf(batch: BatchContext, key: string): string {
  let current = key
  for (;;) {
    const parent = batch.state.instance(current)?.data.parentProcessInstanceKey
    if (!parent) {
      return current
    }
    current = parent
  }
}

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
    requireInstance(
      batch,
      this.processInstanceKey,
      `Expected to cancel a process instance with key '${this.processInstanceKey}', but no such process was found`
    )
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const instance = batch.state.instance(this.processInstanceKey)!
    const root = instance.element(this.processInstanceKey)
    if (root) {
      processor.behaviors.transitions.terminateElement(instance, root)
    }
  }
}

import type { JsonObject } from '../../feel/feel_values.js'
import type { SubscriptionData } from '../../state/entities.js'
import { subscriptionFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import type { InstanceCommand } from './engine_command.js'

/** A signal to broadcast. */
export interface SignalInput {
  name: string
  variables: JsonObject
  tenantId: string
}

/**
 * Broadcasts a signal (`POST /v2/signals/broadcast`, or a signal throw or end event, as a
 * follow-up in the same transaction): every open signal subscription with its name is triggered
 * (catch events, boundary events, event sub-processes, event-based gateways, in every
 * instance), and every signal start event of the latest version of a process creates an
 * instance. Signals are not buffered: what does not wait now misses it.
 */
export class BroadcastSignalCommand implements InstanceCommand<string> {
  readonly kind = 'instance'

  constructor(private readonly input: SignalInput) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const rows = await tx.query('engine_signal_subscriptions', {
      where: { signal_name: this.input.name, tenant_id: this.input.tenantId },
    })
    for (const subscription of rows.map(subscriptionFromRow)) {
      batch.state.signalSubscriptions.load(subscription.subscriptionKey, subscription)
    }
  }

  instanceKeys(batch: BatchContext): string[] {
    return this.#subscriptions(batch)
      .filter((subscription) => subscription.processInstanceKey !== null)
      .map((subscription) => subscription.processInstanceKey!)
  }

  definitionKeys(batch: BatchContext): string[] {
    return this.#subscriptions(batch)
      .filter((subscription) => subscription.processInstanceKey === null)
      .map((subscription) => subscription.processDefinitionKey)
  }

  check(): void {}

  execute(batch: BatchContext, processor: BpmnStreamProcessor): string {
    const signalKey = batch.key()
    const { name, variables, tenantId } = this.input
    batch.append('SIGNAL', 'BROADCASTED', signalKey, null, {
      signalName: name,
      variables,
      tenantId,
    })
    for (const subscription of this.#subscriptions(batch)) {
      if (subscription.processInstanceKey !== null) {
        const instance = batch.state.instance(subscription.processInstanceKey)
        if (instance) {
          processor.behaviors.triggers.triggerWait(
            instance,
            subscription.subscriptionKey,
            variables
          )
        }
        continue
      }
      const loaded = batch.definitions.get(subscription.processDefinitionKey)
      const start = loaded?.executable.elements.get(subscription.elementId)
      if (loaded && start) {
        processor.behaviors.creation.createAtEvent(loaded, start, variables)
      }
    }
    return signalKey
  }

  /** The subscriptions of this signal the batch knows, oldest first. */
  #subscriptions(batch: BatchContext): SubscriptionData[] {
    return [...batch.state.signalSubscriptions.values()]
      .filter(
        (subscription) =>
          subscription.name === this.input.name && subscription.tenantId === this.input.tenantId
      )
      .sort((a, b) => Number(a.subscriptionKey) - Number(b.subscriptionKey))
  }
}

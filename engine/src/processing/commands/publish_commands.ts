import type { JsonObject } from '../../feel/feel_values.js'
import type { BatchContext } from '../batch_context.js'
import type { InstanceCommand } from './engine_command.js'

/**
 * Publishes a message or broadcasts a signal. Part 1 runs no catch events, so there is nothing
 * to correlate: the publication is recorded and its key returned. Subscriptions, correlation
 * and buffering with time-to-live come with part 2 and plug in here.
 */
export class PublishCommand implements InstanceCommand<string> {
  readonly kind = 'instance'

  constructor(
    private readonly valueType: 'MESSAGE' | 'SIGNAL',
    private readonly value: {
      name: string
      correlationKey: string | null
      timeToLive: number | null
      messageId: string | null
      variables: JsonObject
      tenantId: string
    }
  ) {}

  plan(): void {}

  check(): void {}

  execute(batch: BatchContext): string {
    const key = batch.key()
    batch.append(
      this.valueType,
      this.valueType === 'MESSAGE' ? 'PUBLISHED' : 'BROADCASTED',
      key,
      null,
      this.value
    )
    return key
  }
}

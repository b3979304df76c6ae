import { NotFoundError } from '../../errors.js'
import type { JsonObject } from '../../feel/feel_values.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import type { InstanceCommand, PrefetchPlan, Prefetched } from './engine_command.js'

/**
 * Sets variables on a scope (`PUT /v2/element-instances/{key}/variables`): propagated to where
 * each variable already lives (else to the process instance), or all local with `local`.
 */
export class SetVariablesCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(
    private readonly scopeKey: string,
    private readonly variables: JsonObject,
    private readonly local: boolean
  ) {}

  plan(plan: PrefetchPlan): void {
    plan.scopeKeys.add(this.scopeKey)
  }

  instanceKeys(_batch: BatchContext, prefetched: Prefetched): string[] {
    const owner = prefetched.scopeOwners.get(this.scopeKey)
    return owner ? [owner] : []
  }

  check(batch: BatchContext, prefetched: Prefetched): void {
    const owner = prefetched.scopeOwners.get(this.scopeKey)
    const instance = owner ? batch.state.instance(owner) : undefined
    if (!instance || instance.data.state !== 'ACTIVE' || !instance.element(this.scopeKey)) {
      throw new NotFoundError(
        `Expected to update variables for element with key '${this.scopeKey}', but no such element was found`
      )
    }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor, prefetched: Prefetched): void {
    const instance = batch.state.instance(prefetched.scopeOwners.get(this.scopeKey)!)!
    batch.append('VARIABLE_DOCUMENT', 'UPDATED', this.scopeKey, instance.key, {
      scopeKey: this.scopeKey,
      updateSemantics: this.local ? 'LOCAL' : 'PROPAGATE',
      variables: this.variables,
    })
    const variables = processor.behaviors.variables
    if (this.local) {
      variables.mergeLocal(instance, this.scopeKey, this.variables)
    } else {
      variables.mergePropagating(instance, this.scopeKey, this.variables)
    }
  }
}

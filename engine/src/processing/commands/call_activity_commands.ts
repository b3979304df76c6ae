import { definitionFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext, LoadedDefinition } from '../batch_context.js'
import { activateWithEvents, failed } from '../bpmn_element_processor.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import { contextOf } from '../element_context.js'
import {
  refKey,
  type DefinitionRef,
  type InstanceCommand,
  type PrefetchPlan,
  type Prefetched,
} from './engine_command.js'

/** What a call activity asks for once its process id is known. */
export interface CalledProcessRequest {
  processInstanceKey: string
  elementInstanceKey: string
  processId: string
  /** The child's business id. */
  businessId: string | null
  tenantId: string
  bindingType: 'latest' | 'deployment' | 'versionTag'
  versionTag: string | null
  /** The deployment of the calling process (binding `deployment`). */
  deploymentKey: string
}

/**
 * Internal follow-up of a call activity being activated: loads the called process by its
 * binding (the latest version, the version of the calling process's deployment, or the latest
 * version with a version tag), then activates the call activity and creates the child instance
 * in the same transaction — or raises a CALLED_ELEMENT_ERROR incident on the call activity.
 */
export class ActivateCallActivityCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  #definitionKey: string | null = null

  constructor(private readonly request: CalledProcessRequest) {}

  #ref(): DefinitionRef {
    return { tenantId: this.request.tenantId, bpmnProcessId: this.request.processId, version: null }
  }

  plan(plan: PrefetchPlan): void {
    plan.instanceKeys.add(this.request.processInstanceKey)
    if (this.request.bindingType === 'latest') {
      plan.definitionRefs.set(refKey(this.#ref()), this.#ref())
    }
  }

  async load(tx: StoreTransaction, _batch: BatchContext, prefetched: Prefetched): Promise<void> {
    const { bindingType, tenantId, processId } = this.request
    if (bindingType === 'latest') {
      this.#definitionKey =
        prefetched.definitionsByRef.get(refKey(this.#ref()))?.processDefinitionKey ?? null
      return
    }
    const where: Record<string, string | null> = {
      tenant_id: tenantId,
      bpmn_process_id: processId,
      deleted_at: null,
    }
    if (bindingType === 'deployment') {
      where.deployment_key = this.request.deploymentKey
    } else {
      where.version_tag = this.request.versionTag ?? ''
    }
    const rows = await tx.query('engine_process_definitions', {
      where,
      orderBy: [{ column: 'version', order: 'desc' }],
      limit: 1,
    })
    this.#definitionKey = rows[0] ? definitionFromRow(rows[0]).processDefinitionKey : null
  }

  definitionKeys(): string[] {
    return this.#definitionKey ? [this.#definitionKey] : []
  }

  check(): void {
    // internal: a call activity that moved on meanwhile is simply left alone
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const instance = batch.state.instance(this.request.processInstanceKey)
    const data = instance?.element(this.request.elementInstanceKey)
    if (!instance || instance.data.state !== 'ACTIVE' || data?.state !== 'ACTIVATING') {
      return
    }
    const behaviors = processor.behaviors
    const context = contextOf(
      instance,
      batch.definition(instance.data.processDefinitionKey),
      data,
      null
    )
    const loaded: LoadedDefinition | null = this.#definitionKey
      ? (batch.definitions.get(this.#definitionKey) ?? null)
      : null
    const called = behaviors.callActivities.checkCalled(context, this.request.processId, loaded)
    if (failed(called, context, behaviors)) {
      return
    }
    if (activateWithEvents(context, behaviors)) {
      behaviors.callActivities.createChild(context, called.value, this.request.businessId)
    }
  }
}

/**
 * Internal follow-up of a call activity terminated while its child instance was not loaded:
 * terminates the child (its end ends the call activity).
 */
export class TerminateChildInstanceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(private readonly childKey: string) {}

  plan(plan: PrefetchPlan): void {
    plan.instanceKeys.add(this.childKey)
  }

  check(): void {
    // internal: a child that already ended needs nothing
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const child = batch.state.instance(this.childKey)
    const root = child?.data.state === 'ACTIVE' ? child.element(child.key) : undefined
    if (child && root && root.state !== 'TERMINATING') {
      processor.behaviors.transitions.terminateElement(child, root)
    }
  }
}

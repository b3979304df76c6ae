import { createHash } from 'node:crypto'
import {
  AlreadyExistsError,
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
} from '../../errors.js'
import type { JsonObject } from '../../feel/feel_values.js'
import type { CreateProcessInstanceResult } from '../../port.js'
import type { BatchContext, LoadedDefinition } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import {
  refKey,
  type InstanceCommand,
  type PrefetchPlan,
  type Prefetched,
} from './engine_command.js'

/** A validated creation request. */
export interface CreateInstanceInput {
  processDefinitionKey: string | null
  bpmnProcessId: string | null
  version: number | null
  tenantId: string
  variables: JsonObject
  businessId: string | null
  startElementIds: string[]
  /** Called with the new instance key inside the batch (to await its completion). */
  onCreated?: (processInstanceKey: string) => void
}

/** The hash that makes a business id unique among the active instances of a process. */
export function businessHash(tenantId: string, bpmnProcessId: string, businessId: string): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${bpmnProcessId}\u0000${businessId}`)
    .digest('hex')
}

/**
 * Creates a process instance: its root scope gets the variables, then the process is activated
 * (at its none start event, or at the start instructions' elements).
 */
export class CreateProcessInstanceCommand implements InstanceCommand<CreateProcessInstanceResult> {
  readonly kind = 'instance'

  constructor(private readonly input: CreateInstanceInput) {}

  plan(plan: PrefetchPlan): void {
    if (this.input.processDefinitionKey !== null) {
      plan.definitionKeys.add(this.input.processDefinitionKey)
      plan.liveDefinitionKeys.add(this.input.processDefinitionKey)
    } else {
      const ref = {
        tenantId: this.input.tenantId,
        bpmnProcessId: this.input.bpmnProcessId!,
        version: this.input.version,
      }
      plan.definitionRefs.set(refKey(ref), ref)
    }
  }

  businessHashes(batch: BatchContext, prefetched: Prefetched): string[] {
    const definition = this.#definition(batch, prefetched)
    if (!definition || this.input.businessId === null) {
      return []
    }
    return [this.#hash(definition)]
  }

  check(batch: BatchContext, prefetched: Prefetched): void {
    const definition = this.#definition(batch, prefetched)
    if (!definition) {
      throw new NotFoundError(
        this.input.processDefinitionKey !== null
          ? `Expected to find process definition with key '${this.input.processDefinitionKey}', but none found`
          : `Expected to find process definition with process ID '${this.input.bpmnProcessId}'` +
              `${this.input.version !== null ? ` and version '${this.input.version}'` : ''}, but none found`
      )
    }
    const { executable } = definition
    for (const elementId of this.input.startElementIds) {
      const element = executable.elements.get(elementId)
      if (!element || element === executable.root) {
        throw new InvalidArgumentError(
          `Expected to find element with id '${elementId}' in process with key ` +
            `'${definition.definition.processDefinitionKey}', but no such element was found`
        )
      }
    }
    if (this.input.startElementIds.length === 0 && !executable.root.noneStartEvent) {
      throw new InvalidStateError(
        `Expected to create an instance of process '${executable.bpmnProcessId}' at its none ` +
          'start event, but the process has none'
      )
    }
    if (executable.businessIdUnique && this.input.businessId !== null) {
      const hash = this.#hash(definition)
      if (prefetched.takenBusinessHashes.has(hash)) {
        throw new AlreadyExistsError(
          `Expected to create an instance of process '${executable.bpmnProcessId}' with business id ` +
            `'${this.input.businessId}', but an active instance already has it`
        )
      }
    }
  }

  execute(
    batch: BatchContext,
    processor: BpmnStreamProcessor,
    prefetched: Prefetched
  ): CreateProcessInstanceResult {
    const loaded = this.#definition(batch, prefetched)!
    const { definition, executable } = loaded
    const unique = executable.businessIdUnique && this.input.businessId !== null
    const hash = unique ? this.#hash(loaded) : null
    if (hash) {
      // a second creation in the same batch sees this one
      prefetched.takenBusinessHashes.add(hash)
    }
    const key = processor.behaviors.creation.create(loaded, {
      variables: this.input.variables,
      businessId: this.input.businessId,
      uniqueBusinessKey: hash,
      startElementIds: this.input.startElementIds,
    })
    this.input.onCreated?.(key)
    return {
      processInstanceKey: key,
      processDefinitionKey: definition.processDefinitionKey,
      processDefinitionId: executable.bpmnProcessId,
      processDefinitionVersion: definition.version,
      tenantId: definition.tenantId,
      businessId: this.input.businessId,
    }
  }

  /** The definition to create an instance of; none when it was deleted (even in this batch). */
  #definition(batch: BatchContext, prefetched: Prefetched): LoadedDefinition | undefined {
    const key =
      this.input.processDefinitionKey ??
      prefetched.definitionsByRef.get(
        refKey({
          tenantId: this.input.tenantId,
          bpmnProcessId: this.input.bpmnProcessId!,
          version: this.input.version,
        })
      )?.processDefinitionKey
    const loaded = key === undefined ? undefined : batch.definitions.get(key)
    return loaded &&
      loaded.definition.tenantId === this.input.tenantId &&
      !batch.state.deletedDefinitions.has(loaded.definition.processDefinitionKey)
      ? loaded
      : undefined
  }

  #hash(definition: LoadedDefinition): string {
    return businessHash(
      definition.definition.tenantId,
      definition.executable.bpmnProcessId,
      this.input.businessId!
    )
  }
}

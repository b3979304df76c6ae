import type { ProcessInstanceIntent } from '../intents.js'
import type { ExecutableElement, ExecutableSequenceFlow } from '../model/executable.js'
import type { BatchContext, LoadedDefinition } from '../processing/batch_context.js'
import { elementRecordValue, type ElementContext } from '../processing/element_context.js'
import type { ElementInstanceData, ProcessInstance } from '../state/instance_state.js'

/** Called when an element instance ended inside a container, so the container can react. */
export type ChildEndedHandler = (
  instance: ProcessInstance,
  definition: LoadedDefinition,
  flowScopeKey: string
) => void

/**
 * Moves element instances through their lifecycle (writing the lifecycle records, checked
 * against the transition table by the appliers), takes sequence flows and queues the element
 * commands that continue the instance: activating the next elements, completing, terminating.
 */
export class StateTransitionBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly onChildEnded: ChildEndedHandler
  ) {}

  /** Writes a lifecycle event for the element instance being processed. */
  transition(context: ElementContext, intent: ProcessInstanceIntent): void {
    this.batch.append(
      'PROCESS_INSTANCE',
      intent,
      context.key,
      context.instance.key,
      elementRecordValue(
        context.instance,
        context.definition,
        context.element,
        context.flowScopeKey
      )
    )
  }

  /** Queues the activation of an element in a container instance; returns its new key. */
  activateElement(
    instance: ProcessInstance,
    element: ExecutableElement,
    flowScopeKey: string,
    options: { viaFlow?: boolean; startElementIds?: string[] } = {}
  ): string {
    const key = this.batch.key()
    this.batch.queue.push({
      intent: 'ACTIVATE_ELEMENT',
      processInstanceKey: instance.key,
      elementInstanceKey: key,
      elementId: element.id,
      flowScopeKey,
      ...options,
    })
    return key
  }

  /** Queues the completion of the element instance being processed. */
  completeElement(context: ElementContext): void {
    this.batch.queue.push({
      intent: 'COMPLETE_ELEMENT',
      processInstanceKey: context.instance.key,
      elementInstanceKey: context.key,
      elementId: context.element.id,
      flowScopeKey: context.flowScopeKey,
    })
  }

  /** Queues the termination of a live element instance. */
  terminateElement(instance: ProcessInstance, element: ElementInstanceData): void {
    this.batch.queue.push({
      intent: 'TERMINATE_ELEMENT',
      processInstanceKey: instance.key,
      elementInstanceKey: element.key,
      elementId: element.elementId,
      flowScopeKey: element.flowScopeKey,
    })
  }

  /** Queues the termination of every live child of a container instance (but `except`). */
  terminateChildren(instance: ProcessInstance, flowScopeKey: string, except?: string): void {
    for (const child of instance.children(flowScopeKey)) {
      if (child.key !== except && child.state !== 'TERMINATING') {
        this.terminateElement(instance, child)
      }
    }
  }

  /** Takes sequence flows from the element being processed and activates their targets. */
  takeSequenceFlows(context: ElementContext, flows: ExecutableSequenceFlow[]): void {
    const flowScopeKey = context.flowScopeKey!
    for (const flow of flows) {
      this.batch.append(
        'PROCESS_INSTANCE',
        'SEQUENCE_FLOW_TAKEN',
        this.batch.key(),
        context.instance.key,
        {
          ...elementRecordValue(
            context.instance,
            context.definition,
            context.element,
            flowScopeKey
          ),
          elementId: flow.id,
          bpmnElementType: 'SEQUENCE_FLOW',
          bpmnEventType: 'UNSPECIFIED',
          sourceElementId: flow.source.id,
          targetElementId: flow.target.id,
        }
      )
      this.activateElement(context.instance, flow.target, flowScopeKey, { viaFlow: true })
    }
  }

  /**
   * Completes the element instance being processed (it is COMPLETING), takes the given flows
   * and lets its container react.
   */
  completeAndContinue(context: ElementContext, flows: ExecutableSequenceFlow[]): void {
    this.transition(context, 'ELEMENT_COMPLETED')
    if (context.flowScopeKey !== null) {
      this.takeSequenceFlows(context, flows)
      this.onChildEnded(context.instance, context.definition, context.flowScopeKey)
    }
  }

  /** Terminates the element instance being processed (it is TERMINATING) and notifies its container. */
  terminated(context: ElementContext): void {
    this.transition(context, 'ELEMENT_TERMINATED')
    if (context.flowScopeKey !== null) {
      this.onChildEnded(context.instance, context.definition, context.flowScopeKey)
    }
  }
}

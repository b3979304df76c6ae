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

/** Called when a process instance ended (completed or terminated). */
export type InstanceEndedHandler = (instance: ProcessInstance) => void

/** What happens around transitions that other behaviors decide. */
export interface TransitionHooks {
  childEnded: ChildEndedHandler
  instanceEnded: InstanceEndedHandler
  /**
   * An element terminated: when an interrupting boundary event caught something, it runs now
   * in the element's flow scope and the hook returns `true` (the flow scope is not told).
   */
  interrupted: (context: ElementContext) => boolean
}

/**
 * Moves element instances through their lifecycle (writing the lifecycle records, checked
 * against the transition table by the appliers), takes sequence flows and queues the element
 * commands that continue the instance: activating the next elements, completing, terminating.
 */
export class StateTransitionBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly hooks: TransitionHooks
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

  /**
   * Queues the activation of an element in a container instance; returns its key (a new one,
   * or `options.key` for an element whose key was given to its event beforehand).
   */
  activateElement(
    instance: ProcessInstance,
    element: ExecutableElement,
    flowScopeKey: string,
    options: {
      viaFlow?: boolean
      startElementIds?: string[]
      startKeys?: Record<string, string>
      key?: string
    } = {}
  ): string {
    const { key = this.batch.key(), ...rest } = options
    this.batch.queue.push({
      intent: 'ACTIVATE_ELEMENT',
      processInstanceKey: instance.key,
      elementInstanceKey: key,
      elementId: element.id,
      flowScopeKey,
      ...rest,
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
    for (const flow of flows) {
      this.recordSequenceFlow(context, flow)
      this.activateElement(context.instance, flow.target, context.flowScopeKey!, { viaFlow: true })
    }
  }

  /** Records a sequence flow taken (a token waits on it for its target). */
  recordSequenceFlow(context: ElementContext, flow: ExecutableSequenceFlow): void {
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
          context.flowScopeKey
        ),
        elementId: flow.id,
        bpmnElementType: 'SEQUENCE_FLOW',
        bpmnEventType: 'UNSPECIFIED',
        sourceElementId: flow.source.id,
        targetElementId: flow.target.id,
      }
    )
  }

  /**
   * Starts activating an element in a container directly (ELEMENT_ACTIVATING now, the rest by
   * its processor from the queue): a link throw event continues at its catch event this way,
   * without a flow between them and without the container ending in between.
   */
  beginActivation(
    instance: ProcessInstance,
    definition: LoadedDefinition,
    element: ExecutableElement,
    flowScopeKey: string
  ): void {
    const key = this.batch.key()
    this.batch.append(
      'PROCESS_INSTANCE',
      'ELEMENT_ACTIVATING',
      key,
      instance.key,
      elementRecordValue(instance, definition, element, flowScopeKey)
    )
    this.activateElement(instance, element, flowScopeKey, { key })
  }

  /**
   * Completes the element instance being processed (it is COMPLETING), takes the given flows
   * and lets its container react.
   */
  completeAndContinue(
    context: ElementContext,
    flows: ExecutableSequenceFlow[],
    link: ExecutableElement | null = null
  ): void {
    this.transition(context, 'ELEMENT_COMPLETED')
    if (context.flowScopeKey !== null) {
      this.takeSequenceFlows(context, flows)
      if (link) {
        this.beginActivation(context.instance, context.definition, link, context.flowScopeKey)
      }
      this.hooks.childEnded(context.instance, context.definition, context.flowScopeKey)
    } else {
      this.hooks.instanceEnded(context.instance)
    }
  }

  /**
   * Terminates the element instance being processed (it is TERMINATING): an interrupting
   * boundary event that caught something runs now; otherwise its container is notified.
   */
  terminated(context: ElementContext): void {
    this.transition(context, 'ELEMENT_TERMINATED')
    if (context.flowScopeKey === null) {
      this.hooks.instanceEnded(context.instance)
    } else if (!this.hooks.interrupted(context)) {
      this.hooks.childEnded(context.instance, context.definition, context.flowScopeKey)
    }
  }
}

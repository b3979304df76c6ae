import { BpmnBehaviors } from '../behaviors/bpmn_behaviors.js'
import { MissingStateError } from '../errors.js'
import {
  elementOfInstance,
  isInclusiveJoin,
  isParallelJoin,
  type ExecutableElement,
} from '../model/executable.js'
import type { ElementInstanceData, ProcessInstance } from '../state/instance_state.js'
import type { BatchContext, ElementCommand, LoadedDefinition } from './batch_context.js'
import type { BpmnElementProcessor } from './bpmn_element_processor.js'
import { BPMN_PROCESSORS } from './bpmn_processors.js'
import { contextOf, type ElementContext } from './element_context.js'
import { canActivateInclusiveJoin } from './gateways/inclusive_gateway_processor.js'
import {
  CorrelateBufferedMessagesCommand,
  CorrelateNextBufferedStartCommand,
} from './commands/message_commands.js'

/**
 * Processes the element commands of a batch (ACTIVATE_ELEMENT, COMPLETE_ELEMENT,
 * TERMINATE_ELEMENT) in FIFO order until the instances reach wait states, dispatching each to
 * the processor of the element's type. A command that no longer applies (its element already
 * ended, its container is gone, a join whose tokens were consumed) is dropped.
 */
export class BpmnStreamProcessor {
  readonly behaviors: BpmnBehaviors

  constructor(private readonly batch: BatchContext) {
    this.behaviors = new BpmnBehaviors(batch, {
      childEnded: (instance, definition, flowScopeKey) =>
        this.#childEnded(instance, definition, flowScopeKey),
      messageSubscriptionOpened: (instance, subscriptionKey) =>
        CorrelateBufferedMessagesCommand.lookUp(batch, instance.key, subscriptionKey),
      instanceEnded: (instance) => {
        this.behaviors.callActivities.childEnded(instance)
        const correlation = instance.data.startCorrelation
        if (correlation) {
          batch.followUps.push(
            new CorrelateNextBufferedStartCommand(
              instance.data.tenantId,
              instance.data.bpmnProcessId,
              correlation.correlationKey
            )
          )
        }
      },
    })
  }

  /**
   * Processes queued element commands until none is left; then looks at the variables that
   * changed (conditional events), which may queue more, and so on.
   */
  drain(): void {
    const queue = this.batch.queue
    for (let round = 0; ; round++) {
      let index = 0
      while (index < queue.length) {
        this.#process(queue[index++])
      }
      queue.length = 0
      if (!this.behaviors.triggers.evaluateVariableChanges(round)) {
        return
      }
    }
  }

  #process(command: ElementCommand): void {
    const instance = this.batch.state.instance(command.processInstanceKey)
    if (!instance || instance.data.state !== 'ACTIVE') {
      return
    }
    const definition = this.batch.definition(instance.data.processDefinitionKey)
    const element = elementOfInstance(definition.executable, {
      elementId: command.elementId,
      flowScopeKey: command.flowScopeKey,
      // the inner activity of a multi-instance body runs in the body (same element id)
      type:
        command.flowScopeKey !== null &&
        instance.element(command.flowScopeKey)?.elementId === command.elementId
          ? 'TASK'
          : 'MULTI_INSTANCE_BODY',
    })
    if (!element) {
      throw new MissingStateError(
        `Expected element '${command.elementId}' in process '${definition.executable.bpmnProcessId}', but it does not exist`,
        instance.key,
        command.elementId
      )
    }
    const existing = instance.element(command.elementInstanceKey)
    switch (command.intent) {
      case 'ACTIVATE_ELEMENT':
        if (existing) {
          if (existing.state === 'ACTIVATING') {
            this.#processor(element).onActivate(
              contextOf(instance, definition, existing, command),
              this.behaviors
            )
          }
          return
        }
        this.#activate(instance, definition, element, command)
        return
      case 'COMPLETE_ELEMENT':
        if (existing?.state === 'ACTIVATED') {
          const context = contextOf(instance, definition, existing, command)
          this.behaviors.transitions.transition(context, 'ELEMENT_COMPLETING')
          this.behaviors.catchEvents.unsubscribe(instance, existing.key)
          this.#processor(element).onComplete(context, this.behaviors)
        } else if (existing?.state === 'COMPLETING') {
          this.#processor(element).onComplete(
            contextOf(instance, definition, existing, command),
            this.behaviors
          )
        }
        return
      case 'TERMINATE_ELEMENT':
        if (
          existing &&
          (existing.state === 'ACTIVATING' ||
            existing.state === 'ACTIVATED' ||
            existing.state === 'COMPLETING')
        ) {
          const context = contextOf(instance, definition, existing, command)
          this.behaviors.transitions.transition(context, 'ELEMENT_TERMINATING')
          this.behaviors.catchEvents.unsubscribe(instance, existing.key)
          this.#processor(element).onTerminate(context, this.behaviors)
        }
        return
    }
  }

  #activate(
    instance: ProcessInstance,
    definition: LoadedDefinition,
    element: ExecutableElement,
    command: ElementCommand
  ): void {
    if (command.flowScopeKey !== null) {
      const scope = instance.element(command.flowScopeKey)
      if (!scope || scope.state !== 'ACTIVATED') {
        return
      }
      if (scope.interruptingEvent && scope.interruptingEvent.key !== command.elementInstanceKey) {
        // an interrupted container starts nothing but the event sub-process that interrupted it
        return
      }
      if (command.viaFlow && !this.#hasTokens(instance, scope, element)) {
        return
      }
    }
    const pending: ElementContext = {
      instance,
      definition,
      element,
      key: command.elementInstanceKey,
      flowScopeKey: command.flowScopeKey,
      data: undefined as unknown as ElementInstanceData,
      command,
    }
    this.behaviors.transitions.transition(pending, 'ELEMENT_ACTIVATING')
    const data = instance.element(command.elementInstanceKey)!
    this.#processor(element).onActivate({ ...pending, data }, this.behaviors)
  }

  /** Whether the tokens that should bring this element are (still) there. */
  #hasTokens(instance: ProcessInstance, scope: ElementInstanceData, element: ExecutableElement) {
    const tokens = scope.tokens?.[element.id]
    if (!tokens) {
      return false
    }
    if (isParallelJoin(element)) {
      return element.incoming.every((flow) => (tokens[flow.id] ?? 0) > 0)
    }
    if (isInclusiveJoin(element)) {
      return canActivateInclusiveJoin(instance, scope, element)
    }
    return true
  }

  #childEnded(instance: ProcessInstance, definition: LoadedDefinition, flowScopeKey: string): void {
    const data = instance.element(flowScopeKey)
    if (!data) {
      return
    }
    const context = contextOf(instance, definition, data, null)
    this.#processor(context.element).onChildEnded?.(context, this.behaviors)
  }

  #processor(element: ExecutableElement): BpmnElementProcessor {
    const processor = BPMN_PROCESSORS[element.type]
    if (!processor) {
      throw new MissingStateError(
        `Expected a processor for element type ${element.type}, but there is none`,
        undefined,
        element.id
      )
    }
    return processor
  }
}

import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import type { ExecutableElement } from '../../model/executable.js'
import {
  activateWithEvents,
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * The process, embedded sub-processes and event sub-processes: activating opens the waits of
 * their event sub-processes (and a sub-process's boundary events), then starts the none start
 * event, the elements of start instructions, or the start event an event started it for (an
 * event sub-process; a process started by a timer, message or signal). The container completes
 * when nothing runs inside and no token waits; terminating terminates every child first. When
 * an interrupting event sub-process caught something, it starts once the rest has ended.
 */
export const containerProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    if (!activateWithEvents(context, behaviors)) {
      return
    }
    if (
      (context.element.type === 'EVENT_SUB_PROCESS' || context.flowScopeKey === null) &&
      behaviors.triggers.startTriggeredStartEvent(context)
    ) {
      return
    }
    const startElementIds = context.command?.startElementIds
    if (startElementIds && startElementIds.length > 0) {
      startAt(context, behaviors, startElementIds)
    } else if (context.element.noneStartEvent) {
      behaviors.transitions.activateElement(
        context.instance,
        context.element.noneStartEvent,
        context.key
      )
    }
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    behaviors.incidents.resolveIncidents(context)
    if (context.data.childCount === 0) {
      behaviors.transitions.terminated(context)
    } else {
      behaviors.transitions.terminateChildren(context.instance, context.key)
    }
  },

  onChildEnded(context: ElementContext, behaviors: BpmnBehaviors): void {
    const { data, instance } = context
    if (data.state === 'TERMINATING') {
      if (data.childCount === 0) {
        behaviors.transitions.terminated(context)
      }
      return
    }
    if (data.state !== 'ACTIVATED') {
      return
    }
    const interruption = data.interruptingEvent
    if (interruption && !interruption.started) {
      // an interrupting event sub-process waits until everything else here has ended
      if (data.childCount === 0) {
        const start = context.definition.executable.elements.get(interruption.elementId)
        if (start?.flowScope?.type === 'EVENT_SUB_PROCESS') {
          behaviors.transitions.activateElement(instance, start.flowScope, context.key, {
            key: interruption.key,
          })
        }
      }
      return
    }
    if (instance.isEmpty(context.key)) {
      behaviors.transitions.completeElement(context)
      return
    }
    // an ended path may free an inclusive join waiting for it
    for (const join of context.element.inclusiveJoins) {
      if (data.tokens?.[join.id]) {
        behaviors.transitions.activateElement(instance, join, context.key, { viaFlow: true })
      }
    }
  },
}

/**
 * Starts a container at given elements: elements directly inside are activated; for elements
 * deeper down, the sub-process on the way is activated with the rest of the path.
 */
function startAt(context: ElementContext, behaviors: BpmnBehaviors, elementIds: string[]): void {
  const elements = context.definition.executable.elements
  const byChild = new Map<ExecutableElement, string[]>()
  for (const id of elementIds) {
    let child = elements.get(id)!
    while (child.flowScope && child.flowScope !== context.element) {
      child = child.flowScope
    }
    const list = byChild.get(child) ?? []
    if (child.id !== id) {
      list.push(id)
    }
    byChild.set(child, list)
  }
  const startKeys = context.command?.startKeys
  for (const [child, deeper] of byChild) {
    behaviors.transitions.activateElement(context.instance, child, context.key, {
      startElementIds: deeper,
      ...(startKeys ? { startKeys, key: startKeys[child.id] } : {}),
    })
  }
}

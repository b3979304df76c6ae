import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import type { ExecutableElement } from '../../model/executable.js'
import {
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'

/**
 * The process and embedded sub-processes: activating starts the none start event (or the
 * elements of start instructions); the container completes when nothing runs inside and no
 * token waits; terminating terminates every child first.
 */
export const containerProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
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
  for (const [child, deeper] of byChild) {
    behaviors.transitions.activateElement(context.instance, child, context.key, {
      startElementIds: deeper,
    })
  }
}

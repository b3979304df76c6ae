import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { activateWithEvents, failed, type BpmnElementProcessor } from '../bpmn_element_processor.js'
import type { ElementContext } from '../element_context.js'
import { containerProcessor } from './container_processor.js'

/**
 * The multi-instance body (see `MultiInstanceBehavior`): it holds the boundary events of the
 * activity, runs the inner instances, completes when all completed (at once for an empty
 * collection) or when the completion condition held, and propagates the output collection.
 * Terminating it terminates every inner instance first.
 */
export const multiInstanceBodyProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const collection = behaviors.multiInstance.inputCollection(context)
    if (failed(collection, context, behaviors)) {
      return
    }
    behaviors.multiInstance.initOutputCollection(context, collection.value.length)
    if (!activateWithEvents(context, behaviors)) {
      return
    }
    if (collection.value.length === 0) {
      behaviors.transitions.completeElement(context)
      return
    }
    const items = context.element.loop!.sequential ? collection.value.slice(0, 1) : collection.value
    items.forEach((item, index) => behaviors.multiInstance.createInner(context, item, index))
  },

  onComplete(context: ElementContext, behaviors: BpmnBehaviors): void {
    const name = context.element.loop!.outputCollection
    const output = name ? context.instance.localVariables(context.key)[name] : undefined
    if (name && output && context.flowScopeKey !== null) {
      behaviors.variables.mergePropagating(context.instance, context.flowScopeKey, {
        [name]: output.value,
      })
    }
    const flows = behaviors.flows.activity(context)
    if (failed(flows, context, behaviors)) {
      return
    }
    behaviors.transitions.completeAndContinue(context, flows.value)
  },

  onTerminate: containerProcessor.onTerminate,

  onChildEnded(context: ElementContext, behaviors: BpmnBehaviors): void {
    const { data } = context
    if (data.state === 'TERMINATING') {
      if (data.childCount === 0) {
        behaviors.transitions.terminated(context)
      }
      return
    }
    if (data.state !== 'ACTIVATED') {
      return
    }
    const fulfilled = behaviors.multiInstance.takeFulfilled(context.key)
    if (fulfilled || !context.element.loop!.sequential) {
      if (data.childCount === 0) {
        behaviors.transitions.completeElement(context)
      }
      return
    }
    // sequential: the next item, if any (the collection is read again, as Zeebe does)
    const collection = behaviors.multiInstance.inputCollection(context)
    if (failed(collection, context, behaviors)) {
      return
    }
    const next = data.loop?.created ?? 0
    if (next < collection.value.length) {
      behaviors.multiInstance.createInner(context, collection.value[next], next)
    } else if (data.childCount === 0) {
      behaviors.transitions.completeElement(context)
    }
  },
}

import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import { scopeLookup } from '../../behaviors/expression_behavior.js'
import type { JsonObject } from '../../feel/feel_values.js'
import type { Expression } from '../../feel/expression_language.js'
import { failed } from '../bpmn_element_processor.js'
import { BroadcastSignalCommand } from '../commands/signal_commands.js'
import type { ElementContext } from '../element_context.js'

/** Whether an intermediate throw or end event throws a signal, an escalation or an error. */
export function throwsEvent(context: ElementContext): boolean {
  const { element } = context
  return !!(element.signalName || element.escalationCode || element.errorCode)
}

/**
 * Activates a signal, escalation or error throw event (intermediate or end):
 * - a signal is broadcast (to every instance, as a follow-up in the same transaction) with the
 *   event's local variables (its input mappings), then the event completes;
 * - an escalation goes to the nearest catch event outwards (ESCALATED) or to none
 *   (NOT_ESCALATED, no incident); the event completes unless an interrupting catch ends it;
 * - an error (end events) goes to the nearest catch event outwards, which ends the scopes on
 *   the way; an error nothing catches is an UNHANDLED_ERROR_EVENT incident on the end event.
 */
export function activateThrowEvent(context: ElementContext, behaviors: BpmnBehaviors): void {
  const input = behaviors.mappings.applyInputMappings(context)
  if (failed(input, context, behaviors)) {
    return
  }
  const { element, instance } = context
  const name = evaluateName(
    context,
    behaviors,
    element.signalName ?? element.escalationCode ?? element.errorCode!
  )
  if (failed(name, context, behaviors)) {
    return
  }
  if (element.signalName) {
    behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
    const variables: JsonObject = {}
    for (const [variable, data] of Object.entries(instance.localVariables(context.key))) {
      variables[variable] = data.value
    }
    behaviors.batch.followUps.push(
      new BroadcastSignalCommand({ name: name.value, variables, tenantId: instance.data.tenantId })
    )
    behaviors.transitions.completeElement(context)
    return
  }
  if (element.escalationCode) {
    behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
    if (behaviors.publications.throwEscalation(context, name.value)) {
      behaviors.transitions.completeElement(context)
    }
    return
  }
  const thrown = behaviors.publications.throwError(
    instance,
    context.flowScopeKey,
    name.value,
    null,
    {},
    () => behaviors.transitions.transition(context, 'ELEMENT_ACTIVATED')
  )
  failed(thrown, context, behaviors)
}

function evaluateName(context: ElementContext, behaviors: BpmnBehaviors, expression: Expression) {
  return behaviors.batch.services.language.evaluateString(
    expression,
    scopeLookup(context.instance, context.key),
    'EXTRACT_VALUE_ERROR'
  )
}

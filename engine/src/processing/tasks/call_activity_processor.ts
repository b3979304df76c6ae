import type { BpmnBehaviors } from '../../behaviors/bpmn_behaviors.js'
import {
  completeWithOutputs,
  failed,
  type BpmnElementProcessor,
} from '../bpmn_element_processor.js'
import {
  ActivateCallActivityCommand,
  TerminateChildInstanceCommand,
} from '../commands/call_activity_commands.js'
import type { ElementContext } from '../element_context.js'

/**
 * Call activities: activation applies the input mappings and evaluates the process id, then a
 * follow-up in the same transaction loads the called process (by its binding), activates the
 * call activity and creates the child instance. The child's completion completes the call
 * activity (output mappings see the child's variables); terminating the call activity
 * terminates the child first.
 */
export const callActivityProcessor: BpmnElementProcessor = {
  onActivate(context: ElementContext, behaviors: BpmnBehaviors): void {
    const input = behaviors.mappings.applyInputMappings(context)
    if (failed(input, context, behaviors)) {
      return
    }
    const call = behaviors.callActivities.evaluateCall(context)
    if (failed(call, context, behaviors)) {
      return
    }
    const called = context.element.calledElement!
    behaviors.batch.followUps.push(
      new ActivateCallActivityCommand({
        processInstanceKey: context.instance.key,
        elementInstanceKey: context.key,
        processId: call.value.processId,
        businessId: call.value.businessId,
        tenantId: context.instance.data.tenantId,
        bindingType: called.bindingType,
        versionTag: called.versionTag,
        deploymentKey: context.definition.definition.deploymentKey,
      })
    )
  },

  onComplete: completeWithOutputs,

  onTerminate(context: ElementContext, behaviors: BpmnBehaviors): void {
    behaviors.incidents.resolveIncidents(context)
    const waiting = behaviors.callActivities.terminateChild(context, (childKey) =>
      behaviors.batch.followUps.push(new TerminateChildInstanceCommand(childKey))
    )
    if (!waiting) {
      behaviors.transitions.terminated(context)
    }
  },
}

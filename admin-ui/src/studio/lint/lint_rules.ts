/**
 * The bpmnlint rules the studio runs in the browser, imported one by one
 * (bpmnlint's CLI would pack them the same way): Camunda 8.8 compatibility
 * from bpmnlint-plugin-camunda-compat, and a few of bpmnlint's own
 * modelling rules. Which rule runs at which level is decided in
 * lint_config.ts.
 */
import compatImplementation from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/implementation'
import compatCalledElement from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/called-element'
import compatDuplicateTaskHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-task-headers'
import compatElementType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/element-type'
import compatErrorReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/error-reference'
import compatEventBasedGatewayTarget from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/event-based-gateway-target'
import compatExecutableProcess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/executable-process'
import compatLoopCharacteristics from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/loop-characteristics'
import compatMessageReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/message-reference'
import compatIoMapping from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/io-mapping'
import compatNoBusinessId from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-business-id'
import compatNoCancelExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-cancel-execution-listener'
import compatNoExecutionListenerHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listener-headers'
import compatNoExpression from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-expression'
import compatNoJobPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-job-priority-definition'
import compatNoLoop from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-loop'
import compatNoMultipleNoneStartEvents from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-multiple-none-start-events'
import compatSequenceFlowCondition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/sequence-flow-condition'
import compatStartEventForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/start-event-form'
import compatSubscription from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/subscription'
import compatTimer from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/timer'
import compatUserTaskDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-definition'
import compatUserTaskForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-form'
import compatVariableName from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/variable-name'
import compatFeel from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel'
import compatFeelCompatibility from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel-compatibility'
import compatConnectorProperties from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/connector-properties'
import compatEscalationBoundaryEventAttachedToRef from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-boundary-event-attached-to-ref'
import compatEscalationReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-reference'
import compatLinkEvent from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/link-event'
import compatTaskSchedule from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/task-schedule'
import compatSecrets from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/secrets'
import compatSignalReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/signal-reference'
import compatWaitForCompletion from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/wait-for-completion'
import compatDuplicateExecutionListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-execution-listeners'
import compatExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/execution-listener'
import compatNoBeforeAllExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-before-all-execution-listener'
import compatPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/priority-definition'
import compatVersionTag from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/version-tag'
import compatAdHocSubProcess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/ad-hoc-sub-process'
import compatNoInterruptingEventSubprocess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-interrupting-event-subprocess'
import compatAgentToolDocumentation from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/agent-tool-documentation'
import compatAgentToolOutputKey from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/agent-tool-output-key'
import compatAgentFromaiContract from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/agent-fromai-contract'
import compatTaskListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/task-listener'
import coreStartEventRequired from 'bpmnlint/rules/start-event-required'
import coreEndEventRequired from 'bpmnlint/rules/end-event-required'
import coreNoDisconnected from 'bpmnlint/rules/no-disconnected'
import coreNoDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows'
import coreFakeJoin from 'bpmnlint/rules/fake-join'
import coreSuperfluousGateway from 'bpmnlint/rules/superfluous-gateway'

/** bpmnlint-plugin-camunda-compat rules by name. */
export const COMPAT_RULES: Record<string, unknown> = {
  'implementation': compatImplementation,
  'called-element': compatCalledElement,
  'duplicate-task-headers': compatDuplicateTaskHeaders,
  'element-type': compatElementType,
  'error-reference': compatErrorReference,
  'event-based-gateway-target': compatEventBasedGatewayTarget,
  'executable-process': compatExecutableProcess,
  'loop-characteristics': compatLoopCharacteristics,
  'message-reference': compatMessageReference,
  'io-mapping': compatIoMapping,
  'no-business-id': compatNoBusinessId,
  'no-cancel-execution-listener': compatNoCancelExecutionListener,
  'no-execution-listener-headers': compatNoExecutionListenerHeaders,
  'no-expression': compatNoExpression,
  'no-job-priority-definition': compatNoJobPriorityDefinition,
  'no-loop': compatNoLoop,
  'no-multiple-none-start-events': compatNoMultipleNoneStartEvents,
  'sequence-flow-condition': compatSequenceFlowCondition,
  'start-event-form': compatStartEventForm,
  'subscription': compatSubscription,
  'timer': compatTimer,
  'user-task-definition': compatUserTaskDefinition,
  'user-task-form': compatUserTaskForm,
  'variable-name': compatVariableName,
  'feel': compatFeel,
  'feel-compatibility': compatFeelCompatibility,
  'connector-properties': compatConnectorProperties,
  'escalation-boundary-event-attached-to-ref': compatEscalationBoundaryEventAttachedToRef,
  'escalation-reference': compatEscalationReference,
  'link-event': compatLinkEvent,
  'task-schedule': compatTaskSchedule,
  'secrets': compatSecrets,
  'signal-reference': compatSignalReference,
  'wait-for-completion': compatWaitForCompletion,
  'duplicate-execution-listeners': compatDuplicateExecutionListeners,
  'execution-listener': compatExecutionListener,
  'no-before-all-execution-listener': compatNoBeforeAllExecutionListener,
  'priority-definition': compatPriorityDefinition,
  'version-tag': compatVersionTag,
  'ad-hoc-sub-process': compatAdHocSubProcess,
  'no-interrupting-event-subprocess': compatNoInterruptingEventSubprocess,
  'agent-tool-documentation': compatAgentToolDocumentation,
  'agent-tool-output-key': compatAgentToolOutputKey,
  'agent-fromai-contract': compatAgentFromaiContract,
  'task-listener': compatTaskListener,
}

/** bpmnlint core rules by name. */
export const CORE_RULES: Record<string, unknown> = {
  'start-event-required': coreStartEventRequired,
  'end-event-required': coreEndEventRequired,
  'no-disconnected': coreNoDisconnected,
  'no-duplicate-sequence-flows': coreNoDuplicateSequenceFlows,
  'fake-join': coreFakeJoin,
  'superfluous-gateway': coreSuperfluousGateway,
}

/**
 * The parts of the bpmn-moddle object tree the engine reads. bpmn-moddle builds plain objects
 * with a `$type`; these interfaces name the properties we use so the validator and transformer
 * stay typed. Nothing outside `model/` sees them: runtime works on `Executable*` objects only.
 */

/** Any moddle element. */
export interface ModdleElement {
  $type: string
  $parent?: ModdleElement
  id?: string
  name?: string
}

/** `<bpmn:extensionElements>`. */
export interface ModdleExtensionElements extends ModdleElement {
  values?: ModdleElement[]
}

/** Anything that can carry extension elements. */
export interface ModdleBaseElement extends ModdleElement {
  extensionElements?: ModdleExtensionElements
}

/** `<bpmn:definitions>`. */
export interface ModdleDefinitions extends ModdleElement {
  rootElements?: ModdleElement[]
}

/** `<bpmn:process>` and `<bpmn:subProcess>` share the flow element container. */
export interface ModdleFlowContainer extends ModdleBaseElement {
  flowElements?: ModdleFlowElement[]
}

/** `<bpmn:process>`. */
export interface ModdleProcess extends ModdleFlowContainer {
  isExecutable?: boolean
}

/** `<bpmn:formalExpression>` (conditions). */
export interface ModdleExpression extends ModdleElement {
  body?: string
}

/** A flow node or sequence flow inside a container. */
export interface ModdleFlowElement extends ModdleFlowContainer {
  incoming?: ModdleSequenceFlow[]
  outgoing?: ModdleSequenceFlow[]
  default?: ModdleSequenceFlow
  eventDefinitions?: ModdleElement[]
  loopCharacteristics?: ModdleElement
  triggeredByEvent?: boolean
  isForCompensation?: boolean
  attachedToRef?: ModdleFlowElement
  /** Boundary events: interrupting (default) or not. */
  cancelActivity?: boolean
  /** Start events of event sub-processes: interrupting (default) or not. */
  isInterrupting?: boolean
  /** Receive tasks: the message they wait for. */
  messageRef?: ModdleMessage
}

/** `<bpmn:message>`, `<bpmn:signal>`: a named root element events refer to. */
export interface ModdleMessage extends ModdleBaseElement {
  name?: string
}

/** `<bpmn:error>`. */
export interface ModdleError extends ModdleElement {
  errorCode?: string
}

/** `<bpmn:escalation>`. */
export interface ModdleEscalation extends ModdleElement {
  escalationCode?: string
}

/** The event definitions the engine reads, in one shape (each uses its own properties). */
export interface ModdleEventDefinition extends ModdleBaseElement {
  /** Timer: exactly one of these. */
  timeDate?: ModdleExpression
  timeDuration?: ModdleExpression
  timeCycle?: ModdleExpression
  /** Message and signal: the referenced root element. */
  messageRef?: ModdleMessage
  signalRef?: ModdleMessage
  errorRef?: ModdleError
  escalationRef?: ModdleEscalation
  /** Conditional. */
  condition?: ModdleExpression
}

/** `<zeebe:subscription>` (the correlation key of message catch events). */
export interface ZeebeSubscription extends ModdleElement {
  correlationKey?: string
}

/** `<zeebe:conditionalFilter>` on a conditional event definition. */
export interface ZeebeConditionalFilter extends ModdleElement {
  variableNames?: string
  variableEvents?: string
}

/** `<bpmn:sequenceFlow>`. */
export interface ModdleSequenceFlow extends ModdleFlowElement {
  sourceRef?: ModdleFlowElement
  targetRef?: ModdleFlowElement
  conditionExpression?: ModdleExpression
}

/** `<zeebe:taskDefinition>`. */
export interface ZeebeTaskDefinition extends ModdleElement {
  type?: string
  retries?: string
}

/** `<zeebe:input>` / `<zeebe:output>`. */
export interface ZeebeMapping extends ModdleElement {
  source?: string
  target?: string
}

/** `<zeebe:ioMapping>`. */
export interface ZeebeIoMapping extends ModdleElement {
  inputParameters?: ZeebeMapping[]
  outputParameters?: ZeebeMapping[]
}

/** `<zeebe:taskHeaders>`. */
export interface ZeebeTaskHeaders extends ModdleElement {
  values?: Array<ModdleElement & { key?: string; value?: string }>
}

/** `<zeebe:script>`. */
export interface ZeebeScript extends ModdleElement {
  expression?: string
  resultVariable?: string
}

/** `<zeebe:assignmentDefinition>`. */
export interface ZeebeAssignmentDefinition extends ModdleElement {
  assignee?: string
  candidateGroups?: string
  candidateUsers?: string
}

/** `<zeebe:taskSchedule>`. */
export interface ZeebeTaskSchedule extends ModdleElement {
  dueDate?: string
  followUpDate?: string
}

/** `<zeebe:priorityDefinition>` and `<zeebe:jobPriorityDefinition>`. */
export interface ZeebePriorityDefinition extends ModdleElement {
  priority?: string
}

/** `<zeebe:formDefinition>`. */
export interface ZeebeFormDefinition extends ModdleElement {
  formKey?: string
  formId?: string
  externalReference?: string
  bindingType?: string
  versionTag?: string
}

/** `<zeebe:userTaskForm>` (a form embedded in the process). */
export interface ZeebeUserTaskForm extends ModdleElement {
  body?: string
}

/** `<zeebe:properties>`. */
export interface ZeebeProperties extends ModdleElement {
  properties?: Array<ModdleElement & { name?: string; value?: string }>
}

/** `<zeebe:versionTag>`. */
export interface ZeebeVersionTag extends ModdleElement {
  value?: string
}

/** `<zeebe:calledElement>` (`bindingType` and `versionTag` are read as plain attributes). */
export interface ZeebeCalledElement extends ModdleElement {
  processId?: string
  propagateAllChildVariables?: boolean | string
  propagateAllParentVariables?: boolean | string
  bindingType?: string
  versionTag?: string
  businessId?: string
}

/** `<zeebe:loopCharacteristics>` of a multi-instance activity. */
export interface ZeebeLoopCharacteristics extends ModdleElement {
  inputCollection?: string
  inputElement?: string
  outputCollection?: string
  outputElement?: string
}

/** Returns the extension elements of the given `$type` (e.g. `zeebe:TaskDefinition`). */
export function extensionsOf<T extends ModdleElement>(
  element: ModdleBaseElement,
  type: string
): T[] {
  const values = element.extensionElements?.values ?? []
  return values.filter((value) => value.$type === type) as T[]
}

/** Returns the single extension element of a `$type`, or `undefined`. */
export function extensionOf<T extends ModdleElement>(
  element: ModdleBaseElement,
  type: string
): T | undefined {
  return extensionsOf<T>(element, type)[0]
}

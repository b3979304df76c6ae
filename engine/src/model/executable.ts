import type { ExecutableCalledDecision } from '../dmn/called_decision.js'
import type { Expression } from '../feel/expression_language.js'
import type { BpmnElementType, BpmnEventType } from '../intents.js'

/**
 * The compiled form of a process: what runtime reads instead of XML. Built once per process
 * definition by the transformer and cached by definition key.
 */
export interface ExecutableProcess {
  /** The BPMN process id (`processDefinitionId` in the API). */
  bpmnProcessId: string
  name: string | null
  /** `zeebe:versionTag` of the process, if any. */
  versionTag: string | null
  /**
   * Whether a business id must be unique among the active instances of this process, asked
   * for with `<zeebe:property name="businessIdUnique" value="true"/>` on the process.
   */
  businessIdUnique: boolean
  /** The process itself as the root container (type PROCESS, id = bpmnProcessId). */
  root: ExecutableElement
  /** Every flow node (and the process) by id. */
  elements: Map<string, ExecutableElement>
  /** Every sequence flow by id. */
  flows: Map<string, ExecutableSequenceFlow>
  /** Forms embedded in the process (`zeebe:userTaskForm`), by their id, as JSON text. */
  embeddedForms: Map<string, string>
}

/** A compiled `zeebe:input` / `zeebe:output`. */
export interface ExecutableMapping {
  source: Expression
  /** The target variable path, e.g. `['order', 'total']` for `order.total`. */
  target: string[]
}

/** What a job-worker element (service, send, business-rule, script-as-job, message throw) needs. */
export interface JobWorkerProperties {
  type: Expression
  retries: Expression
  /** Static custom headers from `zeebe:taskHeaders`. */
  headers: Record<string, string>
  /** `zeebe:jobPriorityDefinition`, higher first; `null` means priority 0. */
  priority: Expression | null
}

/** Where the form of a user task comes from. */
export type ExecutableFormReference =
  | { kind: 'formKey'; formKey: Expression }
  | {
      kind: 'formId'
      formId: string
      bindingType: 'latest' | 'deployment' | 'versionTag'
      versionTag: string | null
    }
  | { kind: 'externalReference'; reference: Expression }

/** What a user task needs; every attribute may be a FEEL expression evaluated at activation. */
export interface UserTaskProperties {
  assignee: Expression | null
  candidateGroups: Expression | null
  candidateUsers: Expression | null
  dueDate: Expression | null
  followUpDate: Expression | null
  priority: Expression | null
  form: ExecutableFormReference | null
  /** Static custom headers from `zeebe:taskHeaders`. */
  headers: Record<string, string>
}

/**
 * A compiled timer definition: a date (`timeDate`), a duration (`timeDuration`) or a cycle
 * (`timeCycle`: `R5/PT10M`, `R/2026-01-01T09:00:00+07:00/P1D`, or a cron expression), each a
 * literal or a FEEL expression evaluated when the timer is created.
 */
export interface ExecutableTimer {
  kind: 'date' | 'duration' | 'cycle'
  expression: Expression
}

/** A compiled message reference: its name and, for catch events, the correlation key. */
export interface ExecutableMessage {
  name: Expression
  /** `zeebe:subscription correlationKey`; `null` on message start events. */
  correlationKey: Expression | null
}

/** A compiled conditional event definition with its `zeebe:conditionalFilter`. */
export interface ExecutableCondition {
  expression: Expression
  /** Only changes of these variables re-evaluate the condition (all when empty). */
  variableNames: string[]
  /** Only these kinds of change (`create`, `update`) re-evaluate it (all when empty). */
  variableEvents: string[]
}

/** A compiled flow node, or a container (the process, an embedded sub-process). */
export interface ExecutableElement {
  id: string
  name: string | null
  type: BpmnElementType
  eventType: BpmnEventType
  /** The container this element runs in; `null` for the process. */
  flowScope: ExecutableElement | null
  incoming: ExecutableSequenceFlow[]
  outgoing: ExecutableSequenceFlow[]
  defaultFlow: ExecutableSequenceFlow | null
  inputMappings: ExecutableMapping[]
  outputMappings: ExecutableMapping[]
  jobWorker: JobWorkerProperties | null
  script: { expression: Expression; resultVariable: string } | null
  /** Business-rule tasks with `zeebe:calledDecision`: the DMN decision they evaluate. */
  calledDecision: ExecutableCalledDecision | null
  userTask: UserTaskProperties | null
  /** For containers: the none start event to begin with. */
  noneStartEvent: ExecutableElement | null
  /** Timer events. */
  timer: ExecutableTimer | null
  /** Message catch events, receive tasks and message start events. */
  message: ExecutableMessage | null
  /** Signal events: the signal name (thrown or caught). */
  signalName: Expression | null
  /**
   * Error events: the code thrown (end events, an expression) or caught (boundary and start
   * events, static; `null` catches every error).
   */
  errorCode: Expression | null
  /** Escalation events: the code thrown or caught (`null` on a catch event catches all). */
  escalationCode: Expression | null
  /** Conditional catch events. */
  condition: ExecutableCondition | null
  /** Link events: the link name. */
  linkName: string | null
  /** Link throw events: the catch event of the same name they continue at. */
  linkTarget: ExecutableElement | null
  /**
   * Boundary events (`cancelActivity`) and event sub-process start events (`isInterrupting`):
   * whether triggering ends what runs in the scope. `true` for every other catch event.
   */
  interrupting: boolean
  /** Boundary events: the activity they are attached to. */
  attachedTo: ExecutableElement | null
  /** Activities: the boundary events attached to them. */
  boundaryEvents: ExecutableElement[]
  /** Containers: the start events of the event sub-processes directly inside them. */
  eventSubProcessStarts: ExecutableElement[]
  /**
   * The process: its timer, message and signal start events (subscribed at deployment). An
   * event sub-process: its single start event.
   */
  eventStarts: ExecutableElement[]
  /** Catch events that follow an event-based gateway (they wait through the gateway). */
  afterEventGateway: boolean
  /** For containers: the inclusive gateways inside that join several flows. */
  inclusiveJoins: ExecutableElement[]
  /**
   * For an inclusive join: for each incoming flow id, the ids of the elements of the same
   * container from which a token could still reach that flow (without passing the join).
   */
  joinReach: Map<string, Set<string>> | null
  /** Call activities: the process to call (`zeebe:calledElement`). */
  calledElement?: ExecutableCalledElement | null
  /**
   * A multi-instance body (type MULTI_INSTANCE_BODY, the id of its activity): its loop
   * characteristics and the inner activity (same id, `flowScope` = the body).
   */
  loop?: ExecutableLoop | null
  innerActivity?: ExecutableElement | null
  /** Activities with a compensation boundary event: that event and its handler activity. */
  compensation?: { boundaryEvent: ExecutableElement; handler: ExecutableElement } | null
  /** Activities marked `isForCompensation` (run only as a compensation handler). */
  isForCompensation?: boolean
  /** Compensation throw events: the activity to compensate (`activityRef`); `null` = all. */
  compensateActivity?: string | null
}

/** A compiled `zeebe:calledElement`. */
export interface ExecutableCalledElement {
  processId: Expression
  bindingType: 'latest' | 'deployment' | 'versionTag'
  versionTag: string | null
  propagateAllChildVariables: boolean
  propagateAllParentVariables: boolean
  /** The child's business id (`businessId`); `null`: the caller's business id. */
  businessId: Expression | null
}

/** Compiled multi-instance loop characteristics (`zeebe:loopCharacteristics`). */
export interface ExecutableLoop {
  sequential: boolean
  inputCollection: Expression
  inputElement: string | null
  outputCollection: string | null
  outputElement: Expression | null
  completionCondition: Expression | null
}

/**
 * Every flow node of a process, with the inner activities of multi-instance bodies (which the
 * `elements` map, keyed by id, holds as their bodies): for scans that look at what activities
 * need (forms, decisions).
 */
export function* flowNodesOf(process: ExecutableProcess): Generator<ExecutableElement> {
  for (const element of process.elements.values()) {
    yield element
    if (element.innerActivity) {
      yield element.innerActivity
    }
  }
}

/**
 * The compiled element an element instance runs: the process, or the element of its id (the
 * inner activity of a multi-instance body when the instance is not the body itself).
 */
export function elementOfInstance(
  process: ExecutableProcess,
  data: { elementId: string; type: BpmnElementType; flowScopeKey: string | null }
): ExecutableElement | undefined {
  if (data.flowScopeKey === null) {
    return process.root
  }
  const element = process.elements.get(data.elementId)
  if (element?.type === 'MULTI_INSTANCE_BODY' && data.type !== 'MULTI_INSTANCE_BODY') {
    return element.innerActivity ?? undefined
  }
  return element
}

/** A compiled sequence flow. */
export interface ExecutableSequenceFlow {
  id: string
  source: ExecutableElement
  target: ExecutableElement
  /** The condition, for conditional flows; `null` otherwise. */
  condition: Expression | null
}

/** Whether an element contains other elements (process, embedded or event sub-process). */
export function isContainer(element: ExecutableElement): boolean {
  return (
    element.type === 'PROCESS' ||
    element.type === 'SUB_PROCESS' ||
    element.type === 'EVENT_SUB_PROCESS'
  )
}

/** Whether an element is the start event of an event sub-process. */
export function isEventSubProcessStart(element: ExecutableElement): boolean {
  return element.type === 'START_EVENT' && element.flowScope?.type === 'EVENT_SUB_PROCESS'
}

/** The catch events an element instance waits on while it is active: its own, then attached. */
export function catchEventsOf(element: ExecutableElement): ExecutableElement[] {
  const own: ExecutableElement[] = []
  if (element.type === 'INTERMEDIATE_CATCH_EVENT' || element.type === 'RECEIVE_TASK') {
    own.push(element)
  } else if (element.type === 'EVENT_BASED_GATEWAY') {
    own.push(...element.outgoing.map((flow) => flow.target))
  }
  return [...own, ...element.eventSubProcessStarts, ...element.boundaryEvents]
}

/** Whether an element is a parallel gateway that joins several flows. */
export function isParallelJoin(element: ExecutableElement): boolean {
  return element.type === 'PARALLEL_GATEWAY' && element.incoming.length > 1
}

/** Whether an element is an inclusive gateway that joins several flows. */
export function isInclusiveJoin(element: ExecutableElement): boolean {
  return element.type === 'INCLUSIVE_GATEWAY' && element.incoming.length > 1
}

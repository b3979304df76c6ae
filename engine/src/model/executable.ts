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
  userTask: UserTaskProperties | null
  /** For containers: the none start event to begin with. */
  noneStartEvent: ExecutableElement | null
  /** For containers: the inclusive gateways inside that join several flows. */
  inclusiveJoins: ExecutableElement[]
  /**
   * For an inclusive join: for each incoming flow id, the ids of the elements of the same
   * container from which a token could still reach that flow (without passing the join).
   */
  joinReach: Map<string, Set<string>> | null
}

/** A compiled sequence flow. */
export interface ExecutableSequenceFlow {
  id: string
  source: ExecutableElement
  target: ExecutableElement
  /** The condition, for conditional flows; `null` otherwise. */
  condition: Expression | null
}

/** Whether an element contains other elements (process, embedded sub-process). */
export function isContainer(element: ExecutableElement): boolean {
  return element.type === 'PROCESS' || element.type === 'SUB_PROCESS'
}

/** Whether an element is a parallel gateway that joins several flows. */
export function isParallelJoin(element: ExecutableElement): boolean {
  return element.type === 'PARALLEL_GATEWAY' && element.incoming.length > 1
}

/** Whether an element is an inclusive gateway that joins several flows. */
export function isInclusiveJoin(element: ExecutableElement): boolean {
  return element.type === 'INCLUSIVE_GATEWAY' && element.incoming.length > 1
}

import { transformCalledDecision } from '../dmn/called_decision.js'
import type { Expression, ExpressionLanguage } from '../feel/expression_language.js'
import type { BpmnElementType, BpmnEventType } from '../intents.js'
import type { ModelProblem } from './bpmn_validator.js'
import { linkCompensationHandlers } from './compensation_model.js'
import {
  isInclusiveJoin,
  type ExecutableElement,
  type ExecutableFormReference,
  type ExecutableMapping,
  type ExecutableProcess,
  type ExecutableSequenceFlow,
  type JobWorkerProperties,
  type UserTaskProperties,
} from './executable.js'
import {
  extensionOf,
  extensionsOf,
  type ModdleBaseElement,
  type ModdleEventDefinition,
  type ModdleFlowContainer,
  type ModdleFlowElement,
  type ModdleProcess,
  type ModdleSequenceFlow,
  type ZeebeAssignmentDefinition,
  type ZeebeCalledElement,
  type ZeebeLoopCharacteristics,
  type ZeebeConditionalFilter,
  type ZeebeSubscription,
  type ZeebeFormDefinition,
  type ZeebeIoMapping,
  type ZeebePriorityDefinition,
  type ZeebeProperties,
  type ZeebeScript,
  type ZeebeTaskDefinition,
  type ZeebeTaskHeaders,
  type ZeebeTaskSchedule,
  type ZeebeUserTaskForm,
  type ZeebeVersionTag,
} from './moddle_types.js'

const ELEMENT_TYPES: Record<string, BpmnElementType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
}

const EVENT_TYPES: Record<string, BpmnEventType> = {
  'bpmn:TerminateEventDefinition': 'TERMINATE',
  'bpmn:MessageEventDefinition': 'MESSAGE',
  'bpmn:TimerEventDefinition': 'TIMER',
  'bpmn:SignalEventDefinition': 'SIGNAL',
  'bpmn:ErrorEventDefinition': 'ERROR',
  'bpmn:EscalationEventDefinition': 'ESCALATION',
  'bpmn:ConditionalEventDefinition': 'CONDITIONAL',
  'bpmn:LinkEventDefinition': 'LINK',
  'bpmn:CompensateEventDefinition': 'COMPENSATION',
}

/**
 * Turns a validated moddle process into an `ExecutableProcess`: elements linked by flows,
 * every FEEL attribute compiled, job and user-task properties gathered, inclusive-join
 * reachability precomputed. Expression syntax errors are added to `problems`.
 */
export function transformProcess(
  process: ModdleProcess,
  language: ExpressionLanguage,
  problems: ModelProblem[]
): ExecutableProcess {
  return new ProcessTransformer(process, language, problems).transform()
}

class ProcessTransformer {
  readonly #elements = new Map<string, ExecutableElement>()
  readonly #flows = new Map<string, ExecutableSequenceFlow>()

  constructor(
    private readonly process: ModdleProcess,
    private readonly language: ExpressionLanguage,
    private readonly problems: ModelProblem[]
  ) {}

  transform(): ExecutableProcess {
    const process = this.process
    const root = this.#newElement(process.id!, process.name ?? null, 'PROCESS', 'NONE', null)
    this.#elements.set(root.id, root)
    this.#transformContainer(process, root)
    const properties = extensionsOf<ZeebeProperties>(process, 'zeebe:Properties').flatMap(
      (element) => element.properties ?? []
    )
    const embeddedForms = new Map<string, string>()
    for (const form of extensionsOf<ZeebeUserTaskForm>(process, 'zeebe:UserTaskForm')) {
      embeddedForms.set(form.id ?? '', form.body ?? '')
    }
    return {
      bpmnProcessId: root.id,
      name: root.name,
      versionTag: extensionOf<ZeebeVersionTag>(process, 'zeebe:VersionTag')?.value ?? null,
      businessIdUnique: properties.some(
        (property) => property.name === 'businessIdUnique' && property.value === 'true'
      ),
      root,
      elements: this.#elements,
      flows: this.#flows,
      embeddedForms,
    }
  }

  #newElement(
    id: string,
    name: string | null,
    type: BpmnElementType,
    eventType: BpmnEventType,
    flowScope: ExecutableElement | null
  ): ExecutableElement {
    return {
      id,
      name,
      type,
      eventType,
      flowScope,
      incoming: [],
      outgoing: [],
      defaultFlow: null,
      inputMappings: [],
      outputMappings: [],
      jobWorker: null,
      script: null,
      calledDecision: null,
      userTask: null,
      noneStartEvent: null,
      timer: null,
      message: null,
      signalName: null,
      errorCode: null,
      escalationCode: null,
      condition: null,
      linkName: null,
      linkTarget: null,
      interrupting: true,
      attachedTo: null,
      boundaryEvents: [],
      eventSubProcessStarts: [],
      eventStarts: [],
      afterEventGateway: false,
      inclusiveJoins: [],
      joinReach: null,
    }
  }

  #transformContainer(container: ModdleFlowContainer, scope: ExecutableElement): void {
    const children: Array<[ModdleFlowElement, ExecutableElement]> = []
    for (const element of container.flowElements ?? []) {
      const type =
        element.$type === 'bpmn:SubProcess' && element.triggeredByEvent
          ? 'EVENT_SUB_PROCESS'
          : ELEMENT_TYPES[element.$type]
      if (!type) {
        continue
      }
      const definition = element.eventDefinitions?.[0]
      const eventType: BpmnEventType = definition
        ? (EVENT_TYPES[definition.$type] ?? 'UNSPECIFIED')
        : 'NONE'
      const executable = this.#newElement(element.id!, element.name ?? null, type, eventType, scope)
      this.#elements.set(executable.id, this.#multiInstanceBody(element, executable) ?? executable)
      children.push([element, executable])
      if (type === 'START_EVENT' && eventType === 'NONE') {
        scope.noneStartEvent = executable
      } else if (type === 'START_EVENT') {
        scope.eventStarts.push(executable)
      }
    }
    for (const flow of container.flowElements ?? []) {
      if (flow.$type === 'bpmn:SequenceFlow') {
        this.#transformFlow(flow as ModdleSequenceFlow)
      }
    }
    for (const [element, executable] of children) {
      this.#transformElement(element, executable)
      this.#transformEvent(element, executable)
      if (executable.type === 'SUB_PROCESS' || executable.type === 'EVENT_SUB_PROCESS') {
        this.#transformContainer(element, executable)
      }
      if (executable.type === 'EVENT_SUB_PROCESS') {
        scope.eventSubProcessStarts.push(...executable.eventStarts)
      }
    }
    for (const [element, executable] of children) {
      this.#linkEvents(element, executable, children)
      executable.isForCompensation = element.isForCompensation === true
    }
    linkCompensationHandlers(container, this.#elements)
    for (const [, executable] of children) {
      if (isInclusiveJoin(executable)) {
        scope.inclusiveJoins.push(executable)
        executable.joinReach = computeJoinReach(executable)
      }
    }
  }

  /**
   * Wraps an activity with multi-instance loop characteristics in its body: the body takes the
   * activity's place (flows, boundary events), the activity runs inside it once per item.
   */
  #multiInstanceBody(
    element: ModdleFlowElement,
    inner: ExecutableElement
  ): ExecutableElement | null {
    const characteristics = element.loopCharacteristics as
      | (ModdleBaseElement & { isSequential?: boolean; completionCondition?: { body?: string } })
      | undefined
    if (characteristics?.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      return null
    }
    const id = element.id!
    const zeebe = extensionOf<ZeebeLoopCharacteristics>(
      characteristics,
      'zeebe:LoopCharacteristics'
    )
    const body = this.#newElement(id, inner.name, 'MULTI_INSTANCE_BODY', 'NONE', inner.flowScope)
    const text = (value: string | undefined) => (value ?? '').trim()
    const condition = text(characteristics.completionCondition?.body)
    body.loop = {
      sequential: characteristics.isSequential === true,
      inputCollection: this.#compile(id, text(zeebe?.inputCollection), 'input collection'),
      inputElement: text(zeebe?.inputElement) || null,
      outputCollection: text(zeebe?.outputCollection) || null,
      outputElement: text(zeebe?.outputElement)
        ? this.#compile(id, text(zeebe?.outputElement), 'output element')
        : null,
      completionCondition: condition ? this.#compile(id, condition, 'completion condition') : null,
    }
    body.innerActivity = inner
    inner.flowScope = body
    return body
  }

  #transformFlow(flow: ModdleSequenceFlow): void {
    const source = this.#elements.get(flow.sourceRef?.id ?? '')
    const target = this.#elements.get(flow.targetRef?.id ?? '')
    if (!source || !target) {
      return
    }
    const condition = flow.conditionExpression?.body?.trim()
      ? this.#compile(flow.id!, conditionText(flow), 'condition')
      : null
    const executable: ExecutableSequenceFlow = { id: flow.id!, source, target, condition }
    source.outgoing.push(executable)
    target.incoming.push(executable)
    this.#flows.set(executable.id, executable)
  }

  #transformElement(element: ModdleFlowElement, executable: ExecutableElement): void {
    if (element.default) {
      executable.defaultFlow = this.#flows.get(element.default.id!) ?? null
    }
    const io = extensionOf<ZeebeIoMapping>(element, 'zeebe:IoMapping')
    if (io) {
      executable.inputMappings = this.#mappings(element.id!, io.inputParameters ?? [], 'input')
      executable.outputMappings = this.#mappings(element.id!, io.outputParameters ?? [], 'output')
    }
    const taskDefinition = extensionOf<ZeebeTaskDefinition>(element, 'zeebe:TaskDefinition')
    if (executable.type === 'USER_TASK') {
      executable.userTask = this.#userTask(element)
    } else if (taskDefinition) {
      executable.jobWorker = this.#jobWorker(element, taskDefinition)
    }
    const called = extensionOf<ZeebeCalledElement>(element, 'zeebe:CalledElement')
    if (executable.type === 'CALL_ACTIVITY' && called) {
      executable.calledElement = {
        processId: this.#compile(element.id!, (called.processId ?? '').trim(), 'process id'),
        bindingType: (called.bindingType ?? 'latest') as 'latest' | 'deployment' | 'versionTag',
        versionTag: called.versionTag?.trim() || null,
        propagateAllChildVariables: String(called.propagateAllChildVariables ?? 'true') !== 'false',
        propagateAllParentVariables:
          String(called.propagateAllParentVariables ?? 'true') !== 'false',
        businessId: called.businessId?.trim()
          ? this.#compile(element.id!, called.businessId.trim(), 'business id')
          : null,
      }
    }
    const script = extensionOf<ZeebeScript>(element, 'zeebe:Script')
    if (executable.type === 'SCRIPT_TASK' && script) {
      executable.script = {
        expression: this.#compile(element.id!, script.expression ?? '', 'script expression'),
        resultVariable: (script.resultVariable ?? '').trim(),
      }
    }
    executable.calledDecision = transformCalledDecision(element, (source, what) =>
      this.#compile(element.id!, source, what)
    )
  }

  /** Reads the event definition of an event (and the message of a receive task). */
  #transformEvent(element: ModdleFlowElement, executable: ExecutableElement): void {
    const id = element.id!
    const definition = element.eventDefinitions?.[0] as ModdleEventDefinition | undefined
    if (element.$type === 'bpmn:BoundaryEvent') {
      executable.interrupting = element.cancelActivity !== false
    } else if (element.$type === 'bpmn:StartEvent') {
      executable.interrupting = element.isInterrupting !== false
    }
    const messageRef = definition?.messageRef ?? element.messageRef
    if (messageRef && (definition?.$type === 'bpmn:MessageEventDefinition' || element.messageRef)) {
      const key = extensionOf<ZeebeSubscription>(messageRef, 'zeebe:Subscription')?.correlationKey
      executable.message = {
        name: this.#compile(id, (messageRef.name ?? '').trim(), 'message name'),
        correlationKey: key?.trim() ? this.#compile(id, key.trim(), 'correlation key') : null,
      }
    }
    if (!definition) {
      return
    }
    switch (definition.$type) {
      case 'bpmn:TimerEventDefinition': {
        const [kind, text] = definition.timeDate?.body?.trim()
          ? (['date', definition.timeDate.body] as const)
          : definition.timeDuration?.body?.trim()
            ? (['duration', definition.timeDuration.body] as const)
            : (['cycle', definition.timeCycle?.body ?? ''] as const)
        executable.timer = { kind, expression: this.#compile(id, text.trim(), `timer ${kind}`) }
        break
      }
      case 'bpmn:SignalEventDefinition':
        executable.signalName = this.#compile(
          id,
          (definition.signalRef?.name ?? '').trim(),
          'signal name'
        )
        break
      case 'bpmn:ErrorEventDefinition': {
        const code = definition.errorRef?.errorCode?.trim()
        executable.errorCode = code ? this.#compile(id, code, 'error code') : null
        break
      }
      case 'bpmn:EscalationEventDefinition': {
        const code = definition.escalationRef?.escalationCode?.trim()
        executable.escalationCode = code ? this.#compile(id, code, 'escalation code') : null
        break
      }
      case 'bpmn:ConditionalEventDefinition': {
        const filter = extensionOf<ZeebeConditionalFilter>(definition, 'zeebe:ConditionalFilter')
        executable.condition = {
          expression: this.#compile(id, (definition.condition?.body ?? '').trim(), 'condition'),
          variableNames: splitList(filter?.variableNames),
          variableEvents: splitList(filter?.variableEvents),
        }
        break
      }
      case 'bpmn:CompensateEventDefinition':
        executable.compensateActivity =
          (definition as { activityRef?: { id?: string } }).activityRef?.id ?? null
        break
      case 'bpmn:LinkEventDefinition':
        executable.linkName = (definition as { name?: string }).name?.trim() || null
        break
      default:
        break
    }
  }

  /** Attaches boundary events, finds link targets, marks events after event-based gateways. */
  #linkEvents(
    element: ModdleFlowElement,
    executable: ExecutableElement,
    siblings: Array<[ModdleFlowElement, ExecutableElement]>
  ): void {
    if (executable.type === 'BOUNDARY_EVENT' && element.attachedToRef?.id) {
      const activity = this.#elements.get(element.attachedToRef.id)
      if (activity) {
        executable.attachedTo = activity
        activity.boundaryEvents.push(executable)
      }
    }
    if (executable.type === 'INTERMEDIATE_THROW_EVENT' && executable.linkName) {
      executable.linkTarget =
        siblings.find(
          ([, other]) =>
            other.type === 'INTERMEDIATE_CATCH_EVENT' && other.linkName === executable.linkName
        )?.[1] ?? null
    }
    if (executable.type === 'EVENT_BASED_GATEWAY') {
      for (const flow of executable.outgoing) {
        flow.target.afterEventGateway = true
      }
    }
  }

  #jobWorker(element: ModdleFlowElement, definition: ZeebeTaskDefinition): JobWorkerProperties {
    const id = element.id!
    const priority = extensionOf<ZeebePriorityDefinition>(element, 'zeebe:JobPriorityDefinition')
    return {
      type: this.#compile(id, (definition.type ?? '').trim(), 'job type'),
      retries: this.#compile(id, definition.retries?.trim() || '3', 'job retries'),
      headers: headersOf(element),
      priority: priority?.priority ? this.#compile(id, priority.priority, 'job priority') : null,
    }
  }

  #userTask(element: ModdleFlowElement): UserTaskProperties {
    const id = element.id!
    const assignment = extensionOf<ZeebeAssignmentDefinition>(element, 'zeebe:AssignmentDefinition')
    const schedule = extensionOf<ZeebeTaskSchedule>(element, 'zeebe:TaskSchedule')
    const priority = extensionOf<ZeebePriorityDefinition>(element, 'zeebe:PriorityDefinition')
    const optional = (value: string | undefined, what: string) =>
      value !== undefined && value.trim() !== '' ? this.#compile(id, value.trim(), what) : null
    return {
      assignee: optional(assignment?.assignee, 'assignee'),
      candidateGroups: optional(assignment?.candidateGroups, 'candidate groups'),
      candidateUsers: optional(assignment?.candidateUsers, 'candidate users'),
      dueDate: optional(schedule?.dueDate, 'due date'),
      followUpDate: optional(schedule?.followUpDate, 'follow-up date'),
      priority: optional(priority?.priority, 'priority'),
      form: this.#form(element),
      headers: headersOf(element),
    }
  }

  #form(element: ModdleFlowElement): ExecutableFormReference | null {
    const form = extensionOf<ZeebeFormDefinition>(element, 'zeebe:FormDefinition')
    if (!form) {
      return null
    }
    const id = element.id!
    if (form.formId) {
      const bindingType = (form.bindingType ?? 'latest') as 'latest' | 'deployment' | 'versionTag'
      return {
        kind: 'formId',
        formId: form.formId,
        bindingType,
        versionTag: form.versionTag ?? null,
      }
    }
    if (form.formKey) {
      return { kind: 'formKey', formKey: this.#compile(id, form.formKey, 'form key') }
    }
    const reference = this.#compile(id, form.externalReference ?? '', 'external form reference')
    return { kind: 'externalReference', reference }
  }

  #mappings(
    elementId: string,
    parameters: Array<{ source?: string; target?: string }>,
    kind: string
  ): ExecutableMapping[] {
    return parameters.map((parameter) => ({
      // an empty source maps null, as in Zeebe
      source: this.#compile(elementId, parameter.source?.trim() || '=null', `${kind} mapping`),
      target: (parameter.target ?? '').trim().split('.'),
    }))
  }

  #compile(elementId: string, source: string, what: string): Expression {
    const result = this.language.compile(source)
    if (result.ok) {
      return result.expression
    }
    this.problems.push({
      elementId,
      message: `Expected a valid FEEL expression as ${what}, but ${result.message}`,
    })
    return NULL_EXPRESSION
  }
}

/** Stands in for an expression that failed to compile (the deployment is rejected anyway). */
const NULL_EXPRESSION: Expression = {
  source: '=null',
  feel: 'null',
  staticValue: null,
  names: [],
  path: null,
  constant: { value: null },
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

function conditionText(flow: ModdleSequenceFlow): string {
  return (flow.conditionExpression?.body ?? '').trim()
}

function headersOf(element: ModdleBaseElement): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const list of extensionsOf<ZeebeTaskHeaders>(element, 'zeebe:TaskHeaders')) {
    for (const header of list.values ?? []) {
      if (header.key) {
        headers[header.key] = header.value ?? ''
      }
    }
  }
  return headers
}

/**
 * For each incoming flow of an inclusive join: the elements of the same container from which a
 * token can still reach that flow, walking flows backwards without passing the join itself.
 */
function computeJoinReach(join: ExecutableElement): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>()
  for (const flow of join.incoming) {
    const seen = new Set<string>()
    const stack = [flow.source]
    while (stack.length > 0) {
      const element = stack.pop()!
      if (element === join || seen.has(element.id)) {
        continue
      }
      seen.add(element.id)
      for (const incoming of element.incoming) {
        stack.push(incoming.source)
      }
    }
    reach.set(flow.id, seen)
  }
  return reach
}

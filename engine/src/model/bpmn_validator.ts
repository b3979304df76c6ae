import { validateCalledDecision } from '../dmn/called_decision.js'
import {
  extensionOf,
  extensionsOf,
  type ModdleDefinitions,
  type ModdleElement,
  type ModdleEventDefinition,
  type ModdleFlowContainer,
  type ModdleFlowElement,
  type ModdleProcess,
  type ModdleSequenceFlow,
  type ZeebeFormDefinition,
  type ZeebeIoMapping,
  type ZeebeScript,
  type ZeebeSubscription,
  type ZeebeTaskDefinition,
  type ZeebeUserTaskForm,
} from './moddle_types.js'
import { scheduleTimer } from './timer_schedule.js'
import {
  validateCalledElement,
  validateCompensation,
  validateLoopCharacteristics,
} from './activity_validation.js'

/** A problem in a model, located by element id. */
export interface ModelProblem {
  elementId: string | null
  message: string
}

/** Human names of the element types the engine does not run yet (part 3). */
const NOT_YET_SUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway': 'a complex gateway',
  'bpmn:Transaction': 'a transaction sub-process',
  'bpmn:AdHocSubProcess': 'an ad-hoc sub-process',
}

/** Flow elements that carry no behaviour and are ignored at run time by design. */
const IGNORED = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:SequenceFlow',
])

/** The element types the embedded engine runs (parts 1 and 2). */
const SUPPORTED = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:ReceiveTask',
  'bpmn:EventBasedGateway',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ScriptTask',
  'bpmn:UserTask',
  'bpmn:ManualTask',
  'bpmn:Task',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
])

/** Elements whose outgoing flows may carry conditions: gateways that choose, and activities. */
const CONDITIONAL_SOURCES = new Set(
  [...SUPPORTED].filter(
    (type) =>
      !type.endsWith('Event') &&
      type !== 'bpmn:ParallelGateway' &&
      type !== 'bpmn:EventBasedGateway'
  )
)

/** Activities: what boundary events may be attached to (call activities come with part 3). */
const ACTIVITIES = new Set(
  [...SUPPORTED, 'bpmn:CallActivity'].filter(
    (type) => !type.endsWith('Event') && !type.endsWith('Gateway')
  )
)

/**
 * The event definitions each kind of event runs with (`none` = no definition), as in Zeebe.
 * Kinds named in `NOT_YET_SUPPORTED_EVENTS` are refused as not supported yet, others as not
 * allowed there.
 */
const ALLOWED_EVENTS: Record<string, string[]> = {
  'processStart': ['none', 'timer', 'message', 'signal'],
  'subProcessStart': ['none'],
  'eventSubProcessStart': ['timer', 'message', 'signal', 'error', 'escalation', 'conditional'],
  'bpmn:IntermediateCatchEvent': ['timer', 'message', 'signal', 'conditional', 'link'],
  'bpmn:IntermediateThrowEvent': [
    'none',
    'message',
    'signal',
    'escalation',
    'link',
    'compensation',
  ],
  'bpmn:EndEvent': [
    'none',
    'terminate',
    'message',
    'signal',
    'error',
    'escalation',
    'compensation',
  ],
  'bpmn:BoundaryEvent': [
    'timer',
    'message',
    'signal',
    'error',
    'escalation',
    'conditional',
    'compensation',
  ],
}

/** Event definitions the engine does not run yet anywhere. */
const NOT_YET_SUPPORTED_EVENTS = new Set(['cancel'])

/** Event definitions, by `$type`, with their name in messages. */
const EVENT_DEFINITIONS: Record<string, string> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:CancelEventDefinition': 'cancel',
}

/** Extensions the engine does not run yet; a model relying on them is rejected. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  'zeebe:ExecutionListeners': 'zeebe:executionListeners (execution listeners)',
  'zeebe:TaskListeners': 'zeebe:taskListeners (task listeners)',
  'zeebe:AdHoc': 'zeebe:adHoc (an ad-hoc sub-process)',
}

const JOB_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'])

/** How each kind of event is named in problems. */
const EVENT_ROLES = {
  'processStart': 'start event',
  'subProcessStart': 'start event of an embedded sub-process',
  'eventSubProcessStart': 'start event of an event sub-process',
  'bpmn:IntermediateCatchEvent': 'intermediate catch event',
  'bpmn:IntermediateThrowEvent': 'intermediate throw event',
  'bpmn:EndEvent': 'end event',
  'bpmn:BoundaryEvent': 'boundary event',
} as const

/**
 * Validates parsed definitions against what the engine runs: every process must be executable
 * and made only of supported elements, with the extension elements they need and a sound flow
 * structure. Returns every problem found, each an "Expected …, but …" sentence.
 */
export function validateDefinitions(definitions: ModdleDefinitions): ModelProblem[] {
  const problems: ModelProblem[] = []
  const processes = (definitions.rootElements ?? []).filter(
    (element): element is ModdleProcess => element.$type === 'bpmn:Process'
  )
  const executable = processes.filter((process) => process.isExecutable === true)
  if (executable.length === 0) {
    const found =
      processes.length === 0
        ? 'found no process'
        : `found only non-executable processes (${processes.map((p) => `'${p.id}'`).join(', ')})`
    problems.push({
      elementId: null,
      message: `Expected at least one executable process (isExecutable="true"), but ${found}`,
    })
    return problems
  }
  for (const process of executable) {
    new ProcessValidator(process, problems).validate()
  }
  return problems
}

/** Validates one process; a class so the helpers share the problem list. */
class ProcessValidator {
  readonly #embeddedForms: Set<string>
  /** Flows by source and target id, from `sourceRef`/`targetRef` (moddle's lists can be absent). */
  readonly #outgoing = new Map<string, ModdleSequenceFlow[]>()
  readonly #incoming = new Map<string, ModdleSequenceFlow[]>()

  constructor(
    private readonly process: ModdleProcess,
    private readonly problems: ModelProblem[]
  ) {
    this.#embeddedForms = new Set(
      extensionsOf<ZeebeUserTaskForm>(process, 'zeebe:UserTaskForm').map((form) => form.id ?? '')
    )
  }

  validate(): void {
    this.#checkUnsupportedExtensions(this.process)
    this.#validateContainer(this.process, true)
  }

  #problem(element: ModdleElement | null, message: string): void {
    this.problems.push({ elementId: element?.id ?? null, message })
  }

  #validateContainer(
    container: ModdleFlowContainer,
    isProcess: boolean,
    isEventSubProcess = false
  ): void {
    const elements = container.flowElements ?? []
    const startEvents = elements.filter((element) => element.$type === 'bpmn:StartEvent')
    const noneStarts = startEvents.filter((event) => (event.eventDefinitions ?? []).length === 0)
    this.#checkUniqueMessageStarts(startEvents)
    if (isProcess && startEvents.length === 0) {
      this.#problem(container, 'Expected at least one start event, but found none')
    }
    if (isProcess && noneStarts.length > 1) {
      this.#problem(
        container,
        `Expected at most one none start event, but found ${noneStarts.length}`
      )
    }
    if (!isProcess && !isEventSubProcess && (noneStarts.length !== 1 || startEvents.length !== 1)) {
      this.#problem(
        container,
        `Expected an embedded sub-process to have exactly one none start event, but found ` +
          `${startEvents.length} start event(s), ${noneStarts.length} of them none`
      )
    }
    const ids = new Set(elements.map((element) => element.id))
    for (const flow of elements) {
      if (flow.$type === 'bpmn:SequenceFlow') {
        const { sourceRef, targetRef } = flow as ModdleSequenceFlow
        push(this.#outgoing, sourceRef?.id, flow as ModdleSequenceFlow)
        push(this.#incoming, targetRef?.id, flow as ModdleSequenceFlow)
      }
    }
    for (const element of elements) {
      if (element.$type === 'bpmn:SequenceFlow') {
        this.#validateFlow(element as ModdleSequenceFlow, ids)
      } else {
        this.#validateElement(element)
      }
    }
  }

  #checkUniqueMessageStarts(startEvents: ModdleFlowElement[]): void {
    const seen = new Set<string>()
    for (const start of startEvents) {
      const name = (start.eventDefinitions?.[0] as ModdleEventDefinition | undefined)?.messageRef
        ?.name
      if (name && seen.has(name)) {
        this.#problem(
          start,
          `Expected the message start events of a process to have distinct messages, but '${name}' is used twice`
        )
      }
      if (name) {
        seen.add(name)
      }
    }
  }

  #validateElement(element: ModdleFlowElement): void {
    const type = element.$type
    if (IGNORED.has(type)) {
      return
    }
    if (NOT_YET_SUPPORTED[type]) {
      this.#problem(
        element,
        `Expected an element the engine runs, but found ${NOT_YET_SUPPORTED[type]} ` +
          `(${type}), which is not supported yet`
      )
      return
    }
    if (!SUPPORTED.has(type)) {
      this.#problem(
        element,
        `Expected a BPMN flow element the engine runs, but found '${type}', which is not supported`
      )
      return
    }
    if (element.loopCharacteristics) {
      validateLoopCharacteristics(element, (message) => this.#problem(element, message))
    }
    validateCompensation(
      element,
      this.#incoming.get(element.id!)?.length ?? 0,
      this.#outgoing.get(element.id!)?.length ?? 0,
      (message) => this.#problem(element, message)
    )
    this.#checkUnsupportedExtensions(element)
    this.#checkIoMapping(element)
    this.#checkFlowCounts(element)
    switch (type) {
      case 'bpmn:StartEvent':
      case 'bpmn:EndEvent':
      case 'bpmn:IntermediateThrowEvent':
      case 'bpmn:IntermediateCatchEvent':
      case 'bpmn:BoundaryEvent':
        this.#validateEvent(element)
        break
      case 'bpmn:ReceiveTask':
        this.#validateMessage(element, element.messageRef, true)
        break
      case 'bpmn:EventBasedGateway':
        this.#validateEventBasedGateway(element)
        break
      case 'bpmn:BusinessRuleTask':
        if (!validateCalledDecision(element, (message) => this.#problem(element, message))) {
          this.#requireTaskDefinition(element)
        }
        break
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
        this.#requireTaskDefinition(element)
        break
      case 'bpmn:ScriptTask':
        this.#validateScriptTask(element)
        break
      case 'bpmn:UserTask':
        this.#validateUserTask(element)
        break
      case 'bpmn:CallActivity':
        validateCalledElement(element, (message) => this.#problem(element, message))
        break
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:InclusiveGateway':
        this.#validateConditionalGateway(element)
        break
      case 'bpmn:SubProcess':
        if (element.triggeredByEvent) {
          this.#validateEventSubProcess(element)
        } else {
          this.#validateContainer(element, false)
        }
        break
      default:
        break
    }
  }

  #validateEvent(element: ModdleFlowElement): void {
    const definitions = (element.eventDefinitions ?? []) as ModdleEventDefinition[]
    if (definitions.length > 1) {
      this.#problem(
        element,
        `Expected at most one event definition, but found ${definitions.length}`
      )
      return
    }
    const definition = definitions[0]
    const kind = definition ? (EVENT_DEFINITIONS[definition.$type] ?? definition.$type) : 'none'
    const role = this.#eventRole(element)
    const what = EVENT_ROLES[role]
    if (!ALLOWED_EVENTS[role].includes(kind)) {
      if (
        NOT_YET_SUPPORTED_EVENTS.has(kind) ||
        (role === 'processStart' && kind === 'conditional')
      ) {
        this.#problem(
          element,
          `Expected an event the engine runs, but found ${article(kind)} ${kind} ${what}, ` +
            'which is not supported yet'
        )
      } else {
        const allowed = ALLOWED_EVENTS[role].join(', ')
        this.#problem(
          element,
          `Expected ${article(what)} ${what} to be one of: ${allowed}, but found ` +
            (kind === 'none' ? 'none' : `${article(kind)} ${kind} event`)
        )
      }
      return
    }
    if (element.$type === 'bpmn:BoundaryEvent') {
      this.#validateBoundary(element, kind)
    }
    const isThrow =
      element.$type === 'bpmn:EndEvent' || element.$type === 'bpmn:IntermediateThrowEvent'
    switch (kind) {
      case 'timer':
        this.#validateTimer(element, definition, role)
        break
      case 'message':
        if (isThrow) {
          this.#requireTaskDefinition(element)
        } else {
          this.#validateMessage(element, definition.messageRef, role !== 'processStart')
        }
        break
      case 'signal':
        this.#requireName(element, definition.signalRef, 'signal', 'signalRef')
        break
      case 'error':
        this.#validateCode(element, definition.errorRef?.errorCode, isThrow, 'error')
        if (!isThrow && !this.#interrupting(element)) {
          this.#problem(
            element,
            'Expected an error catch event to be interrupting, but it is non-interrupting'
          )
        }
        break
      case 'escalation':
        this.#validateCode(element, definition.escalationRef?.escalationCode, isThrow, 'escalation')
        break
      case 'conditional':
        this.#validateCondition(element, definition)
        break
      case 'link':
        this.#validateLink(element, isThrow)
        break
      default:
        break
    }
  }

  /** Where a start event is decides what it may be; other events by their own type. */
  #eventRole(element: ModdleFlowElement): keyof typeof EVENT_ROLES {
    if (element.$type !== 'bpmn:StartEvent') {
      return element.$type as keyof typeof EVENT_ROLES
    }
    const parent = element.$parent as ModdleFlowElement | undefined
    if (parent?.$type === 'bpmn:Process') {
      return 'processStart'
    }
    return parent?.triggeredByEvent ? 'eventSubProcessStart' : 'subProcessStart'
  }

  #interrupting(element: ModdleFlowElement): boolean {
    return element.$type === 'bpmn:BoundaryEvent'
      ? element.cancelActivity !== false
      : element.isInterrupting !== false
  }

  #validateBoundary(element: ModdleFlowElement, kind: string): void {
    const attached = element.attachedToRef
    if (!attached || !ACTIVITIES.has(attached.$type)) {
      this.#problem(
        element,
        `Expected a boundary event to be attached to an activity, but it is attached to ` +
          (attached ? `'${attached.id}' (${attached.$type})` : 'nothing')
      )
    } else if (attached.$parent !== element.$parent) {
      this.#problem(
        element,
        `Expected a boundary event to be in the same scope as its activity '${attached.id}', but it is not`
      )
    }
    if (kind === 'link') {
      return
    }
    const incoming = this.#incoming.get(element.id!)?.length ?? 0
    if (incoming > 0) {
      this.#problem(
        element,
        `Expected a boundary event to have no incoming sequence flow, but found ${incoming}`
      )
    }
    const compensation = element.eventDefinitions?.[0]?.$type === 'bpmn:CompensateEventDefinition'
    if (!compensation && (this.#outgoing.get(element.id!)?.length ?? 0) === 0) {
      this.#problem(
        element,
        'Expected a boundary event to have at least one outgoing sequence flow, but found none'
      )
    }
  }

  #validateTimer(
    element: ModdleFlowElement,
    definition: ModdleEventDefinition,
    role: keyof typeof EVENT_ROLES
  ): void {
    const given = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((name) =>
      definition[name]?.body?.trim()
    )
    if (given.length !== 1) {
      this.#problem(
        element,
        'Expected a timer to have exactly one of timeDate, timeDuration or timeCycle, but ' +
          `found ${given.length === 0 ? 'none' : given.join(' and ')}`
      )
      return
    }
    const name = given[0]
    const kind = name === 'timeDate' ? 'date' : name === 'timeDuration' ? 'duration' : 'cycle'
    if (kind === 'cycle') {
      if (role === 'bpmn:IntermediateCatchEvent') {
        this.#problem(
          element,
          'Expected an intermediate timer catch event to have a timeDate or timeDuration, but ' +
            'found a timeCycle'
        )
        return
      }
      if (role !== 'processStart' && this.#interrupting(element)) {
        this.#problem(
          element,
          'Expected an interrupting timer event to have a timeDate or timeDuration, but found ' +
            'a timeCycle (only non-interrupting events repeat)'
        )
        return
      }
    }
    const text = definition[name]!.body!.trim()
    if (!text.startsWith('=')) {
      const schedule = scheduleTimer(kind, text, 0)
      if (!schedule.ok) {
        this.#problem(element, schedule.failure.message)
      }
    }
  }

  #validateMessage(
    element: ModdleFlowElement,
    message: ModdleFlowElement['messageRef'],
    needsCorrelationKey: boolean
  ): void {
    if (!this.#requireName(element, message, 'message', 'messageRef')) {
      return
    }
    if (!needsCorrelationKey) {
      return
    }
    const subscription = extensionOf<ZeebeSubscription>(message!, 'zeebe:Subscription')
    if (!subscription?.correlationKey?.trim()) {
      this.#problem(
        element,
        `Expected the message '${message!.name}' to have a correlation key ` +
          '(zeebe:subscription correlationKey), but found none'
      )
    }
  }

  #requireName(
    element: ModdleFlowElement,
    reference: { name?: string } | undefined,
    what: string,
    attribute: string
  ): boolean {
    if (!reference) {
      this.#problem(
        element,
        `Expected the ${what} event to reference a ${what} (${attribute}), but found none`
      )
      return false
    }
    if (!reference.name?.trim()) {
      this.#problem(element, `Expected the referenced ${what} to have a name, but it has none`)
      return false
    }
    return true
  }

  #validateCode(
    element: ModdleFlowElement,
    code: string | undefined,
    isThrow: boolean,
    what: string
  ): void {
    if (isThrow && !code?.trim()) {
      this.#problem(
        element,
        `Expected the ${what} throw event to reference ${article(what)} ${what} with a code, but found none`
      )
    }
    if (!isThrow && code?.trim().startsWith('=')) {
      this.#problem(
        element,
        `Expected the ${what} code of a catch event to be static, but found the expression '${code}'`
      )
    }
  }

  #validateCondition(element: ModdleFlowElement, definition: ModdleEventDefinition): void {
    const condition = definition.condition?.body?.trim() ?? ''
    if (!condition.startsWith('=')) {
      this.#problem(
        element,
        `Expected the conditional event to have a FEEL condition (starting with '='), but found '${condition}'`
      )
    }
  }

  #validateLink(element: ModdleFlowElement, isThrow: boolean): void {
    const name = this.#linkName(element)
    if (!name) {
      this.#problem(element, 'Expected a link event to have a name, but it has none')
      return
    }
    const container = element.$parent as ModdleFlowContainer
    const catches = (container.flowElements ?? []).filter(
      (other) => other.$type === 'bpmn:IntermediateCatchEvent' && this.#linkName(other) === name
    )
    if (isThrow && catches.length !== 1) {
      this.#problem(
        element,
        `Expected exactly one link catch event named '${name}' in the same scope, but found ${catches.length}`
      )
    }
    if (!isThrow && (this.#incoming.get(element.id!)?.length ?? 0) > 0) {
      this.#problem(
        element,
        'Expected a link catch event to have no incoming sequence flow, but found one'
      )
    }
  }

  #linkName(element: ModdleFlowElement): string | undefined {
    const definition = (element.eventDefinitions ?? [])[0] as
      (ModdleEventDefinition & { name?: string }) | undefined
    return definition?.$type === 'bpmn:LinkEventDefinition'
      ? definition.name?.trim() || undefined
      : undefined
  }

  #validateEventBasedGateway(element: ModdleFlowElement): void {
    const outgoing = this.#outgoing.get(element.id!) ?? []
    if (outgoing.length < 2) {
      this.#problem(
        element,
        `Expected an event-based gateway to have at least two outgoing sequence flows, but found ${outgoing.length}`
      )
    }
    for (const flow of outgoing) {
      const target = flow.targetRef
      const kind = EVENT_DEFINITIONS[target?.eventDefinitions?.[0]?.$type ?? '']
      if (
        target?.$type !== 'bpmn:IntermediateCatchEvent' ||
        !['timer', 'message', 'signal'].includes(kind)
      ) {
        this.#problem(
          flow,
          `Expected the flows of event-based gateway '${element.id}' to lead to timer, message ` +
            `or signal catch events, but '${target?.id}' is not one`
        )
      }
      if (flow.conditionExpression?.body?.trim()) {
        this.#problem(
          flow,
          'Expected no condition on a flow leaving an event-based gateway, but found one'
        )
      }
    }
  }

  #validateEventSubProcess(element: ModdleFlowElement): void {
    const starts = (element.flowElements ?? []).filter((child) => child.$type === 'bpmn:StartEvent')
    const triggered = starts.filter((start) => (start.eventDefinitions ?? []).length > 0)
    if (starts.length !== 1 || triggered.length !== 1) {
      this.#problem(
        element,
        'Expected an event sub-process to have exactly one start event with an event ' +
          `definition, but found ${starts.length} start event(s), ${triggered.length} with one`
      )
    }
    const flows =
      (this.#incoming.get(element.id!)?.length ?? 0) +
      (this.#outgoing.get(element.id!)?.length ?? 0)
    if (flows > 0) {
      this.#problem(
        element,
        `Expected an event sub-process to have no incoming or outgoing sequence flow, but found ${flows}`
      )
    }
    this.#validateContainer(element, false, true)
  }

  #requireTaskDefinition(element: ModdleFlowElement): void {
    const definition = extensionOf<ZeebeTaskDefinition>(element, 'zeebe:TaskDefinition')
    if (!definition) {
      const what = JOB_TASKS.has(element.$type) ? 'the task' : 'the message throw event'
      this.#problem(
        element,
        `Expected ${what} to have a zeebe:taskDefinition with a job type, but found none`
      )
    } else if (!definition.type || definition.type.trim() === '') {
      this.#problem(
        element,
        'Expected zeebe:taskDefinition to have a non-empty type, but it is empty'
      )
    }
  }

  #validateScriptTask(element: ModdleFlowElement): void {
    const script = extensionOf<ZeebeScript>(element, 'zeebe:Script')
    const definition = extensionOf<ZeebeTaskDefinition>(element, 'zeebe:TaskDefinition')
    if (script && definition) {
      this.#problem(
        element,
        'Expected a script task to have either zeebe:script or zeebe:taskDefinition, but found both'
      )
    } else if (!script && !definition) {
      this.#problem(
        element,
        'Expected a script task to have either zeebe:script or zeebe:taskDefinition, but found neither'
      )
    } else if (definition) {
      this.#requireTaskDefinition(element)
    } else if (script) {
      if (!script.expression || !script.expression.trim().startsWith('=')) {
        this.#problem(
          element,
          `Expected zeebe:script to have a FEEL expression (starting with '='), but found ` +
            `'${script.expression ?? ''}'`
        )
      }
      if (!script.resultVariable || script.resultVariable.trim() === '') {
        this.#problem(element, 'Expected zeebe:script to have a resultVariable, but found none')
      }
    }
  }

  #validateUserTask(element: ModdleFlowElement): void {
    const forms = extensionsOf<ZeebeFormDefinition>(element, 'zeebe:FormDefinition')
    if (forms.length > 1) {
      this.#problem(element, `Expected at most one zeebe:formDefinition, but found ${forms.length}`)
    }
    const form = forms[0]
    if (!form) {
      return
    }
    const given = [form.formKey, form.formId, form.externalReference].filter(
      (value) => value !== undefined && value !== ''
    )
    if (given.length !== 1) {
      this.#problem(
        element,
        'Expected zeebe:formDefinition to have exactly one of formKey, formId or ' +
          `externalReference, but found ${given.length}`
      )
      return
    }
    const bindingType = form.bindingType ?? 'latest'
    if (!['latest', 'deployment', 'versionTag'].includes(bindingType)) {
      this.#problem(
        element,
        `Expected the form bindingType to be 'latest', 'deployment' or 'versionTag', but found '${bindingType}'`
      )
    }
    if (bindingType === 'versionTag' && !form.versionTag) {
      this.#problem(
        element,
        "Expected a versionTag on zeebe:formDefinition with bindingType 'versionTag', but found none"
      )
    }
    const embedded = /^camunda-forms:bpmn:(.+)$/.exec(form.formKey ?? '')
    if (embedded && !this.#embeddedForms.has(embedded[1])) {
      this.#problem(
        element,
        `Expected an embedded form with id '${embedded[1]}' (zeebe:userTaskForm) in the process, ` +
          'but found none'
      )
    }
  }

  #validateConditionalGateway(element: ModdleFlowElement): void {
    const outgoing = this.#outgoing.get(element.id!) ?? []
    if (outgoing.length <= 1) {
      return
    }
    for (const flow of outgoing) {
      if (flow !== element.default && !flow.conditionExpression?.body) {
        this.#problem(
          flow,
          `Expected the sequence flow leaving gateway '${element.id}' to have a condition or ` +
            'to be the default flow, but it has neither'
        )
      }
    }
  }

  #checkFlowCounts(element: ModdleFlowElement): void {
    const incoming = this.#incoming.get(element.id!)?.length ?? 0
    const outgoing = this.#outgoing.get(element.id!)?.length ?? 0
    if (element.$type === 'bpmn:StartEvent' && incoming > 0) {
      this.#problem(
        element,
        `Expected a start event to have no incoming sequence flow, but found ${incoming}`
      )
    }
    if (element.$type === 'bpmn:EndEvent' && outgoing > 0) {
      this.#problem(
        element,
        `Expected an end event to have no outgoing sequence flow, but found ${outgoing}`
      )
    }
    const defaultFlow = element.default
    if (defaultFlow) {
      if (!(this.#outgoing.get(element.id!) ?? []).includes(defaultFlow)) {
        this.#problem(
          element,
          `Expected the default flow '${defaultFlow.id}' to leave this element, but it does not`
        )
      } else if (defaultFlow.conditionExpression?.body) {
        this.#problem(defaultFlow, 'Expected the default flow to have no condition, but it has one')
      }
    }
  }

  #validateFlow(flow: ModdleSequenceFlow, containerIds: Set<string | undefined>): void {
    const source = flow.sourceRef
    const target = flow.targetRef
    if (!source || !target) {
      this.#problem(flow, 'Expected a sequence flow with a source and a target, but one is missing')
      return
    }
    if (!containerIds.has(source.id) || !containerIds.has(target.id)) {
      this.#problem(
        flow,
        'Expected a sequence flow to connect elements of the same process or sub-process, but ' +
          `it connects '${source.id}' and '${target.id}'`
      )
    }
    const condition = flow.conditionExpression?.body
    if (condition === undefined || condition.trim() === '') {
      return
    }
    if (!condition.trim().startsWith('=')) {
      this.#problem(
        flow,
        `Expected the condition to be a FEEL expression (starting with '='), but found '${condition}'`
      )
    }
    if (!CONDITIONAL_SOURCES.has(source.$type)) {
      this.#problem(
        flow,
        `Expected a condition only on flows leaving a gateway or an activity, but this flow ` +
          `leaves '${source.id}' (${source.$type})`
      )
    }
  }

  #checkIoMapping(element: ModdleFlowElement): void {
    const mapping = extensionOf<ZeebeIoMapping>(element, 'zeebe:IoMapping')
    if (!mapping) {
      return
    }
    if (element.$type.endsWith('Gateway')) {
      this.#problem(element, 'Expected no zeebe:ioMapping on a gateway, but found one')
      return
    }
    for (const parameter of [
      ...(mapping.inputParameters ?? []),
      ...(mapping.outputParameters ?? []),
    ]) {
      const target = parameter.target ?? ''
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(target.trim())) {
        this.#problem(
          element,
          `Expected a mapping target to be a variable name or path, but found '${target}'`
        )
      }
    }
  }

  #checkUnsupportedExtensions(element: ModdleFlowElement | ModdleProcess): void {
    for (const value of element.extensionElements?.values ?? []) {
      const what = UNSUPPORTED_EXTENSIONS[value.$type]
      if (what) {
        this.#problem(
          element,
          `Expected no ${what} on '${element.id}', but found one, which is not supported yet`
        )
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
  if (key === undefined) {
    return
  }
  const list = map.get(key)
  if (list) {
    list.push(value)
  } else {
    map.set(key, [value])
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a'
}

import {
  extensionOf,
  extensionsOf,
  type ModdleDefinitions,
  type ModdleElement,
  type ModdleFlowContainer,
  type ModdleFlowElement,
  type ModdleProcess,
  type ModdleSequenceFlow,
  type ZeebeFormDefinition,
  type ZeebeIoMapping,
  type ZeebeScript,
  type ZeebeTaskDefinition,
  type ZeebeUserTaskForm,
} from './moddle_types.js'

/** A problem in a model, located by element id. */
export interface ModelProblem {
  elementId: string | null
  message: string
}

/** Human names of the element types the engine does not run yet (parts 2 and 3). */
const NOT_YET_SUPPORTED: Record<string, string> = {
  'bpmn:CallActivity': 'a call activity',
  'bpmn:ReceiveTask': 'a receive task',
  'bpmn:EventBasedGateway': 'an event-based gateway',
  'bpmn:ComplexGateway': 'a complex gateway',
  'bpmn:IntermediateCatchEvent': 'an intermediate catch event',
  'bpmn:BoundaryEvent': 'a boundary event',
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

/** The element types the embedded engine runs (part 1). */
const SUPPORTED = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateThrowEvent',
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
])

/** Elements whose outgoing flows may carry conditions: gateways that choose, and activities. */
const CONDITIONAL_SOURCES = new Set(
  [...SUPPORTED].filter((type) => !type.endsWith('Event') && type !== 'bpmn:ParallelGateway')
)

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
  'zeebe:CalledDecision': 'zeebe:calledDecision (a DMN decision)',
  'zeebe:AdHoc': 'zeebe:adHoc (an ad-hoc sub-process)',
}

const JOB_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'])

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

  #validateContainer(container: ModdleFlowContainer, isProcess: boolean): void {
    const elements = container.flowElements ?? []
    const startEvents = elements.filter((element) => element.$type === 'bpmn:StartEvent')
    const noneStarts = startEvents.filter((event) => (event.eventDefinitions ?? []).length === 0)
    if (isProcess && startEvents.length === 0) {
      this.#problem(container, 'Expected at least one start event, but found none')
    }
    if (isProcess && noneStarts.length > 1) {
      this.#problem(
        container,
        `Expected at most one none start event, but found ${noneStarts.length}`
      )
    }
    if (!isProcess && (noneStarts.length !== 1 || startEvents.length !== 1)) {
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
      this.#problem(
        element,
        'Expected an activity without loop characteristics, but found a multi-instance or ' +
          'loop marker, which is not supported yet'
      )
    }
    if (element.isForCompensation) {
      this.#problem(
        element,
        'Expected an element that is not for compensation, but compensation is not supported yet'
      )
    }
    this.#checkUnsupportedExtensions(element)
    this.#checkIoMapping(element)
    this.#checkFlowCounts(element)
    switch (type) {
      case 'bpmn:StartEvent':
      case 'bpmn:EndEvent':
      case 'bpmn:IntermediateThrowEvent':
        this.#validateEvent(element)
        break
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
      case 'bpmn:BusinessRuleTask':
        this.#requireTaskDefinition(element)
        break
      case 'bpmn:ScriptTask':
        this.#validateScriptTask(element)
        break
      case 'bpmn:UserTask':
        this.#validateUserTask(element)
        break
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:InclusiveGateway':
        this.#validateConditionalGateway(element)
        break
      case 'bpmn:SubProcess':
        if (element.triggeredByEvent) {
          this.#problem(
            element,
            'Expected an embedded sub-process, but found an event sub-process, which is not ' +
              'supported yet'
          )
        } else {
          this.#validateContainer(element, false)
        }
        break
      default:
        break
    }
  }

  #validateEvent(element: ModdleFlowElement): void {
    const definitions = element.eventDefinitions ?? []
    if (definitions.length > 1) {
      this.#problem(
        element,
        `Expected at most one event definition, but found ${definitions.length}`
      )
      return
    }
    if (definitions.length === 0) {
      return
    }
    const definitionType = definitions[0].$type
    const kind = EVENT_DEFINITIONS[definitionType] ?? definitionType
    const isThrow =
      element.$type === 'bpmn:EndEvent' || element.$type === 'bpmn:IntermediateThrowEvent'
    if (element.$type === 'bpmn:EndEvent' && definitionType === 'bpmn:TerminateEventDefinition') {
      return
    }
    if (isThrow && definitionType === 'bpmn:MessageEventDefinition') {
      this.#requireTaskDefinition(element)
      return
    }
    const what = element.$type.replace('bpmn:', '')
    this.#problem(
      element,
      `Expected an event the engine runs, but found ${article(kind)} ${kind} ${lowerFirst(what)}, ` +
        'which is not supported yet'
    )
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

function lowerFirst(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

import type { JsonObject } from '../feel/feel_values.js'
import { InvalidTransitionError, MissingStateError } from '../errors.js'
import type { BpmnElementType, IncidentErrorType, JobState } from '../intents.js'
import type { TimerRecurrence } from '../model/timer_schedule.js'
import type { BatchState, TableState } from './batch_state.js'
import type { EngineRecord, JobData, SubscriptionData } from './entities.js'
import { ProcessInstance, type ElementInstanceData, type WaitData } from './instance_state.js'
import { canTransition, STATE_OF_INTENT } from './lifecycle.js'
import { applyCompensationEvent } from './compensation_appliers.js'
import { applyAdminRecord, applyAdminEffects } from './admin_appliers.js'
import { applyResourceDeleted } from './resource_deletion_appliers.js'

/**
 * The event appliers: the only code that changes state. Each record appended during
 * processing is applied here at once, so the following steps of the same command see its
 * effect, and replaying the records of an instance would rebuild its state.
 */
export function applyRecord(state: BatchState, record: EngineRecord): void {
  switch (record.valueType) {
    case 'PROCESS_INSTANCE':
      applyElementEvent(state, record)
      break
    case 'VARIABLE':
      applyVariableEvent(state, record)
      break
    case 'JOB':
      applyJobEvent(state, record)
      break
    case 'INCIDENT':
      applyIncidentEvent(state, record)
      break
    case 'PROCESS_INSTANCE_CREATION':
      applyCreation(state, record)
      break
    case 'TIMER':
      applyTimerEvent(state, record)
      break
    case 'MESSAGE_SUBSCRIPTION':
      applySubscriptionEvent(state, record, state.messageSubscriptions, 'MESSAGE')
      break
    case 'SIGNAL_SUBSCRIPTION':
      applySubscriptionEvent(state, record, state.signalSubscriptions, 'SIGNAL')
      break
    case 'MESSAGE_START_EVENT_SUBSCRIPTION':
      applyStartSubscriptionEvent(state, record)
      break
    case 'CONDITIONAL_SUBSCRIPTION':
      applyConditionalEvent(state, record)
      break
    case 'MESSAGE':
      applyMessageEvent(state, record)
      break
    case 'PROCESS_EVENT':
      applyProcessEvent(state, record)
      break
    case 'COMPENSATION_SUBSCRIPTION':
      applyCompensationEvent(state, record)
      break
    case 'PROCESS_INSTANCE_SUSPENSION':
    case 'PROCESS_INSTANCE_MIGRATION':
      applyAdminRecord(state, record)
      break
    case 'PROCESS':
    case 'FORM':
    case 'DECISION_REQUIREMENTS':
    case 'DECISION':
      // created ones are stored by the deployment processor; deleted ones are marked here
      applyResourceDeleted(state, record)
      break
    default:
      // deployment, process, form and creation records carry no state of their own here: the
      // deployment processor stores the definitions it announces
      break
  }
  applyAdminEffects(state, record)
}

/** Creates the state of a new process instance; its root scope is filled by what follows. */
function applyCreation(state: BatchState, record: EngineRecord): void {
  const value = record.value
  const key = value.processInstanceKey as string
  const instance = new ProcessInstance({
    processInstanceKey: key,
    processDefinitionKey: value.processDefinitionKey as string,
    bpmnProcessId: value.bpmnProcessId as string,
    version: value.version as number,
    tenantId: value.tenantId as string,
    businessId: (value.businessId as string | null) ?? null,
    uniqueBusinessKey: (value.uniqueBusinessKey as string | null) ?? null,
    state: 'ACTIVE',
    startDate: record.timestamp,
    endDate: null,
    elements: {},
    variables: {},
    incidents: {},
    waits: {},
    eventTriggers: {},
    startCorrelation: null,
    ...linkToParent(state, value),
  })
  state.instances.set(key, instance)
  state.createdInstances.add(key)
  state.touchInstance(key)
}

function instanceOf(state: BatchState, record: EngineRecord): ProcessInstance {
  const instance = state.instance(record.processInstanceKey)
  if (!instance) {
    throw new MissingStateError(
      `Expected process instance '${record.processInstanceKey}' to be loaded to apply ` +
        `${record.valueType} ${record.intent}, but it is not`,
      record.processInstanceKey ?? undefined
    )
  }
  state.touchInstance(instance.key)
  return instance
}

function applyElementEvent(state: BatchState, record: EngineRecord): void {
  const instance = instanceOf(state, record)
  const value = record.value
  const flowScopeKey = (value.flowScopeKey as string | null) ?? null
  const flowScope = flowScopeKey === null ? undefined : instance.data.elements[flowScopeKey]
  if (record.intent === 'SEQUENCE_FLOW_TAKEN') {
    if (!flowScope) {
      throw new MissingStateError(`Expected the flow scope '${flowScopeKey}' to be live`)
    }
    const target = value.targetElementId as string
    flowScope.tokens ??= {}
    const byFlow = (flowScope.tokens[target] ??= {})
    byFlow[value.elementId as string] = (byFlow[value.elementId as string] ?? 0) + 1
    return
  }
  const to = STATE_OF_INTENT[record.intent as keyof typeof STATE_OF_INTENT]!
  const existing = instance.data.elements[record.key]
  const from = existing?.state ?? 'NONE'
  if (!canTransition(from, to)) {
    throw new InvalidTransitionError(instance.key, value.elementId as string, from, to)
  }
  if (!existing) {
    const element: ElementInstanceData = {
      key: record.key,
      elementId: value.elementId as string,
      type: value.bpmnElementType as BpmnElementType,
      flowScopeKey,
      state: to,
      childCount: 0,
      tokens: null,
      jobKey: null,
      incidentKey: null,
      trigger: null,
      startDate: record.timestamp,
    }
    instance.data.elements[record.key] = element
    if (flowScope) {
      countLoopChild(flowScope, to)
      flowScope.childCount++
      consumeTokens(flowScope, element)
      if (flowScope.interruptingEvent?.key === record.key) {
        flowScope.interruptingEvent.started = true
      }
    }
    return
  }
  existing.state = to
  if (to === 'ACTIVATED' && flowScope && value.bpmnEventType === 'TERMINATE') {
    // a terminate end event discards the tokens still waiting in its scope
    flowScope.tokens = null
  }
  if (to === 'COMPLETED' || to === 'TERMINATED') {
    delete instance.data.elements[record.key]
    if (flowScope) {
      delete instance.data.variables[record.key]
      flowScope.childCount--
      countLoopChild(flowScope, to)
    }
    if (flowScopeKey === null) {
      unlinkFromParent(state, instance)
      instance.data.state = to === 'COMPLETED' ? 'COMPLETED' : 'TERMINATED'
      instance.data.endDate = record.timestamp
      instance.data.uniqueBusinessKey = null
      if (instance.data.startCorrelation) {
        state.startCorrelations.delete(instance.data.startCorrelation.correlationHash)
      }
    }
  }
}

/**
 * An element entering its container consumes the tokens that brought it: a joining gateway one
 * token of each incoming flow that has one, any other element a single token.
 */
function consumeTokens(flowScope: ElementInstanceData, element: ElementInstanceData): void {
  const byFlow = flowScope.tokens?.[element.elementId]
  if (!byFlow) {
    return
  }
  const joins = element.type === 'PARALLEL_GATEWAY' || element.type === 'INCLUSIVE_GATEWAY'
  for (const flowId of Object.keys(byFlow)) {
    byFlow[flowId]--
    if (byFlow[flowId] <= 0) {
      delete byFlow[flowId]
    }
    if (!joins) {
      break
    }
  }
  if (Object.keys(byFlow).length === 0) {
    delete flowScope.tokens![element.elementId]
    if (Object.keys(flowScope.tokens!).length === 0) {
      flowScope.tokens = null
    }
  }
}

function applyVariableEvent(state: BatchState, record: EngineRecord): void {
  const instance = instanceOf(state, record)
  const scopeKey = record.value.scopeKey as string
  const name = record.value.name as string
  const scope = (instance.data.variables[scopeKey] ??= {})
  const existing = scope[name]
  if (existing) {
    existing.value = record.value.value
  } else {
    scope[name] = { key: record.key, value: record.value.value }
  }
}

function applyJobEvent(state: BatchState, record: EngineRecord): void {
  const value = record.value
  if (record.intent === 'CREATED') {
    const job = jobFromValue(record)
    state.putJob(job)
    const element = instanceOf(state, record).element(job.elementInstanceKey)
    if (element) {
      element.jobKey = job.jobKey
    }
    return
  }
  const job = state.jobs.get(record.key)
  if (!job) {
    throw new MissingStateError(`Expected job '${record.key}' to be loaded, but it is not`)
  }
  switch (record.intent) {
    case 'ACTIVATED':
      setJobState(state, job, 'ACTIVATED', {
        worker: value.worker as string,
        deadline: value.deadline as number,
      })
      break
    case 'COMPLETED':
    case 'CANCELED': {
      state.deleteJob(job.jobKey)
      const element = instanceOf(state, record).element(job.elementInstanceKey)
      if (element) {
        element.jobKey = null
        if (record.intent === 'COMPLETED') {
          element.trigger = { variables: (value.variables as JsonObject | undefined) ?? {} }
        }
      }
      break
    }
    case 'FAILED': {
      const retries = value.retries as number
      const recurAt = (value.recurAt as number | null) ?? null
      const next: JobState = retries > 0 && recurAt === null ? 'ACTIVATABLE' : 'FAILED'
      setJobState(state, job, next, {
        retries,
        recurAt,
        errorMessage: (value.errorMessage as string | null) ?? null,
      })
      break
    }
    case 'TIMED_OUT':
    case 'RECURRED_AFTER_BACKOFF':
      setJobState(state, job, 'ACTIVATABLE', {})
      break
    case 'RETRIES_UPDATED':
      state.putJob({ ...job, retries: value.retries as number })
      break
    case 'TIMEOUT_UPDATED':
      state.putJob({ ...job, deadline: value.deadline as number })
      break
    case 'ERROR_THROWN':
      setJobState(state, job, 'ERROR_THROWN', {
        errorCode: (value.errorCode as string | null) ?? null,
        errorMessage: (value.errorMessage as string | null) ?? null,
      })
      break
    default:
      break
  }
}

function setJobState(state: BatchState, job: JobData, next: JobState, changes: Partial<JobData>) {
  const activated = next === 'ACTIVATED'
  state.putJob({
    ...job,
    worker: activated ? job.worker : null,
    deadline: activated ? job.deadline : null,
    recurAt: null,
    ...changes,
    state: next,
  })
}

/** Builds a job from the value of its CREATED record. */
export function jobFromValue(record: EngineRecord): JobData {
  const value = record.value
  return {
    jobKey: record.key,
    type: value.type as string,
    state: 'ACTIVATABLE',
    retries: value.retries as number,
    worker: null,
    deadline: null,
    recurAt: null,
    priority: value.priority as number,
    errorMessage: null,
    errorCode: null,
    customHeaders: value.customHeaders as Record<string, string>,
    processInstanceKey: record.processInstanceKey!,
    elementInstanceKey: value.elementInstanceKey as string,
    elementId: value.elementId as string,
    bpmnProcessId: value.bpmnProcessId as string,
    processDefinitionKey: value.processDefinitionKey as string,
    processDefinitionVersion: value.processDefinitionVersion as number,
    tenantId: value.tenantId as string,
    createdAt: record.timestamp,
  }
}

function applyIncidentEvent(state: BatchState, record: EngineRecord): void {
  const instance = instanceOf(state, record)
  const value = record.value
  if (record.intent === 'CREATED') {
    const elementInstanceKey = value.elementInstanceKey as string
    const jobKey = (value.jobKey as string | null) ?? null
    state.putIncident({
      incidentKey: record.key,
      state: 'ACTIVE',
      errorType: value.errorType as IncidentErrorType,
      errorMessage: value.errorMessage as string,
      processInstanceKey: instance.key,
      processDefinitionKey: value.processDefinitionKey as string,
      bpmnProcessId: value.bpmnProcessId as string,
      elementId: value.elementId as string,
      elementInstanceKey,
      jobKey,
      tenantId: value.tenantId as string,
      createdAt: record.timestamp,
      resolvedAt: null,
    })
    instance.data.incidents[record.key] = { elementInstanceKey, jobKey }
    const element = instance.element(elementInstanceKey)
    if (element) {
      element.incidentKey = record.key
    }
    return
  }
  const incident = state.incidents.get(record.key)
  if (incident) {
    state.putIncident({ ...incident, state: 'RESOLVED', resolvedAt: record.timestamp })
  }
  const open = instance.data.incidents[record.key]
  delete instance.data.incidents[record.key]
  const element = open ? instance.element(open.elementInstanceKey) : undefined
  if (element?.incidentKey === record.key) {
    element.incidentKey = null
  }
  // resolving a job incident makes the job activatable again (Zeebe does the same)
  const job = open?.jobKey ? state.jobs.get(open.jobKey) : undefined
  if (job && (job.state === 'FAILED' || job.state === 'ERROR_THROWN')) {
    setJobState(state, job, 'ACTIVATABLE', {})
  }
}

/** Timers: a wait of the instance (or a start timer of a process) and a row of the table. */
function applyTimerEvent(state: BatchState, record: EngineRecord): void {
  const value = record.value
  const elementInstanceKey = (value.elementInstanceKey as string | null) ?? null
  if (record.intent !== 'CREATED') {
    state.timers.delete(record.key)
    if (elementInstanceKey !== null) {
      delete instanceOf(state, record).data.waits[record.key]
    }
    return
  }
  state.timers.put(record.key, {
    timerKey: record.key,
    processInstanceKey: record.processInstanceKey,
    elementInstanceKey,
    processDefinitionKey: value.processDefinitionKey as string,
    bpmnProcessId: value.bpmnProcessId as string,
    elementId: value.targetElementId as string,
    tenantId: value.tenantId as string,
    dueDate: value.dueDate as number,
    repetitions: value.repetitions as number,
    recurrence: value.recurrence as unknown as TimerRecurrence,
    createdAt: record.timestamp,
  })
  if (elementInstanceKey !== null) {
    openWait(state, record, 'TIMER', elementInstanceKey, value.targetElementId as string)
  }
}

/** Notes an open wait in its instance: its kind, owner, catch element and opening value. */
function openWait(
  state: BatchState,
  record: EngineRecord,
  kind: WaitData['kind'],
  scopeKey: string,
  elementId: string
): void {
  instanceOf(state, record).data.waits[record.key] = {
    kind,
    scopeKey,
    elementId,
    value: record.value,
  }
}

/** The subscription row a MESSAGE/SIGNAL(_START_EVENT)_SUBSCRIPTION record describes. */
export function subscriptionFromValue(record: EngineRecord, name: string): SubscriptionData {
  const value = record.value
  return {
    subscriptionKey: record.key,
    tenantId: value.tenantId as string,
    name,
    correlationKey: (value.correlationKey as string | null | undefined) ?? null,
    processInstanceKey: (value.elementInstanceKey as string | null)
      ? record.processInstanceKey
      : null,
    elementInstanceKey: (value.elementInstanceKey as string | null) ?? null,
    elementId: value.elementId as string,
    bpmnProcessId: value.bpmnProcessId as string,
    processDefinitionKey: value.processDefinitionKey as string,
    interrupting: value.interrupting !== false,
    createdAt: record.timestamp,
  }
}

/**
 * Message and signal subscriptions of instances (and signal start subscriptions): opened,
 * correlated (an interrupting one closes: it triggers once), closed.
 */
function applySubscriptionEvent(
  state: BatchState,
  record: EngineRecord,
  table: TableState<SubscriptionData>,
  kind: 'MESSAGE' | 'SIGNAL'
): void {
  const value = record.value
  const elementInstanceKey = (value.elementInstanceKey as string | null) ?? null
  const name = (kind === 'MESSAGE' ? value.messageName : value.signalName) as string
  if (record.intent === 'CREATED') {
    table.put(record.key, subscriptionFromValue(record, name))
    if (elementInstanceKey !== null) {
      openWait(state, record, kind, elementInstanceKey, value.elementId as string)
    }
    return
  }
  if (record.intent === 'CORRELATED') {
    markCorrelated(state, value.messageKey as string, value.bpmnProcessId as string)
    if (value.interrupting === false) {
      return
    }
  }
  table.delete(record.key)
  if (elementInstanceKey !== null) {
    delete instanceOf(state, record).data.waits[record.key]
  }
}

/** A buffered message is correlated at most once per process id. */
function markCorrelated(state: BatchState, messageKey: string, bpmnProcessId: string): void {
  const message = state.messages.get(messageKey)
  if (message && !message.correlatedProcesses.includes(bpmnProcessId)) {
    state.messages.put(messageKey, {
      ...message,
      correlatedProcesses: [...message.correlatedProcesses, bpmnProcessId],
    })
  }
}

/**
 * Message start event subscriptions: opened at deployment, closed when a newer version is
 * deployed; a correlation created an instance (locking its correlation key while it runs).
 */
function applyStartSubscriptionEvent(state: BatchState, record: EngineRecord): void {
  const value = record.value
  switch (record.intent) {
    case 'CREATED':
      state.messageSubscriptions.put(
        record.key,
        subscriptionFromValue(
          { ...record, value: { ...value, elementInstanceKey: null, correlationKey: null } },
          value.messageName as string
        )
      )
      return
    case 'DELETED':
      state.messageSubscriptions.delete(record.key)
      return
    default: {
      markCorrelated(state, value.messageKey as string, value.bpmnProcessId as string)
      const hash = (value.correlationHash as string | null) ?? null
      if (hash === null) {
        return
      }
      const instance = instanceOf(state, record)
      instance.data.startCorrelation = {
        correlationHash: hash,
        correlationKey: value.correlationKey as string,
      }
      state.startCorrelations.put(hash, {
        correlationHash: hash,
        tenantId: value.tenantId as string,
        bpmnProcessId: value.bpmnProcessId as string,
        correlationKey: value.correlationKey as string,
        processInstanceKey: instance.key,
      })
    }
  }
}

/** Conditional subscriptions live in the instance only (variables change inside it). */
function applyConditionalEvent(state: BatchState, record: EngineRecord): void {
  const instance = instanceOf(state, record)
  if (record.intent === 'CREATED') {
    const value = record.value
    openWait(
      state,
      record,
      'CONDITIONAL',
      value.elementInstanceKey as string,
      value.elementId as string
    )
  } else if (record.intent === 'DELETED' || record.value.interrupting !== false) {
    delete instance.data.waits[record.key]
  }
}

/** A message with a time to live waits in the buffer until it expires. */
function applyMessageEvent(state: BatchState, record: EngineRecord): void {
  const value = record.value
  if (record.intent === 'EXPIRED') {
    state.messages.delete(record.key)
    return
  }
  const timeToLive = (value.timeToLive as number | null) ?? 0
  if (record.intent !== 'PUBLISHED' || timeToLive <= 0) {
    return
  }
  state.messages.put(record.key, {
    messageKey: record.key,
    tenantId: value.tenantId as string,
    name: value.name as string,
    correlationKey: (value.correlationKey as string | null) ?? '',
    messageId: (value.messageId as string | null) ?? null,
    variables: (value.variables as JsonObject | null) ?? {},
    deadline: record.timestamp + timeToLive,
    correlatedProcesses: [],
    createdAt: record.timestamp,
  })
}

/**
 * A caught event: kept with its variables until its element runs. An element catching for
 * itself (a catch event, a receive task) gets it as its trigger; an interrupting event marks
 * the element or container it interrupts (an event sub-process also discards the tokens
 * waiting in its container, and holds the container open until it starts).
 */
function applyProcessEvent(state: BatchState, record: EngineRecord): void {
  const instance = instanceOf(state, record)
  const value = record.value
  const scope = instance.element(value.scopeKey as string)
  if (record.intent === 'TRIGGERED') {
    delete instance.data.eventTriggers[record.key]
    return
  }
  const variables = (value.variables as JsonObject | null) ?? {}
  const elementId = value.targetElementId as string
  if (scope && scope.elementId === elementId) {
    scope.trigger = { variables, eventKey: record.key }
    return
  }
  instance.data.eventTriggers[record.key] = {
    scopeKey: value.scopeKey as string,
    elementId,
    variables,
  }
  if (scope && value.interrupting === true) {
    scope.interruptingEvent = { key: record.key, elementId }
    if (value.eventSubProcessId) {
      scope.tokens = null
    }
  }
  if (scope && typeof value.eventSubProcessId === 'string') {
    // the event sub-process to start holds its container open like a token on a flow
    scope.tokens ??= {}
    const byFlow = (scope.tokens[value.eventSubProcessId] ??= {})
    byFlow[record.key] = (byFlow[record.key] ?? 0) + 1
  }
}

/**
 * A child instance created by a call activity remembers its parent, and the call activity (its
 * instance is loaded with the child) remembers the child.
 */
function linkToParent(
  state: BatchState,
  value: EngineRecord['value']
): { parentProcessInstanceKey: string | null; parentElementInstanceKey: string | null } {
  const parentKey = (value.parentProcessInstanceKey as string | null | undefined) ?? null
  const elementKey = (value.parentElementInstanceKey as string | null | undefined) ?? null
  const callActivity =
    parentKey && elementKey ? state.instance(parentKey)?.element(elementKey) : null
  if (callActivity) {
    callActivity.calledChildKey = value.processInstanceKey as string
    state.touchInstance(parentKey!)
  }
  return { parentProcessInstanceKey: parentKey, parentElementInstanceKey: elementKey }
}

/** An ended child instance is no longer the called instance of its call activity. */
function unlinkFromParent(state: BatchState, child: ProcessInstance): void {
  const { parentProcessInstanceKey, parentElementInstanceKey } = child.data
  if (!parentProcessInstanceKey || !parentElementInstanceKey) {
    return
  }
  const callActivity = state.instance(parentProcessInstanceKey)?.element(parentElementInstanceKey)
  if (callActivity?.calledChildKey === child.key) {
    callActivity.calledChildKey = null
    state.touchInstance(parentProcessInstanceKey)
  }
}

/** A multi-instance body counts its inner instances: created, completed, terminated. */
function countLoopChild(flowScope: ElementInstanceData, to: string): void {
  if (flowScope.type !== 'MULTI_INSTANCE_BODY') {
    return
  }
  const loop = (flowScope.loop ??= { created: 0, completed: 0, terminated: 0 })
  if (to === 'ACTIVATING') {
    loop.created++
  } else if (to === 'COMPLETED') {
    loop.completed++
  } else if (to === 'TERMINATED') {
    loop.terminated++
  }
}

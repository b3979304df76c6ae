import type { JsonValue } from '../feel/feel_values.js'
import { MissingStateError } from '../errors.js'
import type { TimerRecurrence } from '../model/timer_schedule.js'
import type { BatchState } from './batch_state.js'
import type { EngineRecord, TimerData } from './entities.js'
import { subscriptionFromValue } from './event_appliers.js'
import type { ProcessInstance, WaitData } from './instance_state.js'

/**
 * Appliers of the administration records (part 3): suspension and resumption, migration to
 * another version. Modification writes only element, variable and summary records.
 *
 * A suspended instance keeps its waits in its state, but their rows (the indexes the scheduler
 * and correlation read) are withdrawn, and its jobs are flagged so activation skips them;
 * resuming puts the rows back as they were (a timer due meanwhile fires once, at the next tick).
 */
export function applyAdminRecord(state: BatchState, record: EngineRecord): void {
  const instance = state.instance(record.processInstanceKey)
  if (!instance) {
    throw new MissingStateError(
      `Expected process instance '${record.processInstanceKey}' to be loaded to apply ` +
        `${record.valueType} ${record.intent}, but it is not`,
      record.processInstanceKey ?? undefined
    )
  }
  state.touchInstance(instance.key)
  switch (record.intent) {
    case 'SUSPENDED':
      instance.data.suspended = true
      setWaitRows(state, instance, false, record.timestamp)
      setJobsSuspended(state, instance, true)
      return
    case 'RESUMED':
      delete instance.data.suspended
      setWaitRows(state, instance, true, record.timestamp)
      setJobsSuspended(state, instance, false)
      return
    case 'MIGRATED':
      applyMigration(state, instance, record)
      return
    default:
      return
  }
}

/**
 * Effects of ordinary records on administered instances: whatever opens inside a suspended
 * instance (a job, a timer, a subscription) is withdrawn at once; a migrated job takes its new
 * definition and element.
 */
export function applyAdminEffects(state: BatchState, record: EngineRecord): void {
  if (record.valueType === 'JOB' && record.intent === 'MIGRATED') {
    const job = state.jobs.get(record.key)
    if (job) {
      state.putJob({
        ...job,
        elementId: record.value.elementId as string,
        bpmnProcessId: record.value.bpmnProcessId as string,
        processDefinitionKey: record.value.processDefinitionKey as string,
        processDefinitionVersion: record.value.processDefinitionVersion as number,
      })
    }
    return
  }
  if (record.intent !== 'CREATED' || record.processInstanceKey === null) {
    return
  }
  if (record.valueType === 'PROCESS_INSTANCE_CREATION') {
    // an instance a suspended instance's call activity creates is suspended from the start
    const parentKey = record.value.parentProcessInstanceKey as string | undefined
    const created = state.instances.get(record.processInstanceKey)
    if (created && parentKey && state.instances.get(parentKey)?.data.suspended) {
      created.data.suspended = true
    }
    return
  }
  const instance = state.instances.get(record.processInstanceKey)
  if (!instance?.data.suspended) {
    return
  }
  switch (record.valueType) {
    case 'JOB': {
      const job = state.jobs.get(record.key)
      if (job) {
        state.putJob({ ...job, suspended: true })
      }
      return
    }
    case 'TIMER':
      if (record.value.elementInstanceKey) {
        state.timers.delete(record.key)
      }
      return
    case 'MESSAGE_SUBSCRIPTION':
      state.messageSubscriptions.delete(record.key)
      return
    case 'SIGNAL_SUBSCRIPTION':
      state.signalSubscriptions.delete(record.key)
      return
    default:
      return
  }
}

/** Withdraws (or puts back) the timer and subscription rows of an instance's waits. */
function setWaitRows(
  state: BatchState,
  instance: ProcessInstance,
  open: boolean,
  timestamp: number
): void {
  for (const [key, wait] of Object.entries(instance.data.waits)) {
    if (open) {
      putWaitRow(state, instance, key, wait, timestamp)
    } else if (wait.kind === 'TIMER') {
      state.timers.delete(key)
    } else if (wait.kind === 'MESSAGE') {
      state.messageSubscriptions.delete(key)
    } else if (wait.kind === 'SIGNAL') {
      state.signalSubscriptions.delete(key)
    }
  }
}

/** Writes the row of an open wait from the value of the record that opened it. */
function putWaitRow(
  state: BatchState,
  instance: ProcessInstance,
  key: string,
  wait: WaitData,
  timestamp: number
): void {
  const opening: EngineRecord = {
    key,
    valueType: 'TIMER',
    intent: 'CREATED',
    processInstanceKey: instance.key,
    timestamp,
    value: wait.value,
  }
  if (wait.kind === 'TIMER') {
    state.timers.put(key, timerFromWait(instance, key, wait, timestamp))
  } else if (wait.kind === 'MESSAGE') {
    state.messageSubscriptions.put(
      key,
      subscriptionFromValue(opening, wait.value.messageName as string)
    )
  } else if (wait.kind === 'SIGNAL') {
    state.signalSubscriptions.put(
      key,
      subscriptionFromValue(opening, wait.value.signalName as string)
    )
  }
}

function timerFromWait(
  instance: ProcessInstance,
  key: string,
  wait: WaitData,
  timestamp: number
): TimerData {
  const value = wait.value
  return {
    timerKey: key,
    processInstanceKey: instance.key,
    elementInstanceKey: wait.scopeKey,
    processDefinitionKey: value.processDefinitionKey as string,
    bpmnProcessId: value.bpmnProcessId as string,
    elementId: wait.elementId,
    tenantId: value.tenantId as string,
    dueDate: value.dueDate as number,
    repetitions: value.repetitions as number,
    recurrence: value.recurrence as unknown as TimerRecurrence,
    createdAt: timestamp,
  }
}

function setJobsSuspended(state: BatchState, instance: ProcessInstance, suspended: boolean) {
  for (const element of Object.values(instance.data.elements)) {
    const job = element.jobKey ? state.jobs.get(element.jobKey) : undefined
    if (job) {
      state.putJob({ ...job, suspended })
    }
  }
}

/** One element instance moved to an element of the target version. */
export interface MigratedElement {
  elementInstanceKey: string
  sourceElementId: string
  targetElementId: string
}

/**
 * An instance moved to another version: its definition, the element ids of its element
 * instances, the waits kept (with their rows) and its incidents follow. Jobs follow by their
 * own JOB MIGRATED records; waits that were not kept were closed before by their records.
 */
function applyMigration(state: BatchState, instance: ProcessInstance, record: EngineRecord) {
  const value = record.value
  const processDefinitionKey = value.processDefinitionKey as string
  const bpmnProcessId = value.bpmnProcessId as string
  instance.data.processDefinitionKey = processDefinitionKey
  instance.data.bpmnProcessId = bpmnProcessId
  instance.data.version = value.version as number
  for (const moved of value.elementInstances as unknown as MigratedElement[]) {
    const element = instance.data.elements[moved.elementInstanceKey]
    if (element) {
      element.elementId = moved.targetElementId
    }
  }
  const waitTargets = (value.waits ?? {}) as Record<string, string>
  for (const [key, wait] of Object.entries(instance.data.waits)) {
    const targetElementId = waitTargets[key] ?? wait.elementId
    const moved: { [name: string]: JsonValue } = {
      ...wait.value,
      processDefinitionKey,
      bpmnProcessId,
    }
    if ('targetElementId' in moved) {
      moved.targetElementId = targetElementId
    }
    if ('elementId' in moved) {
      moved.elementId = targetElementId
    }
    instance.data.waits[key] = { ...wait, elementId: targetElementId, value: moved }
    if (!instance.data.suspended) {
      putWaitRow(state, instance, key, instance.data.waits[key], record.timestamp)
    }
  }
  for (const [incidentKey, open] of Object.entries(instance.data.incidents)) {
    const incident = state.incidents.get(incidentKey)
    const element = instance.data.elements[open.elementInstanceKey]
    if (incident) {
      state.putIncident({
        ...incident,
        processDefinitionKey,
        bpmnProcessId,
        elementId: element?.elementId ?? incident.elementId,
      })
    }
  }
}

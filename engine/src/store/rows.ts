import { createHash } from 'node:crypto'
import type { JsonValue } from '../feel/feel_values.js'
import type { Intent, JobState, ProcessInstanceState, ValueType } from '../intents.js'
import type {
  DefinitionData,
  EngineRecord,
  FormData,
  IncidentData,
  InstanceSummary,
  JobData,
  MessageData,
  ResourceData,
  StartCorrelationData,
  SubscriptionData,
  TimerData,
} from '../state/entities.js'
import type { ProcessInstanceData } from '../state/instance_state.js'
import type { Row, Scalar } from './store.js'

/**
 * Mapping between domain objects and the rows of the `engine_*` tables, shared by every store
 * so both keep exactly the same columns.
 */

const str = (value: Scalar | undefined): string =>
  value === null || value === undefined ? '' : String(value)
const optStr = (value: Scalar | undefined): string | null =>
  value === null || value === undefined ? null : String(value)
const num = (value: Scalar | undefined): number => Number(value ?? 0)
const optNum = (value: Scalar | undefined): number | null =>
  value === null || value === undefined ? null : Number(value)

/** Row of `engine_jobs`. */
export function jobToRow(job: JobData): Row {
  return {
    job_key: job.jobKey,
    type: job.type,
    state: job.state,
    retries: job.retries,
    worker: job.worker,
    deadline: job.deadline,
    recur_at: job.recurAt,
    priority: job.priority,
    error_message: job.errorMessage,
    error_code: job.errorCode,
    custom_headers: JSON.stringify(job.customHeaders),
    process_instance_key: job.processInstanceKey,
    element_instance_key: job.elementInstanceKey,
    element_id: job.elementId,
    bpmn_process_id: job.bpmnProcessId,
    process_definition_key: job.processDefinitionKey,
    process_definition_version: job.processDefinitionVersion,
    tenant_id: job.tenantId,
    created_at: job.createdAt,
    suspended: job.suspended === true,
  }
}

/** Job from a row of `engine_jobs`. */
export function jobFromRow(row: Row): JobData {
  return {
    jobKey: str(row.job_key),
    type: str(row.type),
    state: str(row.state) as JobState,
    retries: num(row.retries),
    worker: optStr(row.worker),
    deadline: optNum(row.deadline),
    recurAt: optNum(row.recur_at),
    priority: num(row.priority),
    errorMessage: optStr(row.error_message),
    errorCode: optStr(row.error_code),
    customHeaders: JSON.parse(str(row.custom_headers) || '{}'),
    processInstanceKey: str(row.process_instance_key),
    elementInstanceKey: str(row.element_instance_key),
    elementId: str(row.element_id),
    bpmnProcessId: str(row.bpmn_process_id),
    processDefinitionKey: str(row.process_definition_key),
    processDefinitionVersion: num(row.process_definition_version),
    tenantId: str(row.tenant_id),
    createdAt: num(row.created_at),
    suspended: row.suspended === true || Number(row.suspended) === 1,
  }
}

/** Row of `engine_incidents`. */
export function incidentToRow(incident: IncidentData): Row {
  return {
    incident_key: incident.incidentKey,
    state: incident.state,
    error_type: incident.errorType,
    error_message: incident.errorMessage,
    process_instance_key: incident.processInstanceKey,
    process_definition_key: incident.processDefinitionKey,
    bpmn_process_id: incident.bpmnProcessId,
    element_id: incident.elementId,
    element_instance_key: incident.elementInstanceKey,
    job_key: incident.jobKey,
    tenant_id: incident.tenantId,
    created_at: incident.createdAt,
    resolved_at: incident.resolvedAt,
  }
}

/** Incident from a row of `engine_incidents`. */
export function incidentFromRow(row: Row): IncidentData {
  return {
    incidentKey: str(row.incident_key),
    state: str(row.state) as IncidentData['state'],
    errorType: str(row.error_type) as IncidentData['errorType'],
    errorMessage: str(row.error_message),
    processInstanceKey: str(row.process_instance_key),
    processDefinitionKey: str(row.process_definition_key),
    bpmnProcessId: str(row.bpmn_process_id),
    elementId: str(row.element_id),
    elementInstanceKey: str(row.element_instance_key),
    jobKey: optStr(row.job_key),
    tenantId: str(row.tenant_id),
    createdAt: num(row.created_at),
    resolvedAt: optNum(row.resolved_at),
  }
}

/** Row of `engine_process_definitions`. */
export function definitionToRow(definition: DefinitionData): Row {
  return {
    process_definition_key: definition.processDefinitionKey,
    bpmn_process_id: definition.bpmnProcessId,
    version: definition.version,
    version_tag: definition.versionTag,
    name: definition.name,
    resource_key: definition.resourceKey,
    resource_name: definition.resourceName,
    checksum: definition.checksum,
    tenant_id: definition.tenantId,
    deployment_key: definition.deploymentKey,
    created_at: definition.createdAt,
  }
}

/** Definition from a row of `engine_process_definitions`. */
export function definitionFromRow(row: Row): DefinitionData {
  return {
    processDefinitionKey: str(row.process_definition_key),
    bpmnProcessId: str(row.bpmn_process_id),
    version: num(row.version),
    versionTag: optStr(row.version_tag),
    name: optStr(row.name),
    resourceKey: str(row.resource_key),
    resourceName: str(row.resource_name),
    checksum: str(row.checksum),
    tenantId: str(row.tenant_id),
    deploymentKey: str(row.deployment_key),
    createdAt: num(row.created_at),
  }
}

/** Row of `engine_resources`. */
export function resourceToRow(resource: ResourceData): Row {
  return {
    resource_key: resource.resourceKey,
    deployment_key: resource.deploymentKey,
    resource_name: resource.resourceName,
    checksum: resource.checksum,
    content: resource.content,
    tenant_id: resource.tenantId,
    created_at: resource.createdAt,
  }
}

/** Resource from a row of `engine_resources`. */
export function resourceFromRow(row: Row): ResourceData {
  return {
    resourceKey: str(row.resource_key),
    deploymentKey: str(row.deployment_key),
    resourceName: str(row.resource_name),
    checksum: str(row.checksum),
    content: str(row.content),
    tenantId: str(row.tenant_id),
    createdAt: num(row.created_at),
  }
}

/** Row of `engine_forms`. */
export function formToRow(form: FormData): Row {
  return {
    form_key: form.formKey,
    form_id: form.formId,
    version: form.version,
    version_tag: form.versionTag,
    resource_name: form.resourceName,
    checksum: form.checksum,
    form_schema: form.schema,
    tenant_id: form.tenantId,
    deployment_key: form.deploymentKey,
    created_at: form.createdAt,
  }
}

/** Form from a row of `engine_forms`. */
export function formFromRow(row: Row): FormData {
  return {
    formKey: str(row.form_key),
    formId: str(row.form_id),
    version: num(row.version),
    versionTag: optStr(row.version_tag),
    resourceName: str(row.resource_name),
    checksum: str(row.checksum),
    schema: str(row.form_schema),
    tenantId: str(row.tenant_id),
    deploymentKey: str(row.deployment_key),
    createdAt: num(row.created_at),
  }
}

/**
 * Row of `engine_process_instances`: the searchable summary, the row version used to detect
 * writes by other processes, and the serialized state (dropped once the instance ended).
 */
export function instanceToRow(
  data: ProcessInstanceData,
  rowVersion: number,
  hasIncident: boolean
): Row {
  const active = data.state === 'ACTIVE'
  return {
    process_instance_key: data.processInstanceKey,
    process_definition_key: data.processDefinitionKey,
    bpmn_process_id: data.bpmnProcessId,
    version: data.version,
    tenant_id: data.tenantId,
    state: active && data.suspended ? 'SUSPENDED' : data.state,
    business_id: data.businessId,
    unique_business_hash: active ? data.uniqueBusinessKey : null,
    has_incident: hasIncident,
    start_date: data.startDate,
    end_date: data.endDate,
    parent_process_instance_key: data.parentProcessInstanceKey ?? null,
    parent_element_instance_key: data.parentElementInstanceKey ?? null,
    row_version: rowVersion,
    state_json: active ? JSON.stringify(data) : null,
  }
}

/** Summary of an instance from its row. */
export function instanceSummaryFromRow(row: Row): InstanceSummary {
  return {
    processInstanceKey: str(row.process_instance_key),
    processDefinitionKey: str(row.process_definition_key),
    bpmnProcessId: str(row.bpmn_process_id),
    version: num(row.version),
    tenantId: str(row.tenant_id),
    state: str(row.state) as ProcessInstanceState,
    businessId: optStr(row.business_id),
    hasIncident: row.has_incident === true || Number(row.has_incident) === 1,
    startDate: num(row.start_date),
    endDate: optNum(row.end_date),
    parentProcessInstanceKey: optStr(row.parent_process_instance_key),
    parentElementInstanceKey: optStr(row.parent_element_instance_key),
  }
}

/**
 * Fields of a record value that repeat what the instance row holds. They are left out of the
 * stored value (a large share of the log's bytes) and restored when records are read.
 */
const INSTANCE_FIELDS: Partial<Record<ValueType, Record<string, keyof InstanceFields>>> = {
  PROCESS_INSTANCE: {
    bpmnProcessId: 'bpmnProcessId',
    processDefinitionKey: 'processDefinitionKey',
    version: 'version',
    processInstanceKey: 'processInstanceKey',
    tenantId: 'tenantId',
  },
  VARIABLE: {
    bpmnProcessId: 'bpmnProcessId',
    processDefinitionKey: 'processDefinitionKey',
    processInstanceKey: 'processInstanceKey',
    tenantId: 'tenantId',
  },
  JOB: {
    bpmnProcessId: 'bpmnProcessId',
    processDefinitionKey: 'processDefinitionKey',
    processDefinitionVersion: 'version',
    tenantId: 'tenantId',
  },
}

/** What a record value shares with its instance. */
export interface InstanceFields {
  processInstanceKey: string
  bpmnProcessId: string
  processDefinitionKey: string
  version: number
  tenantId: string
}

/** Row of `engine_records` (the position is assigned by the store). */
export function recordToRow(record: EngineRecord): Row {
  const elementId = record.value.elementId
  const shared = record.processInstanceKey === null ? undefined : INSTANCE_FIELDS[record.valueType]
  let value = record.value
  if (shared) {
    value = {}
    for (const name in record.value) {
      if (!(name in shared)) {
        value[name] = record.value[name]
      }
    }
  }
  return {
    record_key: record.key,
    value_type: record.valueType,
    intent: record.intent,
    process_instance_key: record.processInstanceKey,
    element_id: typeof elementId === 'string' ? elementId : null,
    timestamp: record.timestamp,
    record_value: JSON.stringify(value),
  }
}

/**
 * Record from a row of `engine_records`; `instance` gives back the fields left out of the
 * stored value (see `recordToRow`).
 */
export function recordFromRow(row: Row, instance?: InstanceFields): EngineRecord {
  const valueType = str(row.value_type) as ValueType
  const value = JSON.parse(str(row.record_value) || '{}') as { [name: string]: JsonValue }
  const shared = INSTANCE_FIELDS[valueType]
  if (shared && instance) {
    for (const [name, field] of Object.entries(shared)) {
      value[name] = instance[field]
    }
  }
  return {
    position: str(row.position),
    key: str(row.record_key),
    valueType,
    intent: str(row.intent) as Intent,
    processInstanceKey: optStr(row.process_instance_key),
    timestamp: num(row.timestamp),
    value,
  }
}

/** Row of `engine_timers`. */
export function timerToRow(timer: TimerData): Row {
  return {
    timer_key: timer.timerKey,
    process_instance_key: timer.processInstanceKey,
    element_instance_key: timer.elementInstanceKey,
    process_definition_key: timer.processDefinitionKey,
    bpmn_process_id: timer.bpmnProcessId,
    element_id: timer.elementId,
    tenant_id: timer.tenantId,
    due_date: timer.dueDate,
    repetitions: timer.repetitions,
    recurrence: JSON.stringify(timer.recurrence),
    created_at: timer.createdAt,
  }
}

/** Timer from a row of `engine_timers`. */
export function timerFromRow(row: Row): TimerData {
  return {
    timerKey: str(row.timer_key),
    processInstanceKey: optStr(row.process_instance_key),
    elementInstanceKey: optStr(row.element_instance_key),
    processDefinitionKey: str(row.process_definition_key),
    bpmnProcessId: str(row.bpmn_process_id),
    elementId: str(row.element_id),
    tenantId: str(row.tenant_id),
    dueDate: num(row.due_date),
    repetitions: num(row.repetitions),
    recurrence: JSON.parse(str(row.recurrence) || '{"kind":"once"}'),
    createdAt: num(row.created_at),
  }
}

/** Row of `engine_message_subscriptions` or `engine_signal_subscriptions`. */
export function subscriptionToRow(subscription: SubscriptionData, kind: 'message' | 'signal'): Row {
  const row: Row = {
    subscription_key: subscription.subscriptionKey,
    tenant_id: subscription.tenantId,
    [`${kind}_name`]: subscription.name,
    process_instance_key: subscription.processInstanceKey,
    element_instance_key: subscription.elementInstanceKey,
    element_id: subscription.elementId,
    bpmn_process_id: subscription.bpmnProcessId,
    process_definition_key: subscription.processDefinitionKey,
    interrupting: subscription.interrupting,
    created_at: subscription.createdAt,
  }
  if (kind === 'message') {
    row.correlation_key = subscription.correlationKey
  }
  return row
}

/** Subscription from a row of `engine_message_subscriptions` or `engine_signal_subscriptions`. */
export function subscriptionFromRow(row: Row): SubscriptionData {
  return {
    subscriptionKey: str(row.subscription_key),
    tenantId: str(row.tenant_id),
    name: str(row.message_name ?? row.signal_name),
    correlationKey: optStr(row.correlation_key),
    processInstanceKey: optStr(row.process_instance_key),
    elementInstanceKey: optStr(row.element_instance_key),
    elementId: str(row.element_id),
    bpmnProcessId: str(row.bpmn_process_id),
    processDefinitionKey: str(row.process_definition_key),
    interrupting: row.interrupting === true || Number(row.interrupting) === 1,
    createdAt: num(row.created_at),
  }
}

/**
 * The hash that makes a message id unique among the buffered messages of the same name and
 * correlation key (a second publication with that id is refused while the first is buffered).
 */
export function messageIdHash(
  tenantId: string,
  name: string,
  correlationKey: string,
  messageId: string
): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${name}\u0000${correlationKey}\u0000${messageId}`)
    .digest('hex')
}

/** Row of `engine_messages`. */
export function messageToRow(message: MessageData): Row {
  const hash =
    message.messageId === null
      ? null
      : messageIdHash(message.tenantId, message.name, message.correlationKey, message.messageId)
  return {
    message_key: message.messageKey,
    tenant_id: message.tenantId,
    message_name: message.name,
    correlation_key: message.correlationKey,
    message_id: message.messageId,
    message_id_hash: hash,
    variables: JSON.stringify(message.variables),
    deadline: message.deadline,
    correlated_processes: JSON.stringify(message.correlatedProcesses),
    created_at: message.createdAt,
  }
}

/** Buffered message from a row of `engine_messages`. */
export function messageFromRow(row: Row): MessageData {
  return {
    messageKey: str(row.message_key),
    tenantId: str(row.tenant_id),
    name: str(row.message_name),
    correlationKey: str(row.correlation_key),
    messageId: optStr(row.message_id),
    variables: JSON.parse(str(row.variables) || '{}'),
    deadline: num(row.deadline),
    correlatedProcesses: JSON.parse(str(row.correlated_processes) || '[]'),
    createdAt: num(row.created_at),
  }
}

/** Row of `engine_start_correlations`. */
export function startCorrelationToRow(lock: StartCorrelationData): Row {
  return {
    correlation_hash: lock.correlationHash,
    tenant_id: lock.tenantId,
    bpmn_process_id: lock.bpmnProcessId,
    correlation_key: lock.correlationKey,
    process_instance_key: lock.processInstanceKey,
  }
}

import type { JsonObject, JsonValue } from '../feel/feel_values.js'
import type { TimerRecurrence } from '../model/timer_schedule.js'
import type {
  IncidentErrorType,
  Intent,
  JobState,
  ProcessInstanceState,
  ValueType,
} from '../intents.js'

/** A job: work the engine asks of the outside world (a worker, or a person for user tasks). */
export interface JobData {
  jobKey: string
  type: string
  state: JobState
  retries: number
  worker: string | null
  /** When an activated job times out (epoch ms). */
  deadline: number | null
  /** When a failed job with a back-off becomes activatable again (epoch ms). */
  recurAt: number | null
  priority: number
  errorMessage: string | null
  errorCode: string | null
  customHeaders: Record<string, string>
  processInstanceKey: string
  elementInstanceKey: string
  elementId: string
  bpmnProcessId: string
  processDefinitionKey: string
  processDefinitionVersion: number
  tenantId: string
  createdAt: number
  /** Set while its instance is suspended: activation skips the job. */
  suspended?: boolean
}

/** An incident: a failure an operator has to look at; resolving it retries the failed step. */
export interface IncidentData {
  incidentKey: string
  state: 'ACTIVE' | 'RESOLVED'
  errorType: IncidentErrorType
  errorMessage: string
  processInstanceKey: string
  processDefinitionKey: string
  bpmnProcessId: string
  elementId: string
  elementInstanceKey: string
  jobKey: string | null
  tenantId: string
  createdAt: number
  resolvedAt: number | null
}

/** A deployed process definition (one version of one BPMN process id). */
export interface DefinitionData {
  processDefinitionKey: string
  bpmnProcessId: string
  version: number
  versionTag: string | null
  name: string | null
  resourceKey: string
  resourceName: string
  checksum: string
  tenantId: string
  deploymentKey: string
  createdAt: number
}

/** A deployed resource file (BPMN XML), kept to serve its XML and to recompile after restart. */
export interface ResourceData {
  resourceKey: string
  deploymentKey: string
  resourceName: string
  checksum: string
  content: string
  tenantId: string
  createdAt: number
}

/** A deployed form (one version of one form id). */
export interface FormData {
  formKey: string
  formId: string
  version: number
  versionTag: string | null
  resourceName: string
  checksum: string
  schema: string
  tenantId: string
  deploymentKey: string
  createdAt: number
}

/** The search row of a process instance (the state blob travels separately). */
export interface InstanceSummary {
  processInstanceKey: string
  processDefinitionKey: string
  bpmnProcessId: string
  version: number
  tenantId: string
  state: ProcessInstanceState
  businessId: string | null
  hasIncident: boolean
  startDate: number
  endDate: number | null
  parentProcessInstanceKey: string | null
  parentElementInstanceKey: string | null
}

/**
 * One entry of the log: every event (element lifecycle, flows, variables, jobs, incidents,
 * deployments) in the order it happened. The history of an instance is a query on these.
 */
export interface EngineRecord {
  /** Position in the log, set when read back from the store (increasing, gaps allowed). */
  position?: string
  /** The key of what the record is about (element instance, job, variable, incident …). */
  key: string
  valueType: ValueType
  intent: Intent
  processInstanceKey: string | null
  /** Epoch milliseconds, from the engine clock. */
  timestamp: number
  value: { [name: string]: JsonValue }
}

/**
 * A timer waiting to fire: for a catch event, boundary event, event sub-process or event-based
 * gateway of an instance, or for a timer start event of a process (no instance yet).
 */
export interface TimerData {
  timerKey: string
  /** `null` for a timer start event. */
  processInstanceKey: string | null
  /** The element instance the wait belongs to; `null` for a timer start event. */
  elementInstanceKey: string | null
  processDefinitionKey: string
  bpmnProcessId: string
  /** The catch event the timer triggers. */
  elementId: string
  tenantId: string
  /** When it fires (epoch ms). */
  dueDate: number
  /** How many times it fires in all, counting this one (-1: for ever). */
  repetitions: number
  recurrence: TimerRecurrence
  createdAt: number
}

/**
 * A message or signal subscription: an instance waits for it (catch event, receive task,
 * boundary event, event sub-process, event-based gateway), or a start event of the latest
 * version of a process does (no instance: `processInstanceKey` is `null`).
 */
export interface SubscriptionData {
  subscriptionKey: string
  tenantId: string
  /** The message or signal name. */
  name: string
  /** Message subscriptions of instances: the correlation key; `null` otherwise. */
  correlationKey: string | null
  processInstanceKey: string | null
  elementInstanceKey: string | null
  /** The catch event the subscription triggers. */
  elementId: string
  bpmnProcessId: string
  processDefinitionKey: string
  interrupting: boolean
  createdAt: number
}

/** A published message kept in the buffer until its time to live ends. */
export interface MessageData {
  messageKey: string
  tenantId: string
  name: string
  /** `''` when published without one. */
  correlationKey: string
  messageId: string | null
  variables: JsonObject
  /** When it leaves the buffer (epoch ms). */
  deadline: number
  /** BPMN process ids it was correlated to: a message reaches each process at most once. */
  correlatedProcesses: string[]
  createdAt: number
}

/**
 * The lock that keeps one active instance per correlation key among the instances a message
 * start event created (Zeebe's rule); released when that instance ends.
 */
export interface StartCorrelationData {
  /** sha-256 of tenant, process id and correlation key. */
  correlationHash: string
  tenantId: string
  bpmnProcessId: string
  correlationKey: string
  processInstanceKey: string
}

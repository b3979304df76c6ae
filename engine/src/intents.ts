/**
 * The vocabulary of records: value types and intents, named as Zeebe names them (commands as
 * verbs, events as states), so the history reads the same on both engines. Part 3 adds its
 * value types (call activities, multi-instance …) here.
 */

/** What a record is about. */
export type ValueType =
  | 'DEPLOYMENT'
  | 'PROCESS'
  | 'FORM'
  | 'PROCESS_INSTANCE_CREATION'
  | 'PROCESS_INSTANCE'
  | 'VARIABLE'
  | 'VARIABLE_DOCUMENT'
  | 'JOB'
  | 'INCIDENT'
  | 'MESSAGE'
  | 'SIGNAL'
  | 'TIMER'
  | 'MESSAGE_SUBSCRIPTION'
  | 'MESSAGE_START_EVENT_SUBSCRIPTION'
  | 'MESSAGE_CORRELATION'
  | 'SIGNAL_SUBSCRIPTION'
  | 'CONDITIONAL_SUBSCRIPTION'
  | 'PROCESS_EVENT'
  | 'ESCALATION'
  | 'DECISION'
  | 'DECISION_REQUIREMENTS'
  | 'DECISION_EVALUATION'
  | 'PROCESS_INSTANCE_SUSPENSION'
  | 'PROCESS_INSTANCE_MODIFICATION'
  | 'PROCESS_INSTANCE_MIGRATION'
  | 'COMPENSATION_SUBSCRIPTION'
  | 'RESOURCE_DELETION'

/** Element commands processed inside one engine command, in FIFO order. */
export type ProcessInstanceCommand = 'ACTIVATE_ELEMENT' | 'COMPLETE_ELEMENT' | 'TERMINATE_ELEMENT'

/** Element lifecycle events and the sequence-flow event. */
export type ProcessInstanceIntent =
  | 'ELEMENT_ACTIVATING'
  | 'ELEMENT_ACTIVATED'
  | 'ELEMENT_COMPLETING'
  | 'ELEMENT_COMPLETED'
  | 'ELEMENT_TERMINATING'
  | 'ELEMENT_TERMINATED'
  | 'SEQUENCE_FLOW_TAKEN'

/** Job events. */
export type JobIntent =
  | 'CREATED'
  | 'ACTIVATED'
  | 'COMPLETED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'RETRIES_UPDATED'
  | 'TIMEOUT_UPDATED'
  | 'RECURRED_AFTER_BACKOFF'
  | 'ERROR_THROWN'
  | 'CANCELED'
  | 'MIGRATED'

/** Variable events. */
export type VariableIntent = 'CREATED' | 'UPDATED'

/** Incident events. */
export type IncidentIntent = 'CREATED' | 'RESOLVED'

/** Events of deployments and what they define. */
export type DeploymentIntent = 'CREATED'

/** Message and signal events: published, expired (left the buffer), broadcast. */
export type MessageIntent = 'PUBLISHED' | 'EXPIRED' | 'BROADCASTED'

/** Timer events: a timer is created when its wait opens, and triggered or canceled once. */
export type TimerIntent = 'CREATED' | 'TRIGGERED' | 'CANCELED'

/**
 * Events of subscriptions (message, message start, signal, conditional): opened, correlated
 * (triggered), closed. A non-interrupting subscription stays open after a correlation.
 */
export type SubscriptionIntent = 'CREATED' | 'CORRELATED' | 'TRIGGERED' | 'DELETED'

/** The outcome of `POST /v2/messages/correlation`. */
export type MessageCorrelationIntent = 'CORRELATED'

/**
 * An event that reached a catch element: TRIGGERING stores its variables until the caught
 * element runs (after an interrupted scope has ended), TRIGGERED consumes them.
 */
export type ProcessEventIntent = 'TRIGGERING' | 'TRIGGERED'

/** An escalation thrown: caught by a catch event, or not (which is not an incident). */
export type EscalationIntent = 'ESCALATED' | 'NOT_ESCALATED'

/** A decision evaluation (by a business-rule task or the API): evaluated, or failed. */
export type DecisionEvaluationIntent = 'EVALUATED' | 'FAILED'

/**
 * Administration of running instances: suspended and resumed (Senflow's own, Zeebe has no
 * suspension), modified (elements activated and terminated), migrated to another version.
 */
export type InstanceAdminIntent = 'SUSPENDED' | 'RESUMED' | 'MODIFIED' | 'MIGRATED'

/**
 * A compensation subscription (Zeebe 8.5): created when a compensable activity completes,
 * triggered when compensation is thrown for it, completed when its handler completed.
 */
export type CompensationSubscriptionIntent = 'CREATED' | 'TRIGGERED' | 'COMPLETED' | 'DELETED'

/**
 * Deletion of a deployed resource (Zeebe 8.3+): RESOURCE_DELETION DELETING then DELETED around
 * what it deletes; a process DELETING then DELETED (its start events close in between), and
 * decisions, decision requirements graphs and forms DELETED.
 */
export type ResourceDeletionIntent = 'DELETING' | 'DELETED'

/** Every intent a record can carry. */
export type Intent =
  | InstanceAdminIntent
  | ProcessInstanceIntent
  | JobIntent
  | VariableIntent
  | IncidentIntent
  | DeploymentIntent
  | MessageIntent
  | TimerIntent
  | SubscriptionIntent
  | MessageCorrelationIntent
  | ProcessEventIntent
  | EscalationIntent
  | DecisionEvaluationIntent
  | CompensationSubscriptionIntent
  | ResourceDeletionIntent

/** The BPMN element types the engine knows (runs, or will run in part 3). */
export type BpmnElementType =
  | 'PROCESS'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'START_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'RECEIVE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'CALL_ACTIVITY'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'MULTI_INSTANCE_BODY'
  | 'SEQUENCE_FLOW'

/** The event definition of an event element, as Zeebe names it. */
export type BpmnEventType =
  | 'NONE'
  | 'TERMINATE'
  | 'MESSAGE'
  | 'TIMER'
  | 'SIGNAL'
  | 'ERROR'
  | 'ESCALATION'
  | 'CONDITIONAL'
  | 'LINK'
  | 'COMPENSATION'
  | 'UNSPECIFIED'

/** Incident error types (Zeebe's `ErrorType`). */
export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'FORM_NOT_FOUND'
  | 'RESOURCE_NOT_FOUND'
  | 'CALLED_ELEMENT_ERROR'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN'

/** States of a job row. */
export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN'

/** States of a process instance as the API reports them. */
export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED'

/** The job type of user tasks, as Zeebe names it for job-based user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask'

/** Custom header names Zeebe writes on job-based user tasks. */
export const USER_TASK_HEADERS = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  priority: 'io.camunda.zeebe:priority',
} as const

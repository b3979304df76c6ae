/**
 * The `WorkflowEngine` port: everything the app asks of a BPMN engine, in Camunda 8 terms (keys
 * as decimal strings, names and shapes of the Camunda 8 REST API v2) so that the same app runs
 * on the embedded engine (`EmbeddedEngine`) and later on Zeebe (`ZeebeEngine`).
 *
 * Rules of the contract:
 * - every method that changes something is one atomic command: it happened entirely or not at
 *   all when the promise settles;
 * - failures are typed errors from `errors.ts` with a `code` and an HTTP `status`:
 *   `NotFoundError` (404), `InvalidArgumentError` / `DeploymentRejectedError` (400, the latter
 *   with every problem), `InvalidStateError` and `AlreadyExistsError` (409),
 *   `DeadlineExceededError` (504), `EngineUnavailableError` (503);
 * - variables are JSON objects; values must be plain JSON and stay under the engine's size
 *   limit;
 * - dates in results are ISO-8601 strings (UTC), durations and timeouts are milliseconds.
 */
import type { JsonObject, JsonValue } from './feel/feel_values.js'
import type { BpmnElementType, IncidentErrorType, JobState, ValueType } from './intents.js'
import type { EngineRecord } from './state/entities.js'

export type { JsonObject, JsonValue, EngineRecord }

/** A resource to deploy: a BPMN file (`.bpmn`, `.xml`) or a form (`.form`). */
export interface DeploymentResource {
  name: string
  content: Buffer | string
}

/** A process definition created (or found identical) by a deployment. */
export interface DeployedProcess {
  processDefinitionId: string
  processDefinitionVersion: number
  processDefinitionKey: string
  resourceName: string
  tenantId: string
  versionTag?: string
}

/** A form created (or found identical) by a deployment. */
export interface DeployedForm {
  formId: string
  version: number
  formKey: string
  resourceName: string
  tenantId: string
}

/** The outcome of `deploy`. */
export interface Deployment {
  deploymentKey: string
  tenantId: string
  processes: DeployedProcess[]
  forms: DeployedForm[]
  /** Decisions created (or found identical) from `.dmn` resources. */
  decisions: DeployedDecision[]
  /** Decision requirements graphs (one per `.dmn` resource). */
  decisionRequirements: DeployedDecisionRequirements[]
}

/** A decision created (or found identical) by a deployment (Camunda's deployment shape). */
export interface DeployedDecision {
  decisionDefinitionId: string
  version: number
  name: string
  tenantId: string
  decisionRequirementsId: string
  decisionDefinitionKey: string
  decisionRequirementsKey: string
}

/** A decision requirements graph (a `.dmn` resource) created or found identical. */
export interface DeployedDecisionRequirements {
  decisionRequirementsId: string
  version: number
  decisionRequirementsName: string
  tenantId: string
  resourceName: string
  decisionRequirementsKey: string
}

/** A deployed decision (Camunda's DecisionDefinitionResult). */
export interface DecisionDefinition {
  decisionDefinitionKey: string
  decisionDefinitionId: string
  name: string
  version: number
  versionTag: string | null
  decisionRequirementsId: string
  decisionRequirementsKey: string
  tenantId: string
}

/** Filter of decision definition searches (equality on each given field). */
export interface DecisionDefinitionFilter {
  decisionDefinitionKey?: string
  decisionDefinitionId?: string
  name?: string
  version?: number
  decisionRequirementsId?: string
  decisionRequirementsKey?: string
  tenantId?: string
  /** Only the latest version of each decision id. */
  isLatestVersion?: boolean
}

/** Evaluate a decision by id (its latest version) or by key, with variables. */
export interface EvaluateDecisionRequest {
  decisionDefinitionId?: string
  decisionDefinitionKey?: string
  variables?: JsonObject
  tenantId?: string
}

/** An input of a decision table as evaluated (value as JSON text). */
export interface EvaluatedDecisionInput {
  inputId: string
  inputName: string
  inputValue: string
}

/** A rule that matched, with its outputs (values as JSON text). */
export interface MatchedDecisionRule {
  ruleId: string
  ruleIndex: number
  evaluatedOutputs: Array<{ outputId: string; outputName: string; outputValue: string }>
}

/** One decision evaluated (the one asked for, or one it requires). */
export interface EvaluatedDecision {
  decisionDefinitionId: string
  decisionDefinitionKey: string
  decisionDefinitionName: string
  decisionDefinitionVersion: number
  decisionDefinitionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION'
  decisionEvaluationInstanceKey: string
  /** The result as JSON text. */
  output: string
  tenantId: string
  matchedRules: MatchedDecisionRule[]
  evaluatedInputs: EvaluatedDecisionInput[]
}

/**
 * The outcome of `evaluateDecision` (Camunda's EvaluateDecisionResult). A failed evaluation is
 * kept in the records too; it comes back with `failedDecisionDefinitionId` and
 * `failureMessage` set and `output` 'null'.
 */
export interface EvaluateDecisionResult {
  decisionDefinitionId: string
  decisionDefinitionKey: string
  decisionDefinitionName: string
  decisionDefinitionVersion: number
  decisionRequirementsId: string
  decisionRequirementsKey: string
  decisionEvaluationKey: string
  /** Camunda's older name of the evaluation key. */
  decisionInstanceKey: string
  output: string
  failedDecisionDefinitionId: string
  failureMessage: string
  tenantId: string
  evaluatedDecisions: EvaluatedDecision[]
}

/** One decision evaluated in an evaluation (Camunda's DecisionInstanceResult). */
export interface DecisionInstance {
  decisionEvaluationInstanceKey: string
  decisionEvaluationKey: string
  state: 'EVALUATED' | 'FAILED'
  evaluationDate: string
  evaluationFailure: string | null
  decisionDefinitionKey: string
  decisionDefinitionId: string
  decisionDefinitionName: string
  decisionDefinitionVersion: number
  decisionDefinitionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION'
  rootDecisionDefinitionKey: string
  /** The result as JSON text (`null` when it failed). */
  result: string | null
  processDefinitionKey: string | null
  processInstanceKey: string | null
  elementInstanceKey: string | null
  elementId: string | null
  tenantId: string
}

/** A decision instance with its inputs and matched rules (`getDecisionInstance`). */
export interface DecisionInstanceDetail extends DecisionInstance {
  evaluatedInputs: EvaluatedDecisionInput[]
  matchedRules: MatchedDecisionRule[]
}

/** Filter of decision instance searches (equality on each given field). */
export interface DecisionInstanceFilter {
  decisionEvaluationInstanceKey?: string
  decisionEvaluationKey?: string
  state?: 'EVALUATED' | 'FAILED'
  decisionDefinitionKey?: string
  decisionDefinitionId?: string
  decisionDefinitionName?: string
  decisionDefinitionVersion?: number
  decisionDefinitionType?: 'DECISION_TABLE' | 'LITERAL_EXPRESSION'
  processDefinitionKey?: string
  processInstanceKey?: string
  elementInstanceKey?: string
  tenantId?: string
}

/** A deployed process definition. */
export interface ProcessDefinition {
  processDefinitionKey: string
  processDefinitionId: string
  name: string | null
  version: number
  versionTag: string | null
  resourceName: string
  tenantId: string
  deploymentKey: string
}

/** A deployed form, or a form embedded in a process (`zeebe:userTaskForm`). */
export interface Form {
  formKey: string
  formId: string
  version: number
  versionTag: string | null
  tenantId: string
  /** The form-js schema, as JSON text. */
  schema: string
}

/** Start a process instance at these elements instead of its none start event. */
export interface StartInstruction {
  elementId: string
}

/** `POST /v2/process-instances`. Either `processDefinitionKey` or `processDefinitionId`. */
export interface CreateProcessInstanceRequest {
  processDefinitionKey?: string
  processDefinitionId?: string
  /** With `processDefinitionId`: this version instead of the latest. */
  processDefinitionVersion?: number
  variables?: JsonObject
  /**
   * The business id (the dossier code). When the process asks for unique business ids
   * (`<zeebe:property name="businessIdUnique" value="true"/>` on the process), creating a second
   * active instance with the same id fails with `AlreadyExistsError`.
   */
  businessId?: string
  tenantId?: string
  startInstructions?: StartInstruction[]
  /** Wait until the instance completes and return its variables. */
  awaitCompletion?: boolean
  /** With `awaitCompletion`: how long to wait (ms, default 10 000), then `DeadlineExceededError`. */
  requestTimeout?: number
  /** With `awaitCompletion`: only these variables in the result. */
  fetchVariables?: string[]
}

/** The answer to `createProcessInstance`. */
export interface CreateProcessInstanceResult {
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  tenantId: string
  businessId: string | null
  /** With `awaitCompletion`: the variables of the completed instance. */
  variables?: JsonObject
}

/** A process instance as searches return it. */
export interface ProcessInstance {
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  /** `SUSPENDED`: active, but suspended by an administrator (see `suspendProcessInstance`). */
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED'
  hasIncident: boolean
  businessId: string | null
  startDate: string
  endDate: string | null
  parentProcessInstanceKey: string | null
  parentElementInstanceKey: string | null
  tenantId: string
}

/** An element instance (a node of the instance's tree, live or finished). */
export interface ElementInstance {
  elementInstanceKey: string
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  elementId: string
  elementName: string | null
  type: BpmnElementType
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'
  flowScopeKey: string | null
  startDate: string
  endDate: string | null
  hasIncident: boolean
  incidentKey: string | null
  tenantId: string
}

/** A variable in a scope (latest value). */
export interface Variable {
  variableKey: string
  name: string
  /** The value as JSON text, as the REST API returns it. */
  value: string
  scopeKey: string
  processInstanceKey: string
  tenantId: string
}

/** An incident. */
export interface Incident {
  incidentKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processInstanceKey: string
  errorType: IncidentErrorType
  errorMessage: string
  elementId: string
  elementInstanceKey: string
  jobKey: string | null
  state: 'ACTIVE' | 'RESOLVED'
  creationTime: string
  tenantId: string
}

/** A job that exists (activatable, activated, failed or in error). */
export interface Job {
  jobKey: string
  type: string
  state: JobState
  worker: string | null
  retries: number
  deadline: string | null
  errorMessage: string | null
  errorCode: string | null
  customHeaders: Record<string, string>
  priority: number
  processInstanceKey: string
  processDefinitionKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  elementId: string
  elementInstanceKey: string
  tenantId: string
  creationTime: string
}

/** A job handed to a worker. */
export interface ActivatedJob {
  jobKey: string
  type: string
  processInstanceKey: string
  processDefinitionId: string
  processDefinitionVersion: number
  processDefinitionKey: string
  elementId: string
  elementInstanceKey: string
  customHeaders: Record<string, string>
  worker: string
  retries: number
  /** When the activation times out (epoch ms). */
  deadline: number
  variables: JsonObject
  tenantId: string
  priority: number
}

/** `POST /v2/jobs/activation`. */
export interface ActivateJobsRequest {
  type: string
  worker: string
  maxJobsToActivate: number
  /** How long the jobs stay reserved for this worker (ms). */
  timeout: number
  /** Only these variables (all visible variables when omitted). */
  fetchVariable?: string[]
  /**
   * Long polling: wait up to this long (ms) for jobs when none is available. 0 or omitted:
   * answer at once.
   */
  requestTimeout?: number
}

/** `POST /v2/jobs/{key}/failure`. */
export interface FailJobRequest {
  retries: number
  errorMessage?: string
  /** Wait this long (ms) before the job can be activated again. */
  retryBackOff?: number
  /** Set as local variables of the job's element. */
  variables?: JsonObject
}

/** `POST /v2/jobs/{key}/error`. */
export interface ThrowJobErrorRequest {
  errorCode: string
  errorMessage?: string
  variables?: JsonObject
}

/** `PATCH /v2/jobs/{key}`. */
export interface UpdateJobRequest {
  retries?: number
  /** New timeout from now (ms), for an activated job. */
  timeout?: number
}

/** What an in-process worker's handler receives: the job and the means to settle it. */
export interface WorkerJob extends ActivatedJob {
  complete(variables?: JsonObject): Promise<void>
  fail(request: FailJobRequest): Promise<void>
  throwError(request: ThrowJobErrorRequest): Promise<void>
}

/** Options of an in-process job worker. */
export interface JobWorkerOptions {
  type: string
  /** Worker name recorded on activated jobs (default `in-process`). */
  worker?: string
  /**
   * Handles one job. It settles the job with `job.complete/fail/throwError`; if it throws
   * without settling, the job fails with one retry less and the error's message. A job left
   * unsettled times out and is handed out again.
   */
  handler: (job: WorkerJob) => Promise<void> | void
  /** How many jobs may be in the handler at once (default 32). */
  maxJobsActive?: number
  /** Activation timeout of the jobs (ms, default 5 minutes). */
  timeout?: number
  fetchVariables?: string[]
  /** How often to look for jobs made elsewhere (timed out, other processes) (ms, default 1000). */
  pollInterval?: number
}

/** A running in-process worker. */
export interface JobWorker {
  readonly type: string
  /** Stops taking jobs and waits for the handlers in progress. */
  close(): Promise<void>
}

/** `POST /v2/messages/publication`. */
export interface PublishMessageRequest {
  name: string
  correlationKey?: string
  /**
   * How long the message stays buffered for subscriptions opened later (ms). 0 or omitted: it
   * only reaches what waits for it now, and expires at once.
   */
  timeToLive?: number
  /** Idempotency: a second message with the same id, name and correlation key is refused. */
  messageId?: string
  variables?: JsonObject
  tenantId?: string
}

/** `POST /v2/messages/correlation`: correlate now, without buffering. */
export interface CorrelateMessageRequest {
  name: string
  correlationKey?: string
  variables?: JsonObject
  tenantId?: string
}

/** The answer to `correlateMessage`: the message and the instance it reached first. */
export interface MessageCorrelationResult {
  messageKey: string
  tenantId: string
  /** A message start event's new instance, else the first waiting instance reached. */
  processInstanceKey: string
}

/** States of a message subscription (Camunda's `messageSubscriptionState`). */
export type MessageSubscriptionState = 'CREATED' | 'CORRELATED' | 'DELETED'

/** What an instance waits for: a message subscription (`POST /v2/message-subscriptions/search`). */
export interface MessageSubscription {
  messageSubscriptionKey: string
  processDefinitionId: string
  processDefinitionKey: string
  processInstanceKey: string
  /** The catch element: catch event, receive task, boundary event, event sub-process start. */
  elementId: string
  /** The element instance waiting (the activity for a boundary event, the container for an event sub-process). */
  elementInstanceKey: string
  messageSubscriptionState: MessageSubscriptionState
  lastUpdatedDate: string
  messageName: string
  correlationKey: string
  tenantId: string
}

/** `POST /v2/signals/broadcast`. */
export interface BroadcastSignalRequest {
  signalName: string
  variables?: JsonObject
  tenantId?: string
}

/** Sorting: a field of the result type and a direction. */
export interface SortField<F extends string = string> {
  field: F
  order?: 'ASC' | 'DESC'
}

/** A search request: filter, sort and page, as in the REST API. */
export interface SearchQuery<Filter> {
  filter?: Filter
  sort?: SortField[]
  page?: { from?: number; limit?: number }
}

/** A page of search results. */
export interface SearchResult<T> {
  items: T[]
  page: { totalItems: number }
}

/** Filter of process-instance searches (equality on each given field). */
export interface ProcessInstanceFilter {
  processInstanceKey?: string
  processDefinitionKey?: string
  processDefinitionId?: string
  processDefinitionVersion?: number
  state?: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED'
  hasIncident?: boolean
  businessId?: string
  tenantId?: string
  /** Instances called by a call activity of this instance. */
  parentProcessInstanceKey?: string
}

/** One instance of a call hierarchy (Camunda's ProcessInstanceCallHierarchyEntry). */
export interface CallHierarchyEntry {
  processInstanceKey: string
  processDefinitionKey: string
  /** The process name, or its id when it has none. */
  processDefinitionName: string
}

/** Filter of process-definition searches. */
export interface ProcessDefinitionFilter {
  processDefinitionKey?: string
  processDefinitionId?: string
  version?: number
  versionTag?: string
  name?: string
  resourceName?: string
  tenantId?: string
  /** Only the latest version of each process id. */
  isLatestVersion?: boolean
}

/** Filter of incident searches. */
export interface IncidentFilter {
  incidentKey?: string
  processInstanceKey?: string
  processDefinitionKey?: string
  processDefinitionId?: string
  elementId?: string
  elementInstanceKey?: string
  errorType?: IncidentErrorType
  state?: 'ACTIVE' | 'RESOLVED'
  jobKey?: string
  tenantId?: string
}

/** Filter of job searches (jobs that exist: completed and canceled jobs live in the records). */
export interface JobFilter {
  jobKey?: string
  type?: string
  state?: JobState
  worker?: string
  processInstanceKey?: string
  processDefinitionKey?: string
  processDefinitionId?: string
  elementId?: string
  elementInstanceKey?: string
  tenantId?: string
}

/**
 * Filter of element-instance searches. Built from the records: give `processInstanceKey` (or
 * `elementInstanceKey`) for fast answers.
 */
export interface ElementInstanceFilter {
  elementInstanceKey?: string
  processInstanceKey?: string
  processDefinitionKey?: string
  elementId?: string
  type?: BpmnElementType
  state?: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'
  flowScopeKey?: string
  hasIncident?: boolean
}

/**
 * Filter of message-subscription searches. Open subscriptions (`CREATED`) are read from their
 * indexed table; other states are folded from the records (give `processInstanceKey`).
 */
export interface MessageSubscriptionFilter {
  messageSubscriptionKey?: string
  processInstanceKey?: string
  processDefinitionKey?: string
  processDefinitionId?: string
  elementId?: string
  elementInstanceKey?: string
  messageName?: string
  correlationKey?: string
  messageSubscriptionState?: MessageSubscriptionState
  tenantId?: string
}

/** Filter of variable searches (latest value of each variable, from the records). */
export interface VariableFilter {
  variableKey?: string
  processInstanceKey?: string
  scopeKey?: string
  name?: string
}

/** Filter of record searches: the history, in log order. */
export interface RecordFilter {
  processInstanceKey?: string
  valueType?: ValueType
  intent?: string
  key?: string
  elementId?: string
  /** Only records after this position (for resuming a feed). */
  positionAfter?: string
}

/** `POST /v2/process-instances/{key}/modification` (Camunda 8's body). */
export interface ModifyProcessInstanceRequest {
  /** Elements to activate, each in an existing or new flow scope, with variables. */
  activateInstructions?: Array<{
    elementId: string
    /**
     * The element instance to activate in (or the ancestor under which missing flow scopes are
     * created); without it, the one live instance of the flow scope, else new flow scopes.
     */
    ancestorElementInstanceKey?: string
    /** Variables set locally in the scope of that element id (default: the element itself). */
    variableInstructions?: Array<{ variables: JsonObject; scopeId?: string }>
  }>
  /** Element instances to terminate (with everything inside). */
  terminateInstructions?: Array<{ elementInstanceKey: string }>
}

/** Camunda 8's mapping of a migration plan: an element of the source to one of the target. */
export interface MigrationMappingInstruction {
  sourceElementId: string
  targetElementId: string
}

/** `POST /v2/process-instances/{key}/migration` (Camunda 8's body). */
export interface MigrateProcessInstanceRequest {
  targetProcessDefinitionKey: string
  mappingInstructions: MigrationMappingInstruction[]
}

/** `POST /v2/process-instances/migration`: every active instance of a definition, all or nothing. */
export interface MigrateProcessInstancesRequest {
  filter: { processDefinitionKey: string }
  migrationPlan: MigrateProcessInstanceRequest
}

/** What a batch migration or a definition's suspension changed. */
export interface InstanceBatchResult {
  /** The instances changed. */
  processInstanceKeys: string[]
}

/**
 * The engine port. See the file comment for the rules every implementation follows.
 */
export interface WorkflowEngine {
  /**
   * Starts background work: job time-outs, retry back-offs, timers (due ones fire at once, then
   * each at its due time), message expiry.
   */
  start(): Promise<void>
  /** Stops background work, closes workers and waits for commands in progress. */
  stop(): Promise<void>

  /**
   * Deploys BPMN and form resources. A process whose resource is byte-identical to its latest
   * version keeps that version; otherwise it gets a new one. Rejects with
   * `DeploymentRejectedError` listing every problem ("Expected …, but …") by element id.
   */
  deploy(resources: DeploymentResource[], tenantId?: string): Promise<Deployment>
  /**
   * Deletes a deployed resource by key (Zeebe's `DeleteResource`): a process definition, a
   * decision requirements graph with its decisions, or a form. No instance can be created for a
   * deleted definition; when the latest version is deleted, the version before it becomes the
   * latest again (its start events open). Version numbers are never given again. Rejects with
   * `NotFoundError` for an unknown (or already deleted) key and `InvalidStateError` for a
   * process definition that still has running instances (nothing is deleted then).
   */
  deleteResource(resourceKey: string): Promise<void>
  /** One process definition. */
  getProcessDefinition(processDefinitionKey: string): Promise<ProcessDefinition>
  /** The BPMN XML a definition was deployed from. */
  getProcessDefinitionXml(processDefinitionKey: string): Promise<string>
  /** Searches process definitions. */
  searchProcessDefinitions(
    query?: SearchQuery<ProcessDefinitionFilter>
  ): Promise<SearchResult<ProcessDefinition>>
  /**
   * A form by the key found in a user task's `io.camunda.zeebe:formKey` header: a deployed
   * form's key, or `camunda-forms:bpmn:<id>` for a form embedded in the process (then
   * `processDefinitionKey` says which process).
   */
  getForm(formKey: string, processDefinitionKey?: string): Promise<Form>
  /**
   * Evaluates a decision (by id: its latest version; or by key) with variables, its required
   * decisions first; the evaluation is kept in the records and as decision instances.
   */
  evaluateDecision(request: EvaluateDecisionRequest): Promise<EvaluateDecisionResult>
  /** Searches deployed decisions. */
  searchDecisionDefinitions(
    query?: SearchQuery<DecisionDefinitionFilter>
  ): Promise<SearchResult<DecisionDefinition>>
  /** A deployed decision by key. */
  getDecisionDefinition(decisionDefinitionKey: string): Promise<DecisionDefinition>
  /** The DMN XML a decision was deployed in. */
  getDecisionDefinitionXml(decisionDefinitionKey: string): Promise<string>
  /** Searches evaluated decisions. */
  searchDecisionInstances(
    query?: SearchQuery<DecisionInstanceFilter>
  ): Promise<SearchResult<DecisionInstance>>
  /** An evaluated decision with its inputs and matched rules. */
  getDecisionInstance(decisionEvaluationInstanceKey: string): Promise<DecisionInstanceDetail>

  /** Creates (and starts) a process instance; optionally waits for its completion. */
  createProcessInstance(request: CreateProcessInstanceRequest): Promise<CreateProcessInstanceResult>
  /** Cancels an active instance: terminates everything inside, removes its jobs. */
  cancelProcessInstance(processInstanceKey: string): Promise<void>
  /** One process instance. */
  getProcessInstance(processInstanceKey: string): Promise<ProcessInstance>
  /**
   * The call hierarchy of an instance: its root instance first, down through the instances
   * created by call activities, to the instance itself. `NotFoundError` when it does not exist.
   */
  getCallHierarchy(processInstanceKey: string): Promise<CallHierarchyEntry[]>
  /** Searches process instances. */
  searchProcessInstances(
    query?: SearchQuery<ProcessInstanceFilter>
  ): Promise<SearchResult<ProcessInstance>>
  /**
   * Sets variables on a scope (a process instance or element instance key). Without `local`,
   * each variable goes to the nearest scope that already has it, else to the process instance;
   * with `local` (`true` or `{ local: true }`), all go to the given scope.
   */
  setVariables(
    elementInstanceKey: string,
    variables: JsonObject,
    local?: boolean | { local?: boolean }
  ): Promise<void>
  /** Searches variables. */
  searchVariables(query?: SearchQuery<VariableFilter>): Promise<SearchResult<Variable>>
  /** Searches element instances. */
  searchElementInstances(
    query?: SearchQuery<ElementInstanceFilter>
  ): Promise<SearchResult<ElementInstance>>

  /**
   * Publishes a message: it correlates to the subscriptions with its name and correlation key
   * (once per process id) and to message start events; with a time to live it stays buffered
   * for subscriptions opened later. A second message with the same id (name, correlation key)
   * while the first is buffered fails with `AlreadyExistsError`.
   */
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string; tenantId: string }>
  /**
   * Correlates a message at once, without buffering; `NotFoundError` when nothing waits for it.
   */
  correlateMessage(request: CorrelateMessageRequest): Promise<MessageCorrelationResult>
  /** Searches message subscriptions: what instances wait for, and what they caught. */
  searchMessageSubscriptions(
    query?: SearchQuery<MessageSubscriptionFilter>
  ): Promise<SearchResult<MessageSubscription>>
  /**
   * Broadcasts a signal: every signal catch event, boundary event and event sub-process waiting
   * for it is triggered, and signal start events create instances.
   */
  broadcastSignal(request: BroadcastSignalRequest): Promise<{ signalKey: string; tenantId: string }>

  /** Searches incidents. */
  searchIncidents(query?: SearchQuery<IncidentFilter>): Promise<SearchResult<Incident>>
  /** One incident. */
  getIncident(incidentKey: string): Promise<Incident>
  /** Resolves an incident and retries the step that failed (a job becomes activatable again). */
  resolveIncident(incidentKey: string): Promise<void>

  /** Activates jobs of a type for a worker; with `requestTimeout`, waits for jobs (long polling). */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>
  /** Completes a job; its variables are merged into the instance. */
  completeJob(jobKey: string, variables?: JsonObject): Promise<void>
  /** Fails a job: retried after the back-off while retries remain, else an incident. */
  failJob(jobKey: string, request: FailJobRequest): Promise<void>
  /**
   * Throws a BPMN error from a job: the nearest error catch event outwards catches it (with the
   * variables); uncaught, it is an incident UNHANDLED_ERROR_EVENT.
   */
  throwJobError(jobKey: string, request: ThrowJobErrorRequest): Promise<void>
  /** Updates a job's retries and/or timeout. */
  updateJob(jobKey: string, request: UpdateJobRequest): Promise<void>
  /** Searches existing jobs. */
  searchJobs(query?: SearchQuery<JobFilter>): Promise<SearchResult<Job>>
  /** Opens an in-process worker: new jobs of its type are pushed to it right after commit. */
  openJobWorker(options: JobWorkerOptions): JobWorker

  /** The whole history of a process instance, in order. */
  getRecords(processInstanceKey: string): Promise<EngineRecord[]>
  /** Searches the record log, in log order (`sort` is ignored). */
  searchRecords(query?: SearchQuery<RecordFilter>): Promise<SearchResult<EngineRecord>>
  /**
   * Calls the listener after each commit with the records it committed, in order (the app keeps
   * its user-task inbox, notifications and monitoring in step with it). Returns an unsubscribe.
   * A listener that throws does not affect the engine.
   */
  onRecords(listener: (records: EngineRecord[]) => void): () => void

  /**
   * Modifies a running instance as an administrator repairs it: activates elements (creating
   * missing flow scopes, with variables) and terminates element instances; the instance ends
   * when nothing is left. Rejected as a whole (`InvalidArgumentError`, `NotFoundError`) before
   * anything changes.
   */
  modifyProcessInstance(
    processInstanceKey: string,
    request: ModifyProcessInstanceRequest
  ): Promise<void>
  /**
   * Moves a running instance to another version of its process by an element mapping: element
   * instances, jobs, user tasks, timers and subscriptions follow. Rejected as a whole with the
   * reason (`InvalidArgumentError`) when something cannot be migrated.
   */
  migrateProcessInstance(
    processInstanceKey: string,
    request: MigrateProcessInstanceRequest
  ): Promise<void>
  /** Migrates every active (or suspended) instance of a definition in one transaction, or none. */
  migrateProcessInstances(request: MigrateProcessInstancesRequest): Promise<InstanceBatchResult>
  /** Suspends an active instance (`InvalidStateError` when already suspended). */
  suspendProcessInstance(processInstanceKey: string): Promise<void>
  /** Resumes a suspended instance; timers due meanwhile fire once. */
  resumeProcessInstance(processInstanceKey: string): Promise<void>
  /** Suspends every active instance of a process definition (one version). */
  suspendProcessDefinition(processDefinitionKey: string): Promise<InstanceBatchResult>
  /** Resumes every suspended instance of a process definition. */
  resumeProcessDefinition(processDefinitionKey: string): Promise<InstanceBatchResult>
}

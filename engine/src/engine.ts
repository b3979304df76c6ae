import { DecisionQueries } from './dmn/decision_queries.js'
import { EvaluateDecisionCommand } from './dmn/evaluate_decision_command.js'
import type {
  DecisionDefinition,
  DecisionDefinitionFilter,
  DecisionInstance,
  DecisionInstanceDetail,
  DecisionInstanceFilter,
  EvaluateDecisionRequest,
  EvaluateDecisionResult,
} from './port.js'
import { SystemClock, type Clock } from './clock.js'
import {
  DeadlineExceededError,
  DeploymentRejectedError,
  EngineUnavailableError,
  InvalidArgumentError,
  InvalidStateError,
  InvalidVariablesError,
  NotFoundError,
} from './errors.js'
import { EngineQueries } from './engine_queries.js'
import { ExpressionLanguage, type FeelFunction } from './feel/expression_language.js'
import { findNonJson, type JsonObject } from './feel/feel_values.js'
import { LocalJobWorker, WorkerRegistry } from './job_workers.js'
import { BlockKeyGenerator, type KeyGenerator } from './keys.js'
import { compileDeployment } from './model/deployment_compiler.js'
import { jsonSize } from './behaviors/variable_behavior.js'
import type { BatchContext, ProcessingServices } from './processing/batch_context.js'
import { CommandBatch, type QueuedCommand } from './processing/command_batch.js'
import { GroupCommit } from './processing/group_commit.js'
import { CancelProcessInstanceCommand } from './processing/commands/cancel_process_instance_command.js'
import { CreateProcessInstanceCommand } from './processing/commands/create_process_instance_command.js'
import { DeployCommand } from './processing/commands/deploy_command.js'
import { DeleteResourceCommand } from './processing/commands/delete_resource_command.js'
import type { EngineCommand } from './processing/commands/engine_command.js'
import {
  ActivateJobsCommand,
  DueJobsCommand,
  UpdateJobCommand,
} from './processing/commands/job_activation_commands.js'
import {
  CompleteJobCommand,
  FailJobCommand,
  ThrowJobErrorCommand,
} from './processing/commands/job_commands.js'
import {
  CorrelateMessageCommand,
  ExpireMessagesCommand,
  PublishMessageCommand,
} from './processing/commands/message_commands.js'
import { BroadcastSignalCommand } from './processing/commands/signal_commands.js'
import {
  startEventSubscriptions,
  type StartEventSubscription,
} from './processing/commands/start_event_commands.js'
import { TriggerDueTimersCommand } from './processing/commands/timer_commands.js'
import { ResolveIncidentCommand } from './processing/commands/resolve_incident_command.js'
import { SetVariablesCommand } from './processing/commands/set_variables_command.js'
import { InstanceAdministration } from './processing/commands/instance_administration.js'
import { DefinitionCache } from './processing/definition_cache.js'
import { InstanceCache } from './processing/instance_cache.js'
import type {
  ActivatedJob,
  ActivateJobsRequest,
  BroadcastSignalRequest,
  CorrelateMessageRequest,
  CreateProcessInstanceRequest,
  CreateProcessInstanceResult,
  Deployment,
  DeploymentResource,
  ElementInstance,
  ElementInstanceFilter,
  FailJobRequest,
  Form,
  InstanceBatchResult,
  MigrateProcessInstanceRequest,
  MigrateProcessInstancesRequest,
  ModifyProcessInstanceRequest,
  Incident,
  IncidentFilter,
  Job,
  JobFilter,
  JobWorker,
  JobWorkerOptions,
  MessageCorrelationResult,
  MessageSubscription,
  MessageSubscriptionFilter,
  ProcessDefinition,
  ProcessDefinitionFilter,
  ProcessInstance,
  CallHierarchyEntry,
  ProcessInstanceFilter,
  PublishMessageRequest,
  RecordFilter,
  SearchQuery,
  SearchResult,
  ThrowJobErrorRequest,
  UpdateJobRequest,
  Variable,
  VariableFilter,
  WorkflowEngine,
} from './port.js'
import type { EngineRecord } from './state/entities.js'
import type { EngineStore } from './store/store.js'

/** The tenant used when a request names none (Camunda's default tenant id). */
export const DEFAULT_TENANT = '<default>'

/** How to build an `EmbeddedEngine`. */
export interface EmbeddedEngineOptions {
  /** Where everything is persisted: `new SqlStore(knex)` in the app, `new MemoryStore()` in tests. */
  store: EngineStore
  /** Time source (default: the machine clock). Pass a `ControllableClock` to pin or move time. */
  clock?: Clock
  /** Key source (default: blocks of keys reserved from the store, safe across processes). */
  keyGenerator?: KeyGenerator
  /** Largest JSON size of one variable value, in bytes (default 1 MiB). */
  maxVariableBytes?: number
  /** Most commands committed in one transaction (default 500). */
  maxBatchSize?: number
  /**
   * Whether the next batch may be processed while the previous one commits (default: on
   * MySQL/MariaDB, which run transactions side by side; see `GroupCommit`).
   */
  overlapBatches?: boolean
  /** How many active instance states to keep in memory (default 10 000). */
  instanceCacheSize?: number
  /** How often to look for timed-out jobs and elapsed back-offs (ms, default 1000). */
  schedulerInterval?: number
  /**
   * While a long poll waits, how often to look for jobs created by another server process (ms,
   * default 1000); jobs created by this engine wake the poll at once.
   */
  longPollInterval?: number
  /** Extra FEEL functions, as with `registerFeelFunction`. */
  feelFunctions?: Record<string, FeelFunction>
}

/** Most scheduled commands of one kind in a row before other work gets a turn. */
const MAX_SCHEDULED_ROUNDS = 1000

/** Longest a timer wake-up is armed for (setTimeout's limit is about 24.8 days). */
const MAX_WAKE_DELAY = 3_600_000

/** Waits for an instance's completion (create-and-await). */
interface CompletionAwaiter {
  keys: string[]
  fetchVariables: string[] | null
  resolve(variables: JsonObject): void
  reject(error: unknown): void
}

/**
 * The embedded BPMN engine: `WorkflowEngine` on top of an `EngineStore`, in this process.
 *
 * Every change is a command. Commands wait in one queue and are committed in groups: one
 * transaction per batch of pending commands (group commit), each command still atomic on its
 * own (see `CommandBatch`). After each commit, record listeners are called, jobs created for
 * in-process workers are handed to them, and long polls waiting for new jobs are woken.
 *
 * Wiring in the app:
 * ```ts
 * const clock = new ControllableClock()
 * const engine = new EmbeddedEngine({ store: new SqlStore(knex), clock })
 * engine.registerFeelFunction('add working days', (date, days) => …)
 * await engine.start()   // on shutdown: await engine.stop()
 * ```
 * The tables come from `createEngineTables(knex)`, called by a migration.
 */
export class EmbeddedEngine implements WorkflowEngine {
  /** The engine's clock (a `ControllableClock` when one was passed in). */
  readonly clock: Clock
  readonly #store: EngineStore
  readonly #language: ExpressionLanguage
  readonly #definitions: DefinitionCache
  readonly #instances: InstanceCache
  readonly #workers = new WorkerRegistry()
  readonly #batch: CommandBatch
  readonly #groupCommit: GroupCommit
  readonly #queries: EngineQueries
  readonly #services: ProcessingServices
  readonly #maxBatchSize: number
  readonly #schedulerInterval: number
  readonly #longPollInterval: number
  readonly #queue: QueuedCommand[] = []
  readonly #listeners = new Set<(records: EngineRecord[]) => void>()
  readonly #pollers = new Map<string, Set<() => void>>()
  readonly #awaiters = new Map<string, CompletionAwaiter>()
  readonly #admin = new InstanceAdministration(
    (command) => this.#submit(command),
    (variables) => this.#checkVariables(variables)
  )
  #draining: Promise<void> | null = null
  #drainScheduled = false
  #stopped = false
  /** Set while stopping: no new workers, long polls answer at once. */
  #closing = false
  #scheduler: NodeJS.Timeout | null = null
  #ticking: Promise<void> | null = null
  /** Set when due work was announced while a tick was running: it runs again. */
  #tickAgain = false
  #unsubscribeClock: (() => void) | null = null
  /** The wake-up armed for the next timer, and its due date. */
  #timerWake: NodeJS.Timeout | null = null
  #timerWakeDue: number | null = null

  constructor(options: EmbeddedEngineOptions) {
    this.#store = options.store
    this.clock = options.clock ?? new SystemClock()
    this.#language = new ExpressionLanguage(this.clock)
    for (const [name, fn] of Object.entries(options.feelFunctions ?? {})) {
      this.#language.registerFunction(name, fn)
    }
    this.#definitions = new DefinitionCache(this.#language)
    this.#instances = new InstanceCache(options.instanceCacheSize ?? 10_000)
    this.#maxBatchSize = options.maxBatchSize ?? 500
    this.#schedulerInterval = options.schedulerInterval ?? 1000
    this.#longPollInterval = options.longPollInterval ?? 1000
    this.#services = {
      clock: this.clock,
      keys:
        options.keyGenerator ?? new BlockKeyGenerator((size) => this.#store.reserveKeyBlock(size)),
      language: this.#language,
      workers: this.#workers,
      maxVariableBytes: options.maxVariableBytes ?? 1024 * 1024,
    }
    this.#batch = new CommandBatch(
      this.#store,
      this.#services,
      this.#instances,
      this.#definitions,
      (batch) => this.#afterCommit(batch)
    )
    this.#groupCommit = new GroupCommit(
      this.#batch,
      options.overlapBatches ?? this.#store.dialect === 'mysql'
    )
    this.#queries = new EngineQueries(this.#store, this.#definitions)
  }

  /**
   * Adds a FEEL function every expression can call, e.g. business-calendar functions such as
   * `add working days(date, n)`. Register before deploying models that use it.
   */
  registerFeelFunction(name: string, fn: FeelFunction): void {
    this.#language.registerFunction(name, fn)
  }

  async start(): Promise<void> {
    this.#stopped = false
    if (this.#scheduler) {
      return
    }
    const loop = () => {
      this.#scheduler = setTimeout(async () => {
        await this.tick().catch(() => undefined)
        if (this.#scheduler) {
          loop()
        }
      }, this.#schedulerInterval)
      this.#scheduler.unref?.()
    }
    loop()
    this.#unsubscribeClock =
      this.clock.onChange?.(() => {
        // moved time: the armed wake-up is re-armed from the new reading
        this.#disarmTimerWake()
        void this.tick().catch(() => undefined)
      }) ?? null
    await this.tick()
  }

  async stop(): Promise<void> {
    if (this.#scheduler) {
      clearTimeout(this.#scheduler)
      this.#scheduler = null
    }
    this.#unsubscribeClock?.()
    this.#unsubscribeClock = null
    this.#disarmTimerWake()
    this.#closing = true
    for (const wakers of this.#pollers.values()) {
      for (const wake of wakers) {
        wake()
      }
    }
    // in-process handlers still running may settle their jobs before the engine stops
    await Promise.all(this.#workers.all().map((worker) => worker.close()))
    this.#stopped = true
    // a tick in flight may find the engine stopped half-way: that is not a failure to stop
    await this.#ticking?.catch(() => undefined)
    await this.#draining
    this.#closing = false
  }

  /**
   * Runs due scheduled work now: activated jobs past their deadline time out, failed jobs whose
   * back-off elapsed become activatable, due timers fire (oldest first, in batches), buffered
   * messages past their time to live expire; then the wake-up for the next timer is armed.
   * `start()` calls it periodically, when the clock is moved and when a timer is due; tests call
   * it after moving a `ControllableClock`.
   */
  async tick(): Promise<void> {
    if (this.#ticking) {
      this.#tickAgain = true
      return this.#ticking
    }
    this.#ticking = (async () => {
      try {
        do {
          this.#tickAgain = false
          await this.#runScheduled()
        } while (this.#tickAgain && !this.#stopped)
      } finally {
        this.#ticking = null
      }
    })()
    return this.#ticking
  }

  async #runScheduled(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const types = await this.#submit(new DueJobsCommand(500))
      if (types.size === 0) {
        break
      }
    }
    // timers and buffered messages: a transaction only when something is due (an indexed look)
    await this.#whileDue('engine_timers', () => new TriggerDueTimersCommand(500))
    await this.#whileDue('engine_messages', () => new ExpireMessagesCommand(500))
    const [next] = await this.#store.query('engine_timers', {
      orderBy: [{ column: 'due_date', order: 'asc' }],
      limit: 1,
      columns: ['due_date'],
    })
    this.#disarmTimerWake()
    if (next) {
      this.#armTimerWake(Number(next.due_date))
    }
  }

  /** Runs batches of 500 while rows of the table are due (each command says how many it took). */
  async #whileDue(
    table: 'engine_timers' | 'engine_messages',
    command: () => EngineCommand<number>
  ): Promise<void> {
    for (let round = 0; round < MAX_SCHEDULED_ROUNDS && (await this.#due(table)); round++) {
      if (this.#stopped || (await this.#submit(command())) < 500) {
        return
      }
    }
  }

  /** Whether a timer is due, or a buffered message expired, by the engine clock. */
  async #due(table: 'engine_timers' | 'engine_messages'): Promise<boolean> {
    if (this.#stopped) {
      return false
    }
    const column = table === 'engine_timers' ? 'due_date' : 'deadline'
    const rows = await this.#store.query(table, {
      where: { [column]: { lte: this.clock.now() } },
      limit: 1,
      columns: [column],
    })
    return rows.length > 0
  }

  /**
   * Arms the wake-up for a timer due at `dueDate` (engine clock), unless an earlier one is
   * armed: the scheduler wakes exactly then instead of polling.
   */
  #armTimerWake(dueDate: number): void {
    if (this.#stopped || this.#scheduler === null) {
      return
    }
    if (this.#timerWake && this.#timerWakeDue !== null && this.#timerWakeDue <= dueDate) {
      return
    }
    this.#disarmTimerWake()
    const delay = Math.min(Math.max(0, dueDate - this.clock.now()), MAX_WAKE_DELAY)
    this.#timerWakeDue = dueDate
    this.#timerWake = setTimeout(() => {
      this.#timerWake = null
      this.#timerWakeDue = null
      void this.tick().catch(() => undefined)
    }, delay)
    this.#timerWake.unref?.()
  }

  #disarmTimerWake(): void {
    if (this.#timerWake) {
      clearTimeout(this.#timerWake)
    }
    this.#timerWake = null
    this.#timerWakeDue = null
  }

  // ---------------------------------------------------------------- deployment and definitions

  async deploy(resources: DeploymentResource[], tenantId = DEFAULT_TENANT): Promise<Deployment> {
    const compiled = await compileDeployment(resources, this.#language)
    const startEvents = new Map<string, StartEventSubscription[]>()
    for (const resource of compiled.bpmn) {
      for (const process of resource.processes) {
        const subscriptions = startEventSubscriptions(process, this.#language, this.clock.now())
        if (Array.isArray(subscriptions)) {
          startEvents.set(process.bpmnProcessId, subscriptions)
        } else {
          compiled.problems.push({ resourceName: resource.name, ...subscriptions })
        }
      }
    }
    if (compiled.problems.length > 0) {
      throw new DeploymentRejectedError(compiled.problems)
    }
    const outcome = await this.#submit(new DeployCommand(compiled, tenantId, startEvents))
    for (const { definition, executable } of outcome.created) {
      this.#definitions.put(definition, executable)
    }
    return outcome.deployment
  }

  async deleteResource(resourceKey: string): Promise<void> {
    if (!/^\d{1,19}$/.test(resourceKey)) {
      throw new NotFoundError(
        `Expected to delete resource but no resource found with key '${resourceKey}'`
      )
    }
    await this.#submit(new DeleteResourceCommand(resourceKey))
  }

  getProcessDefinition(processDefinitionKey: string): Promise<ProcessDefinition> {
    return this.#queries.getProcessDefinition(processDefinitionKey)
  }

  getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    return this.#queries.getProcessDefinitionXml(processDefinitionKey)
  }

  searchProcessDefinitions(
    query?: SearchQuery<ProcessDefinitionFilter>
  ): Promise<SearchResult<ProcessDefinition>> {
    return this.#queries.searchProcessDefinitions(query)
  }

  getForm(formKey: string, processDefinitionKey?: string): Promise<Form> {
    return this.#queries.getForm(formKey, processDefinitionKey)
  }

  // ---------------------------------------------------------------------------- decisions

  async evaluateDecision(request: EvaluateDecisionRequest): Promise<EvaluateDecisionResult> {
    const { decisionDefinitionId: id, decisionDefinitionKey: key } = request
    if ((id === undefined) === (key === undefined)) {
      throw new InvalidArgumentError(
        'Expected either decisionDefinitionId or decisionDefinitionKey to evaluate a decision, but found ' +
          (id === undefined ? 'neither' : 'both')
      )
    }
    const target = id !== undefined ? { decisionId: id } : { decisionKey: key! }
    const variables = this.#checkVariables(request.variables)
    const tenantId = request.tenantId ?? DEFAULT_TENANT
    return this.#submit(new EvaluateDecisionCommand(target, variables, tenantId))
  }

  searchDecisionDefinitions(
    query?: SearchQuery<DecisionDefinitionFilter>
  ): Promise<SearchResult<DecisionDefinition>> {
    return new DecisionQueries(this.#store).searchDecisionDefinitions(query)
  }

  getDecisionDefinition(decisionDefinitionKey: string): Promise<DecisionDefinition> {
    return new DecisionQueries(this.#store).getDecisionDefinition(decisionDefinitionKey)
  }

  getDecisionDefinitionXml(decisionDefinitionKey: string): Promise<string> {
    return new DecisionQueries(this.#store).getDecisionDefinitionXml(decisionDefinitionKey)
  }

  searchDecisionInstances(
    query?: SearchQuery<DecisionInstanceFilter>
  ): Promise<SearchResult<DecisionInstance>> {
    return new DecisionQueries(this.#store).searchDecisionInstances(query)
  }

  getDecisionInstance(decisionEvaluationInstanceKey: string): Promise<DecisionInstanceDetail> {
    return new DecisionQueries(this.#store).getDecisionInstance(decisionEvaluationInstanceKey)
  }

  // ---------------------------------------------------------------------------- instances

  async createProcessInstance(
    request: CreateProcessInstanceRequest
  ): Promise<CreateProcessInstanceResult> {
    const key = request.processDefinitionKey ?? null
    const id = request.processDefinitionId ?? null
    if ((key === null) === (id === null)) {
      throw new InvalidArgumentError(
        'Expected either processDefinitionKey or processDefinitionId, but found ' +
          (key === null ? 'neither' : 'both')
      )
    }
    const variables = this.#checkVariables(request.variables)
    let awaiter: CompletionAwaiter | null = null
    let completion: Promise<JsonObject> | null = null
    if (request.awaitCompletion) {
      completion = new Promise<JsonObject>((resolve, reject) => {
        awaiter = { keys: [], fetchVariables: request.fetchVariables ?? null, resolve, reject }
      })
      // settled with the result below; an early rejection must not go unhandled
      completion.catch(() => undefined)
    }
    const created = await this.#submit(
      new CreateProcessInstanceCommand({
        processDefinitionKey: key,
        bpmnProcessId: id,
        version: request.processDefinitionVersion ?? null,
        tenantId: request.tenantId ?? DEFAULT_TENANT,
        variables,
        businessId: request.businessId ?? null,
        startElementIds: (request.startInstructions ?? []).map(
          (instruction) => instruction.elementId
        ),
        onCreated: awaiter
          ? (instanceKey) => {
              awaiter!.keys.push(instanceKey)
              this.#awaiters.set(instanceKey, awaiter!)
            }
          : undefined,
      })
    )
    if (!awaiter || !completion) {
      return created
    }
    const variablesAtEnd = await this.#awaitCompletion(
      awaiter,
      completion,
      created.processInstanceKey,
      request.requestTimeout ?? 10_000
    )
    return { ...created, variables: variablesAtEnd }
  }

  async #awaitCompletion(
    awaiter: CompletionAwaiter,
    completion: Promise<JsonObject>,
    processInstanceKey: string,
    timeout: number
  ): Promise<JsonObject> {
    const timers: NodeJS.Timeout[] = []
    // another server process may complete the instance: look at the store now and then
    const check = setInterval(() => {
      this.#queries
        .getProcessInstance(processInstanceKey)
        .then(async (instance) => {
          if (instance.state === 'COMPLETED') {
            awaiter.resolve(await this.#rootVariables(processInstanceKey, awaiter.fetchVariables))
          } else if (instance.state === 'TERMINATED') {
            awaiter.reject(terminatedWhileAwaited(processInstanceKey))
          }
        })
        .catch(() => undefined)
    }, 1000)
    check.unref?.()
    timers.push(
      setTimeout(
        () =>
          awaiter.reject(
            new DeadlineExceededError(
              `Expected process instance '${processInstanceKey}' to complete within ${timeout} ms, but it did not`
            )
          ),
        timeout
      )
    )
    try {
      return await completion
    } finally {
      clearInterval(check)
      timers.forEach(clearTimeout)
      for (const key of awaiter.keys) {
        this.#awaiters.delete(key)
      }
    }
  }

  async #rootVariables(processInstanceKey: string, fetch: string[] | null): Promise<JsonObject> {
    const result = await this.#queries.searchVariables({
      filter: { processInstanceKey, scopeKey: processInstanceKey },
      page: { limit: 100_000 },
    })
    const variables: JsonObject = {}
    for (const variable of result.items) {
      if (!fetch || fetch.includes(variable.name)) {
        variables[variable.name] = JSON.parse(variable.value)
      }
    }
    return variables
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.#submit(new CancelProcessInstanceCommand(processInstanceKey))
  }

  getProcessInstance(processInstanceKey: string): Promise<ProcessInstance> {
    return this.#queries.getProcessInstance(processInstanceKey)
  }

  getCallHierarchy(processInstanceKey: string): Promise<CallHierarchyEntry[]> {
    return this.#queries.getCallHierarchy(processInstanceKey)
  }

  searchProcessInstances(
    query?: SearchQuery<ProcessInstanceFilter>
  ): Promise<SearchResult<ProcessInstance>> {
    return this.#queries.searchProcessInstances(query)
  }

  async setVariables(
    elementInstanceKey: string,
    variables: JsonObject,
    local: boolean | { local?: boolean } = false
  ): Promise<void> {
    const checked = this.#checkVariables(variables)
    const isLocal = typeof local === 'boolean' ? local : (local.local ?? false)
    await this.#submit(new SetVariablesCommand(elementInstanceKey, checked, isLocal))
  }

  searchVariables(query?: SearchQuery<VariableFilter>): Promise<SearchResult<Variable>> {
    return this.#queries.searchVariables(query)
  }

  searchElementInstances(
    query?: SearchQuery<ElementInstanceFilter>
  ): Promise<SearchResult<ElementInstance>> {
    return this.#queries.searchElementInstances(query)
  }

  // -------------------------------------------------------------------- messages and signals

  async publishMessage(
    request: PublishMessageRequest
  ): Promise<{ messageKey: string; tenantId: string }> {
    if (!request.name) {
      throw new InvalidArgumentError('Expected a message name, but found none')
    }
    const timeToLive = request.timeToLive ?? 0
    if (!Number.isFinite(timeToLive) || timeToLive < 0) {
      throw new InvalidArgumentError(
        `Expected the time to live to be zero or more milliseconds, but it was ${request.timeToLive}`
      )
    }
    const tenantId = request.tenantId ?? DEFAULT_TENANT
    const messageKey = await this.#submit(
      new PublishMessageCommand({
        name: request.name,
        correlationKey: request.correlationKey ?? '',
        timeToLive,
        messageId: request.messageId || null,
        variables: this.#checkVariables(request.variables),
        tenantId,
      })
    )
    return { messageKey, tenantId }
  }

  async correlateMessage(request: CorrelateMessageRequest): Promise<MessageCorrelationResult> {
    if (!request.name) {
      throw new InvalidArgumentError('Expected a message name, but found none')
    }
    const tenantId = request.tenantId ?? DEFAULT_TENANT
    const correlationKey = request.correlationKey ?? ''
    const correlated = await this.#submit(
      new CorrelateMessageCommand({
        name: request.name,
        correlationKey,
        timeToLive: 0,
        messageId: null,
        variables: this.#checkVariables(request.variables),
        tenantId,
      })
    )
    if (!correlated) {
      throw new NotFoundError(
        `Expected to find subscription for message with name '${request.name}' and ` +
          `correlation key '${correlationKey}', but none was found.`
      )
    }
    return { ...correlated, tenantId }
  }

  searchMessageSubscriptions(
    query?: SearchQuery<MessageSubscriptionFilter>
  ): Promise<SearchResult<MessageSubscription>> {
    return this.#queries.searchMessageSubscriptions(query)
  }

  async broadcastSignal(
    request: BroadcastSignalRequest
  ): Promise<{ signalKey: string; tenantId: string }> {
    if (!request.signalName) {
      throw new InvalidArgumentError('Expected a signal name, but found none')
    }
    const tenantId = request.tenantId ?? DEFAULT_TENANT
    const signalKey = await this.#submit(
      new BroadcastSignalCommand({
        name: request.signalName,
        variables: this.#checkVariables(request.variables),
        tenantId,
      })
    )
    return { signalKey, tenantId }
  }

  // ---------------------------------------------------------------------------- incidents

  searchIncidents(query?: SearchQuery<IncidentFilter>): Promise<SearchResult<Incident>> {
    return this.#queries.searchIncidents(query)
  }

  getIncident(incidentKey: string): Promise<Incident> {
    return this.#queries.getIncident(incidentKey)
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    await this.#submit(new ResolveIncidentCommand(incidentKey))
  }

  // --------------------------------------------------------------------------------- jobs

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    if (!request.type) {
      throw new InvalidArgumentError('Expected a job type to activate, but found none')
    }
    if (!(request.maxJobsToActivate > 0)) {
      throw new InvalidArgumentError(
        `Expected maxJobsToActivate to be greater than zero, but it was ${request.maxJobsToActivate}`
      )
    }
    if (!(request.timeout > 0)) {
      throw new InvalidArgumentError(
        `Expected timeout to be greater than zero, but it was ${request.timeout}`
      )
    }
    const activate = () =>
      this.#submit(
        new ActivateJobsCommand({
          type: request.type,
          worker: request.worker || 'default',
          maxJobsToActivate: request.maxJobsToActivate,
          timeout: request.timeout,
          fetchVariables: request.fetchVariable ?? null,
        })
      )
    let jobs = await activate()
    const waitUntil = Date.now() + (request.requestTimeout ?? 0)
    while (jobs.length === 0 && !this.#closing && !this.#stopped && Date.now() < waitUntil) {
      await this.#waitForJobs(
        request.type,
        Math.min(this.#longPollInterval, waitUntil - Date.now())
      )
      if (this.#closing || this.#stopped) {
        break
      }
      jobs = await activate()
    }
    return jobs
  }

  /** Resolves when jobs of the type may be available, or after `timeout` ms. */
  #waitForJobs(type: string, timeout: number): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.#pollers.get(type) ?? new Set()
      this.#pollers.set(type, wakers)
      const wake = () => {
        clearTimeout(timer)
        wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(0, timeout))
      wakers.add(wake)
    })
  }

  async completeJob(jobKey: string, variables?: JsonObject): Promise<void> {
    await this.#submit(new CompleteJobCommand(jobKey, this.#checkVariables(variables)))
  }

  async failJob(jobKey: string, request: FailJobRequest): Promise<void> {
    await this.#submit(
      new FailJobCommand(jobKey, {
        retries: request.retries,
        errorMessage: request.errorMessage ?? null,
        retryBackOff: request.retryBackOff ?? 0,
        variables: this.#checkVariables(request.variables),
      })
    )
  }

  async throwJobError(jobKey: string, request: ThrowJobErrorRequest): Promise<void> {
    if (!request.errorCode) {
      throw new InvalidArgumentError('Expected an error code, but found none')
    }
    await this.#submit(
      new ThrowJobErrorCommand(jobKey, {
        errorCode: request.errorCode,
        errorMessage: request.errorMessage ?? null,
        variables: this.#checkVariables(request.variables),
      })
    )
  }

  async updateJob(jobKey: string, request: UpdateJobRequest): Promise<void> {
    if (request.retries === undefined && request.timeout === undefined) {
      throw new InvalidArgumentError('Expected retries or timeout to update, but found neither')
    }
    await this.#submit(new UpdateJobCommand(jobKey, request))
  }

  searchJobs(query?: SearchQuery<JobFilter>): Promise<SearchResult<Job>> {
    return this.#queries.searchJobs(query)
  }

  openJobWorker(options: JobWorkerOptions): JobWorker {
    if (!options.type) {
      throw new InvalidArgumentError('Expected a job type for the worker, but found none')
    }
    if (this.#closing || this.#stopped) {
      throw new EngineUnavailableError(
        'Expected a running engine to open a job worker, but it is stopped'
      )
    }
    const worker = new LocalJobWorker(this, options, (closed) => this.#workers.remove(closed))
    this.#workers.add(worker)
    return worker
  }

  // ------------------------------------------------------------------------------ records

  getRecords(processInstanceKey: string): Promise<EngineRecord[]> {
    return this.#queries.getRecords(processInstanceKey)
  }

  searchRecords(query?: SearchQuery<RecordFilter>): Promise<SearchResult<EngineRecord>> {
    return this.#queries.searchRecords(query)
  }

  onRecords(listener: (records: EngineRecord[]) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  // ------------------------------------------------------------- administration (part 3)

  modifyProcessInstance(key: string, request: ModifyProcessInstanceRequest): Promise<void> {
    return this.#admin.modify(key, request)
  }

  migrateProcessInstance(key: string, request: MigrateProcessInstanceRequest): Promise<void> {
    return this.#admin.migrate(key, request)
  }

  migrateProcessInstances(request: MigrateProcessInstancesRequest): Promise<InstanceBatchResult> {
    return this.#admin.migrateAll(request)
  }

  suspendProcessInstance(processInstanceKey: string): Promise<void> {
    return this.#admin.suspend(processInstanceKey, true)
  }

  resumeProcessInstance(processInstanceKey: string): Promise<void> {
    return this.#admin.suspend(processInstanceKey, false)
  }

  suspendProcessDefinition(processDefinitionKey: string): Promise<InstanceBatchResult> {
    return this.#admin.suspendDefinition(processDefinitionKey, true)
  }

  resumeProcessDefinition(processDefinitionKey: string): Promise<InstanceBatchResult> {
    return this.#admin.suspendDefinition(processDefinitionKey, false)
  }

  // ------------------------------------------------------------------------------ internals

  /** Queues a command; the queue is drained in batches, one transaction each. */
  #submit<R>(command: EngineCommand<R>): Promise<R> {
    if (this.#stopped && command.kind === 'instance') {
      return Promise.reject(
        new EngineUnavailableError('Expected a running engine, but it is stopped')
      )
    }
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ command, resolve: resolve as (value: unknown) => void, reject })
      this.#groupCommit.arrived()
      if (!this.#drainScheduled) {
        this.#drainScheduled = true
        // let commands submitted in the same tick join the batch
        queueMicrotask(() => {
          this.#drainScheduled = false
          void this.#drain()
        })
      }
    })
  }

  #drain(): Promise<void> {
    if (this.#draining) {
      return this.#draining
    }
    this.#draining = (async () => {
      try {
        // commands queued while the last batch settled are taken here, before `#draining` clears
        while (this.#queue.length > 0) {
          await this.#groupCommit.drain(this.#queue, this.#maxBatchSize)
        }
      } finally {
        this.#draining = null
      }
    })()
    return this.#draining
  }

  #afterCommit(batch: BatchContext): void {
    if (batch.earliestTimer !== null) {
      this.#armTimerWake(batch.earliestTimer)
    }
    const records = batch.state.records
    for (const listener of this.#listeners) {
      try {
        listener(records)
      } catch {
        // a listener never affects the engine
      }
    }
    for (const push of batch.pushes) {
      push.reservation.deliver(batch.pushedJobs.get(push.jobKey) ?? null)
    }
    for (const type of batch.state.activatableTypes) {
      this.#workers.wake(type)
      for (const wake of this.#pollers.get(type) ?? []) {
        wake()
      }
    }
    if (this.#awaiters.size > 0) {
      for (const key of batch.writtenInstances) {
        const awaiter = this.#awaiters.get(key)
        const instance = batch.state.instances.get(key)
        if (!awaiter || !instance) {
          continue
        }
        if (instance.data.state === 'COMPLETED') {
          const root = instance.data.variables[key] ?? {}
          const variables: JsonObject = {}
          for (const [name, variable] of Object.entries(root)) {
            if (!awaiter.fetchVariables || awaiter.fetchVariables.includes(name)) {
              variables[name] = variable.value
            }
          }
          awaiter.resolve(structuredClone(variables))
        } else if (instance.data.state === 'TERMINATED') {
          awaiter.reject(terminatedWhileAwaited(key))
        }
      }
    }
  }

  /** Checks a variable document from the API: a JSON object of JSON values, within the size limit. */
  #checkVariables(variables: unknown): JsonObject {
    if (variables === undefined || variables === null) {
      return {}
    }
    if (typeof variables !== 'object' || Array.isArray(variables)) {
      throw new InvalidVariablesError(
        `Expected variables to be a JSON object, but found ${Array.isArray(variables) ? 'an array' : typeof variables}`
      )
    }
    const nonJson = findNonJson(variables, 'variables')
    if (nonJson) {
      throw new InvalidVariablesError(`Expected variables to be JSON values, but found ${nonJson}`)
    }
    const limit = this.#services.maxVariableBytes
    for (const [name, value] of Object.entries(variables as JsonObject)) {
      const size = jsonSize(value)
      if (size > limit) {
        throw new InvalidVariablesError(
          `Expected variable '${name}' to be at most ${limit} bytes as JSON, but it is ${size} bytes`
        )
      }
    }
    // a copy: the caller may go on changing its object, the engine keeps what it received
    return structuredClone(variables) as JsonObject
  }
}

function terminatedWhileAwaited(processInstanceKey: string): InvalidStateError {
  return new InvalidStateError(
    `Expected process instance '${processInstanceKey}' to complete, but it was terminated`
  )
}

import { Metadata, status } from '@grpc/grpc-js'
import {
  AlreadyExistsError,
  ControllableClock,
  DeadlineExceededError,
  DeploymentRejectedError,
  EngineUnavailableError,
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
  USER_TASK_HEADERS,
  USER_TASK_JOB_TYPE,
  type ActivatedJob,
  type ActivateJobsRequest,
  type BroadcastSignalRequest,
  type CallHierarchyEntry,
  type CorrelateMessageRequest,
  type CreateProcessInstanceRequest,
  type CreateProcessInstanceResult,
  type DecisionDefinition,
  type DecisionDefinitionFilter,
  type DecisionInstance,
  type DecisionInstanceDetail,
  type DecisionInstanceFilter,
  type Deployment,
  type DeploymentResource,
  type ElementInstance,
  type ElementInstanceFilter,
  type EngineRecord,
  type EvaluateDecisionRequest,
  type EvaluateDecisionResult,
  type FailJobRequest,
  type Form,
  type Incident,
  type IncidentFilter,
  type InstanceBatchResult,
  type Job,
  type JobFilter,
  type JobWorker,
  type JobWorkerOptions,
  type JsonObject,
  type MessageCorrelationResult,
  type MessageSubscription,
  type MessageSubscriptionFilter,
  type MigrateProcessInstanceRequest,
  type MigrateProcessInstancesRequest,
  type ModifyProcessInstanceRequest,
  type ProcessDefinition,
  type ProcessDefinitionFilter,
  type ProcessInstance,
  type ProcessInstanceFilter,
  type PublishMessageRequest,
  type RecordFilter,
  type SearchQuery,
  type SearchResult,
  type ThrowJobErrorRequest,
  type UpdateJobRequest,
  type Variable,
  type VariableFilter,
  type WorkerJob,
  type WorkflowEngine,
} from '@senflow/engine'
import { parseBpmn } from '@senflow/engine/model/bpmn_parser'
import { ZBClient } from 'zeebe-node'
import { CamundaRestClient } from './camunda_rest.js'
import {
  MemoryResourceCatalog,
  type CatalogEntry,
  type ResourceCatalog,
} from './resource_catalog.js'
import { ZeebeGrpcClient } from './zeebe_grpc.js'

/** How to reach a Zeebe cluster (Camunda 8 SaaS, self-managed, or Senflow's own gateway). */
export interface ZeebeEngineOptions {
  /** The gateway, `host:port` (`ZEEBE_ADDRESS`). */
  address: string
  /** TLS on the gRPC channel (default: on with OAuth, else off). */
  useTLS?: boolean
  /** OAuth client credentials (`ZEEBE_CLIENT_ID`, `ZEEBE_CLIENT_SECRET`, `ZEEBE_AUTHORIZATION_SERVER_URL`). */
  oAuth?: {
    url: string
    clientId: string
    clientSecret: string
    audience?: string
    scope?: string
  }
  /** A fixed bearer token instead (e.g. a Senflow access token for Senflow's gateway). */
  accessToken?: string
  /** Camunda's REST API (`CAMUNDA_REST_ADDRESS`) for searches and Camunda user tasks. */
  restAddress?: string
  /** Where deployed resources are recorded (default: in memory). */
  catalog?: ResourceCatalog
  /** Long-poll time of the job workers (ms, default 30 000). */
  longPoll?: number
}

/** The answer to a search or read that Zeebe's gateway cannot give. */
export class NotAvailableOnZeebeError extends InvalidStateError {}

/** The `zeebe:userTask` extension element (Camunda user tasks, not job-based). */
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0'

interface TrackedJob {
  processInstanceKey: string
  type: string
  elementInstanceKey: string
}

/**
 * The `WorkflowEngine` port on a Zeebe cluster, through zeebe-node's `ZBClient`: commands go to
 * the gateway over gRPC, job workers are zeebe-node workers (`createWorker`), so the connector
 * runtime and the inbox's `io.camunda.zeebe:userTask` worker run unchanged on Zeebe.
 *
 * Zeebe answers commands, not queries. What the app reads back:
 * - process definitions, their XML and forms: from the resources this adapter deployed (kept in
 *   a `ResourceCatalog`), else from Camunda's REST API when `restAddress` is set;
 * - instances, element instances, variables, incidents, jobs, decisions, message
 *   subscriptions: from Camunda's REST API when `restAddress` is set; otherwise these calls fail
 *   with `NotAvailableOnZeebeError` saying so;
 * - the record log is Zeebe's exporters' business: `getRecords`/`searchRecords` fail the same
 *   way; `onRecords` reports what this adapter itself did (user task jobs cancelled with their
 *   instance).
 */
export class ZeebeEngine implements WorkflowEngine {
  readonly zbc: ZBClient
  readonly #grpc: ZeebeGrpcClient
  readonly #rest: CamundaRestClient | null
  readonly #catalog: ResourceCatalog
  readonly #options: ZeebeEngineOptions
  readonly #workers = new Set<JobWorker>()
  readonly #listeners = new Set<(records: EngineRecord[]) => void>()
  /** Jobs handed to this process's workers and not settled yet. */
  readonly #held = new Map<string, TrackedJob>()
  readonly #token: (() => Promise<string | null>) | null
  /** Camunda user tasks handed to the inbox's worker (from Camunda's REST API), by key. */
  readonly #userTasks = new Map<string, TrackedJob>()
  /**
   * The cluster's time as this process knows it: the machine's, or the instant last pinned
   * through {@link pinClock} (so the app's dates follow a pinned cluster clock).
   */
  readonly clock = new ControllableClock()

  constructor(options: ZeebeEngineOptions) {
    this.#options = options
    this.#catalog = options.catalog ?? new MemoryResourceCatalog()
    const useTLS = options.useTLS ?? Boolean(options.oAuth)
    this.zbc = new ZBClient(options.address, {
      useTLS,
      loglevel: 'NONE',
      longPoll: options.longPoll ?? 30_000,
      oAuth: options.oAuth
        ? {
            url: options.oAuth.url,
            clientId: options.oAuth.clientId,
            clientSecret: options.oAuth.clientSecret,
            audience: options.oAuth.audience ?? 'zeebe-api',
            scope: options.oAuth.scope,
            cacheOnDisk: false,
          }
        : undefined,
    } as any)
    if (options.accessToken) {
      // zeebe-node sends `Authorization: Bearer <token>` from its OAuth provider
      const provider = { getToken: async () => options.accessToken!, stopExpiryTimer() {} }
      ;(this.zbc as any).oAuth = provider
      ;(this.zbc as any).grpc.oAuth = provider
    }
    const oAuth = (this.zbc as any).oAuth as { getToken(): Promise<string> } | undefined
    this.#token = oAuth ? () => oAuth.getToken() : null
    this.#grpc = new ZeebeGrpcClient(options.address, useTLS, async () => {
      const metadata = new Metadata()
      const token = await this.#token?.()
      if (token) metadata.set('authorization', `Bearer ${token}`)
      return metadata
    })
    this.#rest = options.restAddress
      ? new CamundaRestClient(options.restAddress, async () => {
          const token = await this.#token?.()
          return token ? `Bearer ${token}` : null
        })
      : null
  }

  // ------------------------------------------------------------------------------ lifecycle

  /** Checks that the gateway answers (its topology). */
  async start(): Promise<void> {
    await this.#call('reach the Zeebe gateway', () => this.zbc.topology())
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.close()))
    this.#grpc.close()
    await this.zbc.close(5000).catch(() => undefined)
  }

  // ---------------------------------------------------------------------------- deployment

  async deploy(resources: DeploymentResource[], tenantId?: string): Promise<Deployment> {
    if (!resources.length) {
      throw new InvalidArgumentError('Expected to deploy at least one resource, but none was given')
    }
    const texts = resources.map((resource) => ({
      name: resource.name,
      text:
        typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8'),
    }))
    if (!this.#rest) {
      const problems = texts.flatMap(({ name, text }) =>
        camundaUserTasks(text).map((elementId) => ({
          resourceName: name,
          elementId,
          message:
            'Expected a job-based user task, but found a Camunda user task (<zeebe:userTask/>): on Zeebe, ' +
            "Senflow's inbox reads Camunda user tasks only through Camunda's REST API, and " +
            'CAMUNDA_REST_ADDRESS is not configured. Remove <zeebe:userTask/> (the studio models ' +
            'job-based user tasks) or configure CAMUNDA_REST_ADDRESS',
        }))
      )
      if (problems.length) throw new DeploymentRejectedError(problems)
    }
    const response = await this.#call(
      'deploy resources',
      () =>
        this.#grpc.unary('DeployResource', {
          resources: resources.map((resource) => ({
            name: resource.name,
            content: Buffer.isBuffer(resource.content)
              ? resource.content
              : Buffer.from(resource.content, 'utf8'),
          })),
          tenantId: tenantId ?? '',
        }),
      texts.map((text) => text.name)
    )
    const deployment: Deployment = {
      deploymentKey: String(response.key),
      tenantId: response.tenantId || tenantId || '<default>',
      processes: [],
      forms: [],
      decisions: [],
      decisionRequirements: [],
    }
    const entries: CatalogEntry[] = []
    const textOf = (name: string) => texts.find((text) => text.name === name)?.text ?? ''
    const now = Date.now()
    const record = (
      entry: Omit<CatalogEntry, 'deploymentKey' | 'createdAt' | 'versionTag' | 'name'> &
        Partial<Pick<CatalogEntry, 'versionTag' | 'name'>>
    ) =>
      entries.push({
        name: null,
        versionTag: null,
        ...entry,
        deploymentKey: deployment.deploymentKey,
        createdAt: now,
      })
    for (const item of response.deployments ?? []) {
      if (item.process) {
        const process = item.process
        const xml = textOf(process.resourceName)
        const info = await processInfo(xml, process.bpmnProcessId)
        deployment.processes.push({
          processDefinitionId: process.bpmnProcessId,
          processDefinitionVersion: process.version,
          processDefinitionKey: String(process.processDefinitionKey),
          resourceName: process.resourceName,
          tenantId: process.tenantId,
          ...(info.versionTag ? { versionTag: info.versionTag } : {}),
        })
        record({
          kind: 'process',
          resourceKey: String(process.processDefinitionKey),
          resourceId: process.bpmnProcessId,
          version: process.version,
          name: info.name,
          versionTag: info.versionTag,
          resourceName: process.resourceName,
          tenantId: process.tenantId,
          content: xml,
        })
      } else if (item.form) {
        const form = item.form
        deployment.forms.push({
          formId: form.formId,
          version: form.version,
          formKey: String(form.formKey),
          resourceName: form.resourceName,
          tenantId: form.tenantId,
        })
        record({
          kind: 'form',
          resourceKey: String(form.formKey),
          resourceId: form.formId,
          version: form.version,
          resourceName: form.resourceName,
          tenantId: form.tenantId,
          content: textOf(form.resourceName),
        })
      } else if (item.decisionRequirements) {
        const drg = item.decisionRequirements
        deployment.decisionRequirements.push({
          decisionRequirementsId: drg.dmnDecisionRequirementsId,
          version: drg.version,
          decisionRequirementsName: drg.dmnDecisionRequirementsName,
          tenantId: drg.tenantId,
          resourceName: drg.resourceName,
          decisionRequirementsKey: String(drg.decisionRequirementsKey),
        })
        record({
          kind: 'decision-requirements',
          resourceKey: String(drg.decisionRequirementsKey),
          resourceId: drg.dmnDecisionRequirementsId,
          version: drg.version,
          name: drg.dmnDecisionRequirementsName || null,
          resourceName: drg.resourceName,
          tenantId: drg.tenantId,
          content: textOf(drg.resourceName),
        })
      } else if (item.decision) {
        const decision = item.decision
        deployment.decisions.push({
          decisionDefinitionId: decision.dmnDecisionId,
          version: decision.version,
          name: decision.dmnDecisionName,
          tenantId: decision.tenantId,
          decisionRequirementsId: decision.dmnDecisionRequirementsId,
          decisionDefinitionKey: String(decision.decisionKey),
          decisionRequirementsKey: String(decision.decisionRequirementsKey),
        })
        record({
          kind: 'decision',
          resourceKey: String(decision.decisionKey),
          resourceId: decision.dmnDecisionId,
          version: decision.version,
          name: decision.dmnDecisionName || null,
          // the requirements graph holds the XML
          resourceName: String(decision.decisionRequirementsKey),
          tenantId: decision.tenantId,
          content: '',
        })
      }
    }
    await this.#catalog.save(entries)
    return deployment
  }

  async getProcessDefinition(processDefinitionKey: string): Promise<ProcessDefinition> {
    const entry = await this.#catalog.get('process', processDefinitionKey)
    if (entry) return toProcessDefinition(entry)
    if (this.#rest) return this.#rest.get(`/v2/process-definitions/${processDefinitionKey}`)
    throw new NotFoundError(
      `Expected to find process definition with key '${processDefinitionKey}' among the processes Senflow deployed to Zeebe, but none found (other definitions are read through CAMUNDA_REST_ADDRESS, which is not configured)`
    )
  }

  async getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    const entry = await this.#catalog.get('process', processDefinitionKey)
    if (entry) return entry.content
    if (this.#rest) return this.#rest.text(`/v2/process-definitions/${processDefinitionKey}/xml`)
    throw new NotFoundError(
      `Expected to find the XML of process definition '${processDefinitionKey}' among the processes Senflow deployed to Zeebe, but none found (other definitions are read through CAMUNDA_REST_ADDRESS, which is not configured)`
    )
  }

  async searchProcessDefinitions(
    query: SearchQuery<ProcessDefinitionFilter> = {}
  ): Promise<SearchResult<ProcessDefinition>> {
    if (this.#rest) return this.#rest.search('process-definitions', query)
    const { isLatestVersion, ...filter } = query.filter ?? {}
    let items = (await this.#catalog.list('process')).map(toProcessDefinition)
    items = items.filter((item) =>
      Object.entries(filter).every(
        ([field, value]) => value === undefined || (item as any)[field] === value
      )
    )
    if (isLatestVersion) {
      const latest = new Map<string, ProcessDefinition>()
      for (const item of items) {
        const id = `${item.tenantId}/${item.processDefinitionId}`
        if ((latest.get(id)?.version ?? 0) < item.version) latest.set(id, item)
      }
      items = [...latest.values()]
    }
    return page(items, query)
  }

  async getForm(formKey: string, processDefinitionKey?: string): Promise<Form> {
    const embedded = /^camunda-forms:bpmn:(.+)$/.exec(formKey)
    if (embedded) {
      if (!processDefinitionKey) {
        throw new NotFoundError(
          `Expected a process definition key to find the embedded form '${formKey}', but none was given`
        )
      }
      const definition = await this.getProcessDefinition(processDefinitionKey)
      const xml = await this.getProcessDefinitionXml(processDefinitionKey)
      const schema = (await embeddedForms(xml)).get(embedded[1])
      if (schema === undefined) {
        throw new NotFoundError(
          `Expected to find the embedded form '${formKey}' in process definition '${processDefinitionKey}', but none found`
        )
      }
      return {
        formKey,
        formId: embedded[1],
        version: definition.version,
        versionTag: definition.versionTag,
        tenantId: definition.tenantId,
        schema,
      }
    }
    const entry = await this.#catalog.get('form', formKey)
    if (!entry) {
      throw new NotFoundError(
        `Expected to find form with key '${formKey}' among the forms Senflow deployed to Zeebe, but none found`
      )
    }
    return {
      formKey: entry.resourceKey,
      formId: entry.resourceId,
      version: entry.version,
      versionTag: entry.versionTag,
      tenantId: entry.tenantId,
      schema: entry.content,
    }
  }

  // ------------------------------------------------------------------------------ decisions

  async evaluateDecision(request: EvaluateDecisionRequest): Promise<EvaluateDecisionResult> {
    if (!request.decisionDefinitionId && !request.decisionDefinitionKey) {
      throw new InvalidArgumentError(
        'Expected a decisionDefinitionId or a decisionDefinitionKey, but found neither'
      )
    }
    const result: any = await this.#call('evaluate a decision', () =>
      this.#grpc.unary('EvaluateDecision', {
        decisionKey: request.decisionDefinitionKey ?? '0',
        decisionId: request.decisionDefinitionId ?? '',
        variables: JSON.stringify(request.variables ?? {}),
        tenantId: request.tenantId ?? '',
      })
    )
    return {
      decisionDefinitionId: result.decisionId,
      decisionDefinitionKey: String(result.decisionKey),
      decisionDefinitionName: result.decisionName,
      decisionDefinitionVersion: result.decisionVersion,
      decisionRequirementsId: result.decisionRequirementsId,
      decisionRequirementsKey: String(result.decisionRequirementsKey),
      // Zeebe 8.3's answer has no evaluation key
      decisionEvaluationKey: '',
      decisionInstanceKey: '',
      output: result.decisionOutput || 'null',
      failedDecisionDefinitionId: result.failedDecisionId ?? '',
      failureMessage: result.failureMessage ?? '',
      tenantId: result.tenantId,
      evaluatedDecisions: (result.evaluatedDecisions ?? []).map((decision: any) => ({
        decisionDefinitionId: decision.decisionId,
        decisionDefinitionKey: String(decision.decisionKey),
        decisionDefinitionName: decision.decisionName,
        decisionDefinitionVersion: decision.decisionVersion,
        decisionDefinitionType: decision.decisionType,
        decisionEvaluationInstanceKey: '',
        output: decision.decisionOutput,
        tenantId: decision.tenantId,
        matchedRules: (decision.matchedRules ?? []).map((rule: any) => ({
          ruleId: rule.ruleId,
          ruleIndex: rule.ruleIndex,
          evaluatedOutputs: rule.evaluatedOutputs ?? [],
        })),
        evaluatedInputs: decision.evaluatedInputs ?? [],
      })),
    }
  }

  async searchDecisionDefinitions(
    query?: SearchQuery<DecisionDefinitionFilter>
  ): Promise<SearchResult<DecisionDefinition>> {
    return this.#rest$('search decision definitions').search('decision-definitions', query)
  }

  async getDecisionDefinition(decisionDefinitionKey: string): Promise<DecisionDefinition> {
    return this.#rest$('read a decision definition').get(
      `/v2/decision-definitions/${decisionDefinitionKey}`
    )
  }

  async getDecisionDefinitionXml(decisionDefinitionKey: string): Promise<string> {
    const decision = await this.#catalog.get('decision', decisionDefinitionKey)
    const drg = decision
      ? await this.#catalog.get('decision-requirements', decision.resourceName)
      : null
    if (drg) return drg.content
    return this.#rest$('read the XML of a decision').text(
      `/v2/decision-definitions/${decisionDefinitionKey}/xml`
    )
  }

  async searchDecisionInstances(
    query?: SearchQuery<DecisionInstanceFilter>
  ): Promise<SearchResult<DecisionInstance>> {
    return this.#rest$('search decision instances').search('decision-instances', query)
  }

  async getDecisionInstance(
    decisionEvaluationInstanceKey: string
  ): Promise<DecisionInstanceDetail> {
    return this.#rest$('read a decision instance').get(
      `/v2/decision-instances/${decisionEvaluationInstanceKey}`
    )
  }

  // ------------------------------------------------------------------------------ instances

  async createProcessInstance(
    request: CreateProcessInstanceRequest
  ): Promise<CreateProcessInstanceResult> {
    if (request.businessId !== undefined) {
      // Zeebe has no business id: it stays a variable the models can read
      request = { ...request, variables: { businessId: request.businessId, ...request.variables } }
    }
    const create = {
      processDefinitionKey: request.processDefinitionKey ?? '0',
      bpmnProcessId: request.processDefinitionId ?? '',
      version: request.processDefinitionVersion ?? -1,
      variables: JSON.stringify(request.variables ?? {}),
      startInstructions: (request.startInstructions ?? []).map((instruction) => ({
        elementId: instruction.elementId,
      })),
      tenantId: request.tenantId ?? '',
    }
    if (!request.processDefinitionKey && !request.processDefinitionId) {
      throw new InvalidArgumentError(
        'Expected a processDefinitionKey or a processDefinitionId, but found neither'
      )
    }
    if (request.awaitCompletion) {
      const timeout = request.requestTimeout ?? 10_000
      const result = await this.#call('create a process instance and await its result', () =>
        this.#grpc.unary(
          'CreateProcessInstanceWithResult',
          {
            request: create,
            requestTimeout: timeout,
            fetchVariables: request.fetchVariables ?? [],
          },
          timeout + 5000
        )
      )
      return {
        processInstanceKey: String(result.processInstanceKey),
        processDefinitionKey: String(result.processDefinitionKey),
        processDefinitionId: result.bpmnProcessId,
        processDefinitionVersion: result.version,
        tenantId: result.tenantId,
        businessId: request.businessId ?? null,
        variables: JSON.parse(result.variables || '{}'),
      }
    }
    const created = await this.#call('create a process instance', () =>
      this.#grpc.unary('CreateProcessInstance', create)
    )
    return {
      processInstanceKey: String(created.processInstanceKey),
      processDefinitionKey: String(created.processDefinitionKey),
      processDefinitionId: created.bpmnProcessId,
      processDefinitionVersion: created.version,
      tenantId: created.tenantId,
      businessId: request.businessId ?? null,
    }
  }

  /**
   * Zeebe's `DeleteResource` (8.3+). zeebe-node 8.3's client has no method for it, so it goes
   * through the adapter's own gRPC client (zeebe-node's proto), as EvaluateDecision does.
   */
  async deleteResource(resourceKey: string): Promise<void> {
    await this.#call('delete a resource', () => this.#grpc.unary('DeleteResource', { resourceKey }))
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.#call('cancel a process instance', () =>
      this.zbc.cancelProcessInstance(processInstanceKey)
    )
    // the jobs this process holds for the instance are gone with it (the inbox withdraws tasks)
    const records: EngineRecord[] = []
    for (const [jobKey, job] of this.#held) {
      if (job.processInstanceKey !== processInstanceKey) continue
      this.#held.delete(jobKey)
      records.push({
        key: jobKey,
        valueType: 'JOB',
        intent: 'CANCELED',
        processInstanceKey,
        timestamp: Date.now(),
        value: { type: job.type, elementInstanceKey: job.elementInstanceKey, processInstanceKey },
      } as EngineRecord)
    }
    this.#emit(records)
  }

  async getProcessInstance(processInstanceKey: string): Promise<ProcessInstance> {
    return this.#rest$('read a process instance').get(`/v2/process-instances/${processInstanceKey}`)
  }

  async getCallHierarchy(processInstanceKey: string): Promise<CallHierarchyEntry[]> {
    return this.#rest$('read the call hierarchy of an instance').get(
      `/v2/process-instances/${processInstanceKey}/call-hierarchy`
    )
  }

  async searchProcessInstances(
    query?: SearchQuery<ProcessInstanceFilter>
  ): Promise<SearchResult<ProcessInstance>> {
    return this.#rest$('search process instances').search('process-instances', query)
  }

  async setVariables(
    elementInstanceKey: string,
    variables: JsonObject,
    local: boolean | { local?: boolean } = false
  ): Promise<void> {
    const isLocal = typeof local === 'boolean' ? local : (local.local ?? false)
    await this.#call('set variables', () =>
      this.zbc.setVariables({ elementInstanceKey, variables: variables as any, local: isLocal })
    )
  }

  async searchVariables(query?: SearchQuery<VariableFilter>): Promise<SearchResult<Variable>> {
    return this.#rest$('search variables').search('variables', query)
  }

  async searchElementInstances(
    query?: SearchQuery<ElementInstanceFilter>
  ): Promise<SearchResult<ElementInstance>> {
    return this.#rest$('search element instances').search('element-instances', query)
  }

  async modifyProcessInstance(
    processInstanceKey: string,
    request: ModifyProcessInstanceRequest
  ): Promise<void> {
    await this.#call('modify a process instance', () =>
      this.zbc.modifyProcessInstance({
        processInstanceKey,
        activateInstructions: (request.activateInstructions ?? []).map((instruction) => ({
          elementId: instruction.elementId,
          ancestorElementInstanceKey: instruction.ancestorElementInstanceKey ?? '0',
          variableInstructions: (instruction.variableInstructions ?? []).map((variable) => ({
            variables: variable.variables,
            scopeId: variable.scopeId ?? '',
          })),
        })),
        terminateInstructions: request.terminateInstructions ?? [],
      } as any)
    )
  }

  async migrateProcessInstance(
    processInstanceKey: string,
    request: MigrateProcessInstanceRequest
  ): Promise<void> {
    await this.#call('migrate a process instance', () =>
      this.#grpc.unary('MigrateProcessInstance', {
        processInstanceKey,
        migrationPlan: {
          targetProcessDefinitionKey: request.targetProcessDefinitionKey,
          mappingInstructions: request.mappingInstructions,
        },
      })
    )
  }

  async migrateProcessInstances(
    _request: MigrateProcessInstancesRequest
  ): Promise<InstanceBatchResult> {
    throw new NotAvailableOnZeebeError(
      'Expected to migrate every instance of a definition at once, but Zeebe has no all-or-nothing batch migration: migrate the instances one by one'
    )
  }

  async suspendProcessInstance(_processInstanceKey: string): Promise<void> {
    throw notOnZeebe('suspend a process instance')
  }

  async resumeProcessInstance(_processInstanceKey: string): Promise<void> {
    throw notOnZeebe('resume a process instance')
  }

  async suspendProcessDefinition(_processDefinitionKey: string): Promise<InstanceBatchResult> {
    throw notOnZeebe('suspend the instances of a process definition')
  }

  async resumeProcessDefinition(_processDefinitionKey: string): Promise<InstanceBatchResult> {
    throw notOnZeebe('resume the instances of a process definition')
  }

  // ------------------------------------------------------------------------------- messages

  async publishMessage(
    request: PublishMessageRequest
  ): Promise<{ messageKey: string; tenantId: string }> {
    const published: any = await this.#call('publish a message', () =>
      this.zbc.publishMessage({
        name: request.name,
        correlationKey: request.correlationKey ?? '',
        timeToLive: request.timeToLive ?? 0,
        messageId: request.messageId,
        variables: request.variables ?? {},
        tenantId: request.tenantId,
      } as any)
    )
    return { messageKey: String(published.key), tenantId: published.tenantId || '<default>' }
  }

  async correlateMessage(request: CorrelateMessageRequest): Promise<MessageCorrelationResult> {
    return this.#rest$('correlate a message (Zeebe 8.3 has no correlation command)').post(
      '/v2/messages/correlation',
      request
    )
  }

  async searchMessageSubscriptions(
    query?: SearchQuery<MessageSubscriptionFilter>
  ): Promise<SearchResult<MessageSubscription>> {
    return this.#rest$('search message subscriptions').search('message-subscriptions', query)
  }

  async broadcastSignal(
    request: BroadcastSignalRequest
  ): Promise<{ signalKey: string; tenantId: string }> {
    const broadcast: any = await this.#call('broadcast a signal', () =>
      this.zbc.broadcastSignal({
        signalName: request.signalName,
        variables: (request.variables ?? {}) as any,
      })
    )
    return { signalKey: String(broadcast.key), tenantId: request.tenantId ?? '<default>' }
  }

  // ------------------------------------------------------------------------------ incidents

  async searchIncidents(query?: SearchQuery<IncidentFilter>): Promise<SearchResult<Incident>> {
    return this.#rest$('search incidents').search('incidents', query)
  }

  async getIncident(incidentKey: string): Promise<Incident> {
    return this.#rest$('read an incident').get(`/v2/incidents/${incidentKey}`)
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    await this.#call('resolve an incident', () => this.zbc.resolveIncident({ incidentKey }))
  }

  // ----------------------------------------------------------------------------------- jobs

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    const requestTimeout = request.requestTimeout ?? 0
    const jobs = await this.#call('activate jobs', () =>
      this.#grpc.activateJobs(
        {
          type: request.type,
          worker: request.worker,
          timeout: request.timeout,
          maxJobsToActivate: request.maxJobsToActivate,
          fetchVariable: request.fetchVariable ?? [],
          // Zeebe: 0 is the gateway's default long poll, negative none
          requestTimeout: requestTimeout > 0 ? requestTimeout : -1,
        },
        requestTimeout + 10_000
      )
    )
    return jobs.map(fromProtocolJob)
  }

  async completeJob(jobKey: string, variables?: JsonObject): Promise<void> {
    if (this.#userTasks.has(jobKey)) return this.#completeUserTask(jobKey, variables)
    try {
      await this.#call('complete a job', () =>
        this.zbc.completeJob({ jobKey, variables: variables ?? {} })
      )
    } catch (error) {
      // a Camunda user task taken into the inbox before a restart: no job, a user task key
      if (!(error instanceof NotFoundError) || !this.#rest) throw error
      return this.#completeUserTask(jobKey, variables)
    }
    this.#held.delete(jobKey)
  }

  async #completeUserTask(userTaskKey: string, variables?: JsonObject): Promise<void> {
    await this.#rest$('complete a Camunda user task').post(
      `/v2/user-tasks/${userTaskKey}/completion`,
      { variables: variables ?? {} }
    )
    this.#userTasks.delete(userTaskKey)
    this.#held.delete(userTaskKey)
  }

  async failJob(jobKey: string, request: FailJobRequest): Promise<void> {
    await this.#call('fail a job', () =>
      this.zbc.failJob({
        jobKey,
        retries: request.retries,
        errorMessage: request.errorMessage ?? '',
        retryBackOff: request.retryBackOff ?? 0,
        // zeebe-node 8.3 sends FailJob's variables as given: the protocol wants JSON text
        variables: JSON.stringify(request.variables ?? {}),
      } as any)
    )
    this.#held.delete(jobKey)
  }

  async throwJobError(jobKey: string, request: ThrowJobErrorRequest): Promise<void> {
    if (!request.errorCode) {
      throw new InvalidArgumentError('Expected an error code, but found none')
    }
    await this.#call('throw an error from a job', () =>
      this.zbc.throwError({
        jobKey,
        errorCode: request.errorCode,
        errorMessage: request.errorMessage ?? '',
        variables: request.variables ?? {},
      } as any)
    )
    this.#held.delete(jobKey)
  }

  async updateJob(jobKey: string, request: UpdateJobRequest): Promise<void> {
    if (request.retries === undefined && request.timeout === undefined) {
      throw new InvalidArgumentError('Expected retries or timeout to update, but found neither')
    }
    if (request.retries !== undefined) {
      await this.#call('update the retries of a job', () =>
        this.zbc.updateJobRetries({ jobKey, retries: request.retries! })
      )
    }
    if (request.timeout !== undefined) {
      await this.#call('update the timeout of a job', () =>
        this.#grpc.unary('UpdateJobTimeout', { jobKey, timeout: request.timeout })
      )
    }
  }

  async searchJobs(query?: SearchQuery<JobFilter>): Promise<SearchResult<Job>> {
    return this.#rest$('search jobs').search('jobs', query)
  }

  /**
   * A zeebe-node worker (`createWorker`): jobs are long-polled from the gateway and handed to
   * the handler, which settles them through this engine; a handler that throws without
   * settling fails the job with one retry less.
   */
  openJobWorker(options: JobWorkerOptions): JobWorker {
    if (!options.type) {
      throw new InvalidArgumentError('Expected a job type for the worker, but found none')
    }
    const worker = this.zbc.createWorker({
      taskType: options.type,
      id: options.worker ?? 'in-process',
      maxJobsToActivate: options.maxJobsActive ?? 32,
      timeout: options.timeout ?? 300_000,
      fetchVariable: options.fetchVariables as any,
      pollInterval: options.pollInterval ?? 1000,
      longPoll: this.#options.longPoll ?? 30_000,
      loglevel: 'NONE',
      taskHandler: async (job: any) => {
        const activated = fromZeebeNodeJob(job)
        let settled = false
        this.#held.set(activated.jobKey, {
          processInstanceKey: activated.processInstanceKey,
          type: activated.type,
          elementInstanceKey: activated.elementInstanceKey,
        })
        const settle = async (action: () => Promise<void>) => {
          if (settled) {
            throw new InvalidStateError(
              `Expected job '${activated.jobKey}' to be settled once, but it was settled already`
            )
          }
          await action()
          settled = true
        }
        const workerJob: WorkerJob = {
          ...activated,
          complete: (variables) => settle(() => this.completeJob(activated.jobKey, variables)),
          fail: (request) => settle(() => this.failJob(activated.jobKey, request)),
          throwError: (request) => settle(() => this.throwJobError(activated.jobKey, request)),
        }
        try {
          await options.handler(workerJob)
        } catch (error) {
          if (!settled) {
            await this.failJob(activated.jobKey, {
              retries: Math.max(0, activated.retries - 1),
              errorMessage: error instanceof Error ? error.message : String(error),
            }).catch(() => undefined)
          }
        }
        // settled through this engine (or left activated on purpose, as the inbox does)
        return job.forward()
      },
    } as any)
    const poller =
      options.type === USER_TASK_JOB_TYPE && this.#rest ? this.#pollUserTasks(options) : null
    const handle: JobWorker = {
      type: options.type,
      close: async () => {
        this.#workers.delete(handle)
        await poller?.()
        // zeebe-node 8.3 cancels an open long poll on close but leaves its client-side timeout
        // (long poll + 1 s) running, which keeps the process alive that long: end the stream
        // as that timeout would
        const stream = (worker as unknown as { jobStream?: { emit(event: 'end'): void } }).jobStream
        await worker.close(10_000).catch(() => undefined)
        stream?.emit('end')
      },
    }
    this.#workers.add(handle)
    return handle
  }

  /**
   * Camunda user tasks (`<zeebe:userTask/>`) are not jobs: with Camunda's REST API they are
   * searched for (state CREATED) and handed to the inbox's worker as if they were
   * `io.camunda.zeebe:userTask` jobs, with the same headers; completing one completes the user
   * task through the REST API; one canceled in Zeebe is withdrawn (a JOB CANCELED record).
   * Returns how to stop polling.
   */
  #pollUserTasks(options: JobWorkerOptions): () => Promise<void> {
    const rest = this.#rest!
    let stopped = false
    let running: Promise<void> | null = null
    const handed = new Set<string>()
    const poll = async () => {
      const found = await rest.search<any>('user-tasks', {
        filter: { state: 'CREATED' },
        page: { limit: 200 },
      })
      const open = new Set<string>()
      for (const task of found.items) {
        const key = String(task.userTaskKey)
        open.add(key)
        if (handed.has(key) || stopped) continue
        const variables = await rest.search<any>(`user-tasks/${key}/variables`, {
          page: { limit: 1000 },
        })
        const job = userTaskAsJob(task, variables.items, options.worker ?? 'in-process')
        handed.add(key)
        const tracked = {
          processInstanceKey: job.processInstanceKey,
          type: USER_TASK_JOB_TYPE,
          elementInstanceKey: job.elementInstanceKey,
        }
        this.#userTasks.set(key, tracked)
        this.#held.set(key, tracked)
        await Promise.resolve(
          options.handler({
            ...job,
            complete: (result) => this.completeJob(key, result),
            fail: () =>
              Promise.reject(
                new InvalidStateError('Expected a job, but a Camunda user task cannot fail')
              ),
            throwError: () =>
              Promise.reject(
                new InvalidStateError(
                  'Expected a job, but a Camunda user task cannot throw an error'
                )
              ),
          })
        ).catch(() => handed.delete(key))
      }
      for (const key of [...handed].filter((known) => !open.has(known))) {
        handed.delete(key)
        const task = await rest.get<any>(`/v2/user-tasks/${key}`).catch(() => null)
        const tracked = this.#userTasks.get(key)
        this.#userTasks.delete(key)
        this.#held.delete(key)
        if (task?.state === 'CANCELED' && tracked) {
          this.#emit([
            {
              key,
              valueType: 'JOB',
              intent: 'CANCELED',
              processInstanceKey: tracked.processInstanceKey,
              timestamp: Date.now(),
              value: { type: USER_TASK_JOB_TYPE, elementInstanceKey: tracked.elementInstanceKey },
            } as EngineRecord,
          ])
        }
      }
    }
    const timer = setInterval(() => {
      if (running || stopped) return
      running = poll()
        .catch(() => undefined)
        .finally(() => (running = null))
    }, options.pollInterval ?? 2000)
    timer.unref?.()
    return async () => {
      stopped = true
      clearInterval(timer)
      await running
    }
  }

  // ---------------------------------------------------------------------------------- clock

  /**
   * Pins the cluster's clock at `timestamp` (epoch ms) through Camunda's REST API
   * (`PUT /v2/clock`, Camunda 8.6+ with `ZEEBE_CLOCK_CONTROLLED=true` on the brokers), and
   * {@link clock} with it. Without `restAddress`: `NotAvailableOnZeebeError`.
   */
  async pinClock(timestamp: number): Promise<void> {
    await this.#rest$('pin the clock').request('PUT', '/v2/clock', { timestamp })
    this.clock.pin(timestamp)
  }

  /** Puts the cluster's clock (`POST /v2/clock/reset`) and {@link clock} back on real time. */
  async resetClock(): Promise<void> {
    await this.#rest$('reset the clock').request('POST', '/v2/clock/reset')
    this.clock.reset()
  }

  // -------------------------------------------------------------------------------- records

  async getRecords(_processInstanceKey: string): Promise<EngineRecord[]> {
    throw notOnZeebe("read an instance's records", 'Zeebe hands its records to exporters')
  }

  async searchRecords(_query?: SearchQuery<RecordFilter>): Promise<SearchResult<EngineRecord>> {
    throw notOnZeebe('search the record log', 'Zeebe hands its records to exporters')
  }

  onRecords(listener: (records: EngineRecord[]) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  // ------------------------------------------------------------------------------ internals

  #emit(records: EngineRecord[]) {
    if (!records.length) return
    for (const listener of this.#listeners) {
      try {
        listener(records)
      } catch {
        // a listener's failure does not concern the engine
      }
    }
  }

  /** The REST client, or the error saying that the answer needs it. */
  #rest$(what: string): CamundaRestClient {
    if (this.#rest) return this.#rest
    throw new NotAvailableOnZeebeError(
      `Expected CAMUNDA_REST_ADDRESS to be configured to ${what} on Zeebe, but it is not: Zeebe's gateway answers commands, not queries`
    )
  }

  /** Runs a gateway call; gRPC failures become the port's typed errors. */
  async #call<T>(what: string, run: () => Promise<T>, resourceNames: string[] = []): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw fromGrpcError(error, what, this.#options.address, resourceNames)
    }
  }
}

// ------------------------------------------------------------------------------------ helpers

function notOnZeebe(what: string, why = 'Zeebe has no such command') {
  return new NotAvailableOnZeebeError(
    `Expected to ${what}, but this is not available on Zeebe: ${why}`
  )
}

/** The port's error for a failed gRPC call (codes as Zeebe's gateway uses them). */
export function fromGrpcError(
  error: unknown,
  what: string,
  address: string,
  resourceNames: string[] = []
): Error {
  const code = (error as { code?: unknown })?.code
  if (typeof code !== 'number') {
    return error instanceof Error ? error : new EngineUnavailableError(String(error))
  }
  const details =
    (error as { details?: string }).details ||
    String((error as Error).message ?? '').replace(/^\d+ [A-Z_]+: /, '')
  switch (code) {
    case status.NOT_FOUND:
      return new NotFoundError(details)
    case status.INVALID_ARGUMENT:
      return resourceNames.length
        ? new DeploymentRejectedError(deploymentProblems(details, resourceNames))
        : new InvalidArgumentError(details)
    case status.FAILED_PRECONDITION:
      return new InvalidStateError(details)
    case status.ALREADY_EXISTS:
      return new AlreadyExistsError(details)
    case status.DEADLINE_EXCEEDED:
      return new DeadlineExceededError(
        `Expected Zeebe to ${what} in time, but the deadline passed: ${details}`
      )
    case status.UNIMPLEMENTED:
      return new NotAvailableOnZeebeError(
        `Expected the Zeebe gateway at ${address} to ${what}, but it does not offer that command: ${details}`
      )
    case status.UNAUTHENTICATED:
    case status.PERMISSION_DENIED:
      return new EngineUnavailableError(
        `Expected the Zeebe gateway at ${address} to accept Senflow's credentials to ${what}, but it refused them: ${details}`
      )
    default:
      return new EngineUnavailableError(
        `Expected the Zeebe gateway at ${address} to ${what}, but it failed (${status[code] ?? code}): ${details}`
      )
  }
}

/**
 * The problems of a refused deployment, from the gateway's message: one per line
 * `'<resource>' (<element>): <message>` (Senflow's gateway; Zeebe's own lines are kept whole).
 */
function deploymentProblems(details: string, resourceNames: string[]) {
  const lines = details
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
  const problems = lines.map((line) => {
    const match = /^'([^']+)'(?: \(([^)]+)\))?: (.*)$/.exec(line.trim())
    return match
      ? { resourceName: match[1], elementId: match[2] ?? null, message: match[3] }
      : { resourceName: resourceNames.join(', '), elementId: null, message: line.trim() }
  })
  return problems.length
    ? problems
    : [{ resourceName: resourceNames.join(', '), elementId: null, message: details }]
}

/** An activated job from the gRPC protocol (keys as strings). */
function fromProtocolJob(job: any): ActivatedJob {
  return {
    jobKey: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: String(job.processDefinitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: JSON.parse(job.customHeaders || '{}'),
    worker: job.worker,
    retries: job.retries,
    deadline: Number(job.deadline),
    variables: JSON.parse(job.variables || '{}'),
    tenantId: job.tenantId || '<default>',
    priority: 0,
  }
}

/** An activated job as zeebe-node hands it to a worker (variables and headers parsed). */
function fromZeebeNodeJob(job: any): ActivatedJob {
  return {
    jobKey: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: String(job.processDefinitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: { ...(job.customHeaders ?? {}) },
    worker: job.worker,
    retries: job.retries,
    deadline: Number(job.deadline),
    variables: { ...(job.variables ?? {}) },
    tenantId: job.tenantId || '<default>',
    priority: 0,
  }
}

function toProcessDefinition(entry: CatalogEntry): ProcessDefinition {
  return {
    processDefinitionKey: entry.resourceKey,
    processDefinitionId: entry.resourceId,
    name: entry.name,
    version: entry.version,
    versionTag: entry.versionTag,
    resourceName: entry.resourceName,
    tenantId: entry.tenantId,
    deploymentKey: entry.deploymentKey,
  }
}

function page<T>(items: T[], query: SearchQuery<unknown>): SearchResult<T> {
  const sort = query.sort ?? []
  const sorted = [...items].sort((a: any, b: any) => {
    for (const { field, order } of sort) {
      const direction = order === 'DESC' ? -1 : 1
      if (a[field] < b[field]) return -direction
      if (a[field] > b[field]) return direction
    }
    return 0
  })
  const from = query.page?.from ?? 0
  const limit = query.page?.limit ?? 100
  return { items: sorted.slice(from, from + limit), page: { totalItems: items.length } }
}

/** The ids of user tasks marked `<zeebe:userTask/>` (Camunda user tasks) in a BPMN text. */
export function camundaUserTasks(xml: string): string[] {
  const prefixes = [...xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']/g)]
    .filter((match) => match[2] === ZEEBE_NS)
    .map((match) => match[1])
  if (!prefixes.length) return []
  const ids: string[] = []
  const tasks = /<([\w.-]+:)?userTask\b([^>]*?)(\/>|>([\s\S]*?)<\/\1?userTask>)/g
  for (const task of xml.matchAll(tasks)) {
    const prefix = (task[1] ?? '').replace(/:$/, '')
    if (prefixes.includes(prefix)) continue
    const body = task[4] ?? ''
    if (prefixes.some((zeebe) => new RegExp(`<${zeebe}:userTask\\b`).test(body))) {
      ids.push(/\bid\s*=\s*["']([^"']+)["']/.exec(task[2])?.[1] ?? '(no id)')
    }
  }
  return ids
}

/** A Camunda user task (REST API shape) as the inbox's worker receives user task jobs. */
function userTaskAsJob(
  task: any,
  variables: { name: string; value: string }[],
  worker: string
): ActivatedJob {
  const headers: Record<string, string> = { ...(task.customHeaders ?? {}) }
  if (task.assignee) headers[USER_TASK_HEADERS.assignee] = task.assignee
  if (task.candidateGroups?.length) {
    headers[USER_TASK_HEADERS.candidateGroups] = JSON.stringify(task.candidateGroups)
  }
  if (task.candidateUsers?.length) {
    headers[USER_TASK_HEADERS.candidateUsers] = JSON.stringify(task.candidateUsers)
  }
  if (task.dueDate) headers[USER_TASK_HEADERS.dueDate] = task.dueDate
  if (task.followUpDate) headers[USER_TASK_HEADERS.followUpDate] = task.followUpDate
  if (task.formKey) headers[USER_TASK_HEADERS.formKey] = String(task.formKey)
  if (task.priority !== undefined && task.priority !== null) {
    headers[USER_TASK_HEADERS.priority] = String(task.priority)
  }
  const values: JsonObject = {}
  for (const variable of variables) {
    try {
      values[variable.name] = JSON.parse(variable.value)
    } catch {
      values[variable.name] = variable.value
    }
  }
  return {
    jobKey: String(task.userTaskKey),
    type: USER_TASK_JOB_TYPE,
    processInstanceKey: String(task.processInstanceKey),
    processDefinitionId: task.processDefinitionId,
    processDefinitionVersion: Number(task.processDefinitionVersion ?? 0),
    processDefinitionKey: String(task.processDefinitionKey),
    elementId: task.elementId,
    elementInstanceKey: String(task.elementInstanceKey),
    customHeaders: headers,
    worker,
    retries: 1,
    deadline: Date.now() + 10 * 365 * 24 * 3600 * 1000,
    variables: values,
    tenantId: task.tenantId || '<default>',
    priority: Number(task.priority ?? 0),
  }
}

/** Name and version tag of a process in a BPMN text. */
async function processInfo(
  xml: string,
  bpmnProcessId: string
): Promise<{ name: string | null; versionTag: string | null }> {
  const parsed = await parseBpmn(xml).catch(() => null)
  if (!parsed?.ok) return { name: null, versionTag: null }
  const process = (parsed.definitions.rootElements ?? []).find(
    (element: any) => element.$type === 'bpmn:Process' && element.id === bpmnProcessId
  ) as any
  const versionTag = (process?.extensionElements?.values ?? []).find(
    (value: any) => value.$type === 'zeebe:VersionTag'
  )?.value
  return { name: process?.name ?? null, versionTag: versionTag ?? null }
}

/** Forms embedded in the processes of a BPMN text (`zeebe:userTaskForm`), by id. */
async function embeddedForms(xml: string): Promise<Map<string, string>> {
  const forms = new Map<string, string>()
  const parsed = await parseBpmn(xml).catch(() => null)
  if (!parsed?.ok) return forms
  for (const element of (parsed.definitions.rootElements ?? []) as any[]) {
    for (const value of element.extensionElements?.values ?? []) {
      if (value.$type === 'zeebe:UserTaskForm') forms.set(value.id ?? '', value.body ?? '')
    }
  }
  return forms
}

import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js'
import type { ActivatedJob, Deployment, JsonObject, WorkflowEngine } from '@senflow/engine'
import { InvalidArgumentError } from '@senflow/engine'
import {
  extensionsOf,
  type DeployedDecision,
  type DeployedDecisionRequirements,
} from '../port_extensions.js'
import { gatewayServices } from './proto.js'
import { GatewayStatusError, toServiceError } from './status.js'

/** The version the gateway reports in `Topology` (the protocol it speaks). */
export const GATEWAY_PROTOCOL_VERSION = '8.3.0'

/** Default long-poll time of an ActivateJobs request sent with `requestTimeout` 0 (as Zeebe). */
export const DEFAULT_LONG_POLL_TIMEOUT = 10_000

/** Who a valid access token belongs to (kept for logs). */
export interface GatewayPrincipal {
  id: string | number
  name?: string
}

/** Checks an access token; `null` when it is not valid (unknown, expired, not allowed). */
export type Authenticate = (token: string) => Promise<GatewayPrincipal | null>

/** How to build a `ZeebeGateway`. */
export interface ZeebeGatewayOptions {
  engine: WorkflowEngine
  /** Port to listen on (26500 by convention; 0 picks a free one). */
  port: number
  /** Address to bind (default 0.0.0.0). */
  host?: string
  /**
   * Checks the token of the `authorization` metadata (`Bearer <token>`, or HTTP Basic with the
   * token as password). Without it, only loopback clients with `insecureLoopback` are served.
   */
  authenticate?: Authenticate
  /** Serve clients on loopback (127.0.0.0/8, ::1) without a token. */
  insecureLoopback?: boolean
  /** ActivateJobs long-poll time when the request says 0 (ms, default 10 000). */
  longPollTimeout?: number
  /** Where to report calls that failed unexpectedly (default: nowhere). */
  onInternalError?: (method: string, error: unknown) => void
}

type UnaryHandler = (request: any, call: ServerUnaryCall<any, any>) => Promise<unknown>

/**
 * The Zeebe gRPC gateway of an engine: the `gateway_protocol.Gateway` service of the
 * `zeebe.proto` that zeebe-node ships, served with @grpc/grpc-js over the `WorkflowEngine`
 * port, so that Zeebe clients and job workers (any language) run against the embedded engine
 * unchanged. Keys are the engine's keys (decimal int64); variables and custom headers are JSON
 * documents as in Zeebe; errors carry the status codes Zeebe uses (see `status.ts`).
 */
export class ZeebeGateway {
  readonly #options: ZeebeGatewayOptions
  readonly #engine: WorkflowEngine
  #server: Server | null = null
  #port = 0
  /** Open job streams and long polls, ended when the gateway stops. */
  readonly #streams = new Set<ServerWritableStream<any, any>>()
  readonly #closers = new Set<() => Promise<void>>()

  constructor(options: ZeebeGatewayOptions) {
    this.#options = options
    this.#engine = options.engine
  }

  /** The port the gateway listens on (after `start`). */
  get port(): number {
    return this.#port
  }

  /** Binds the port and serves; resolves with the bound port. */
  async start(): Promise<number> {
    if (this.#server) return this.#port
    const server = new Server({ 'grpc.keepalive_permit_without_calls': 1 })
    const { gateway, extensions } = gatewayServices()
    server.addService(gateway, this.#implementation())
    server.addService(extensions, this.#extensionImplementation())
    const host = this.#options.host ?? '0.0.0.0'
    const address = host.includes(':')
      ? `[${host}]:${this.#options.port}`
      : `${host}:${this.#options.port}`
    this.#port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port)
      )
    )
    this.#server = server
    return this.#port
  }

  /** Ends open streams, stops the job streams' workers and shuts the server down. */
  async stop(): Promise<void> {
    const server = this.#server
    if (!server) return
    this.#server = null
    await Promise.all([...this.#closers].map((close) => close().catch(() => undefined)))
    for (const stream of this.#streams) stream.end()
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown()
        resolve()
      }, 5000)
      server.tryShutdown(() => {
        clearTimeout(force)
        resolve()
      })
    })
  }

  // ------------------------------------------------------------------------ authentication

  /** Lets the call through, or throws UNAUTHENTICATED. */
  async #authorize(call: { metadata: { get(key: string): unknown[] }; getPeer(): string }) {
    const header = call.metadata.get('authorization')[0]
    if (typeof header === 'string' && header.trim()) {
      const token = tokenOf(header)
      const principal =
        token && this.#options.authenticate ? await this.#options.authenticate(token) : null
      if (!principal) {
        throw new GatewayStatusError(
          status.UNAUTHENTICATED,
          'Expected a valid access token in the authorization metadata (Bearer <token>), but it is unknown, expired or not allowed to operate the engine'
        )
      }
      return
    }
    if (this.#options.insecureLoopback && isLoopback(call.getPeer())) return
    throw new GatewayStatusError(
      status.UNAUTHENTICATED,
      'Expected an access token in the authorization metadata (Bearer <token>), but found none'
    )
  }

  #unary(name: string, handler: UnaryHandler) {
    return async (call: ServerUnaryCall<any, any>, callback: sendUnaryData<any>) => {
      try {
        await this.#authorize(call)
        callback(null, (await handler(call.request, call)) as any)
      } catch (error) {
        const serviceError = toServiceError(error)
        if (serviceError.code === status.INTERNAL) this.#options.onInternalError?.(name, error)
        callback(serviceError)
      }
    }
  }

  // ------------------------------------------------------------------------------ services

  #implementation(): UntypedServiceImplementation {
    const engine = this.#engine
    const extensions = extensionsOf(engine)
    const unimplemented = (command: string, method: string) => {
      throw new GatewayStatusError(
        status.UNIMPLEMENTED,
        `Expected the engine to support ${command}, but this engine has no ${method} command yet`
      )
    }
    return {
      Topology: this.#unary('Topology', async () => ({
        brokers: [
          {
            nodeId: 0,
            host:
              this.#options.host && this.#options.host !== '0.0.0.0'
                ? this.#options.host
                : '127.0.0.1',
            port: this.#port,
            partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
            version: GATEWAY_PROTOCOL_VERSION,
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: GATEWAY_PROTOCOL_VERSION,
      })),

      DeployResource: this.#unary('DeployResource', async (request) => {
        const resources = (request.resources ?? []) as { name: string; content: Buffer }[]
        const deployment = await this.#deploy(resources, request.tenantId)
        return {
          key: deployment.deploymentKey,
          tenantId: deployment.tenantId,
          deployments: deploymentMetadata(deployment),
        }
      }),

      DeployProcess: this.#unary('DeployProcess', async (request) => {
        const processes = (request.processes ?? []) as { name: string; definition: Buffer }[]
        const deployment = await this.#deploy(
          processes.map((process) => ({ name: process.name, content: process.definition })),
          ''
        )
        return {
          key: deployment.deploymentKey,
          processes: deployment.processes.map(processMetadata),
        }
      }),

      CreateProcessInstance: this.#unary('CreateProcessInstance', async (request) => {
        const created = await engine.createProcessInstance(createRequest(request))
        return {
          processDefinitionKey: created.processDefinitionKey,
          bpmnProcessId: created.processDefinitionId,
          version: created.processDefinitionVersion,
          processInstanceKey: created.processInstanceKey,
          tenantId: created.tenantId,
        }
      }),

      CreateProcessInstanceWithResult: this.#unary(
        'CreateProcessInstanceWithResult',
        async (request) => {
          const timeout = Number(request.requestTimeout)
          const created = await engine.createProcessInstance({
            ...createRequest(request.request ?? {}),
            awaitCompletion: true,
            requestTimeout: timeout > 0 ? timeout : undefined,
            fetchVariables: request.fetchVariables?.length ? request.fetchVariables : undefined,
          })
          return {
            processDefinitionKey: created.processDefinitionKey,
            bpmnProcessId: created.processDefinitionId,
            version: created.processDefinitionVersion,
            processInstanceKey: created.processInstanceKey,
            variables: JSON.stringify(created.variables ?? {}),
            tenantId: created.tenantId,
          }
        }
      ),

      CancelProcessInstance: this.#unary('CancelProcessInstance', async (request) => {
        await engine.cancelProcessInstance(
          requiredKey(request.processInstanceKey, 'processInstanceKey')
        )
        return {}
      }),

      ActivateJobs: (call: ServerWritableStream<any, any>) => this.#activateJobs(call),

      StreamActivatedJobs: (call: ServerWritableStream<any, any>) => this.#streamJobs(call),

      CompleteJob: this.#unary('CompleteJob', async (request) => {
        await engine.completeJob(
          requiredKey(request.jobKey, 'jobKey'),
          parseVariables(request.variables, 'variables')
        )
        return {}
      }),

      FailJob: this.#unary('FailJob', async (request) => {
        await engine.failJob(requiredKey(request.jobKey, 'jobKey'), {
          retries: request.retries,
          errorMessage: request.errorMessage || undefined,
          retryBackOff: Math.max(0, Number(request.retryBackOff) || 0),
          variables: parseVariables(request.variables, 'variables'),
        })
        return {}
      }),

      ThrowError: this.#unary('ThrowError', async (request) => {
        await engine.throwJobError(requiredKey(request.jobKey, 'jobKey'), {
          errorCode: request.errorCode,
          errorMessage: request.errorMessage || undefined,
          variables: parseVariables(request.variables, 'variables'),
        })
        return {}
      }),

      PublishMessage: this.#unary('PublishMessage', async (request) => {
        if (!request.name) {
          throw new InvalidArgumentError('Expected a message name, but found none')
        }
        const published = await engine.publishMessage({
          name: request.name,
          correlationKey: request.correlationKey,
          timeToLive: Math.max(0, Number(request.timeToLive) || 0),
          messageId: request.messageId || undefined,
          variables: parseVariables(request.variables, 'variables'),
          tenantId: request.tenantId || undefined,
        })
        return { key: published.messageKey, tenantId: published.tenantId }
      }),

      BroadcastSignal: this.#unary('BroadcastSignal', async (request) => {
        if (!request.signalName) {
          throw new InvalidArgumentError('Expected a signal name, but found none')
        }
        const broadcast = await engine.broadcastSignal({
          signalName: request.signalName,
          variables: parseVariables(request.variables, 'variables'),
        })
        return { key: broadcast.signalKey }
      }),

      SetVariables: this.#unary('SetVariables', async (request) => {
        const scopeKey = requiredKey(request.elementInstanceKey, 'elementInstanceKey')
        const variables = parseVariables(request.variables, 'variables')
        if (!variables) {
          throw new InvalidArgumentError('Expected variables to set, but found none')
        }
        await engine.setVariables(scopeKey, variables, Boolean(request.local))
        // the engine records the variable document under the scope's key
        return { key: scopeKey }
      }),

      ResolveIncident: this.#unary('ResolveIncident', async (request) => {
        await engine.resolveIncident(requiredKey(request.incidentKey, 'incidentKey'))
        return {}
      }),

      UpdateJobRetries: this.#unary('UpdateJobRetries', async (request) => {
        if (!(request.retries > 0)) {
          throw new InvalidArgumentError(
            `Expected retries to be greater than zero, but it was ${request.retries}`
          )
        }
        await engine.updateJob(requiredKey(request.jobKey, 'jobKey'), { retries: request.retries })
        return {}
      }),

      ModifyProcessInstance: this.#unary('ModifyProcessInstance', async (request) => {
        if (!extensions.modifyProcessInstance) {
          return unimplemented('process instance modification', 'modifyProcessInstance')
        }
        await extensions.modifyProcessInstance(
          requiredKey(request.processInstanceKey, 'processInstanceKey'),
          {
            activateInstructions: (request.activateInstructions ?? []).map((instruction: any) => ({
              elementId: instruction.elementId,
              ancestorElementInstanceKey: optionalKey(instruction.ancestorElementInstanceKey),
              variableInstructions: (instruction.variableInstructions ?? []).map((v: any) => ({
                variables: parseVariables(v.variables, 'variableInstructions.variables') ?? {},
                scopeId: v.scopeId || undefined,
              })),
            })),
            terminateInstructions: (request.terminateInstructions ?? []).map(
              (instruction: any) => ({
                elementInstanceKey: requiredKey(
                  instruction.elementInstanceKey,
                  'terminateInstructions.elementInstanceKey'
                ),
              })
            ),
          }
        )
        return {}
      }),

      // NOT_FOUND for an unknown key; FAILED_PRECONDITION for a definition still running
      DeleteResource: this.#unary('DeleteResource', async (request) => {
        await engine.deleteResource(requiredKey(request.resourceKey, 'resourceKey'))
        return {}
      }),

      EvaluateDecision: this.#unary('EvaluateDecision', async (request) => {
        if (!extensions.evaluateDecision) {
          return unimplemented('DMN decisions', 'evaluateDecision')
        }
        const result = await extensions.evaluateDecision({
          decisionDefinitionKey: optionalKey(request.decisionKey),
          decisionDefinitionId: request.decisionId || undefined,
          variables: parseVariables(request.variables, 'variables') ?? {},
          tenantId: request.tenantId || undefined,
        })
        return {
          decisionKey: result.decisionDefinitionKey,
          decisionId: result.decisionDefinitionId,
          decisionName: result.decisionDefinitionName ?? '',
          decisionVersion: result.decisionDefinitionVersion,
          decisionRequirementsId: result.decisionRequirementsId,
          decisionRequirementsKey: result.decisionRequirementsKey,
          decisionOutput: result.output,
          evaluatedDecisions: (result.evaluatedDecisions ?? []).map((decision) => ({
            decisionKey: decision.decisionDefinitionKey,
            decisionId: decision.decisionDefinitionId,
            decisionName: decision.decisionDefinitionName ?? '',
            decisionVersion: decision.decisionDefinitionVersion,
            decisionType: decision.decisionDefinitionType ?? 'DECISION_TABLE',
            decisionOutput: decision.output,
            matchedRules: (decision.matchedRules ?? []).map((rule) => ({
              ruleId: rule.ruleId,
              ruleIndex: rule.ruleIndex,
              evaluatedOutputs: (rule.evaluatedOutputs ?? []).map((output) => ({
                outputId: output.outputId,
                outputName: output.outputName ?? '',
                outputValue: output.outputValue,
              })),
            })),
            evaluatedInputs: (decision.evaluatedInputs ?? []).map((input) => ({
              inputId: input.inputId,
              inputName: input.inputName ?? '',
              inputValue: input.inputValue,
            })),
            tenantId: decision.tenantId,
          })),
          failedDecisionId: result.failedDecisionDefinitionId ?? '',
          failureMessage: result.failureMessage ?? '',
          tenantId: result.tenantId,
        }
      }),
    }
  }

  /** UpdateJobTimeout (8.4) and MigrateProcessInstance (8.5). */
  #extensionImplementation(): UntypedServiceImplementation {
    const engine = this.#engine
    const extensions = extensionsOf(engine)
    return {
      UpdateJobTimeout: this.#unary('UpdateJobTimeout', async (request) => {
        const timeout = Number(request.timeout)
        if (!(timeout > 0)) {
          throw new InvalidArgumentError(
            `Expected timeout to be greater than zero, but it was ${request.timeout}`
          )
        }
        await engine.updateJob(requiredKey(request.jobKey, 'jobKey'), { timeout })
        return {}
      }),
      MigrateProcessInstance: this.#unary('MigrateProcessInstance', async (request) => {
        if (!extensions.migrateProcessInstance) {
          throw new GatewayStatusError(
            status.UNIMPLEMENTED,
            'Expected the engine to support process instance migration, but this engine has no migrateProcessInstance command yet'
          )
        }
        const plan = request.migrationPlan ?? {}
        await extensions.migrateProcessInstance(
          requiredKey(request.processInstanceKey, 'processInstanceKey'),
          {
            targetProcessDefinitionKey: requiredKey(
              plan.targetProcessDefinitionKey,
              'migrationPlan.targetProcessDefinitionKey'
            ),
            mappingInstructions: (plan.mappingInstructions ?? []).map((instruction: any) => ({
              sourceElementId: instruction.sourceElementId,
              targetElementId: instruction.targetElementId,
            })),
          }
        )
        return {}
      }),
    }
  }

  async #deploy(resources: { name: string; content: Buffer }[], tenantId: string) {
    if (!resources.length) {
      throw new InvalidArgumentError('Expected to deploy at least one resource, but none was given')
    }
    resources.forEach((resource, index) => {
      if (!resource.name) {
        throw new InvalidArgumentError(
          `Expected resources[${index}] to have a name, but it has none`
        )
      }
    })
    return this.#engine.deploy(
      resources.map((resource) => ({
        name: resource.name,
        content: Buffer.from(resource.content),
      })),
      tenantId || undefined
    )
  }

  // ---------------------------------------------------------------------------------- jobs

  /**
   * ActivateJobs: answers as soon as jobs of the type exist; with none, the request is held
   * open (long polling) until its `requestTimeout` (0: the gateway's default; negative: no
   * waiting) and then ends empty. Jobs activated for a client that went away meanwhile are
   * given back at once (failed with their retries unchanged).
   */
  async #activateJobs(call: ServerWritableStream<any, any>) {
    this.#streams.add(call)
    try {
      await this.#authorize(call)
      const request = call.request
      const requested = Number(request.requestTimeout)
      const requestTimeout =
        requested < 0
          ? 0
          : requested === 0
            ? (this.#options.longPollTimeout ?? DEFAULT_LONG_POLL_TIMEOUT)
            : requested
      const jobs = await this.#engine.activateJobs({
        type: request.type,
        worker: request.worker,
        maxJobsToActivate: request.maxJobsToActivate,
        timeout: Number(request.timeout),
        fetchVariable: request.fetchVariable?.length ? request.fetchVariable : undefined,
        requestTimeout,
      })
      if (call.cancelled || !this.#server) {
        await this.#giveBack(jobs)
        return
      }
      if (jobs.length) call.write({ jobs: jobs.map(activatedJobMessage) })
      call.end()
    } catch (error) {
      if (!call.cancelled) call.destroy(toServiceError(error))
    } finally {
      this.#streams.delete(call)
    }
  }

  /** Jobs a client will never see: activatable again at once, retries unchanged. */
  async #giveBack(jobs: ActivatedJob[]) {
    for (const job of jobs) {
      await this.#engine
        .failJob(job.jobKey, {
          retries: job.retries,
          errorMessage: 'The worker went away before the activated job reached it',
        })
        .catch(() => undefined)
    }
  }

  /**
   * StreamActivatedJobs: jobs of the type are pushed to the client as they become activatable,
   * until the client cancels the call (an in-process worker of the engine feeds the stream).
   */
  async #streamJobs(call: ServerWritableStream<any, any>) {
    try {
      await this.#authorize(call)
    } catch (error) {
      call.destroy(toServiceError(error))
      return
    }
    const request = call.request
    const timeout = Number(request.timeout)
    try {
      if (!request.type) {
        throw new InvalidArgumentError('Expected a job type to stream, but found none')
      }
      if (!(timeout > 0)) {
        throw new InvalidArgumentError(
          `Expected timeout to be greater than zero, but it was ${request.timeout}`
        )
      }
      let open = true
      const worker = this.#engine.openJobWorker({
        type: request.type,
        worker: request.worker || 'default',
        timeout,
        fetchVariables: request.fetchVariable?.length ? request.fetchVariable : undefined,
        handler: async (job) => {
          if (!open || call.cancelled) {
            await job.fail({
              retries: job.retries,
              errorMessage: 'The job stream closed before the activated job reached it',
            })
            return
          }
          call.write(activatedJobMessage(job))
        },
      })
      this.#streams.add(call)
      const close = async () => {
        if (!open) return
        open = false
        this.#closers.delete(close)
        this.#streams.delete(call)
        await worker.close()
      }
      this.#closers.add(close)
      call.on('cancelled', () => void close())
      call.on('close', () => void close())
    } catch (error) {
      call.destroy(toServiceError(error))
    }
  }
}

// ---------------------------------------------------------------------------------- mapping

function deploymentMetadata(deployment: Deployment) {
  const extra = deployment as Deployment & {
    decisions?: DeployedDecision[]
    decisionRequirements?: DeployedDecisionRequirements[]
  }
  return [
    ...deployment.processes.map((process) => ({ process: processMetadata(process) })),
    ...(extra.decisionRequirements ?? []).map((requirements) => ({
      decisionRequirements: {
        dmnDecisionRequirementsId: requirements.decisionRequirementsId,
        dmnDecisionRequirementsName: requirements.decisionRequirementsName ?? '',
        version: requirements.version,
        decisionRequirementsKey: requirements.decisionRequirementsKey,
        resourceName: requirements.resourceName,
        tenantId: requirements.tenantId,
      },
    })),
    ...(extra.decisions ?? []).map((decision) => ({
      decision: {
        dmnDecisionId: decision.decisionDefinitionId,
        dmnDecisionName: decision.name ?? '',
        version: decision.version,
        decisionKey: decision.decisionDefinitionKey,
        dmnDecisionRequirementsId: decision.decisionRequirementsId,
        decisionRequirementsKey: decision.decisionRequirementsKey,
        tenantId: decision.tenantId,
      },
    })),
    ...deployment.forms.map((form) => ({
      form: {
        formId: form.formId,
        version: form.version,
        formKey: form.formKey,
        resourceName: form.resourceName,
        tenantId: form.tenantId,
      },
    })),
  ]
}

function processMetadata(process: Deployment['processes'][number]) {
  return {
    bpmnProcessId: process.processDefinitionId,
    version: process.processDefinitionVersion,
    processDefinitionKey: process.processDefinitionKey,
    resourceName: process.resourceName,
    tenantId: process.tenantId,
  }
}

function createRequest(request: any) {
  return {
    processDefinitionKey: optionalKey(request.processDefinitionKey),
    processDefinitionId: request.bpmnProcessId || undefined,
    // Zeebe: -1 (or unset) is the latest version
    processDefinitionVersion: request.version > 0 ? request.version : undefined,
    variables: parseVariables(request.variables, 'variables'),
    tenantId: request.tenantId || undefined,
    startInstructions: request.startInstructions?.length
      ? request.startInstructions.map((instruction: any) => ({ elementId: instruction.elementId }))
      : undefined,
  }
}

/** An activated job as the protocol sends it. */
export function activatedJobMessage(job: ActivatedJob) {
  return {
    key: job.jobKey,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.processDefinitionId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(job.variables ?? {}),
    tenantId: job.tenantId,
  }
}

/** A variables document: JSON text of an object; empty text is none. */
export function parseVariables(text: unknown, field: string): JsonObject | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InvalidArgumentError(
      `Expected ${field} to be a JSON document, but it could not be parsed: ${(error as Error).message}`
    )
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError(
      `Expected ${field} to be a JSON object, but it was ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`
    )
  }
  return value as JsonObject
}

function optionalKey(value: unknown): string | undefined {
  const text = value === undefined || value === null ? '' : String(value)
  return text === '' || text === '0' ? undefined : text
}

function requiredKey(value: unknown, field: string): string {
  const key = optionalKey(value)
  if (!key) {
    throw new InvalidArgumentError(`Expected ${field} to be set, but it was not`)
  }
  if (!/^[1-9][0-9]*$/.test(key)) {
    throw new InvalidArgumentError(`Expected ${field} to be a positive key, but it was '${key}'`)
  }
  return key
}

/** The token of an `authorization` header: `Bearer <token>` or Basic with it as password. */
function tokenOf(header: string): string | null {
  const [scheme, value] = header.trim().split(/\s+/, 2)
  if (!value) return null
  if (/^bearer$/i.test(scheme)) return value
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon >= 0 ? decoded.slice(colon + 1) || null : null
  }
  return null
}

/**
 * Whether a grpc-js peer is on loopback: `127.0.0.1:5000`, `[::1]:5000`, `[::ffff:127.0.0.1]:5000`
 * (with or without an `ipv4:` / `ipv6:` prefix, as grpc-js versions differ), or a Unix socket.
 */
export function isLoopback(peer: string): boolean {
  if (peer.startsWith('unix:')) return true
  const address = peer.replace(/^ipv[46]:/, '')
  const host = address.startsWith('[')
    ? address.slice(1, address.indexOf(']'))
    : address.replace(/:\d+$/, '')
  return /^127\./.test(host) || host === '::1' || /^::ffff:127\./i.test(host)
}

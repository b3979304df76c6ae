import { credentials, loadPackageDefinition } from '@grpc/grpc-js'
import { loadSync } from '@grpc/proto-loader'
import { EmbeddedEngine, SystemClock } from '@senflow/engine'
import { ZBClient } from 'zeebe-node'
import { storeKinds, type OpenedStore, type StoreKind } from '../../engine/tests/support/stores.js'
import { ZeebeGateway, type ZeebeGatewayOptions } from '../src/gateway/gateway.js'
import { ZEEBE_PROTO_PATH } from '../src/gateway/proto.js'

export { storeKinds, type StoreKind }

/** A process: start → service task of `type` (with `retries`) → end. */
export function serviceTaskBpmn(id: string, type: string, retries = 3): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${id}" name="Process ${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" name="Work">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${type}" retries="${retries}" />
        <zeebe:taskHeaders><zeebe:header key="kind" value="test" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

/** A process whose service task has an error boundary event catching `code`. */
export function errorBoundaryBpmn(id: string, type: string, code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:error id="error_${id}" errorCode="${code}" />
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="caught" attachedToRef="work">
      <bpmn:errorEventDefinition errorRef="error_${id}" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="failed" />
    <bpmn:endEvent id="failed" />
  </bpmn:process>
</bpmn:definitions>`
}

/** A process waiting for message `name` correlated by `=orderId`. */
export function messageBpmn(id: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:message id="message_${id}" name="${name}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="message_${id}" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

/** An embedded engine on a store kind, its gateway on a free loopback port, a zeebe-node client. */
export class GatewayHarness {
  engine!: EmbeddedEngine
  gateway!: ZeebeGateway
  opened!: OpenedStore
  readonly clients: ZBClient[] = []

  constructor(
    readonly kind: StoreKind,
    readonly options: Partial<ZeebeGatewayOptions> = { insecureLoopback: true }
  ) {}

  async open() {
    this.opened = await this.kind.open()
    this.engine = new EmbeddedEngine({
      store: this.opened.store,
      clock: new SystemClock(),
      schedulerInterval: 100,
      longPollInterval: 200,
    })
    await this.engine.start()
    this.gateway = new ZeebeGateway({
      engine: this.engine,
      port: 0,
      host: '127.0.0.1',
      ...this.options,
    })
    await this.gateway.start()
    return this
  }

  get address() {
    return `127.0.0.1:${this.gateway.port}`
  }

  /** A zeebe-node client of the gateway, as a Zeebe user configures one (plain text). */
  client(options: Record<string, unknown> = {}): ZBClient {
    const client = new ZBClient(this.address, {
      useTLS: false,
      loglevel: 'NONE',
      retry: false,
      ...options,
    } as any)
    this.clients.push(client)
    return client
  }

  async close() {
    await Promise.all(
      this.clients.splice(0).map((client) => client.close(2000).catch(() => undefined))
    )
    await this.gateway?.stop()
    await this.engine?.stop()
    await this.opened?.close()
  }
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeout` ms. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeout = 10_000
): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const started = Date.now()
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as Exclude<T, null | undefined | false | 0 | ''>
    } catch (error) {
      last = error
    }
    if (Date.now() - started > timeout) {
      throw new Error(`Condition not met within ${timeout} ms${last ? `: ${String(last)}` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * ActivateJobs as a plain gRPC stream (zeebe-node's `activateJobs` only settles when jobs
 * arrive): the jobs received and when the gateway ended the call.
 */
export function activateRaw(
  address: string,
  request: Record<string, unknown>
): Promise<{ jobs: any[]; elapsed: number }> {
  const loaded = loadPackageDefinition(
    loadSync(ZEEBE_PROTO_PATH, { keepCase: true, longs: String, defaults: true })
  ) as any
  const client = new loaded.gateway_protocol.Gateway(address, credentials.createInsecure())
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const jobs: any[] = []
    const stream = client.ActivateJobs({
      worker: 'raw',
      maxJobsToActivate: 10,
      timeout: 60_000,
      ...request,
    })
    stream.on('data', (response: { jobs: any[] }) => jobs.push(...response.jobs))
    stream.on('error', (error: Error) => {
      client.close()
      reject(error)
    })
    stream.on('end', () => {
      client.close()
      resolve({ jobs, elapsed: Date.now() - started })
    })
  })
}

/** A job-based user task with a form embedded in the process (as the studio writes it). */
export function userTaskBpmn(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${id}" name="Approve ${id}" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:userTaskForm id="approve_form">{"id":"approve","type":"default","components":[{"type":"checkbox","key":"approved","label":"Approved"}]}</zeebe:userTaskForm>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="camunda-forms:bpmn:approve_form" />
        <zeebe:assignmentDefinition candidateGroups="legal" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

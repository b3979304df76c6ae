import { test } from '@japa/runner'
import type { EmbeddedEngine } from '@senflow/engine'
import { ZBClient } from 'zeebe-node'
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { ServerProcess } from '#tests/support/server_process'
import { ApiCaller } from '#tests/support/connector_scenario'
import { freshSqliteFile, startStandInCluster, stopServer, within } from './zeebe_support.js'

/**
 * ENGINE=zeebe end to end: a Senflow server process runs its processes on "Zeebe" — here the
 * Zeebe gRPC gateway over an embedded engine that hosts no Senflow workers, standing in for a
 * Camunda 8 cluster — through zeebe-node, with the same models, forms, inbox and connectors.
 */
function basic(email: string) {
  return `Basic ${Buffer.from(`${email}:senflow-demo`).toString('base64')}`
}

async function call(
  server: ServerProcess,
  email: string,
  method: string,
  path: string,
  body?: unknown
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'authorization': basic(email), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: any = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  return { status: response.status, body: parsed }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function deploy(server: ServerProcess, files: { name: string; content: Buffer | string }[]) {
  const form = new FormData()
  for (const file of files) form.append('resources', new Blob([file.content]), file.name)
  const response = await fetch(`${server.url}/v2/deployments`, {
    method: 'POST',
    headers: { authorization: basic('admin@demo.senflow.local') },
    body: form,
  })
  return { status: response.status, body: await response.json() }
}

const CONNECTOR_BPMN = (url: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_zeebe_connector" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="zeebe-connector-check" name="Registry check on Zeebe" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="lookup" />
    <bpmn:serviceTask id="lookup" name="Look up the registry">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="io.camunda:http-json:1" retries="1" />
        <zeebe:ioMapping>
          <zeebe:input source="=&quot;GET&quot;" target="method" />
          <zeebe:input source="=&quot;${url}/registry/&quot; + dossierCode" target="url" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders>
          <zeebe:header key="resultExpression" value="={registryStatus: response.body.status}" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="lookup" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`

test.group('ENGINE=zeebe (a server process on the Zeebe gateway)', (group) => {
  let zeebe: EmbeddedEngine
  let registry: Server
  let registryUrl: string
  let server: ServerProcess
  const database = freshSqliteFile('engine')

  group.setup(async () => {
    const cluster = await startStandInCluster()
    zeebe = cluster.engine
    registry = createServer((request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ status: `valid:${request.url?.split('/').pop()}` }))
    })
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
    registryUrl = `http://127.0.0.1:${(registry.address() as any).port}`
    server = new ServerProcess(3600 + Math.floor(Math.random() * 200), {
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: database.file,
      ENGINE: 'zeebe',
      ZEEBE_ADDRESS: cluster.address,
      ZEEBE_ACCESS_TOKEN: cluster.token,
      CONNECTORS_ALLOWED_HOSTS: '127.0.0.1',
    })
    const stop = async () => {
      await stopServer(server)
      await cluster.close()
      registry.close()
      await database.remove()
    }
    try {
      await server.start(120_000)
    } catch (error) {
      await stop()
      throw error
    }
    return stop
  })

  test('a user task from Zeebe reaches the inbox and is completed through its form', async ({
    assert,
  }) => {
    const deployed = await deploy(server, [
      {
        name: 'legalization_review.bpmn',
        content: await readFile(
          new URL('../../fixtures/legalization_review.bpmn', import.meta.url)
        ),
      },
      {
        name: 'legalization_review.form',
        content: await readFile(
          new URL('../../fixtures/legalization_review.form', import.meta.url)
        ),
      },
    ])
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body))
    // the definition lives in Zeebe
    const definitions = await zeebe.searchProcessDefinitions({
      filter: { processDefinitionId: 'legalization-review' },
    })
    assert.equal(definitions.page.totalItems, 1)

    const created = await call(
      server,
      'admin@demo.senflow.local',
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'legalization-review',
        variables: { dossierCode: 'HS-ZB-0001', urgent: true },
      }
    )
    assert.equal(created.status, 200, JSON.stringify(created.body))
    const key = created.body.processInstanceKey

    // the staff member works in the browser's session
    const staff = await new ApiCaller(server.url).signIn('staff@demo.senflow.local')
    const listed = await until(
      () => staff.call('GET', '/api/tasks?queue=units&q=HS-ZB-0001'),
      (response) => response.json?.items?.length > 0
    )
    assert.lengthOf(listed.json.items, 1, listed.text)
    const task = listed.json.items[0]
    assert.equal(task.name, 'Review the dossier')
    assert.equal(task.processName, 'Legalization review')
    assert.equal(task.processInstanceKey, key)
    assert.deepEqual(task.candidateGroups, ['CONSULAR-LEGAL'])

    const page = await staff.call('GET', `/api/tasks/${task.id}`)
    assert.equal(page.json.form.id, 'legalization-review-form')
    assert.equal((await staff.call('POST', `/api/tasks/${task.id}/claim`)).status, 200)
    const invalid = await staff.call('POST', `/api/tasks/${task.id}/complete`, {
      variables: { decision: 'refuse', remarks: 'x'.repeat(300) },
      locale: 'en',
    })
    assert.equal(invalid.status, 422)
    const done = await staff.call('POST', `/api/tasks/${task.id}/complete`, {
      variables: { decision: 'approve' },
    })
    assert.oneOf(done.status, [200, 204], done.text)

    // Zeebe moved the instance on with the form's fields
    const variables = await until(
      () => zeebe.searchVariables({ filter: { processInstanceKey: key, name: 'decision' } }),
      (found) => found.items.length > 0
    )
    assert.equal(JSON.parse(variables.items[0].value), 'approve')
    const instance = await zeebe.getProcessInstance(key)
    assert.notEqual(instance.state, 'TERMINATED')
  })

  test('a connector runs as a Zeebe job worker', async ({ assert }) => {
    const deployed = await deploy(server, [
      { name: 'zeebe_connector.bpmn', content: CONNECTOR_BPMN(registryUrl) },
    ])
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body))
    const created = await call(
      server,
      'admin@demo.senflow.local',
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'zeebe-connector-check',
        variables: { dossierCode: 'HS-ZB-0002' },
      }
    )
    assert.equal(created.status, 200, JSON.stringify(created.body))
    const key = created.body.processInstanceKey
    const variables = await until(
      () => zeebe.searchVariables({ filter: { processInstanceKey: key, name: 'registryStatus' } }),
      (found) => found.items.length > 0
    )
    assert.equal(JSON.parse(variables.items[0].value), 'valid:HS-ZB-0002')
  })

  test('what Zeebe cannot answer is said plainly', async ({ assert }) => {
    const search = await call(
      server,
      'admin@demo.senflow.local',
      'POST',
      '/v2/process-instances/search',
      {}
    )
    assert.equal(search.status, 409)
    assert.include(JSON.stringify(search.body), 'CAMUNDA_REST_ADDRESS')
  })
})

test.group('SENFLOW_GRPC_PORT (a server process serving the Zeebe gateway)', (group) => {
  let server: ServerProcess
  let grpcPort: number
  const database = freshSqliteFile('gateway')
  const clients: ZBClient[] = []

  group.setup(async () => {
    grpcPort = 26_600 + Math.floor(Math.random() * 300)
    server = new ServerProcess(3800 + Math.floor(Math.random() * 100), {
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: database.file,
      SENFLOW_GRPC_PORT: String(grpcPort),
      SENFLOW_GRPC_HOST: '127.0.0.1',
    })
    const stop = async () => {
      await Promise.all(clients.map((client) => within(3000, client.close(2000))))
      await stopServer(server)
      await database.remove()
    }
    try {
      await server.start(120_000)
    } catch (error) {
      await stop()
      throw error
    }
    return stop
  })

  const client = (password?: string) => {
    const zbc = new ZBClient(`127.0.0.1:${grpcPort}`, {
      useTLS: false,
      loglevel: 'NONE',
      retry: false,
      ...(password ? { basicAuth: { username: 'worker', password } } : {}),
    } as any)
    clients.push(zbc)
    return zbc
  }

  test('a zeebe-node worker with an access token of a process owner runs jobs; others are refused', async ({
    assert,
  }) => {
    const owner = await new ApiCaller(server.url).signIn('owner@demo.senflow.local')
    const created = await owner.call('POST', '/api/tokens', { name: 'zeebe worker' })
    assert.equal(created.status, 201, created.text)
    const staff = await new ApiCaller(server.url).signIn('staff@demo.senflow.local')
    const staffToken = (await staff.call('POST', '/api/tokens', { name: 'not allowed' })).json.token

    const refused = async (zbc: ZBClient) => {
      try {
        await zbc.topology()
        return null
      } catch (error) {
        return (error as { code?: number }).code
      }
    }
    assert.equal(await refused(client()), 16)
    assert.equal(await refused(client(staffToken)), 16)
    assert.equal(await refused(client('sfl_not-a-token')), 16)

    const zbc = client(created.json.token)
    const deployed = await zbc.deployResource({
      process: Buffer.from(
        CONNECTOR_BPMN('http://127.0.0.1:9').replace(/io\.camunda:http-json:1/g, 'stamp-fee')
      ),
      name: 'zeebe_worker.bpmn',
    })
    assert.equal(deployed.deployments[0].process.bpmnProcessId, 'zeebe-connector-check')
    zbc.createWorker({
      taskType: 'stamp-fee',
      taskHandler: (job: any) =>
        job.complete({ registryStatus: `stamped:${job.variables.dossierCode}` }),
      longPoll: 5000,
      loglevel: 'NONE',
    } as any)
    const instance = await zbc.createProcessInstance({
      bpmnProcessId: 'zeebe-connector-check',
      variables: { dossierCode: 'HS-ZB-0003' },
    })
    const admin = await new ApiCaller(server.url).signIn('admin@demo.senflow.local')
    const variables = await until(
      () =>
        admin.call('POST', '/v2/variables/search', {
          filter: { processInstanceKey: instance.processInstanceKey, name: 'registryStatus' },
        }),
      (response) => response.json?.items?.length > 0
    )
    assert.equal(JSON.parse(variables.json.items[0].value), 'stamped:HS-ZB-0003')
  })
})

import { test } from '@japa/runner'
import { USER_TASK_JOB_TYPE, type ActivatedJob, type EngineRecord } from '@senflow/engine'
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { ZeebeEngine } from '../src/zeebe_engine.js'
import { eventually, GatewayHarness, storeKinds } from './support.js'

const memory = storeKinds().find((kind) => kind.name === 'memory')!

/** A stand-in for Camunda's REST API: user tasks and a process-instance search. */
class FakeCamundaRest {
  readonly tasks = new Map<string, any>()
  readonly completions: { key: string; body: any }[] = []
  readonly authorizations = new Set<string>()
  readonly searches: any[] = []
  readonly clockCalls: string[] = []
  server!: Server

  async start() {
    this.server = createServer(async (request, response) => {
      let raw = ''
      for await (const chunk of request) raw += chunk
      const body = raw ? JSON.parse(raw) : {}
      this.authorizations.add(String(request.headers.authorization))
      const send = (status: number, value?: unknown) => {
        response.statusCode = status
        response.setHeader('content-type', 'application/json')
        response.end(value === undefined ? '' : JSON.stringify(value))
      }
      const url = request.url ?? ''
      let match: RegExpExecArray | null
      if (url === '/v2/user-tasks/search') {
        const items = [...this.tasks.values()].filter((task) => task.state === body.filter?.state)
        return send(200, { items, page: { totalItems: items.length } })
      }
      if ((match = /^\/v2\/user-tasks\/(\d+)\/variables\/search$/.exec(url))) {
        const items = Object.entries(this.tasks.get(match[1])?.variables ?? {}).map(
          ([name, value]) => ({
            name,
            value: JSON.stringify(value),
          })
        )
        return send(200, { items, page: { totalItems: items.length } })
      }
      if ((match = /^\/v2\/user-tasks\/(\d+)\/completion$/.exec(url))) {
        const task = this.tasks.get(match[1])
        if (!task || task.state !== 'CREATED')
          return send(404, { detail: `no user task ${match[1]}` })
        task.state = 'COMPLETED'
        this.completions.push({ key: match[1], body })
        return send(204)
      }
      if ((match = /^\/v2\/user-tasks\/(\d+)$/.exec(url))) {
        const task = this.tasks.get(match[1])
        return task ? send(200, task) : send(404, { detail: 'not found' })
      }
      if (url === '/v2/clock' || url === '/v2/clock/reset') {
        this.clockCalls.push(`${request.method} ${url} ${raw}`.trim())
        return send(204)
      }
      if (url === '/v2/process-instances/search') {
        this.searches.push(body)
        return send(200, {
          items: [{ processInstanceKey: '42', state: 'ACTIVE' }],
          page: { totalItems: 1 },
        })
      }
      send(404, { detail: `unknown ${url}` })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as any).port}`
  }

  task(key: string, extra: Record<string, unknown> = {}) {
    this.tasks.set(key, {
      userTaskKey: key,
      state: 'CREATED',
      elementId: 'review',
      elementInstanceKey: `${key}1`,
      processInstanceKey: '2251799813690001',
      processDefinitionKey: '2251799813690000',
      processDefinitionId: 'user_task',
      processDefinitionVersion: 1,
      candidateGroups: ['legal'],
      candidateUsers: [],
      dueDate: '2026-05-01T10:00:00.000Z',
      formKey: '2251799813690009',
      priority: 70,
      tenantId: '<default>',
      variables: { owner: 'alice' },
      ...extra,
    })
  }
}

test.group('ZeebeEngine with CAMUNDA_REST_ADDRESS', (group) => {
  let harness: GatewayHarness
  let rest: FakeCamundaRest
  let zeebe: ZeebeEngine
  let restAddress: string
  group.each.setup(async () => {
    harness = await new GatewayHarness(memory, {
      authenticate: async (token) => (token === 'sfl_rest' ? { id: 'adapter' } : null),
    }).open()
    rest = new FakeCamundaRest()
    restAddress = await rest.start()
    zeebe = new ZeebeEngine({ address: harness.address, accessToken: 'sfl_rest', restAddress })
    return async () => {
      await zeebe.stop()
      await harness.close()
      rest.server.close()
    }
  })

  test('Camunda user tasks are deployed, reach the inbox worker with their headers, and complete through REST', async ({
    assert,
  }) => {
    const model = await readFile(
      new URL('../../engine/tests/fixtures/user_task.bpmn', import.meta.url)
    )
    const deployment = await zeebe.deploy([{ name: 'user_task.bpmn', content: model }])
    assert.lengthOf(deployment.processes, 1)

    rest.task('2251799813690100')
    const inbox: ActivatedJob[] = []
    const records: EngineRecord[] = []
    zeebe.onRecords((batch) => records.push(...batch))
    const worker = zeebe.openJobWorker({
      type: USER_TASK_JOB_TYPE,
      worker: 'senflow-inbox',
      pollInterval: 100,
      handler: (job) => {
        inbox.push(job)
      },
    })
    await eventually(() => inbox.length === 1)
    const [task] = inbox
    assert.equal(task.jobKey, '2251799813690100')
    assert.equal(task.elementId, 'review')
    assert.deepEqual(task.variables, { owner: 'alice' })
    assert.equal(task.customHeaders['io.camunda.zeebe:candidateGroups'], '["legal"]')
    assert.equal(task.customHeaders['io.camunda.zeebe:formKey'], '2251799813690009')
    assert.equal(task.customHeaders['io.camunda.zeebe:priority'], '70')
    assert.equal(task.customHeaders['io.camunda.zeebe:dueDate'], '2026-05-01T10:00:00.000Z')

    await zeebe.completeJob(task.jobKey, { approved: true })
    assert.deepEqual(rest.completions, [
      { key: '2251799813690100', body: { variables: { approved: true } } },
    ])
    assert.deepEqual([...rest.authorizations], ['Bearer sfl_rest'])

    // a task canceled in Zeebe is withdrawn from the inbox
    rest.task('2251799813690200')
    await eventually(() => inbox.length === 2)
    rest.tasks.get('2251799813690200').state = 'CANCELED'
    await eventually(() => records.length === 1)
    assert.deepEqual(
      [records[0].valueType, records[0].intent, records[0].key, records[0].value.type],
      ['JOB', 'CANCELED', '2251799813690200', USER_TASK_JOB_TYPE]
    )
    await worker.close()

    // after a restart (nothing in memory) completing a user task still reaches REST
    rest.task('2251799813690300')
    const restarted = new ZeebeEngine({
      address: harness.address,
      accessToken: 'sfl_rest',
      restAddress,
    })
    await restarted.completeJob('2251799813690300', { late: true })
    await restarted.stop()
    assert.equal(rest.completions[1].key, '2251799813690300')
  })

  test("searches go to Camunda's REST API", async ({ assert }) => {
    const found = await zeebe.searchProcessInstances({
      filter: { state: 'ACTIVE' },
      page: { limit: 5 },
    })
    assert.equal(found.page.totalItems, 1)
    assert.deepEqual(rest.searches, [{ filter: { state: 'ACTIVE' }, page: { from: 0, limit: 5 } }])
  })

  test("the cluster's clock is pinned and reset through Camunda's REST API, and the adapter's clock follows", async ({
    assert,
  }) => {
    // when the clock is pinned on 21 April 2026
    const pinned = Date.parse('2026-04-21T02:00:00Z')
    await zeebe.pinClock(pinned)

    // then Camunda's REST API was asked to, and the adapter's clock reads that instant
    assert.deepEqual(rest.clockCalls, [`PUT /v2/clock {"timestamp":${pinned}}`])
    assert.equal(zeebe.clock.now(), pinned)

    // when it is reset, both are back on real time
    await zeebe.resetClock()
    assert.deepEqual(rest.clockCalls.at(-1), 'POST /v2/clock/reset')
    assert.approximately(zeebe.clock.now(), Date.now(), 1000)
  })
})

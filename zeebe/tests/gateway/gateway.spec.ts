import { test } from '@japa/runner'
import { credentials, loadPackageDefinition, Metadata, status } from '@grpc/grpc-js'
import { loadSync } from '@grpc/proto-loader'
import { ZEEBE_PROTO_PATH } from '../../src/gateway/proto.js'
import {
  errorBoundaryBpmn,
  eventually,
  GatewayHarness,
  messageBpmn,
  serviceTaskBpmn,
  storeKinds,
  activateRaw,
} from '../support.js'

const kinds = storeKinds().filter((kind) => kind.name !== 'mysql')

for (const kind of kinds) {
  test.group(`Zeebe gateway over the embedded engine (${kind.name})`, (group) => {
    let harness: GatewayHarness
    group.each.setup(async () => {
      harness = await new GatewayHarness(kind).open()
      return () => harness.close()
    })

    test('a zeebe-node worker written for Zeebe completes jobs unchanged', async ({ assert }) => {
      const zbc = harness.client()
      const topology = await zbc.topology()
      assert.equal(topology.brokers[0].partitions[0].role as unknown as string, 'LEADER')

      const deployed = await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('order', 'charge')),
        name: 'order.bpmn',
      })
      const process = deployed.deployments[0].process
      assert.equal(process.bpmnProcessId, 'order')
      assert.equal(process.version, 1)

      const seen: { headers: unknown; amount: unknown }[] = []
      zbc.createWorker({
        taskType: 'charge',
        taskHandler: (job: any) => {
          seen.push({ headers: job.customHeaders, amount: job.variables.amount })
          return job.complete({ charged: true })
        },
        longPoll: 5000,
        loglevel: 'NONE',
      } as any)

      const result = await zbc.createProcessInstanceWithResult({
        bpmnProcessId: 'order',
        variables: { amount: 12 },
        requestTimeout: 10_000,
      })
      assert.deepEqual(result.variables, { amount: 12, charged: true })
      assert.deepEqual(seen, [{ headers: { kind: 'test' }, amount: 12 }])
      const instance = await harness.engine.getProcessInstance(result.processInstanceKey)
      assert.equal(instance.state, 'COMPLETED')
    })

    test('an empty long poll stays open until its request timeout', async ({ assert }) => {
      const { jobs, elapsed } = await activateRaw(harness.address, {
        type: 'nothing-here',
        requestTimeout: 1500,
      })
      assert.lengthOf(jobs, 0)
      assert.isAtLeast(elapsed, 1450)
      assert.isBelow(elapsed, 4000)
      const immediate = await activateRaw(harness.address, {
        type: 'nothing-here',
        requestTimeout: -1,
      })
      assert.isBelow(immediate.elapsed, 1000)
    })

    test('a long poll answers as soon as a job exists', async ({ assert }) => {
      const zbc = harness.client()
      await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('late', 'late-work')),
        name: 'late.bpmn',
      })
      const polling = activateRaw(harness.address, {
        type: 'late-work',
        worker: 'w',
        requestTimeout: 8000,
      })
      await new Promise((resolve) => setTimeout(resolve, 500))
      await zbc.createProcessInstance({ bpmnProcessId: 'late', variables: {} })
      const { jobs, elapsed } = await polling
      assert.lengthOf(jobs, 1)
      assert.isBelow(elapsed, 4000)
      assert.equal(jobs[0].worker, 'w')
      assert.deepEqual(JSON.parse(jobs[0].customHeaders), { kind: 'test' })
    })

    test('a job failed with retries and a back-off comes back after the back-off and not before', async ({
      assert,
    }) => {
      const zbc = harness.client()
      await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('retry', 'flaky', 3)),
        name: 'retry.bpmn',
      })
      await zbc.createProcessInstance({ bpmnProcessId: 'retry', variables: {} })
      const activate = (requestTimeout: number) =>
        activateRaw(harness.address, { type: 'flaky', maxJobsToActivate: 1, requestTimeout })
      const [job] = (await activate(5000)).jobs
      assert.equal(job.retries, 3)
      const failedAt = Date.now()
      await zbc.failJob({
        jobKey: job.key,
        retries: 2,
        errorMessage: 'try later',
        retryBackOff: 2000,
      } as any)
      // within the back-off the job is not handed out, not even to a waiting long poll
      assert.lengthOf((await activate(-1)).jobs, 0)
      assert.lengthOf((await activate(1000)).jobs, 0)
      const again = await activate(6000)
      assert.isAtLeast(Date.now() - failedAt, 2000)
      assert.lengthOf(again.jobs, 1)
      assert.equal(again.jobs[0].key, job.key)
      assert.equal(again.jobs[0].retries, 2)
    })

    test('a job failed without retries raises an incident that can be resolved', async ({
      assert,
    }) => {
      const zbc = harness.client()
      await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('inc', 'breaks', 1)),
        name: 'inc.bpmn',
      })
      const created = await zbc.createProcessInstance({ bpmnProcessId: 'inc', variables: {} })
      const [job] = await zbc.activateJobs({
        type: 'breaks',
        worker: 'w',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: 5000,
      } as any)
      await zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'down', retryBackOff: 0 })
      const incident = await eventually(async () => {
        const found = await harness.engine.searchIncidents({
          filter: { processInstanceKey: created.processInstanceKey },
        })
        return found.items[0]
      })
      assert.equal(incident.errorMessage, 'down')
      await zbc.updateJobRetries({ jobKey: job.key, retries: 2 })
      await zbc.resolveIncident({ incidentKey: incident.incidentKey })
      const [back] = await zbc.activateJobs({
        type: 'breaks',
        worker: 'w',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: 5000,
      } as any)
      assert.equal(back.key, job.key)
      assert.equal(back.retries, 2)
    })

    test('a thrown error is caught; messages, signals and variables reach the instance', async ({
      assert,
    }) => {
      const zbc = harness.client()
      await zbc.deployResource({
        process: Buffer.from(errorBoundaryBpmn('risk', 'risky', 'REFUSED')),
        name: 'err.bpmn',
      })
      await zbc.deployResource({
        process: Buffer.from(messageBpmn('msg', 'paid')),
        name: 'msg.bpmn',
      })
      const failing = await zbc.createProcessInstance({ bpmnProcessId: 'risk', variables: {} })
      const [job] = await zbc.activateJobs({
        type: 'risky',
        worker: 'w',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: 5000,
      } as any)
      await zbc.throwError({ jobKey: job.key, errorCode: 'REFUSED', errorMessage: 'no' })
      await eventually(
        async () =>
          (await harness.engine.getProcessInstance(failing.processInstanceKey)).state ===
          'COMPLETED'
      )

      const waiting = await zbc.createProcessInstance({
        bpmnProcessId: 'msg',
        variables: { orderId: 'A-1' },
      })
      await zbc.setVariables({
        elementInstanceKey: waiting.processInstanceKey,
        variables: { note: 'x' },
        local: false,
      })
      const published = await zbc.publishMessage({
        name: 'paid',
        correlationKey: 'A-1',
        variables: { paid: true },
        timeToLive: 0,
      } as any)
      assert.match(String(published.key), /^[1-9][0-9]*$/)
      await eventually(
        async () =>
          (await harness.engine.getProcessInstance(waiting.processInstanceKey)).state ===
          'COMPLETED'
      )
      const variables = await harness.engine.searchVariables({
        filter: { processInstanceKey: waiting.processInstanceKey },
      })
      const names = variables.items.map((variable) => variable.name).sort()
      assert.deepEqual(names, ['note', 'orderId', 'paid'])

      const signal = await zbc.broadcastSignal({ signalName: 'nobody-listens', variables: {} })
      assert.match(String(signal.key), /^[1-9][0-9]*$/)
      const cancelled = await zbc.createProcessInstance({
        bpmnProcessId: 'msg',
        variables: { orderId: 'B-2' },
      })
      await zbc.cancelProcessInstance(cancelled.processInstanceKey)
      assert.equal(
        (await harness.engine.getProcessInstance(cancelled.processInstanceKey)).state,
        'TERMINATED'
      )
    })

    test('status codes as Zeebe returns them', async ({ assert }) => {
      const zbc = harness.client()
      const code = async (promise: Promise<unknown>) => {
        try {
          await promise
        } catch (error) {
          return {
            code: (error as { code?: number }).code,
            message: String((error as Error).message),
          }
        }
        return { code: status.OK, message: '' }
      }
      const badModel = await code(
        zbc.deployResource({ process: Buffer.from('<definitions>nope'), name: 'bad.bpmn' })
      )
      assert.equal(badModel.code, status.INVALID_ARGUMENT)
      assert.include(badModel.message, 'bad.bpmn')
      assert.equal(
        (await code(zbc.cancelProcessInstance('2251799813685999'))).code,
        status.NOT_FOUND
      )
      assert.equal(
        (await code(zbc.completeJob({ jobKey: '2251799813685999', variables: {} }))).code,
        status.NOT_FOUND
      )
      assert.equal(
        (await code(zbc.createProcessInstance({ bpmnProcessId: 'unknown-process', variables: {} })))
          .code,
        status.NOT_FOUND
      )
      await zbc.deployResource({
        process: Buffer.from(messageBpmn('dup', 'dup-msg')),
        name: 'dup.bpmn',
      })
      await zbc.publishMessage({
        name: 'm',
        correlationKey: 'k',
        messageId: 'once',
        timeToLive: 60_000,
        variables: {},
      } as any)
      const duplicate = await code(
        zbc.publishMessage({
          name: 'm',
          correlationKey: 'k',
          messageId: 'once',
          timeToLive: 60_000,
          variables: {},
        } as any)
      )
      assert.equal(duplicate.code, status.ALREADY_EXISTS)
      const done = await zbc.createProcessInstance({
        bpmnProcessId: 'dup',
        variables: { orderId: 'z' },
      })
      await zbc.cancelProcessInstance(done.processInstanceKey)
      assert.oneOf((await code(zbc.cancelProcessInstance(done.processInstanceKey))).code, [
        status.NOT_FOUND,
        status.FAILED_PRECONDITION,
      ])
    })
  })
}

test.group('Zeebe gateway authentication', (group) => {
  let harness: GatewayHarness
  const memory = kinds.find((kind) => kind.name === 'memory')!
  group.each.setup(async () => {
    harness = await new GatewayHarness(memory, {
      insecureLoopback: false,
      authenticate: async (token) => (token === 'sfl_valid' ? { id: 1 } : null),
    }).open()
    return () => harness.close()
  })

  test('calls need a valid access token in the authorization metadata', async ({ assert }) => {
    const loaded = loadPackageDefinition(
      loadSync(ZEEBE_PROTO_PATH, { keepCase: true, longs: String })
    ) as any
    const client = new loaded.gateway_protocol.Gateway(
      harness.address,
      credentials.createInsecure()
    )
    const topology = (metadata: Metadata) =>
      new Promise<{ code: number; message?: string }>((resolve) =>
        client.Topology({}, metadata, (error: any) =>
          resolve(error ? { code: error.code, message: error.details } : { code: 0 })
        )
      )
    const none = await topology(new Metadata())
    assert.equal(none.code, status.UNAUTHENTICATED)
    assert.include(none.message, 'authorization')
    const wrong = new Metadata()
    wrong.set('authorization', 'Bearer sfl_wrong')
    assert.equal((await topology(wrong)).code, status.UNAUTHENTICATED)
    const bearer = new Metadata()
    bearer.set('authorization', 'Bearer sfl_valid')
    assert.equal((await topology(bearer)).code, status.OK)
    const basic = new Metadata()
    basic.set('authorization', `Basic ${Buffer.from('worker:sfl_valid').toString('base64')}`)
    assert.equal((await topology(basic)).code, status.OK)
    client.close()
  })
})

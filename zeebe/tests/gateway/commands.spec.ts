import { test } from '@japa/runner'
import { credentials, loadPackageDefinition, status } from '@grpc/grpc-js'
import { loadSync } from '@grpc/proto-loader'
import { ZEEBE_PROTO_PATH } from '../../src/gateway/proto.js'
import { ZeebeEngine } from '../../src/zeebe_engine.js'
import { eventually, GatewayHarness, serviceTaskBpmn, storeKinds } from '../support.js'

const memory = storeKinds().find((kind) => kind.name === 'memory')!

function rawClient(address: string) {
  const loaded = loadPackageDefinition(
    loadSync(ZEEBE_PROTO_PATH, { keepCase: true, longs: String, defaults: true })
  ) as any
  return new loaded.gateway_protocol.Gateway(address, credentials.createInsecure())
}

test.group('Zeebe gateway: job streams, modification, migration', (group) => {
  let harness: GatewayHarness
  let zeebe: ZeebeEngine
  group.each.setup(async () => {
    harness = await new GatewayHarness(memory).open()
    zeebe = new ZeebeEngine({ address: harness.address, longPoll: 2000 })
    return async () => {
      await zeebe.stop()
      await harness.close()
    }
  })

  test('StreamActivatedJobs pushes jobs as they become activatable until the client cancels', async ({
    assert,
  }) => {
    await zeebe.deploy([{ name: 'stream.bpmn', content: serviceTaskBpmn('stream', 'pushed') }])
    const client = rawClient(harness.address)
    const received: any[] = []
    const stream = client.StreamActivatedJobs({
      type: 'pushed',
      worker: 'streamer',
      timeout: 60_000,
    })
    stream.on('data', (job: any) => received.push(job))
    stream.on('error', () => undefined)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const first = await zeebe.createProcessInstance({
      processDefinitionId: 'stream',
      variables: { n: 1 },
    })
    const second = await zeebe.createProcessInstance({
      processDefinitionId: 'stream',
      variables: { n: 2 },
    })
    await eventually(() => received.length === 2)
    assert.sameMembers(
      received.map((job) => job.processInstanceKey),
      [first.processInstanceKey, second.processInstanceKey]
    )
    assert.equal(received[0].worker, 'streamer')
    for (const job of received) await zeebe.completeJob(job.key, { done: true })
    await eventually(
      async () =>
        (await harness.engine.getProcessInstance(first.processInstanceKey)).state === 'COMPLETED'
    )
    stream.cancel()
    client.close()
    // after the stream closed, new jobs wait for the next worker
    await new Promise((resolve) => setTimeout(resolve, 200))
    await zeebe.createProcessInstance({ processDefinitionId: 'stream' })
    const later = await zeebe.activateJobs({
      type: 'pushed',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 60_000,
      requestTimeout: 3000,
    })
    assert.lengthOf(later, 1)
  })

  test('ModifyProcessInstance and MigrateProcessInstance through the adapter', async ({
    assert,
  }) => {
    await zeebe.deploy([{ name: 'mig.bpmn', content: serviceTaskBpmn('mig', 'step') }])
    const created = await zeebe.createProcessInstance({ processDefinitionId: 'mig' })
    const [job] = await zeebe.activateJobs({
      type: 'step',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 3000,
    })
    // restart the step: terminate it and activate it again with a variable
    await zeebe.modifyProcessInstance(created.processInstanceKey, {
      terminateInstructions: [{ elementInstanceKey: job.elementInstanceKey }],
      activateInstructions: [
        { elementId: 'work', variableInstructions: [{ variables: { again: true } }] },
      ],
    })
    const [restarted] = await zeebe.activateJobs({
      type: 'step',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 3000,
    })
    assert.notEqual(restarted.elementInstanceKey, job.elementInstanceKey)
    assert.equal(restarted.variables.again, true)

    const v2 = await zeebe.deploy([
      {
        name: 'mig.bpmn',
        content: serviceTaskBpmn('mig', 'step').replace(
          'name="Process mig"',
          'name="Process mig v2"'
        ),
      },
    ])
    await zeebe.migrateProcessInstance(created.processInstanceKey, {
      targetProcessDefinitionKey: v2.processes[0].processDefinitionKey,
      mappingInstructions: [{ sourceElementId: 'work', targetElementId: 'work' }],
    })
    const migrated = await harness.engine.getProcessInstance(created.processInstanceKey)
    assert.equal(migrated.processDefinitionKey, v2.processes[0].processDefinitionKey)
  })

  test('DeleteResource from a plain zeebe-node client, with Zeebe status codes', async ({
    assert,
  }) => {
    // given a process deployed twice (two versions) by a plain zeebe-node client
    const zbc = harness.client()
    const v1 = (
      await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('gone', 'g')),
        name: 'g.bpmn',
      })
    ).deployments[0].process
    const v2 = (
      await zbc.deployResource({
        process: Buffer.from(serviceTaskBpmn('gone', 'g2')),
        name: 'g.bpmn',
      })
    ).deployments[0].process
    // zeebe-node 8.3's ZBClient has no deleteResource method: its gRPC client has the call
    const grpc = (zbc as any).grpc as { deleteResourceSync(request: object): Promise<unknown> }
    const code = async (promise: Promise<unknown>) => {
      try {
        await promise
      } catch (error) {
        return { code: (error as { code?: number }).code, message: String((error as any).details) }
      }
      return { code: status.OK, message: '' }
    }

    // when version 2 is deleted
    assert.deepEqual(await grpc.deleteResourceSync({ resourceKey: v2.processDefinitionKey }), {})

    // then no instance of it can be created, and new instances are of version 1
    assert.equal(
      (
        await code(
          zbc.createProcessInstance({ bpmnProcessId: 'gone', version: v2.version, variables: {} })
        )
      ).code,
      status.NOT_FOUND
    )
    const started = await zbc.createProcessInstance({ bpmnProcessId: 'gone', variables: {} })
    assert.equal(started.processDefinitionKey, v1.processDefinitionKey)

    // and an unknown (or deleted) key is NOT_FOUND, a definition still running FAILED_PRECONDITION
    const unknown = await code(grpc.deleteResourceSync({ resourceKey: v2.processDefinitionKey }))
    assert.equal(unknown.code, status.NOT_FOUND)
    const running = await code(grpc.deleteResourceSync({ resourceKey: v1.processDefinitionKey }))
    assert.equal(running.code, status.FAILED_PRECONDITION)
    assert.include(running.message, '1 instance of it is still running')
  })

  test('DeleteResource through the ZeebeEngine adapter maps Zeebe codes to the port errors', async ({
    assert,
  }) => {
    // given a deployed process with a running instance
    const deployed = await zeebe.deploy([
      { name: 'del.bpmn', content: serviceTaskBpmn('del', 'd') },
    ])
    const key = deployed.processes[0].processDefinitionKey
    const created = await zeebe.createProcessInstance({ processDefinitionId: 'del' })
    const failure = async (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: any) => e
      )

    // when / then: refused while it runs, deleted once it ended, unknown afterwards
    assert.equal((await failure(zeebe.deleteResource(key)))?.code, 'INVALID_STATE')
    await zeebe.cancelProcessInstance(created.processInstanceKey)
    await zeebe.deleteResource(key)
    assert.equal((await failure(zeebe.deleteResource(key)))?.code, 'NOT_FOUND')
    const search = await harness.engine.searchProcessDefinitions({
      filter: { processDefinitionId: 'del' },
    })
    assert.lengthOf(search.items, 0)
  })
})

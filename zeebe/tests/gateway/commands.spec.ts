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

  test('DeleteResource answers UNIMPLEMENTED with a message', async ({ assert }) => {
    const client = rawClient(harness.address)
    const error = await new Promise<any>((resolve) =>
      client.DeleteResource({ resourceKey: '2251799813685249' }, (failure: any) => resolve(failure))
    )
    client.close()
    assert.equal(error.code, status.UNIMPLEMENTED)
    assert.include(error.details, 'deleteResource')
  })
})

import { test } from '@japa/runner'
import { InvalidStateError, NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

const HOUR = 3_600_000

storeGroup('Suspension', ({ harness }) => {
  test('it should hand out no job of a suspended instance and refuse to complete its jobs', async ({
    assert,
  }) => {
    // given two instances waiting on the job of 'work'
    const h = harness()
    await h.deploy('admin/suspension.bpmn')
    const suspended = await h.start('suspendable', { dossierId: 'D-1' })
    const running = await h.start('suspendable', { dossierId: 'D-2' })
    const [heldJob] = await h.activate('work', 1)
    assert.equal(heldJob.processInstanceKey, suspended)

    // when the first is suspended
    await h.engine.suspendProcessInstance(suspended)

    // then its state says so, in reads and in searches
    assert.equal(await h.state(suspended), 'SUSPENDED')
    assert.equal(await h.state(running), 'ACTIVE')
    const found = await h.engine.searchProcessInstances({ filter: { state: 'SUSPENDED' } })
    assert.deepEqual(
      found.items.map((instance) => instance.processInstanceKey),
      [suspended]
    )
    // the job it holds cannot be completed, failed or thrown
    const refusal = await h.engine.completeJob(heldJob.jobKey).catch((error) => error)
    assert.instanceOf(refusal, InvalidStateError)
    assert.equal(refusal.status, 409)
    assert.equal(
      refusal.message,
      `Expected to complete job with key '${heldJob.jobKey}', but its process instance '${suspended}' is suspended`
    )
    const failure = await h.engine
      .failJob(heldJob.jobKey, { retries: 0, errorMessage: 'x' })
      .catch((error) => error)
    assert.instanceOf(failure, InvalidStateError)
    // when the held job times out, it is not handed out again while suspended
    await h.advance(2 * 60_000)
    const jobs = await h.activate('work', 10)
    assert.deepEqual(
      jobs.map((job) => job.processInstanceKey),
      [running]
    )
    // a second suspension is refused
    const again = await h.engine.suspendProcessInstance(suspended).catch((error) => error)
    assert.instanceOf(again, InvalidStateError)
    assert.equal(
      again.message,
      `Expected to suspend process instance '${suspended}', but it is already suspended`
    )

    // when resumed, the job is handed out and completes
    await h.engine.resumeProcessInstance(suspended)
    assert.equal(await h.state(suspended), 'ACTIVE')
    const [resumedJob] = await h.activate('work', 10)
    assert.equal(resumedJob.jobKey, heldJob.jobKey)
    await h.engine.completeJob(resumedJob.jobKey)
    assert.includeMembers(await h.completed(suspended), ['work'])
    assert.deepEqual(
      (await h.history(suspended, ['PROCESS_INSTANCE_SUSPENSION', 'JOB'])).filter(
        (entry) => !entry.startsWith('JOB:CREATED')
      ),
      [
        'JOB:ACTIVATED:work',
        'PROCESS_INSTANCE_SUSPENSION:SUSPENDED',
        'JOB:TIMED_OUT:work',
        'PROCESS_INSTANCE_SUSPENSION:RESUMED',
        'JOB:ACTIVATED:work',
        'JOB:COMPLETED:work',
      ]
    )
  })

  test('it should fire no timer while suspended, and a due timer once on resumption', async ({
    assert,
  }) => {
    // given an instance waiting on a one-hour timer
    const h = harness()
    await h.engine.start()
    await h.deploy('admin/suspension.bpmn')
    const key = await h.start('suspendable', { dossierId: 'D-1' })
    await h.completeAll('work')
    await h.engine.suspendProcessInstance(key)

    // when the timer's due date passes while suspended
    await h.advance(3 * HOUR)

    // then it has not fired
    assert.notInclude(await h.completed(key), 'pause')
    assert.equal((await h.history(key, ['TIMER'])).join(), 'TIMER:CREATED:pause')

    // when resumed, it fires once
    await h.engine.resumeProcessInstance(key)
    await h.engine.tick()
    await h.engine.tick()
    assert.deepEqual(await h.history(key, ['TIMER']), [
      'TIMER:CREATED:pause',
      'TIMER:TRIGGERED:pause',
    ])
    assert.include(await h.completed(key), 'pause')
  })

  test('it should keep a message with a time to live buffered until the instance resumes', async ({
    assert,
  }) => {
    // given two suspended instances waiting on the message 'proceed'
    const h = harness()
    await h.deploy('admin/suspension.bpmn')
    const buffered = await h.start('suspendable', { dossierId: 'D-1' })
    const lost = await h.start('suspendable', { dossierId: 'D-2' })
    await h.completeAll('work')
    await h.advance(HOUR)
    await h.engine.suspendProcessInstance(buffered)
    await h.engine.suspendProcessInstance(lost)

    // when messages are published while they are suspended
    await h.engine.publishMessage({
      name: 'proceed',
      correlationKey: 'D-1',
      timeToLive: HOUR,
      variables: { decision: 'go' },
    })
    await h.engine.publishMessage({ name: 'proceed', correlationKey: 'D-2' })
    const correlation = await h.engine
      .correlateMessage({ name: 'proceed', correlationKey: 'D-2' })
      .catch((error) => error)

    // then none reaches them (a direct correlation finds nothing waiting)
    assert.instanceOf(correlation, NotFoundError)
    assert.notInclude(await h.completed(buffered), 'wait_proceed')

    // when resumed, the buffered message correlates; the one without time to live is gone
    await h.engine.resumeProcessInstance(buffered)
    await h.engine.resumeProcessInstance(lost)
    assert.include(await h.completed(buffered), 'wait_proceed')
    assert.equal((await h.variables(buffered)).decision, 'go')
    assert.notInclude(await h.completed(lost), 'wait_proceed')
    const [task] = await h.activate('io.camunda.zeebe:userTask', 10)
    assert.equal(task.processInstanceKey, buffered)
  })

  test('it should suspend and resume every instance of a process definition', async ({
    assert,
  }) => {
    // given three instances of a version, one of them already suspended
    const h = harness()
    const deployment = await h.deploy('admin/suspension.bpmn')
    const definitionKey = deployment.processes[0].processDefinitionKey
    const keys = [
      await h.start('suspendable', { dossierId: 'A' }),
      await h.start('suspendable', { dossierId: 'B' }),
      await h.start('suspendable', { dossierId: 'C' }),
    ]
    await h.engine.suspendProcessInstance(keys[0])

    // when the definition is suspended
    const suspended = await h.engine.suspendProcessDefinition(definitionKey)

    // then the others are suspended, and no job is handed out
    assert.sameMembers(suspended.processInstanceKeys, [keys[1], keys[2]])
    for (const key of keys) {
      assert.equal(await h.state(key), 'SUSPENDED')
    }
    assert.lengthOf(await h.activate('work', 10), 0)

    // when resumed, all run again
    const resumed = await h.engine.resumeProcessDefinition(definitionKey)
    assert.sameMembers(resumed.processInstanceKeys, keys)
    assert.lengthOf(await h.activate('work', 10), 3)
    const missing = await h.engine.suspendProcessDefinition('999999').catch((error) => error)
    assert.instanceOf(missing, NotFoundError)
  })

  test('it should refuse to resolve an incident of a suspended instance', async ({ assert }) => {
    // given a suspended instance with an incident on its job
    const h = harness()
    await h.deploy('admin/suspension.bpmn')
    const key = await h.start('suspendable', { dossierId: 'D-1' })
    const [job] = await h.activate('work')
    await h.engine.failJob(job.jobKey, { retries: 0, errorMessage: 'down' })
    const [incident] = await h.incidents(key)
    await h.engine.suspendProcessInstance(key)

    // then resolving it is refused until the instance resumes
    const refusal = await h.engine.resolveIncident(incident.incidentKey).catch((error) => error)
    assert.instanceOf(refusal, InvalidStateError)
    await h.engine.resumeProcessInstance(key)
    await h.engine.updateJob(job.jobKey, { retries: 1 })
    await h.engine.resolveIncident(incident.incidentKey)
    assert.lengthOf(await h.incidents(key), 0)
  })

  test('it should suspend and resume what a call activity created with its root, and not on its own', async ({
    assert,
  }) => {
    // given a root instance whose call activity created a child waiting on 'work'
    const h = harness()
    await h.deploy('admin/suspension.bpmn', 'admin/caller.bpmn')
    const root = await h.start('caller', { dossierId: 'D-1' })
    const children = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'suspendable' },
    })
    const child = children.items[0].processInstanceKey

    // then the child cannot be suspended on its own
    const refusal = await h.engine.suspendProcessInstance(child).catch((error) => error)
    assert.instanceOf(refusal, InvalidStateError)
    assert.equal(
      refusal.message,
      `Expected to suspend process instance '${child}', but it is created by a parent process instance. Suspend the root process instance '${root}' instead.`
    )

    // when the root is suspended, the child is too: its job is not handed out
    await h.engine.suspendProcessInstance(root)
    assert.equal(await h.state(root), 'SUSPENDED')
    assert.equal(await h.state(child), 'SUSPENDED')
    assert.lengthOf(await h.activate('work', 10), 0)
    assert.deepEqual(await h.history(child, ['PROCESS_INSTANCE_SUSPENSION']), [
      'PROCESS_INSTANCE_SUSPENSION:SUSPENDED',
    ])

    // and a call activity a modification starts while suspended creates a suspended child
    await h.engine.modifyProcessInstance(root, { activateInstructions: [{ elementId: 'call' }] })
    const second = (
      await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'suspendable' } })
    ).items.find((instance) => instance.processInstanceKey !== child)!
    assert.equal(second.state, 'SUSPENDED')
    assert.lengthOf(await h.activate('work', 10), 0)

    // when the root is resumed, so are the children, and all run to their end
    await h.engine.resumeProcessInstance(root)
    assert.equal(await h.state(child), 'ACTIVE')
    assert.equal(await h.state(second.processInstanceKey), 'ACTIVE')
    assert.lengthOf(await h.completeAll('work'), 2)
    await h.advance(HOUR)
    await h.engine.publishMessage({ name: 'proceed', correlationKey: 'D-1' })
    await h.engine.publishMessage({ name: 'proceed', correlationKey: 'D-1' })
    assert.lengthOf(await h.completeAll('io.camunda.zeebe:userTask'), 2)
    assert.equal(await h.state(child), 'COMPLETED')
    assert.equal(await h.state(root), 'COMPLETED')
  })
})

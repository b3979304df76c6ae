import { test } from '@japa/runner'
import {
  AlreadyExistsError,
  DeadlineExceededError,
  InvalidArgumentError,
  NotFoundError,
} from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Process instances', ({ harness }) => {
  test('it should refuse a second active instance with the same business id when the process asks', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('business_id.bpmn', 'single_task.bpmn')
    const first = await h.start('business_id', {}, { businessId: 'LEG-2024-001' })

    // then
    const error = await h.start('business_id', {}, { businessId: 'LEG-2024-001' }).catch((e) => e)
    assert.instanceOf(error, AlreadyExistsError)
    assert.equal(error.status, 409)
    assert.equal(
      error.message,
      "Expected to create an instance of process 'business_id' with business id 'LEG-2024-001', but an active instance already has it"
    )
    await h.start('business_id', {}, { businessId: 'LEG-2024-002' })
    await h.start('single_task', {}, { businessId: 'X' })
    await h.start('single_task', {}, { businessId: 'X' })

    // when the first instance ends, the business id is free again
    await h.engine.cancelProcessInstance(first)
    await h.start('business_id', {}, { businessId: 'LEG-2024-001' })
    const found = await h.engine.searchProcessInstances({ filter: { businessId: 'LEG-2024-001' } })
    assert.deepEqual(found.items.map((instance) => instance.state).sort(), ['ACTIVE', 'TERMINATED'])
  })

  test('it should give one of two simultaneous creations the business id', async ({ assert }) => {
    // given two engines on one store
    const first = harness()
    const second = harness()
    await first.deploy('business_id.bpmn')

    // when both create the same business id at once
    const outcomes = await Promise.allSettled([
      first.start('business_id', {}, { businessId: 'D-1' }),
      second.start('business_id', {}, { businessId: 'D-1' }),
      first.start('business_id', {}, { businessId: 'D-1' }),
    ])

    // then exactly one succeeds
    assert.lengthOf(
      outcomes.filter((outcome) => outcome.status === 'fulfilled'),
      1
    )
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      assert.instanceOf((outcome as PromiseRejectedResult).reason, AlreadyExistsError)
    }
  })

  test('it should create an instance and await its result with the fetched variables', async ({
    assert,
  }) => {
    // given a worker for the script task implemented as a job
    const h = harness()
    await h.deploy('script_task.bpmn')
    h.engine.openJobWorker({ type: 'script-worker', handler: (job) => job.complete({ extra: 1 }) })

    // when
    const result = await h.engine.createProcessInstance({
      processDefinitionId: 'script_task',
      variables: { a: 2, b: 3 },
      awaitCompletion: true,
      fetchVariables: ['total'],
    })

    // then
    assert.deepEqual(result.variables, { total: 5 })
    assert.equal(result.processDefinitionId, 'script_task')
  })

  test('it should fail an awaited creation after its request timeout', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')

    // when
    const error = await h.engine
      .createProcessInstance({
        processDefinitionId: 'single_task',
        awaitCompletion: true,
        requestTimeout: 100,
      })
      .catch((caught) => caught)

    // then
    assert.instanceOf(error, DeadlineExceededError)
    const instances = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'single_task' },
    })
    assert.equal(instances.items[0].state, 'ACTIVE')
  })

  test('it should refuse to create an instance of an unknown process', async ({ assert }) => {
    // given
    const h = harness()

    // then
    await assert.rejects(
      () => h.start('nothing'),
      "Expected to find process definition with process ID 'nothing', but none found"
    )
    await assert.rejects(
      () => h.engine.createProcessInstance({ processDefinitionKey: '2251799813999999' }),
      NotFoundError
    )
    await assert.rejects(() => h.engine.createProcessInstance({}), InvalidArgumentError)
    await assert.rejects(() => h.engine.getProcessInstance('2251799813999999'), NotFoundError)
  })

  test('it should search instances by state, process and incident, sorted and paged', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn', 'exclusive_no_default.bpmn')
    const waiting = await h.start('single_task')
    h.clock.advance(1_000)
    const failing = await h.start('exclusive_no_default', { amount: 50 })
    h.clock.advance(1_000)
    const done = await h.start('exclusive_no_default', { amount: 500 })

    // when
    const active = await h.engine.searchProcessInstances({
      filter: { state: 'ACTIVE' },
      sort: [{ field: 'startDate', order: 'DESC' }],
    })
    const withIncident = await h.engine.searchProcessInstances({ filter: { hasIncident: true } })
    const paged = await h.engine.searchProcessInstances({ page: { from: 1, limit: 1 } })

    // then
    assert.deepEqual(
      active.items.map((instance) => instance.processInstanceKey),
      [failing, waiting]
    )
    assert.deepEqual(
      withIncident.items.map((instance) => instance.processInstanceKey),
      [failing]
    )
    assert.equal(paged.page.totalItems, 3)
    assert.deepEqual(
      paged.items.map((instance) => instance.processInstanceKey),
      [failing]
    )
    const completed = await h.engine.getProcessInstance(done)
    assert.include(completed, { state: 'COMPLETED', processDefinitionId: 'exclusive_no_default' })
    assert.equal(completed.endDate, new Date(h.clock.now()).toISOString())
  })

  test('it should list the element instances of an instance with their state and incidents', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_no_default.bpmn')
    const key = await h.start('exclusive_no_default', { amount: 50 })

    // when
    const elements = await h.engine.searchElementInstances({ filter: { processInstanceKey: key } })

    // then
    assert.deepEqual(
      elements.items.map(
        (element) => `${element.elementId}:${element.type}:${element.state}:${element.hasIncident}`
      ),
      [
        'exclusive_no_default:PROCESS:ACTIVE:false',
        'start:START_EVENT:COMPLETED:false',
        'decide:EXCLUSIVE_GATEWAY:ACTIVE:true',
      ]
    )
    const active = await h.engine.searchElementInstances({
      filter: { processInstanceKey: key, state: 'ACTIVE', type: 'EXCLUSIVE_GATEWAY' },
    })
    assert.equal(active.page.totalItems, 1)
  })
})

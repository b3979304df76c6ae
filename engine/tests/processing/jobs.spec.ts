import { test } from '@japa/runner'
import { EngineUnavailableError, InvalidStateError, NotFoundError } from '../../src/errors.js'
import type { ActivatedJob, WorkerJob } from '../../src/port.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Jobs', ({ harness }) => {
  test('it should create a job with the evaluated type, retries, headers and priority', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('job_properties.bpmn')

    // when
    const key = await h.start('job_properties', { kind: 'mail', attempts: 5, urgency: 7 })

    // then
    const jobs = await h.engine.searchJobs({ filter: { processInstanceKey: key } })
    assert.equal(jobs.page.totalItems, 1)
    const [job] = jobs.items
    assert.include(job, {
      type: 'queue-mail',
      retries: 5,
      priority: 7,
      state: 'ACTIVATABLE',
      elementId: 'send',
    })
    assert.deepEqual(job.customHeaders, { method: 'POST', url: 'https://example.org' })
    const [activated] = await h.activate('queue-mail')
    assert.deepEqual(activated.customHeaders, { method: 'POST', url: 'https://example.org' })
    assert.deepEqual(activated.variables, { kind: 'mail', attempts: 5, urgency: 7 })
  })

  test('it should activate jobs of higher priority first, then the oldest', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('job_properties.bpmn')
    const low = await h.start('job_properties', { kind: 'x', attempts: 3, urgency: 1 })
    const high = await h.start('job_properties', { kind: 'x', attempts: 3, urgency: 9 })
    const lowToo = await h.start('job_properties', { kind: 'x', attempts: 3, urgency: 1 })

    // when
    const jobs = await h.activate('queue-x', 2)

    // then
    assert.deepEqual(
      jobs.map((job) => job.processInstanceKey),
      [high, low]
    )
    assert.deepEqual(
      (await h.activate('queue-x')).map((job) => job.processInstanceKey),
      [lowToo]
    )
  })

  test('it should give only the fetched variables on activation', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    await h.start('single_task', { a: 1, b: 2, c: 3 })

    // when
    const [job] = await h.engine.activateJobs({
      type: 'work',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 1000,
      fetchVariable: ['a', 'c', 'missing'],
    })

    // then
    assert.deepEqual(job.variables, { a: 1, c: 3 })
    assert.equal(job.worker, 'w')
    assert.equal(job.deadline, h.clock.now() + 1000)
  })

  test('it should make a failed job with retries left activatable again', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work')

    // when
    await h.engine.failJob(job.jobKey, { retries: 2, errorMessage: 'mail server down' })

    // then
    const [again] = await h.activate('work')
    assert.equal(again.jobKey, job.jobKey)
    assert.equal(again.retries, 2)
    const intents = (await h.records(key)).filter((r) => r.valueType === 'JOB').map((r) => r.intent)
    assert.deepEqual(intents, ['CREATED', 'ACTIVATED', 'FAILED', 'ACTIVATED'])
  })

  test('it should wait for the retry back-off before handing a failed job out again', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work')

    // when
    await h.engine.failJob(job.jobKey, { retries: 1, retryBackOff: 30_000 })

    // then
    assert.lengthOf(await h.activate('work'), 0)
    h.clock.advance(29_000)
    await h.engine.tick()
    assert.lengthOf(await h.activate('work'), 0)
    h.clock.advance(1_000)
    await h.engine.tick()
    assert.lengthOf(await h.activate('work'), 1)
    assert.include(
      (await h.records(key)).map((r) => r.intent),
      'RECURRED_AFTER_BACKOFF'
    )
  })

  test('it should raise an incident when a job fails without retries, and retry it once resolved', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work')

    // when
    await h.engine.failJob(job.jobKey, { retries: 0, errorMessage: 'portal rejected the request' })

    // then
    const [incident] = await h.incidents(key)
    assert.include(incident, {
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'portal rejected the request',
      jobKey: job.jobKey,
      elementId: 'work',
    })
    assert.lengthOf(await h.activate('work'), 0)
    await assert.rejects(() => h.engine.completeJob(job.jobKey), InvalidStateError)

    // when retries are added and the incident resolved
    await h.engine.updateJob(job.jobKey, { retries: 1 })
    await h.engine.resolveIncident(incident.incidentKey)

    // then the job is handed out again and can complete
    const [again] = await h.activate('work')
    assert.equal(again.retries, 1)
    await h.engine.completeJob(again.jobKey)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(await h.incidents(key), 0)
  })

  test('it should use a default incident message when a job fails without one', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work')

    // when
    await h.engine.failJob(job.jobKey, { retries: 0 })

    // then
    assert.equal((await h.incidents(key))[0].errorMessage, 'No more retries left.')
  })

  test('it should raise an unhandled error incident when a job throws a BPMN error', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work')

    // when
    await h.engine.throwJobError(job.jobKey, {
      errorCode: 'NOT_ELIGIBLE',
      errorMessage: 'too young',
    })

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'UNHANDLED_ERROR_EVENT')
    assert.equal(
      incident.errorMessage,
      "Expected to throw an error event with the code 'NOT_ELIGIBLE' with message 'too young', " +
        'but it was not caught. No error events are available in the scope.'
    )
    const [stored] = (await h.engine.searchJobs({ filter: { jobKey: job.jobKey } })).items
    assert.include(stored, { state: 'ERROR_THROWN', errorCode: 'NOT_ELIGIBLE' })

    // when resolved, the job is handed out again
    await h.engine.resolveIncident(incident.incidentKey)
    assert.lengthOf(await h.activate('work'), 1)
  })

  test('it should refuse to settle a job that does not exist or no longer exists', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    await h.start('single_task')
    const [job] = await h.activate('work')
    await h.engine.completeJob(job.jobKey)

    // then
    await assert.rejects(() => h.engine.completeJob(job.jobKey), NotFoundError)
    await assert.rejects(() => h.engine.failJob(job.jobKey, { retries: 1 }), NotFoundError)
    await assert.rejects(() => h.engine.completeJob('2251799813999999'), NotFoundError)
    await assert.rejects(
      () => h.engine.completeJob('2251799813999999'),
      "Expected to complete job with key '2251799813999999', but no such job was found"
    )
  })

  test('it should hand a timed-out job out again', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    const [job] = await h.activate('work', 1, 10_000)

    // when the deadline passes
    h.clock.advance(10_001)
    await h.engine.tick()

    // then
    const [again] = await h.activate('work')
    assert.equal(again.jobKey, job.jobKey)
    assert.include(
      (await h.records(key)).map((r) => r.intent),
      'TIMED_OUT'
    )
  })

  test('it should update the timeout and the retries of a job', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    await h.start('single_task')
    const [job] = await h.activate('work', 1, 1_000)

    // when
    await h.engine.updateJob(job.jobKey, { timeout: 60_000, retries: 9 })
    h.clock.advance(2_000)
    await h.engine.tick()

    // then the job did not time out
    const [stored] = (await h.engine.searchJobs({ filter: { jobKey: job.jobKey } })).items
    assert.include(stored, { state: 'ACTIVATED', retries: 9 })
    assert.equal(stored.deadline, new Date(h.clock.now() - 2_000 + 60_000).toISOString())
    await assert.rejects(
      () => h.engine.updateJob(job.jobKey, { retries: 0 }),
      /positive amount of retries/
    )
  })

  test('it should push new jobs to an in-process worker without polling', async ({ assert }) => {
    // given a worker that would poll only once a minute
    const h = harness()
    await h.deploy('three_tasks.bpmn')
    const seen: string[] = []
    h.engine.openJobWorker({
      type: 'work',
      pollInterval: 60_000,
      handler: async (job: WorkerJob) => {
        seen.push(job.elementId)
        await job.complete({ [job.elementId]: true })
      },
    })
    await new Promise((resolve) => setTimeout(resolve, 20))

    // when
    const result = await h.engine.createProcessInstance({
      processDefinitionId: 'three_tasks',
      awaitCompletion: true,
      requestTimeout: 5_000,
    })

    // then
    assert.deepEqual(seen, ['task_a', 'task_b', 'task_c'])
    assert.deepEqual(result.variables, { task_a: true, task_b: true, task_c: true })
    const jobIntents = (await h.records(result.processInstanceKey))
      .filter((r) => r.valueType === 'JOB' && r.value.elementId === 'task_a')
      .map((r) => r.intent)
    assert.deepEqual(jobIntents, ['CREATED', 'ACTIVATED', 'COMPLETED'])
  })

  test('it should fail the job with one retry less when a worker handler throws', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')
    let calls = 0
    const worker = h.engine.openJobWorker({
      type: 'work',
      handler: () => {
        calls++
        throw new Error('connector crashed')
      },
    })

    // when it fails its three retries
    for (let wait = 0; wait < 100 && (await h.incidents(key)).length === 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await worker.close()

    // then
    assert.equal(calls, 3)
    const [incident] = await h.incidents(key)
    assert.include(incident, { errorType: 'JOB_NO_RETRIES', errorMessage: 'connector crashed' })
  })

  test('it should never give the same job to two workers activating at once', async ({
    assert,
  }) => {
    // given two engines on the same store, and 30 waiting jobs
    const first = harness()
    const second = harness()
    await first.deploy('single_task.bpmn')
    await Promise.all(Array.from({ length: 30 }, () => first.start('single_task')))

    // when both activate in parallel, a few jobs at a time
    const activations: Promise<ActivatedJob[]>[] = []
    for (let round = 0; round < 8; round++) {
      activations.push(first.activate('work', 3), second.activate('work', 3))
    }
    const keys = (await Promise.all(activations)).flat().map((job) => job.jobKey)

    // then
    assert.lengthOf(keys, 30)
    assert.lengthOf(new Set(keys), 30)
  })

  test('it should answer a long poll as soon as a job is created', async ({ assert }) => {
    // given a long poll waiting for jobs
    const h = harness()
    await h.deploy('single_task.bpmn')
    const started = Date.now()
    const polling = h.engine.activateJobs({
      type: 'work',
      worker: 'remote',
      maxJobsToActivate: 5,
      timeout: 30_000,
      requestTimeout: 10_000,
    })

    // when
    await new Promise((resolve) => setTimeout(resolve, 50))
    await h.start('single_task')

    // then
    const jobs = await polling
    assert.lengthOf(jobs, 1)
    assert.isBelow(Date.now() - started, 2_000)
  })

  test('it should answer a long poll with no jobs after its request timeout', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const started = Date.now()
    const jobs = await h.engine.activateJobs({
      type: 'nothing',
      worker: 'remote',
      maxJobsToActivate: 5,
      timeout: 30_000,
      requestTimeout: 150,
    })

    // then
    assert.deepEqual(jobs, [])
    assert.isAtLeast(Date.now() - started, 140)
  })

  test('it should time jobs out on its own when the clock of a started engine moves', async ({
    assert,
  }) => {
    // given a started engine and an activated job
    const h = harness()
    await h.deploy('single_task.bpmn')
    await h.start('single_task')
    await h.engine.start()
    const [job] = await h.activate('work', 1, 5_000)

    // when the clock is moved past the deadline
    h.clock.advance(6_000)
    let again: ActivatedJob[] = []
    for (let wait = 0; wait < 50 && again.length === 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      again = await h.activate('work')
    }

    // then
    assert.equal(again[0]?.jobKey, job.jobKey)
  })

  test('it should refuse commands once stopped', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')

    // when
    await h.stop()

    // then
    await assert.rejects(() => h.start('single_task'), EngineUnavailableError)
    assert.throws(() => h.engine.openJobWorker({ type: 'work', handler: () => {} }), /stopped/)
  })
})

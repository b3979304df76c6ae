import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Errors', ({ harness }) => {
  test('it should propagate a job error to the boundary event of the sub-process around it', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/errors.bpmn')
    const key = await h.start('error_boundary')
    const [job] = await h.activate('check')

    // when
    await h.engine.throwJobError(job.jobKey, {
      errorCode: 'REJECTED',
      errorMessage: 'not eligible',
      variables: { reason: 'age' },
    })

    // then the error ended the task and the sub-process, and the path went on
    assert.equal(await h.state(key), 'COMPLETED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('sub:ELEMENT_TERMINATING')), [
      'sub:ELEMENT_TERMINATING',
      'check:ELEMENT_TERMINATING',
      'check:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'on_rejected:ELEMENT_ACTIVATING',
      'on_rejected:ELEMENT_ACTIVATED',
      'on_rejected:ELEMENT_COMPLETING',
      'on_rejected:ELEMENT_COMPLETED',
      'f5:SEQUENCE_FLOW_TAKEN',
      'rejected:ELEMENT_ACTIVATING',
      'rejected:ELEMENT_ACTIVATED',
      'rejected:ELEMENT_COMPLETING',
      'rejected:ELEMENT_COMPLETED',
      'error_boundary:ELEMENT_COMPLETING',
      'error_boundary:ELEMENT_COMPLETED',
    ])
    assert.deepEqual(await h.variables(key), { reason: 'age' })
    assert.deepEqual(await h.history(key, ['JOB']), [
      'JOB:CREATED:check',
      'JOB:ACTIVATED:check',
      'JOB:ERROR_THROWN:check',
      'JOB:CANCELED:check',
    ])
    assert.lengthOf(await h.incidents(key), 0)
  })

  test('it should catch an error without a catch event for its code with the catch-all one', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/errors.bpmn')
    const key = await h.start('error_boundary')
    const [job] = await h.activate('check')

    // when
    await h.engine.throwJobError(job.jobKey, { errorCode: 'SOMETHING_ELSE' })

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.includeMembers(await h.completed(key), ['on_any', 'failed'])
    assert.notInclude(await h.completed(key), 'on_rejected')
  })

  test('it should catch an error end event on the boundary of its sub-process', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/errors.bpmn')

    // when
    const invalid = await h.start('error_end', { ok: false })
    const valid = await h.start('error_end', { ok: true })

    // then
    assert.equal(await h.state(valid), 'COMPLETED')
    assert.equal(await h.state(invalid), 'ACTIVE')
    const trail = await h.trail(invalid)
    assert.deepEqual(trail.slice(trail.indexOf('invalid_end:ELEMENT_ACTIVATING')), [
      'invalid_end:ELEMENT_ACTIVATING',
      'invalid_end:ELEMENT_ACTIVATED',
      'validate:ELEMENT_TERMINATING',
      'invalid_end:ELEMENT_TERMINATING',
      'invalid_end:ELEMENT_TERMINATED',
      'validate:ELEMENT_TERMINATED',
      'on_invalid:ELEMENT_ACTIVATING',
      'on_invalid:ELEMENT_ACTIVATED',
      'on_invalid:ELEMENT_COMPLETING',
      'on_invalid:ELEMENT_COMPLETED',
      'e3:SEQUENCE_FLOW_TAKEN',
      'fix:ELEMENT_ACTIVATING',
      'fix:ELEMENT_ACTIVATED',
    ])
  })

  test('it should run an error event sub-process, ending the work', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/errors.bpmn')
    const key = await h.start('error_event_sub_process')
    const [job] = await h.activate('work')

    // when
    await h.engine.throwJobError(job.jobKey, { errorCode: 'BROKEN', variables: { part: 'pump' } })
    const [repair] = await h.activate('repair')
    await h.engine.completeJob(repair.jobKey)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(repair.variables.part, 'pump')
    assert.deepEqual(await h.completed(key), [
      'p_start',
      'broken',
      'repair',
      'repaired',
      'repairing',
      'error_event_sub_process',
    ])
  })

  test('it should raise an incident for an error nothing catches, and retry after resolution', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/errors.bpmn')
    const thrown = await h.start('error_event_sub_process')
    const [job] = await h.activate('work')

    // when a job throws an unknown code, and an end event throws one from an expression
    await h.engine.throwJobError(job.jobKey, { errorCode: 'UNKNOWN', errorMessage: 'no idea' })
    const ended = await h.start('error_uncaught', { code: 'GONE' })

    // then
    const [jobIncident] = await h.incidents(thrown)
    assert.include(jobIncident, { errorType: 'UNHANDLED_ERROR_EVENT', jobKey: job.jobKey })
    assert.equal(
      jobIncident.errorMessage,
      "Expected to throw an error event with the code 'UNKNOWN' with message 'no idea', but it was not caught. No error events are available in the scope."
    )
    const [endIncident] = await h.incidents(ended)
    assert.include(endIncident, { errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'u_end' })
    assert.match(endIncident.errorMessage, /code 'GONE'/)
    assert.equal(await h.state(ended), 'ACTIVE')
  })
})

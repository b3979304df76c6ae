import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Escalations', ({ harness }) => {
  test('it should catch an escalation beside the sub-process and go on inside it', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/escalations.bpmn')

    // when the sub-process announces it is late
    const key = await h.start('escalation_boundary')

    // then the non-interrupting boundary ran, the throw event completed, the work goes on
    assert.includeMembers(await h.completed(key), ['announce_late', 'on_late', 'notify'])
    assert.lengthOf(await h.activate('inner'), 1)
    const escalations = (await h.records(key)).filter((r) => r.valueType === 'ESCALATION')
    assert.deepEqual(
      escalations.map((r) => [r.intent, r.value.escalationCode, r.value.catchElementId]),
      [['ESCALATED', 'LATE', 'on_late']]
    )
  })

  test('it should interrupt the sub-process on an escalation end event caught by an interrupting boundary', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/escalations.bpmn')
    const key = await h.start('escalation_boundary')

    // when the inner task completes and the sub-process ends with STOP
    await h.completeAll('inner')

    // then the catch-all boundary interrupted the sub-process
    assert.equal(await h.state(key), 'COMPLETED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('stop_here:ELEMENT_ACTIVATED')), [
      'stop_here:ELEMENT_ACTIVATED',
      'sub:ELEMENT_TERMINATING',
      'stop_here:ELEMENT_TERMINATING',
      'stop_here:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'on_any:ELEMENT_ACTIVATING',
      'on_any:ELEMENT_ACTIVATED',
      'on_any:ELEMENT_COMPLETING',
      'on_any:ELEMENT_COMPLETED',
      'f7:SEQUENCE_FLOW_TAKEN',
      'stopped:ELEMENT_ACTIVATING',
      'stopped:ELEMENT_ACTIVATED',
      'stopped:ELEMENT_COMPLETING',
      'stopped:ELEMENT_COMPLETED',
      'escalation_boundary:ELEMENT_COMPLETING',
      'escalation_boundary:ELEMENT_COMPLETED',
    ])
  })

  test('it should run an escalation event sub-process, and not fail on an uncaught escalation', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/escalations.bpmn')

    // when
    const key = await h.start('escalation_event_sub_process')

    // then the event sub-process informs the leader beside the work; NOBODY was not caught
    assert.equal(await h.state(key), 'ACTIVE')
    assert.lengthOf(await h.incidents(key), 0)
    assert.includeMembers(await h.completed(key), ['raise', 'late_start', 'unheard'])
    const escalations = (await h.records(key)).filter((r) => r.valueType === 'ESCALATION')
    assert.deepEqual(
      escalations.map((r) => [r.intent, r.value.escalationCode]),
      [
        ['ESCALATED', 'LATE'],
        ['NOT_ESCALATED', 'NOBODY'],
      ]
    )
    const tasks = await h.activate('io.camunda.zeebe:userTask')
    assert.deepEqual(
      tasks.map((job) => job.elementId),
      ['tell_leader']
    )
    await h.completeAll('work')
    await h.engine.completeJob(tasks[0].jobKey)
    assert.equal(await h.state(key), 'COMPLETED')
  })
})

import { test } from '@japa/runner'
import { NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Sub-processes, termination and cancellation', ({ harness }) => {
  test('it should run an embedded sub-process with its own scope', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('sub_process.bpmn')
    const key = await h.start('sub_process', { order: { id: 'O-1' } })

    // when
    await h.completeAll('inner', { inner: 'ok' })
    await h.completeAll('after')

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'start',
      'sub_start',
      'inner_task',
      'sub_end',
      'sub',
      'after',
      'end',
      'sub_process',
    ])
    assert.deepEqual(await h.variables(key), { order: { id: 'O-1' }, inner: 'ok', subResult: 'ok' })
    const sub = await h.engine.searchElementInstances({
      filter: { processInstanceKey: key, elementId: 'inner_task' },
    })
    const parent = await h.engine.searchElementInstances({
      filter: { processInstanceKey: key, elementId: 'sub' },
    })
    assert.equal(sub.items[0].flowScopeKey, parent.items[0].elementInstanceKey)
  })

  test('it should terminate the other branches at a terminate end event and complete the instance', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('terminate_end.bpmn')
    const key = await h.start('terminate_end')
    const [slow] = await h.activate('slow')

    // when
    await h.completeAll('fast')

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('terminate:ELEMENT_ACTIVATED')), [
      'terminate:ELEMENT_ACTIVATED',
      'slow:ELEMENT_TERMINATING',
      'slow:ELEMENT_TERMINATED',
      'terminate:ELEMENT_COMPLETING',
      'terminate:ELEMENT_COMPLETED',
      'terminate_end:ELEMENT_COMPLETING',
      'terminate_end:ELEMENT_COMPLETED',
    ])
    const canceled = (await h.records(key)).filter(
      (r) => r.valueType === 'JOB' && r.intent === 'CANCELED'
    )
    assert.deepEqual(
      canceled.map((r) => r.key),
      [slow.jobKey]
    )
    await assert.rejects(() => h.engine.completeJob(slow.jobKey), NotFoundError)
  })

  test('it should cancel an instance, terminating everything inside and removing its jobs', async ({
    assert,
  }) => {
    // given an instance waiting inside a sub-process
    const h = harness()
    await h.deploy('sub_process.bpmn')
    const key = await h.start('sub_process', { order: { id: 'O-1' } })

    // when
    await h.engine.cancelProcessInstance(key)

    // then
    assert.equal(await h.state(key), 'TERMINATED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('sub_process:ELEMENT_TERMINATING')), [
      'sub_process:ELEMENT_TERMINATING',
      'sub:ELEMENT_TERMINATING',
      'inner_task:ELEMENT_TERMINATING',
      'inner_task:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'sub_process:ELEMENT_TERMINATED',
    ])
    assert.equal(
      (await h.engine.searchJobs({ filter: { processInstanceKey: key } })).page.totalItems,
      0
    )
    await assert.rejects(
      () => h.engine.cancelProcessInstance(key),
      `Expected to cancel a process instance with key '${key}', but no such process was found`
    )
  })

  test('it should start an instance at given elements, creating the sub-process on the way', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('sub_process.bpmn')

    // when
    const key = await h.start(
      'sub_process',
      { order: { id: 'O-7' } },
      {
        startInstructions: [{ elementId: 'inner_task' }],
      }
    )

    // then
    assert.deepEqual(await h.trail(key, ['ELEMENT_ACTIVATED']), [
      'sub_process:ELEMENT_ACTIVATED',
      'sub:ELEMENT_ACTIVATED',
      'inner_task:ELEMENT_ACTIVATED',
    ])
    const [job] = await h.activate('inner')
    assert.equal(job.variables.orderId, 'O-7')
    await assert.rejects(
      () => h.start('sub_process', {}, { startInstructions: [{ elementId: 'nowhere' }] }),
      /Expected to find element with id 'nowhere'/
    )
  })
})

import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Service tasks', ({ harness }) => {
  test('it should run a process of three service tasks and record each step in order', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('three_tasks.bpmn')
    const key = await h.start('three_tasks', { order: 7 })

    // when
    for (const element of ['task_a', 'task_b', 'task_c']) {
      const [job] = await h.activate('work')
      assert.equal(job.elementId, element)
      await h.engine.completeJob(job.jobKey, { [`${element}_done`]: true })
    }

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.trail(key), [
      'three_tasks:ELEMENT_ACTIVATING',
      'three_tasks:ELEMENT_ACTIVATED',
      'start:ELEMENT_ACTIVATING',
      'start:ELEMENT_ACTIVATED',
      'start:ELEMENT_COMPLETING',
      'start:ELEMENT_COMPLETED',
      'f1:SEQUENCE_FLOW_TAKEN',
      'task_a:ELEMENT_ACTIVATING',
      'task_a:ELEMENT_ACTIVATED',
      'task_a:ELEMENT_COMPLETING',
      'task_a:ELEMENT_COMPLETED',
      'f2:SEQUENCE_FLOW_TAKEN',
      'task_b:ELEMENT_ACTIVATING',
      'task_b:ELEMENT_ACTIVATED',
      'task_b:ELEMENT_COMPLETING',
      'task_b:ELEMENT_COMPLETED',
      'f3:SEQUENCE_FLOW_TAKEN',
      'task_c:ELEMENT_ACTIVATING',
      'task_c:ELEMENT_ACTIVATED',
      'task_c:ELEMENT_COMPLETING',
      'task_c:ELEMENT_COMPLETED',
      'f4:SEQUENCE_FLOW_TAKEN',
      'end:ELEMENT_ACTIVATING',
      'end:ELEMENT_ACTIVATED',
      'end:ELEMENT_COMPLETING',
      'end:ELEMENT_COMPLETED',
      'three_tasks:ELEMENT_COMPLETING',
      'three_tasks:ELEMENT_COMPLETED',
    ])
    assert.deepEqual(await h.variables(key), {
      order: 7,
      task_a_done: true,
      task_b_done: true,
      task_c_done: true,
    })
  })

  test('it should pass through manual, undefined and none throw elements and run job elements', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('task_kinds.bpmn')
    const key = await h.start('task_kinds')

    // when each job element's job is completed
    for (const type of ['send', 'rules', 'notify', 'mail']) {
      assert.lengthOf(await h.completeAll(type), 1, type)
    }

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'start',
      'announce',
      'prepare',
      'stamp',
      'send',
      'decide',
      'notify',
      'done',
      'task_kinds',
    ])
  })
})

import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Script tasks', ({ harness }) => {
  test('it should evaluate FEEL scripts into result variables, and run a script task job', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('script_task.bpmn')

    // when
    const key = await h.start('script_task', { a: 2, b: 40 })

    // then the FEEL scripts ran, the second one's result mapped by its output mapping
    assert.deepEqual(await h.variables(key), { a: 2, b: 40, total: 42, label: 'TOTAL: 42' })
    assert.deepEqual(await h.trail(key, ['ELEMENT_COMPLETED']), [
      'start:ELEMENT_COMPLETED',
      'sum:ELEMENT_COMPLETED',
      'label:ELEMENT_COMPLETED',
    ])

    // when the third script, implemented by a worker, completes
    await h.completeAll('script-worker')

    // then
    assert.equal(await h.state(key), 'COMPLETED')
  })
})

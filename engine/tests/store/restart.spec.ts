import { test } from '@japa/runner'
import { EngineHarness, storeGroup } from '../support/harness.js'

storeGroup('Restart', ({ kind, harness, opened }) => {
  test('it should finish every waiting instance exactly once after a restart', async ({
    assert,
  }) => {
    if (!kind.durable) {
      return
    }
    // given instances waiting on jobs, some of them activated, in a first engine
    const before = harness()
    await before.deploy('three_tasks.bpmn')
    const keys = await Promise.all(
      Array.from({ length: 5 }, (_, index) => before.start('three_tasks', { index }))
    )
    await before.completeAll('work')
    await before.activate('work', 2)
    await before.stop()

    // when a new engine is built on the same database and completes every job
    const reopened = await opened().reopen()
    const after = new EngineHarness(reopened)
    after.clock.advance(120_000)
    await after.engine.tick()
    const completions: string[] = []
    for (let round = 0; round < 2; round++) {
      for (const job of await after.activate('work')) {
        completions.push(job.jobKey)
        await after.engine.completeJob(job.jobKey)
      }
    }
    await after.stop()

    // then each instance completed once, each job once
    assert.lengthOf(completions, 10)
    assert.lengthOf(new Set(completions), 10)
    for (const key of keys) {
      assert.equal(await after.state(key), 'COMPLETED')
      assert.deepEqual(
        (await after.trail(key, ['ELEMENT_COMPLETED'])).filter((entry) =>
          entry.startsWith('three_tasks:')
        ),
        ['three_tasks:ELEMENT_COMPLETED']
      )
    }
  })

  test('it should keep keys unique across engines on the same database', async ({ assert }) => {
    if (!kind.durable) {
      return
    }
    // given two engines on the same database
    const first = harness()
    const second = new EngineHarness(await opened().reopen())
    await first.deploy('single_task.bpmn')

    // when both create instances
    const keys = [
      ...(await Promise.all(Array.from({ length: 20 }, () => first.start('single_task')))),
      ...(await Promise.all(Array.from({ length: 20 }, () => second.start('single_task')))),
    ]
    await second.stop()

    // then
    assert.lengthOf(new Set(keys), 40)
  })
})

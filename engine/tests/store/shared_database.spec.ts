import { test } from '@japa/runner'
import { EngineHarness, storeGroup } from '../support/harness.js'

storeGroup('Engines sharing one database', ({ harness, opened }) => {
  test('it should see the writes of another engine on an instance it has cached', async ({
    assert,
  }) => {
    // given two engines on one database (separate connections where the store has them)
    const first = harness()
    const second = new EngineHarness(await opened().reopen())
    await first.deploy('parallel_loop.bpmn')
    const keys = await Promise.all(Array.from({ length: 5 }, () => first.start('parallel_loop')))

    // when the first engine completes branch a (caching the states) and the second branch b,
    // then the first engine goes on with the next round
    await first.completeAll('a')
    await second.completeAll('b')
    await first.completeAll('a')
    await first.completeAll('b')
    await second.stop()

    // then every instance joined twice and completed once
    for (const key of keys) {
      assert.equal(await first.state(key), 'COMPLETED')
      const joins = (await first.completed(key)).filter((id) => id === 'join')
      assert.lengthOf(joins, 2)
      assert.deepEqual(await first.variables(key), { round: 2 })
    }
  })
})

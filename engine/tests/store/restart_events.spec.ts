import { test } from '@japa/runner'
import { EngineHarness, storeGroup } from '../support/harness.js'

const HOUR = 3_600_000

storeGroup('Restart with timers and messages', ({ kind, harness, opened }) => {
  test('it should fire every timer due during downtime once and correlate every message once after a restart', async ({
    assert,
  }) => {
    if (!kind.durable) {
      return
    }
    // given 50 instances waiting on timers and 50 on messages, in a first engine
    const before = harness()
    await before.deploy('events/timers.bpmn', 'events/messages.bpmn')
    const timerKeys = await Promise.all(
      Array.from({ length: 50 }, () => before.start('timer_catch'))
    )
    const messageKeys = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        before.start('message_catch', { orderId: `O-${index}` })
      )
    )
    await before.stop()

    // when the server comes back an hour later (every timer is past due) and messages arrive
    const after = new EngineHarness(await opened().reopen())
    after.clock.advance(HOUR)
    await after.engine.start()
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        after.engine.publishMessage({
          name: 'payment received',
          correlationKey: `O-${index}`,
          variables: { index },
        })
      )
    )
    await after.engine.tick()
    await after.stop()

    // then every timer fired exactly once and every message correlated exactly once
    for (const key of timerKeys) {
      assert.deepEqual(await after.history(key, ['TIMER']), [
        'TIMER:CREATED:wait',
        'TIMER:TRIGGERED:wait',
      ])
      assert.equal(await after.timesCompleted(key, 'wait'), 1)
    }
    for (const [index, key] of messageKeys.entries()) {
      assert.equal(await after.state(key), 'COMPLETED')
      assert.deepEqual(await after.history(key, ['MESSAGE_SUBSCRIPTION']), [
        'MESSAGE_SUBSCRIPTION:CREATED:paid',
        'MESSAGE_SUBSCRIPTION:CORRELATED:paid',
      ])
      assert.equal((await after.variables(key)).index, index)
    }
    assert.lengthOf(await after.activate('after', 100), 50)
    assert.equal(await after.opened.store.count('engine_timers'), 0)
  })

  test('it should fire a cycle once after downtime and keep its rhythm', async ({ assert }) => {
    if (!kind.durable) {
      return
    }
    // given an hourly nudge, for ever (R/PT1H), beside a running task
    const before = harness()
    await before.deploy('events/timers.bpmn')
    const key = await before.start('timer_event_sub_process')
    await before.stop()

    // when the server was down for three hours and a half
    const after = new EngineHarness(await opened().reopen())
    after.clock.advance(3.5 * HOUR - 1)
    await after.engine.start()
    await after.stop()

    // then the hourly nudge fired once (not three times) and was scheduled an hour later
    assert.equal(await after.timesCompleted(key, 'nudge'), 1)
    const nudges = (await after.records(key)).filter(
      (r) => r.valueType === 'TIMER' && r.value.targetElementId === 'nudge_start'
    )
    assert.deepEqual(
      nudges.map((r) => `${r.intent}:${(r.value.dueDate as number) - before.clock.now()}`),
      ['CREATED:3600000', 'TRIGGERED:3600000', `CREATED:${3.5 * HOUR - 1 + HOUR}`]
    )
  })

  test('it should fire each timer once when two engines share the database', async ({ assert }) => {
    if (!kind.durable) {
      return
    }
    // given 200 timers due, and two engines (two server processes) on the same database
    const first = harness()
    await first.deploy('events/timers.bpmn')
    const keys = await Promise.all(Array.from({ length: 200 }, () => first.start('timer_catch')))
    const second = new EngineHarness(await opened().reopen())
    first.clock.advance(HOUR)
    second.clock.advance(HOUR)

    // when both run their schedulers at once
    await Promise.all([first.engine.tick(), second.engine.tick()])
    await second.stop()

    // then
    const fired = await first.engine.searchRecords({
      filter: { valueType: 'TIMER', intent: 'TRIGGERED' },
      page: { limit: 1000 },
    })
    assert.equal(fired.page.totalItems, 200)
    assert.lengthOf(new Set(fired.items.map((r) => r.key)), 200)
    for (const key of keys.slice(0, 20)) {
      assert.equal(await first.timesCompleted(key, 'wait'), 1)
    }
  })
})

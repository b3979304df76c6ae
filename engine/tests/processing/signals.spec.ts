import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Signals', ({ harness }) => {
  test('it should start an instance of each process with a signal start event', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/signals.bpmn')

    // when
    const { signalKey } = await h.engine.broadcastSignal({
      signalName: 'alarm',
      variables: { level: 3 },
    })

    // then
    const started = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'signal_start' },
    })
    assert.equal(started.page.totalItems, 1)
    const key = started.items[0].processInstanceKey
    assert.deepEqual(await h.variables(key), { level: 3 })
    const [job] = await h.activate('respond')
    assert.equal(job.processInstanceKey, key)
    const signal = (await h.engine.searchRecords({ filter: { key: signalKey } })).items
    assert.deepEqual(
      signal.map((r) => `${r.valueType}:${r.intent}:${r.value.signalName}`),
      ['SIGNAL:BROADCASTED:alarm']
    )
  })

  test('it should trigger every instance waiting for the signal, and miss what does not wait yet', async ({
    assert,
  }) => {
    // given two instances waiting
    const h = harness()
    await h.deploy('events/signals.bpmn')
    const first = await h.start('signal_catch')
    const second = await h.start('signal_catch')

    // when
    await h.engine.broadcastSignal({ signalName: 'all clear' })
    const late = await h.start('signal_catch')

    // then
    assert.equal(await h.state(first), 'COMPLETED')
    assert.equal(await h.state(second), 'COMPLETED')
    assert.equal(await h.state(late), 'ACTIVE')
    assert.deepEqual(await h.history(first, ['SIGNAL_SUBSCRIPTION', 'PROCESS_EVENT']), [
      'SIGNAL_SUBSCRIPTION:CREATED:cleared',
      'PROCESS_EVENT:TRIGGERING:cleared',
      'SIGNAL_SUBSCRIPTION:DELETED:cleared',
      'PROCESS_EVENT:TRIGGERED:cleared',
    ])
  })

  test('it should run non-interrupting signal boundary events beside the task, and interrupt on the other', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/signals.bpmn')
    const key = await h.start('signal_boundary')

    // when
    await h.engine.broadcastSignal({ signalName: 'ping', variables: { seen: 1 } })
    await h.engine.broadcastSignal({ signalName: 'ping', variables: { seen: 2 } })
    await h.engine.broadcastSignal({ signalName: 'stop' })

    // then
    assert.deepEqual(await h.completed(key), [
      'b_start',
      'pinged',
      'ping_end',
      'pinged',
      'ping_end',
      'stopped',
      'stop_end',
      'signal_boundary',
    ])
    assert.deepEqual(await h.variables(key), { seen: 2 })
  })

  test('it should broadcast from throw and end events, with the throw event input as variables', async ({
    assert,
  }) => {
    // given instances waiting for the all clear and for pings
    const h = harness()
    await h.deploy('events/signals.bpmn')
    const waiting = await h.start('signal_catch')
    const working = await h.start('signal_boundary')

    // when another instance throws them
    const thrower = await h.start('signal_throw', { site: 'Hanoi' })

    // then in the same command the waiting instances reacted
    assert.equal(await h.state(thrower), 'COMPLETED')
    assert.equal(await h.state(waiting), 'COMPLETED')
    assert.deepEqual(await h.variables(waiting), { reason: 'drill Hanoi' })
    assert.equal(await h.timesCompleted(working, 'pinged'), 1)
    assert.equal(await h.state(working), 'ACTIVE')
    const signals = (await h.engine.searchRecords({ filter: { valueType: 'SIGNAL' } })).items
    assert.deepEqual(
      signals.map((r) => r.value.signalName),
      ['all clear', 'ping']
    )
  })

  test('it should run signal event sub-processes', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/signals.bpmn')
    const key = await h.start('signal_event_sub_process')

    // when
    await h.engine.broadcastSignal({ signalName: 'ping' })
    await h.engine.broadcastSignal({ signalName: 'stop' })
    await h.engine.broadcastSignal({ signalName: 'ping' })

    // then
    assert.equal(await h.timesCompleted(key, 'noting'), 1)
    assert.equal(await h.timesCompleted(key, 'stopping'), 1)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(
      await h.opened.store.count('engine_signal_subscriptions', { process_instance_key: key }),
      0
    )
  })
})

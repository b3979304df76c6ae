import { test } from '@japa/runner'
import { AlreadyExistsError, NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

const MINUTE = 60_000

storeGroup('Messages', ({ harness }) => {
  test('it should correlate a message to the instance waiting with its correlation key', async ({
    assert,
  }) => {
    // given two orders waiting for their payment
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const first = await h.start('message_catch', { orderId: 'O-1' })
    const second = await h.start('message_catch', { orderId: 'O-2' })

    // when the payment of the second arrives
    await h.engine.publishMessage({
      name: 'payment received',
      correlationKey: 'O-2',
      variables: { amount: 120 },
    })

    // then only the second went on, with the message's variables
    assert.equal(await h.state(first), 'ACTIVE')
    assert.equal(await h.state(second), 'COMPLETED')
    assert.deepEqual(await h.variables(second), { orderId: 'O-2', amount: 120 })
    assert.deepEqual(await h.history(second, ['MESSAGE_SUBSCRIPTION', 'PROCESS_EVENT']), [
      'MESSAGE_SUBSCRIPTION:CREATED:paid',
      'MESSAGE_SUBSCRIPTION:CORRELATED:paid',
      'PROCESS_EVENT:TRIGGERING:paid',
      'PROCESS_EVENT:TRIGGERED:paid',
    ])
    const [subscription] = (await h.records(second)).filter(
      (r) => r.valueType === 'MESSAGE_SUBSCRIPTION'
    )
    assert.include(subscription.value, {
      messageName: 'payment received',
      correlationKey: 'O-2',
      elementId: 'paid',
    })
  })

  test('it should drop a message with no subscription and no time to live', async ({ assert }) => {
    // given nothing waits yet
    const h = harness()
    await h.deploy('events/messages.bpmn')

    // when the message is published, then an order starts waiting for it
    const { messageKey } = await h.engine.publishMessage({
      name: 'payment received',
      correlationKey: 'O-1',
      timeToLive: 0,
    })
    const key = await h.start('message_catch', { orderId: 'O-1' })

    // then the message expired at once and never reached the order
    const records = (await h.engine.searchRecords({ filter: { key: messageKey } })).items
    assert.deepEqual(
      records.map((r) => `${r.valueType}:${r.intent}`),
      ['MESSAGE:PUBLISHED', 'MESSAGE:EXPIRED']
    )
    assert.equal(await h.state(key), 'ACTIVE')
    assert.deepEqual(await h.history(key, ['MESSAGE_SUBSCRIPTION']), [
      'MESSAGE_SUBSCRIPTION:CREATED:paid',
    ])
  })

  test('it should buffer a message until its time to live ends and correlate it to a subscription opened later', async ({
    assert,
  }) => {
    // given a payment published before its order waits, buffered for ten minutes
    const h = harness()
    await h.deploy('events/messages.bpmn')
    await h.engine.publishMessage({
      name: 'payment received',
      correlationKey: 'O-1',
      timeToLive: 10 * MINUTE,
      variables: { amount: 5 },
    })

    // when two orders with that key wait for it, then a late one after the time to live
    const first = await h.start('message_catch', { orderId: 'O-1' })
    const second = await h.start('message_catch', { orderId: 'O-1' })
    await h.advance(10 * MINUTE)
    const late = await h.start('message_catch', { orderId: 'O-1' })

    // then the first took it (once per process), the others wait; it left the buffer
    assert.equal(await h.state(first), 'COMPLETED')
    assert.deepEqual(await h.variables(first), { orderId: 'O-1', amount: 5 })
    assert.equal(await h.state(second), 'ACTIVE')
    assert.equal(await h.state(late), 'ACTIVE')
    const lifecycle = (await h.engine.searchRecords({ filter: { valueType: 'MESSAGE' } })).items
    assert.deepEqual(
      lifecycle.map((r) => r.intent),
      ['PUBLISHED', 'EXPIRED']
    )
    assert.equal(await h.opened.store.count('engine_messages'), 0)
  })

  test('it should refuse a second message with the same id while the first is buffered', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const message = { name: 'payment received', correlationKey: 'O-1', messageId: 'pay-1' }
    await h.engine.publishMessage({ ...message, timeToLive: MINUTE })

    // when / then
    await assert.rejects(
      () => h.engine.publishMessage({ ...message, timeToLive: MINUTE }),
      AlreadyExistsError
    )
    await h.engine.publishMessage({ ...message, messageId: 'pay-2', timeToLive: MINUTE })
    await h.engine.publishMessage({ ...message, correlationKey: 'O-2', timeToLive: MINUTE })
    h.clock.advance(MINUTE)
    const again = await h.engine.publishMessage({ ...message, timeToLive: MINUTE })
    assert.isString(again.messageKey)
  })

  test('it should complete a receive task with the message, through its output mapping', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('receive_task', { orderId: 42 })

    // when the correlation key (a number) is sent as text
    await h.engine.publishMessage({
      name: 'confirmation',
      correlationKey: '42',
      variables: { answer: 'yes', noise: 1 },
    })

    // then only the mapped result reached the process
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.variables(key), { orderId: 42, confirmed: 'yes' })
  })

  test('it should interrupt a task on a boundary message, and not on a non-interrupting one', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('message_boundary', { orderId: 'O-9' })

    // when two updates arrive, then a cancellation
    await h.engine.publishMessage({ name: 'update', correlationKey: 'O-9', variables: { n: 1 } })
    await h.engine.publishMessage({ name: 'update', correlationKey: 'O-9', variables: { n: 2 } })
    const updatedWhileRunning = await h.timesCompleted(key, 'updated')
    await h.engine.publishMessage({ name: 'cancellation', correlationKey: 'O-9' })

    // then each update ran beside the task, the cancellation ended it
    assert.equal(updatedWhileRunning, 2)
    assert.deepEqual(await h.variables(key), { orderId: 'O-9', n: 2 })
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'b_start',
      'updated',
      'noted',
      'updated',
      'noted',
      'cancel',
      'cancelled',
      'message_boundary',
    ])
    const subscriptions = await h.history(key, ['MESSAGE_SUBSCRIPTION'])
    assert.deepEqual(subscriptions, [
      'MESSAGE_SUBSCRIPTION:CREATED:cancel',
      'MESSAGE_SUBSCRIPTION:CREATED:updated',
      'MESSAGE_SUBSCRIPTION:CORRELATED:updated',
      'MESSAGE_SUBSCRIPTION:CORRELATED:updated',
      'MESSAGE_SUBSCRIPTION:CORRELATED:cancel',
      'MESSAGE_SUBSCRIPTION:DELETED:updated',
    ])
  })

  test('it should start an instance per message, one active instance per correlation key', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')

    // when two orders with the same key are placed (the second buffered), and one without key
    await h.engine.publishMessage({
      name: 'order placed',
      correlationKey: 'C-1',
      variables: { n: 1 },
      timeToLive: 10 * MINUTE,
    })
    await h.engine.publishMessage({
      name: 'order placed',
      correlationKey: 'C-1',
      variables: { n: 2 },
      timeToLive: 10 * MINUTE,
    })
    await h.engine.publishMessage({ name: 'order placed', variables: { n: 3 } })
    const running = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'message_start', state: 'ACTIVE' },
    })

    // and the first instance of C-1 ends
    const [firstJob] = (await h.activate('handle-order')).filter((job) => job.variables.n === 1)
    await h.engine.completeJob(firstJob.jobKey)

    // then the buffered second message started the next instance of C-1
    assert.equal(running.page.totalItems, 2)
    const all = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'message_start' },
      sort: [{ field: 'processInstanceKey' }],
    })
    assert.deepEqual(
      await Promise.all(all.items.map(async (i) => (await h.variables(i.processInstanceKey)).n)),
      [1, 3, 2]
    )
    const started = all.items[2].processInstanceKey
    assert.deepEqual((await h.history(started)).slice(0, 5), [
      'PROCESS_INSTANCE_CREATION:CREATED',
      'MESSAGE_START_EVENT_SUBSCRIPTION:CORRELATED:order_placed',
      'PROCESS_EVENT:TRIGGERING:order_placed',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:message_start',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATED:message_start',
    ])
  })

  test('it should move the message start event to a new version of the process', async ({
    assert,
  }) => {
    // given version 1, then version 2 of the process with a message start event
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const xml = (await import('node:fs/promises')).readFile(
      new URL('../fixtures/events/messages.bpmn', import.meta.url),
      'utf8'
    )
    const v2 = await h.engine.deploy([
      {
        name: 'messages.bpmn',
        content: (await xml).replace('id="s_end" />', 'id="s_end" name="v2" />'),
      },
    ])

    // when an order is placed
    const { processInstanceKey } = await h.engine.correlateMessage({ name: 'order placed' })

    // then only version 2 started, and version 1's subscription was deleted
    const started = await h.engine.getProcessInstance(processInstanceKey)
    const definition = v2.processes.find((p) => p.processDefinitionId === 'message_start')!
    assert.equal(started.processDefinitionKey, definition.processDefinitionKey)
    assert.equal(started.processDefinitionVersion, 2)
    const subscriptions = (
      await h.engine.searchRecords({ filter: { valueType: 'MESSAGE_START_EVENT_SUBSCRIPTION' } })
    ).items
    assert.deepEqual(
      subscriptions.map(
        (r) =>
          `${r.intent}:${r.value.processDefinitionKey === definition.processDefinitionKey ? 'v2' : 'v1'}`
      ),
      ['CREATED:v1', 'DELETED:v1', 'CREATED:v2', 'CORRELATED:v2']
    )
  })

  test('it should correlate at once and answer with the instance, or not found', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('message_catch', { orderId: 'O-5' })

    // when
    const correlated = await h.engine.correlateMessage({
      name: 'payment received',
      correlationKey: 'O-5',
      variables: { amount: 1 },
    })
    const started = await h.engine.correlateMessage({ name: 'order placed' })

    // then
    assert.equal(correlated.processInstanceKey, key)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(
      (await h.engine.getProcessInstance(started.processInstanceKey)).processDefinitionId,
      'message_start'
    )
    await assert.rejects(
      () => h.engine.correlateMessage({ name: 'payment received', correlationKey: 'O-5' }),
      NotFoundError
    )
    assert.equal(await h.opened.store.count('engine_messages'), 0)
    const records = (await h.engine.searchRecords({ filter: { key: correlated.messageKey } })).items
    assert.deepEqual(
      records.map((r) => `${r.valueType}:${r.intent}`),
      ['MESSAGE:PUBLISHED', 'MESSAGE_CORRELATION:CORRELATED', 'MESSAGE:EXPIRED']
    )
  })

  test('it should run message event sub-processes: notes beside the work, an abort ending it', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('message_event_sub_process', { orderId: 'O-3' })

    // when
    await h.engine.publishMessage({ name: 'note', correlationKey: 'O-3', variables: { text: 'a' } })
    await h.engine.publishMessage({ name: 'note', correlationKey: 'O-3', variables: { text: 'b' } })
    const [job] = await h.activate('handle')
    await h.engine.publishMessage({ name: 'abort', correlationKey: 'O-3' })

    // then
    assert.equal(await h.timesCompleted(key, 'noting'), 2)
    assert.deepEqual(await h.variables(key), { orderId: 'O-3', text: 'b' })
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(await h.timesCompleted(key, 'aborting'), 1)
    await assert.rejects(() => h.engine.completeJob(job.jobKey))
    const subscriptions = await h.history(key, ['MESSAGE_SUBSCRIPTION'])
    assert.deepEqual(subscriptions.slice(-2), [
      'MESSAGE_SUBSCRIPTION:CORRELATED:abort_start',
      'MESSAGE_SUBSCRIPTION:DELETED:note_start',
    ])
  })

  test('it should evaluate the correlation key when the subscription opens, and list open subscriptions', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('message_catch', { orderId: 'O-1' })

    // when the variable changes after the subscription opened
    await h.engine.setVariables(key, { orderId: 'O-2' })
    const open = await h.engine.searchMessageSubscriptions({
      filter: { processInstanceKey: key, messageSubscriptionState: 'CREATED' },
    })
    await h.engine.publishMessage({ name: 'payment received', correlationKey: 'O-2' })
    const stillWaiting = await h.state(key)
    await h.engine.publishMessage({ name: 'payment received', correlationKey: 'O-1' })

    // then
    assert.equal(stillWaiting, 'ACTIVE')
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(open.items, 1)
    assert.include(open.items[0], {
      processInstanceKey: key,
      elementId: 'paid',
      messageName: 'payment received',
      correlationKey: 'O-1',
      messageSubscriptionState: 'CREATED',
      processDefinitionId: 'message_catch',
    })
    const after = await h.engine.searchMessageSubscriptions({ filter: { processInstanceKey: key } })
    assert.deepEqual(
      after.items.map((s) => s.messageSubscriptionState),
      ['CORRELATED']
    )
    assert.equal(
      (
        await h.engine.searchMessageSubscriptions({
          filter: { messageSubscriptionState: 'CREATED' },
        })
      ).page.totalItems,
      0
    )
  })

  test('it should raise an incident when the correlation key cannot be evaluated', async ({
    assert,
  }) => {
    // given an order without an id
    const h = harness()
    await h.deploy('events/messages.bpmn')
    const key = await h.start('message_catch')

    // when the id is set and the incident resolved
    const [incident] = await h.incidents(key)
    await h.engine.setVariables(key, { orderId: 'O-7' })
    await h.engine.resolveIncident(incident.incidentKey)
    await h.engine.publishMessage({ name: 'payment received', correlationKey: 'O-7' })

    // then
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR')
    assert.match(
      incident.errorMessage,
      /The value must be either a string or a number, but was 'NULL'/
    )
    assert.equal(await h.state(key), 'COMPLETED')
  })
})

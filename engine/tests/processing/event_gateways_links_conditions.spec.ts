import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

const HOUR = 3_600_000

storeGroup('Event-based gateways', ({ harness }) => {
  test('it should take the path of the first event and withdraw the others', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const key = await h.start('event_gateway', { caseId: 'K-1' })

    // when the answer arrives
    await h.engine.publishMessage({
      name: 'answer',
      correlationKey: 'K-1',
      variables: { answer: 'yes' },
    })
    await h.advance(2 * HOUR)
    await h.engine.broadcastSignal({ signalName: 'shutdown' })

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.variables(key), { caseId: 'K-1', answer: 'yes' })
    assert.deepEqual(await h.trail(key, ['ELEMENT_COMPLETED', 'SEQUENCE_FLOW_TAKEN']), [
      'start:ELEMENT_COMPLETED',
      'f1:SEQUENCE_FLOW_TAKEN',
      'first:ELEMENT_COMPLETED',
      'f2:SEQUENCE_FLOW_TAKEN',
      'answered:ELEMENT_COMPLETED',
      'f5:SEQUENCE_FLOW_TAKEN',
      'end_answered:ELEMENT_COMPLETED',
      'event_gateway:ELEMENT_COMPLETED',
    ])
    assert.deepEqual(
      await h.history(key, ['TIMER', 'MESSAGE_SUBSCRIPTION', 'SIGNAL_SUBSCRIPTION']),
      [
        'MESSAGE_SUBSCRIPTION:CREATED:answered',
        'TIMER:CREATED:hour',
        'SIGNAL_SUBSCRIPTION:CREATED:shut',
        'MESSAGE_SUBSCRIPTION:CORRELATED:answered',
        'TIMER:CANCELED:hour',
        'SIGNAL_SUBSCRIPTION:DELETED:shut',
      ]
    )
  })

  test('it should take the timer path when nothing else happens in time, or the signal path', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const timedOut = await h.start('event_gateway', { caseId: 'K-2' })
    await h.advance(HOUR)
    const shut = await h.start('event_gateway', { caseId: 'K-3' })

    // when
    await h.engine.broadcastSignal({ signalName: 'shutdown' })

    // then
    assert.includeMembers(await h.completed(timedOut), ['hour', 'end_timeout'])
    assert.includeMembers(await h.completed(shut), ['shut', 'end_shutdown'])
    assert.equal(await h.state(shut), 'COMPLETED')
  })
})

storeGroup('Link events', ({ harness }) => {
  test('it should continue at the link catch event of the same name', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const key = await h.start('links')

    // when
    await h.completeAll('prepare')

    // then
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('go_to_sign:ELEMENT_ACTIVATING')), [
      'go_to_sign:ELEMENT_ACTIVATING',
      'go_to_sign:ELEMENT_ACTIVATED',
      'go_to_sign:ELEMENT_COMPLETING',
      'go_to_sign:ELEMENT_COMPLETED',
      'sign_here:ELEMENT_ACTIVATING',
      'sign_here:ELEMENT_ACTIVATED',
      'sign_here:ELEMENT_COMPLETING',
      'sign_here:ELEMENT_COMPLETED',
      'l3:SEQUENCE_FLOW_TAKEN',
      'sign:ELEMENT_ACTIVATING',
      'sign:ELEMENT_ACTIVATED',
    ])
    await h.completeAll('sign')
    assert.equal(await h.state(key), 'COMPLETED')
  })

  test('it should reject a link throw event without a catch event of its name', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="l" />
          <bpmn:intermediateThrowEvent id="l"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>
        </bpmn:process>
      </bpmn:definitions>`

    // when / then
    await assert.rejects(
      () => h.engine.deploy([{ name: 'link.bpmn', content: xml }]),
      /Expected exactly one link catch event named 'nowhere' in the same scope, but found 0/
    )
  })
})

storeGroup('Conditional events', ({ harness }) => {
  test('it should wait at a conditional catch event until its condition holds', async ({
    assert,
  }) => {
    // given one waiting, one approved from the start
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const waiting = await h.start('conditional_catch', { approved: false })
    const approved = await h.start('conditional_catch', { approved: true })

    // when
    await h.engine.setVariables(waiting, { other: 1 })
    const stillWaiting = await h.state(waiting)
    await h.engine.setVariables(waiting, { approved: true })

    // then
    assert.equal(stillWaiting, 'ACTIVE')
    assert.equal(await h.state(waiting), 'COMPLETED')
    assert.equal(await h.state(approved), 'COMPLETED')
    assert.deepEqual(await h.history(waiting, ['CONDITIONAL_SUBSCRIPTION']), [
      'CONDITIONAL_SUBSCRIPTION:CREATED:approved',
      'CONDITIONAL_SUBSCRIPTION:TRIGGERED:approved',
    ])
  })

  test('it should evaluate boundary conditions on the variables they filter on', async ({
    assert,
  }) => {
    // given a review
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const key = await h.start('conditional_boundary', { amount: 500 })

    // when urgency is created, updated, then the amount grows
    await h.engine.setVariables(key, { urgent: true })
    await h.engine.setVariables(key, { urgent: false })
    await h.engine.setVariables(key, { urgent: true })
    const flagged = await h.timesCompleted(key, 'flagged')
    await h.engine.setVariables(key, { note: 'x', amount: 900 })
    const reviewing = await h.state(key)
    await h.engine.setVariables(key, { amount: 1500 })

    // then only the creation of `urgent` counted; the large amount interrupted the review
    assert.equal(flagged, 1)
    assert.equal(reviewing, 'ACTIVE')
    assert.equal(await h.state(key), 'COMPLETED')
    assert.includeMembers(await h.completed(key), ['too_large', 'escalated'])
    assert.notInclude(await h.completed(key), 'review')
  })

  test('it should run conditional event sub-processes when variables change', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/gateways_links_conditions.bpmn')
    const key = await h.start('conditional_event_sub_process', { status: 'open' })

    // when
    await h.engine.setVariables(key, { status: 'hold' })
    await h.engine.setVariables(key, { cancelled: true })

    // then
    assert.equal(await h.timesCompleted(key, 'on_hold'), 1)
    assert.equal(await h.timesCompleted(key, 'cancelling'), 1)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(await h.activate('handle'), 0)
  })
})

import { test } from '@japa/runner'
import { storeGroup } from '../support/harness.js'

storeGroup('Gateways', ({ harness }) => {
  test('it should take the flow whose condition holds at an exclusive gateway', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_gateway.bpmn')

    // when
    const key = await h.start('exclusive_gateway', { amount: 500 })

    // then
    assert.deepEqual(await h.completed(key), [
      'start',
      'decide',
      'big',
      'end_big',
      'exclusive_gateway',
    ])
    assert.include(await h.trail(key), 'f_big:SEQUENCE_FLOW_TAKEN')
  })

  test('it should take the default flow when no condition matches', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_gateway.bpmn')

    // when
    const key = await h.start('exclusive_gateway', { amount: 5 })

    // then
    assert.deepEqual(await h.completed(key), [
      'start',
      'decide',
      'small',
      'end_small',
      'exclusive_gateway',
    ])
  })

  test('it should raise an incident when no condition matches and there is no default flow', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_no_default.bpmn')

    // when
    const key = await h.start('exclusive_no_default', { amount: 50 })

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'CONDITION_ERROR')
    assert.equal(incident.elementId, 'decide')
    assert.equal(
      incident.errorMessage,
      'Expected at least one condition to evaluate to true, or to have a default flow'
    )
    assert.isTrue((await h.engine.getProcessInstance(key)).hasIncident)

    // when the data is fixed and the incident resolved
    await h.engine.setVariables(key, { amount: 500 })
    await h.engine.resolveIncident(incident.incidentKey)

    // then the gateway is evaluated again
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'start',
      'decide',
      'big',
      'end',
      'exclusive_no_default',
    ])
    assert.isFalse((await h.engine.getProcessInstance(key)).hasIncident)
  })

  test('it should fork and join a parallel gateway, also when the fork and join loop', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('parallel_loop.bpmn')
    const key = await h.start('parallel_loop')

    // when the first round completes a then b, the second round b then a
    await h.completeAll('a')
    assert.deepEqual(await h.trail(key, ['ELEMENT_COMPLETED']), [
      'start:ELEMENT_COMPLETED',
      'merge:ELEMENT_COMPLETED',
      'fork:ELEMENT_COMPLETED',
      'task_a:ELEMENT_COMPLETED',
    ])
    await h.completeAll('b')
    await h.completeAll('b')
    await h.completeAll('a')

    // then the join passed once per round
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'start',
      'merge',
      'fork',
      'task_a',
      'task_b',
      'join',
      'count',
      'again',
      'merge',
      'fork',
      'task_b',
      'task_a',
      'join',
      'count',
      'again',
      'end',
      'parallel_loop',
    ])
    assert.deepEqual(await h.variables(key), { round: 2 })
  })

  test('it should fork an inclusive gateway on the conditions that hold and join only those', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('inclusive_gateway.bpmn')

    // when only a holds
    const key = await h.start('inclusive_gateway', { a: true, b: false })
    await h.completeAll('a')

    // then the join does not wait for b
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), [
      'start',
      'fork',
      'task_a',
      'join',
      'end',
      'inclusive_gateway',
    ])
  })

  test('it should make the inclusive join wait for every taken branch', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('inclusive_gateway.bpmn')
    const key = await h.start('inclusive_gateway', { a: true, b: true, skip: false })

    // when a completes
    await h.completeAll('a')

    // then the join waits for b
    assert.equal(await h.state(key), 'ACTIVE')
    assert.notInclude(await h.completed(key), 'join')

    // when b completes
    await h.completeAll('b')

    // then the join passes once
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(
      (await h.completed(key)).filter((id) => id === 'join'),
      ['join']
    )
  })

  test('it should release the inclusive join when a branch ends elsewhere', async ({ assert }) => {
    // given both branches taken, a done, the join waiting for b
    const h = harness()
    await h.deploy('inclusive_gateway.bpmn')
    const key = await h.start('inclusive_gateway', { a: true, b: true })
    await h.completeAll('a')
    assert.notInclude(await h.completed(key), 'join')

    // when b leaves through another end event
    await h.completeAll('b', { skip: true })

    // then no token can reach the join's other flow: it passes
    assert.equal(await h.state(key), 'COMPLETED')
    assert.includeMembers(await h.completed(key), ['end_skip', 'join', 'end'])
  })

  test('it should take the default flow of an inclusive gateway when no condition holds', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('inclusive_gateway.bpmn')

    // when
    const key = await h.start('inclusive_gateway', { a: false, b: false })
    await h.completeAll('c')

    // then
    assert.deepEqual(await h.completed(key), [
      'start',
      'fork',
      'task_c',
      'join',
      'end',
      'inclusive_gateway',
    ])
  })

  test('it should take every outgoing flow of an activity without a gateway', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('activity_flows.bpmn')

    // when
    const key = await h.start('multiple_flows')

    // then both branches run
    assert.lengthOf(await h.activate('a'), 1)
    assert.lengthOf(await h.activate('b'), 1)
    assert.includeMembers(await h.trail(key), [
      'f_1:SEQUENCE_FLOW_TAKEN',
      'f_2:SEQUENCE_FLOW_TAKEN',
    ])
  })

  test('it should take the conditional flows of an activity that hold, else its default flow', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('activity_flows.bpmn')

    // when
    const both = await h.start('conditional_flows', { approved: true, urgent: true })
    const none = await h.start('conditional_flows', { approved: false, urgent: false })

    // then
    assert.deepEqual(await h.completed(both), [
      'check_start',
      'check',
      'approved',
      'urgent',
      'end_approved',
      'end_urgent',
      'conditional_flows',
    ])
    assert.deepEqual(await h.completed(none), [
      'check_start',
      'check',
      'other',
      'end_other',
      'conditional_flows',
    ])
  })
})

storeGroup('Conditional flows of activities', ({ harness }) => {
  test('it should raise an incident when no flow of an activity can be taken, and retry the completion', async ({
    assert,
  }) => {
    // given an activity whose conditional flows fail to evaluate
    const h = harness()
    await h.deploy('activity_flows.bpmn')

    // when
    const key = await h.start('conditional_flows', { urgent: false })

    // then
    const [incident] = await h.incidents(key)
    assert.include(incident, { elementId: 'check', errorType: 'EXTRACT_VALUE_ERROR' })
    assert.include(await h.trail(key), 'check:ELEMENT_COMPLETING')

    // when
    await h.engine.setVariables(key, { approved: true })
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.include(await h.completed(key), 'approved')
  })
})

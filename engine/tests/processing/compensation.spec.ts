import { test } from '@japa/runner'
import { DeploymentRejectedError } from '../../src/errors.js'
import { storeGroup, type EngineHarness } from '../support/harness.js'
import { bpmnProcess, flow, resource, serviceTask } from '../support/bpmn_text.js'

/** A service task with a compensation boundary event and its handler (job `undo_<id>`). */
function compensable(id: string): string {
  return `${serviceTask(id, id)}
    <bpmn:boundaryEvent id="${id}_comp" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
    <bpmn:serviceTask id="undo_${id}" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo_${id}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:association id="assoc_${id}" associationDirection="One" sourceRef="${id}_comp" targetRef="undo_${id}" />`
}

/** A compensation throw event (intermediate or end), optionally for one activity. */
function compensate(kind: 'intermediateThrowEvent' | 'endEvent', id: string, ref?: string) {
  const activityRef = ref ? ` activityRef="${ref}"` : ''
  return `<bpmn:${kind} id="${id}"><bpmn:compensateEventDefinition${activityRef} /></bpmn:${kind}>`
}

/** hotel → flight → charge → (failed) compensate all → failed_end | end. */
const TRIP = bpmnProcess(
  'trip',
  `<bpmn:startEvent id="start" />${flow('start', 'hotel')}
  ${compensable('hotel')}${flow('hotel', 'skip')}
  <bpmn:exclusiveGateway id="skip" default="f_skip_flight" />
  ${flow('skip', 'flight')}${flow('skip', 'undo_all', '= skipFlight = true')}
  ${compensable('flight')}${flow('flight', 'charge')}
  ${serviceTask('charge', 'charge')}${flow('charge', 'paid')}
  <bpmn:exclusiveGateway id="paid" default="f_paid_end" />
  ${flow('paid', 'end')}${flow('paid', 'undo_all', '= failed = true')}
  ${compensate('intermediateThrowEvent', 'undo_all')}${flow('undo_all', 'failed_end')}
  <bpmn:endEvent id="failed_end" /><bpmn:endEvent id="end" />`
)

async function subscriptions(h: EngineHarness, key: string): Promise<string[]> {
  return (await h.records(key))
    .filter((r) => r.valueType === 'COMPENSATION_SUBSCRIPTION')
    .map((r) => `${r.intent}:${r.value.compensableActivityId}`)
}

storeGroup('Compensation', ({ harness }) => {
  test('it should run the handlers of the completed activities in reverse order, then go on', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.engine.deploy([resource('trip.bpmn', TRIP)])
    const key = await h.start('trip', { skipFlight: false })
    await h.completeAll('hotel', { hotelBooking: 'H-1' })
    await h.completeAll('flight')

    // when the charge fails
    await h.completeAll('charge', { failed: true })

    // then both handlers run, the flight's first, and the throw event waits for them
    const trail = await h.trail(key)
    const activations = trail.filter(
      (entry) => entry.startsWith('undo_') && entry.endsWith('ACTIVATING')
    )
    assert.deepEqual(activations, [
      'undo_all:ELEMENT_ACTIVATING',
      'undo_flight:ELEMENT_ACTIVATING',
      'undo_hotel:ELEMENT_ACTIVATING',
    ])
    assert.includeMembers(trail, [
      'flight_comp:ELEMENT_ACTIVATING',
      'flight_comp:ELEMENT_COMPLETED',
      'hotel_comp:ELEMENT_COMPLETED',
    ])
    const [undoHotel] = await h.activate('undo_hotel')
    assert.equal(undoHotel.variables.hotelBooking, 'H-1')
    await h.engine.completeJob(undoHotel.jobKey)
    assert.equal(await h.state(key), 'ACTIVE')
    await h.completeAll('undo_flight')
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.completed(key)).slice(-5), [
      'undo_hotel',
      'undo_flight',
      'undo_all',
      'failed_end',
      'trip',
    ])
    assert.deepEqual(await subscriptions(h, key), [
      'CREATED:hotel',
      'CREATED:flight',
      'TRIGGERED:flight',
      'TRIGGERED:hotel',
      'COMPLETED:hotel',
      'COMPLETED:flight',
    ])
  })

  test('it should compensate only what completed, and complete at once with nothing to do', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.engine.deploy([resource('trip.bpmn', TRIP)])
    const skipped = await h.start('trip', { skipFlight: true })
    const paid = await h.start('trip', { skipFlight: false })

    // when
    await h.completeAll('hotel')

    // then the skipped trip undoes the hotel only
    const undo = await h.activate('undo_hotel')
    assert.lengthOf(undo, 1)
    assert.equal(undo[0].processInstanceKey, skipped)
    assert.lengthOf(await h.activate('undo_flight'), 0)
    await h.engine.completeJob(undo[0].jobKey)
    assert.equal(await h.state(skipped), 'COMPLETED')

    // and a paid trip ends without compensating anything
    await h.completeAll('flight')
    await h.completeAll('charge', { failed: false })
    assert.equal(await h.state(paid), 'COMPLETED')
    assert.deepEqual(await subscriptions(h, paid), ['CREATED:hotel', 'CREATED:flight'])
  })

  test('it should compensate only the activity named by activityRef', async ({ assert }) => {
    // given
    const h = harness()
    const xml = bpmnProcess(
      'ref',
      `<bpmn:startEvent id="start" />${flow('start', 'hotel')}
      ${compensable('hotel')}${flow('hotel', 'flight')}
      ${compensable('flight')}${flow('flight', 'undo_flight_only')}
      ${compensate('intermediateThrowEvent', 'undo_flight_only', 'flight')}${flow('undo_flight_only', 'end')}
      <bpmn:endEvent id="end" />`
    )
    await h.engine.deploy([resource('ref.bpmn', xml)])
    const key = await h.start('ref')

    // when
    await h.completeAll('hotel')
    await h.completeAll('flight')
    await h.completeAll('undo_flight')

    // then
    assert.lengthOf(await h.activate('undo_hotel'), 0)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await subscriptions(h, key), [
      'CREATED:hotel',
      'CREATED:flight',
      'TRIGGERED:flight',
      'COMPLETED:flight',
    ])
  })

  test('it should compensate inside a sub-process and, from outside, the activities of a completed sub-process', async ({
    assert,
  }) => {
    // given: a sub-process books and (on a flag) undoes its own booking; after it, an end
    // compensation event undoes what the completed sub-process did
    const h = harness()
    const xml = bpmnProcess(
      'nested',
      `<bpmn:startEvent id="start" />${flow('start', 'sub')}
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="sub_start" />${flow('sub_start', 'hotel')}
        ${compensable('hotel')}${flow('hotel', 'again')}
        <bpmn:exclusiveGateway id="again" default="f_again_sub_end" />
        ${flow('again', 'sub_end')}${flow('again', 'undo_inside', '= undoInside = true')}
        ${compensate('endEvent', 'undo_inside')}
        <bpmn:endEvent id="sub_end" />
      </bpmn:subProcess>
      ${flow('sub', 'undo_outside')}
      ${compensate('endEvent', 'undo_outside')}`
    )
    await h.engine.deploy([resource('nested.bpmn', xml)])
    const inside = await h.start('nested', { undoInside: true })
    const outside = await h.start('nested', { undoInside: false })

    // when
    await h.completeAll('hotel')
    const undos = await h.activate('undo_hotel')

    // then each instance undoes its hotel once: inside the sub-process, or after it
    assert.sameMembers(
      undos.map((job) => job.processInstanceKey),
      [inside, outside]
    )
    for (const job of undos) {
      await h.engine.completeJob(job.jobKey)
    }
    assert.equal(await h.state(inside), 'COMPLETED')
    assert.equal(await h.state(outside), 'COMPLETED')
    assert.lengthOf(await h.activate('undo_hotel'), 0)
    const insideHandler = (await h.records(inside)).find(
      (r) => r.value.elementId === 'undo_hotel' && r.intent === 'ELEMENT_ACTIVATING'
    )!
    const insideSub = (await h.records(inside)).find(
      (r) => r.value.elementId === 'sub' && r.intent === 'ELEMENT_ACTIVATING'
    )!
    assert.equal(insideHandler.value.flowScopeKey, insideSub.key)
    const outsideHandler = (await h.records(outside)).find(
      (r) => r.value.elementId === 'undo_hotel' && r.intent === 'ELEMENT_ACTIVATING'
    )!
    assert.equal(outsideHandler.value.flowScopeKey, outside)
    assert.deepEqual((await h.completed(outside)).slice(-3), [
      'undo_hotel',
      'undo_outside',
      'nested',
    ])
  })

  test('it should compensate the scope around an event sub-process that throws compensation', async ({
    assert,
  }) => {
    // given: the flight fails with an error, caught by an event sub-process that undoes the hotel
    const h = harness()
    const xml = bpmnProcess(
      'on_error',
      `<bpmn:startEvent id="start" />${flow('start', 'hotel')}
      ${compensable('hotel')}${flow('hotel', 'flight')}
      ${serviceTask('flight', 'flight')}${flow('flight', 'end')}<bpmn:endEvent id="end" />
      <bpmn:subProcess id="on_failure" triggeredByEvent="true">
        <bpmn:startEvent id="failed"><bpmn:errorEventDefinition errorRef="Error_on_error" /></bpmn:startEvent>
        ${flow('failed', 'undo_booked')}
        ${compensate('intermediateThrowEvent', 'undo_booked')}${flow('undo_booked', 'failure_end')}
        <bpmn:endEvent id="failure_end" />
      </bpmn:subProcess>`
    )
    await h.engine.deploy([resource('on_error.bpmn', xml)])
    const key = await h.start('on_error')
    await h.completeAll('hotel')
    const [flight] = await h.activate('flight')

    // when
    await h.engine.throwJobError(flight.jobKey, { errorCode: 'CHILD_ERR' })
    await h.completeAll('undo_hotel')

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.completed(key)).slice(-5), [
      'undo_hotel',
      'undo_booked',
      'failure_end',
      'on_failure',
      'on_error',
    ])
  })

  test('it should compensate a completed sub-process with a handler of its own and the activities inside it', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const xml = bpmnProcess(
      'sub_handler',
      `<bpmn:startEvent id="start" />${flow('start', 'sub')}
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="sub_start" />${flow('sub_start', 'hotel')}
        ${compensable('hotel')}${flow('hotel', 'sub_end')}<bpmn:endEvent id="sub_end" />
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="sub_comp" attachedToRef="sub"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="undo_sub" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo_sub" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:association id="assoc_sub" sourceRef="sub_comp" targetRef="undo_sub" />
      ${flow('sub', 'undo_trip')}${compensate('endEvent', 'undo_trip', 'sub')}`
    )
    await h.engine.deploy([resource('sub_handler.bpmn', xml)])
    const key = await h.start('sub_handler')

    // when
    await h.completeAll('hotel')
    await h.completeAll('undo_sub')
    await h.completeAll('undo_hotel')

    // then the sub-process's handler starts first (it completed last), then the hotel's
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(
      (await h.trail(key, ['ELEMENT_ACTIVATING'])).filter((entry) => entry.startsWith('undo_')),
      [
        'undo_trip:ELEMENT_ACTIVATING',
        'undo_sub:ELEMENT_ACTIVATING',
        'undo_hotel:ELEMENT_ACTIVATING',
      ]
    )
  })

  test('it should reject compensation handlers with flows and boundary events without a handler', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const xml = bpmnProcess(
      'bad_compensation',
      `<bpmn:startEvent id="start" />${flow('start', 'hotel')}
      ${serviceTask('hotel', 'hotel')}${flow('hotel', 'undo_hotel')}
      <bpmn:boundaryEvent id="hotel_comp" attachedToRef="hotel"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="undo_hotel" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow('undo_hotel', 'end')}<bpmn:endEvent id="end" />`
    )

    // when
    const error = await h.engine
      .deploy([resource('bad.bpmn', xml)])
      .catch((caught: unknown) => caught)

    // then
    assert.instanceOf(error, DeploymentRejectedError)
    const message = (error as Error).message
    assert.include(
      message,
      'Expected a compensation handler to have no sequence flows, but found 1 incoming and 1 outgoing'
    )
    assert.include(
      message,
      'Expected a compensation boundary event to be associated with exactly one activity marked isForCompensation, but found 0 association(s)'
    )
  })
})

storeGroup('Compensation of multi-instance activities', ({ harness }) => {
  test('it should run the handler once per completed inner instance', async ({ assert }) => {
    // given
    const h = harness()
    const xml = bpmnProcess(
      'mi_undo',
      `<bpmn:startEvent id="start" />${flow('start', 'hotel')}
      <bpmn:serviceTask id="hotel"><bpmn:extensionElements><zeebe:taskDefinition type="hotel" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= cities" inputElement="city" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>
      <bpmn:boundaryEvent id="hotel_comp" attachedToRef="hotel"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="undo_hotel" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo_hotel" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:association id="a" sourceRef="hotel_comp" targetRef="undo_hotel" />
      ${flow('hotel', 'undo_all')}${compensate('endEvent', 'undo_all')}`
    )
    await h.engine.deploy([resource('mi_undo.bpmn', xml)])
    const key = await h.start('mi_undo', { cities: ['Hà Nội', 'Huế'] })

    // when
    await h.completeAll('hotel')
    const undos = await h.activate('undo_hotel')
    for (const job of undos) {
      await h.engine.completeJob(job.jobKey)
    }

    // then
    assert.lengthOf(undos, 2)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await subscriptions(h, key), [
      'CREATED:hotel',
      'CREATED:hotel',
      'TRIGGERED:hotel',
      'TRIGGERED:hotel',
      'COMPLETED:hotel',
      'COMPLETED:hotel',
    ])
  })
})

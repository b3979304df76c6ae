import { test } from '@japa/runner'
import { storeGroup, T0 } from '../support/harness.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

storeGroup('Timers', ({ harness }) => {
  test('it should wait at an intermediate timer and go on when it is due', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_catch')

    // when the clock moves nine minutes, then one more
    await h.advance(9 * MINUTE)
    const early = await h.activate('after')
    await h.advance(MINUTE)

    // then
    assert.lengthOf(early, 0)
    assert.lengthOf(await h.activate('after'), 1)
    assert.deepEqual(await h.history(key, ['TIMER', 'PROCESS_EVENT']), [
      'TIMER:CREATED:wait',
      'TIMER:TRIGGERED:wait',
      'PROCESS_EVENT:TRIGGERING:wait',
      'PROCESS_EVENT:TRIGGERED:wait',
    ])
    const [created] = (await h.records(key)).filter((r) => r.valueType === 'TIMER')
    assert.equal(created.value.dueDate, T0 + 10 * MINUTE)
    assert.deepEqual(await h.trail(key, ['ELEMENT_COMPLETED']), [
      'start:ELEMENT_COMPLETED',
      'wait:ELEMENT_COMPLETED',
    ])
  })

  test('it should evaluate a FEEL timer date and fire at once when the date is past', async ({
    assert,
  }) => {
    // given a deadline whose eve is already past
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const soon = await h.start('timer_date', { deadline: '2024-06-05T08:00:00Z' })
    const past = await h.start('timer_date', { deadline: '2024-06-01T08:00:00Z' })

    // when
    await h.engine.tick()

    // then
    assert.equal(await h.state(past), 'COMPLETED')
    assert.equal(await h.state(soon), 'ACTIVE')
    const [timer] = (await h.records(soon)).filter((r) => r.valueType === 'TIMER')
    assert.equal(timer.value.dueDate, Date.UTC(2024, 5, 4, 8))
    await h.advance(24 * HOUR)
    assert.equal(await h.state(soon), 'COMPLETED')
  })

  test('it should fire a non-interrupting cycle the right number of times while the task runs', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_boundary')

    // when forty minutes pass, ten at a time
    for (let step = 0; step < 4; step++) {
      await h.advance(10 * MINUTE)
    }

    // then R3 fired three times, then stopped; the task still runs
    assert.equal(await h.timesCompleted(key, 'remind'), 3)
    assert.equal(await h.timesCompleted(key, 'reminded'), 3)
    const timers = (await h.records(key)).filter((r) => r.valueType === 'TIMER')
    assert.deepEqual(
      timers.map((r) => `${r.intent}:${r.value.targetElementId}:${r.value.repetitions}`),
      [
        'CREATED:remind:3',
        'CREATED:timeout:1',
        'TRIGGERED:remind:3',
        'CREATED:remind:2',
        'TRIGGERED:remind:2',
        'CREATED:remind:1',
        'TRIGGERED:remind:1',
      ]
    )
    assert.deepEqual(
      timers.filter((r) => r.intent === 'TRIGGERED').map((r) => r.value.dueDate),
      [T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE]
    )
    assert.equal(await h.state(key), 'ACTIVE')
  })

  test('it should stop a cycle when its task completes', async ({ assert }) => {
    // given a reminder that fired once
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_boundary')
    await h.advance(10 * MINUTE)

    // when the task completes, then much time passes
    await h.completeAll('work')
    await h.advance(5 * HOUR)

    // then the open timers were canceled and never fire again
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(await h.timesCompleted(key, 'remind'), 1)
    const timers = (await h.records(key)).filter((r) => r.valueType === 'TIMER')
    assert.sameMembers(
      timers.slice(-2).map((r) => `${r.intent}:${r.value.targetElementId}`),
      ['CANCELED:remind', 'CANCELED:timeout']
    )
    assert.deepEqual(await h.engine.searchJobs({ filter: { processInstanceKey: key } }), {
      items: [],
      page: { totalItems: 0 },
    })
  })

  test('it should interrupt the task when the boundary timer is due', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_boundary')
    const [job] = await h.activate('work')

    // when
    await h.advance(HOUR)

    // then the task ended, its job and its other timers with it, and the path went on
    assert.equal(await h.state(key), 'COMPLETED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('work:ELEMENT_TERMINATING')), [
      'work:ELEMENT_TERMINATING',
      'work:ELEMENT_TERMINATED',
      'timeout:ELEMENT_ACTIVATING',
      'timeout:ELEMENT_ACTIVATED',
      'timeout:ELEMENT_COMPLETING',
      'timeout:ELEMENT_COMPLETED',
      'b4:SEQUENCE_FLOW_TAKEN',
      'timed_out:ELEMENT_ACTIVATING',
      'timed_out:ELEMENT_ACTIVATED',
      'timed_out:ELEMENT_COMPLETING',
      'timed_out:ELEMENT_COMPLETED',
      'timer_boundary:ELEMENT_COMPLETING',
      'timer_boundary:ELEMENT_COMPLETED',
    ])
    const history = await h.history(key, ['TIMER', 'JOB', 'PROCESS_EVENT'])
    assert.deepEqual(history.slice(history.indexOf('TIMER:TRIGGERED:timeout')), [
      'TIMER:TRIGGERED:timeout',
      'PROCESS_EVENT:TRIGGERING:timeout',
      'TIMER:CANCELED:remind',
      'JOB:CANCELED:work',
      'PROCESS_EVENT:TRIGGERED:timeout',
    ])
    await assert.rejects(() => h.engine.completeJob(job.jobKey))
  })

  test('it should never fire the timer of a canceled instance', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_catch')

    // when the instance is canceled, then the timer would be due
    await h.engine.cancelProcessInstance(key)
    await h.advance(HOUR)

    // then
    assert.deepEqual(await h.history(key, ['TIMER']), ['TIMER:CREATED:wait', 'TIMER:CANCELED:wait'])
    assert.equal(await h.state(key), 'TERMINATED')
    assert.equal(await h.opened.store.count('engine_timers'), 0)
  })

  test('it should run timer event sub-processes: a repeating nudge, then an interrupting deadline', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/timers.bpmn')
    const key = await h.start('timer_event_sub_process')

    // when three and a half hours pass, half an hour at a time
    for (let step = 0; step < 7; step++) {
      await h.advance(30 * MINUTE)
    }

    // then the nudge ran each hour (three times), the deadline ended the instance
    assert.equal(await h.timesCompleted(key, 'nudge'), 3)
    assert.equal(await h.timesCompleted(key, 'deadline'), 1)
    assert.equal(await h.state(key), 'COMPLETED')
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('handle:ELEMENT_TERMINATING')), [
      'handle:ELEMENT_TERMINATING',
      'handle:ELEMENT_TERMINATED',
      'deadline:ELEMENT_ACTIVATING',
      'deadline:ELEMENT_ACTIVATED',
      'deadline_start:ELEMENT_ACTIVATING',
      'deadline_start:ELEMENT_ACTIVATED',
      'deadline_start:ELEMENT_COMPLETING',
      'deadline_start:ELEMENT_COMPLETED',
      'x1:SEQUENCE_FLOW_TAKEN',
      'deadline_end:ELEMENT_ACTIVATING',
      'deadline_end:ELEMENT_ACTIVATED',
      'deadline_end:ELEMENT_COMPLETING',
      'deadline_end:ELEMENT_COMPLETED',
      'deadline:ELEMENT_COMPLETING',
      'deadline:ELEMENT_COMPLETED',
      'timer_event_sub_process:ELEMENT_COMPLETING',
      'timer_event_sub_process:ELEMENT_COMPLETED',
    ])
    assert.include(await h.history(key, ['TIMER']), 'TIMER:CANCELED:nudge_start')
  })

  test('it should start instances on a timer cycle, and a new version replaces the start timers', async ({
    assert,
  }) => {
    // given version 1: every hour, three times
    const h = harness()
    const v1 = await h.deploy('events/timer_start_v1.bpmn')

    // when two hours pass, then version 2 (a cron cycle) is deployed, then a day passes
    await h.advance(HOUR)
    await h.advance(HOUR)
    const v2 = await h.deploy('events/timer_start_v2.bpmn')
    await h.advance(24 * HOUR)

    // then version 1 started two instances, its last timer was canceled, version 2's timer was
    // due at 9:00 and fired when the clock got there (in one move, to 10:00)
    const instances = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'timer_start' },
      sort: [{ field: 'startDate' }],
    })
    assert.deepEqual(
      instances.items.map((i) => [i.processDefinitionKey, i.startDate]),
      [
        [v1.processes[0].processDefinitionKey, new Date(T0 + HOUR).toISOString()],
        [v1.processes[0].processDefinitionKey, new Date(T0 + 2 * HOUR).toISOString()],
        [v2.processes[0].processDefinitionKey, '2024-06-04T10:00:00.000Z'],
      ]
    )
    const timers = (await h.engine.searchRecords({ filter: { valueType: 'TIMER' } })).items
    assert.deepEqual(
      timers.map((r) => `${r.intent}:${r.value.targetElementId}:${r.value.repetitions}`),
      [
        'CREATED:hourly:3',
        'TRIGGERED:hourly:3',
        'CREATED:hourly:2',
        'TRIGGERED:hourly:2',
        'CREATED:hourly:1',
        'CANCELED:hourly:1',
        'CREATED:daily:-1',
        'TRIGGERED:daily:-1',
        'CREATED:daily:-1',
      ]
    )
    assert.deepEqual(
      timers.filter((r) => r.value.targetElementId === 'daily').map((r) => r.value.dueDate),
      [Date.UTC(2024, 5, 4, 9), Date.UTC(2024, 5, 4, 9), Date.UTC(2024, 5, 5, 9)]
    )
    const first = instances.items[0].processInstanceKey
    assert.deepEqual((await h.history(first)).slice(0, 4), [
      'PROCESS_INSTANCE_CREATION:CREATED',
      'TIMER:TRIGGERED:hourly',
      'PROCESS_EVENT:TRIGGERING:hourly',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:timer_start',
    ])
    assert.lengthOf(await h.activate('report'), 3)
  })

  test('it should reject invalid timer definitions at deployment', async ({ assert }) => {
    // given
    const h = harness()
    const xml = (definition: string, attributes = '') => `<?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
          <bpmn:userTask id="t" />
          <bpmn:boundaryEvent id="b" attachedToRef="t" ${attributes}>
            <bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="g" sourceRef="b" targetRef="e" /><bpmn:endEvent id="e" />
        </bpmn:process>
      </bpmn:definitions>`

    // when / then
    await assert.rejects(
      () =>
        h.engine.deploy([
          { name: 'a.bpmn', content: xml('<bpmn:timeDuration>soon</bpmn:timeDuration>') },
        ]),
      /Expected the timer duration to be an ISO-8601 duration such as PT10M or P1D, but found 'soon'/
    )
    await assert.rejects(
      () =>
        h.engine.deploy([
          { name: 'b.bpmn', content: xml('<bpmn:timeCycle>R/PT1H</bpmn:timeCycle>') },
        ]),
      /Expected an interrupting timer event to have a timeDate or timeDuration, but found a timeCycle/
    )
    await assert.rejects(
      () => h.engine.deploy([{ name: 'c.bpmn', content: xml('') }]),
      /Expected a timer to have exactly one of timeDate, timeDuration or timeCycle, but found none/
    )
    const deployed = await h.engine.deploy([
      {
        name: 'd.bpmn',
        content: xml(
          '<bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle>',
          'cancelActivity="false"'
        ),
      },
    ])
    assert.lengthOf(deployed.processes, 1)
  })
})

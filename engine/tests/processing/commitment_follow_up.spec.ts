import { test } from '@japa/runner'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import { storeGroup } from '../support/harness.js'

const DAY = 86_400_000

storeGroup('Commitment follow-up (reminders and escalation)', ({ harness }) => {
  test('it should send each reminder once at T-7, T-3 and T-1 days and escalate once at the deadline', async ({
    assert,
  }) => {
    // given a commitment due on 20 June at 17:00 in Hanoi, assigned on 3 June
    const h = harness()
    await h.deploy('events/commitment_follow_up.bpmn')
    await h.engine.start()
    const key = await h.start('commitment_follow_up', {
      officer: 'lan',
      leader: 'minh',
      deadline: '2024-06-20T17:00:00+07:00',
    })
    const reminders: Array<{ day: string; daysLeft: string }> = []
    h.engine.openJobWorker({
      type: 'send-reminder',
      handler: async (job) => {
        reminders.push({
          day: new Date(h.clock.now()).toISOString().slice(0, 10),
          daysLeft: job.customHeaders.daysLeft,
        })
        await job.complete()
      },
    })

    // when the clock moves through the days, half a day at a time, to after the deadline
    for (let step = 1; step <= 38; step++) {
      h.clock.advance(DAY / 2)
      await h.engine.tick()
      await waitFor(() => reminders.length >= expectedBy(h.clock.now()))
    }

    // then each reminder went out once, on its day, and the escalation happened once
    assert.deepEqual(reminders, [
      { day: '2024-06-13', daysLeft: '7' },
      { day: '2024-06-17', daysLeft: '3' },
      { day: '2024-06-19', daysLeft: '1' },
    ])
    const records = await h.records(key)
    const fired = records.filter((r) => r.valueType === 'TIMER' && r.intent === 'TRIGGERED')
    assert.deepEqual(
      fired.map((r) => [
        r.value.targetElementId,
        new Date(r.value.dueDate as number).toISOString(),
      ]),
      [
        ['week_before', '2024-06-13T10:00:00.000Z'],
        ['three_days_before', '2024-06-17T10:00:00.000Z'],
        ['day_before', '2024-06-19T10:00:00.000Z'],
        ['deadline_passed', '2024-06-20T10:00:00.000Z'],
      ]
    )
    const escalations = records.filter((r) => r.valueType === 'ESCALATION')
    assert.deepEqual(
      escalations.map((r) => [r.intent, r.value.escalationCode, r.value.catchElementId]),
      [['ESCALATED', 'COMMITMENT_OVERDUE', 'overdue_reported']]
    )
    const userTasks = await h.activate(USER_TASK_JOB_TYPE)
    assert.deepEqual(
      userTasks.map((task) => [task.elementId, task.customHeaders['io.camunda.zeebe:assignee']]),
      [
        ['fulfil', 'lan'],
        ['follow_up', 'minh'],
      ]
    )
    assert.equal(
      userTasks[0].customHeaders['io.camunda.zeebe:dueDate'],
      '2024-06-20T17:00:00+07:00'
    )

    // and when the officer fulfils it and the leader closes the follow-up, it completes
    for (const task of userTasks) {
      await h.engine.completeJob(task.jobKey)
    }
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(await h.opened.store.count('engine_timers'), 0)
  })
})

/** How many reminders are due by an instant (deadline 2024-06-20T10:00Z). */
function expectedBy(now: number): number {
  const deadline = Date.UTC(2024, 5, 20, 10)
  return [7, 3, 1].filter((days) => now >= deadline - days * DAY).length
}

async function waitFor(condition: () => boolean, timeout = 2000): Promise<void> {
  const until = Date.now() + timeout
  while (!condition() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

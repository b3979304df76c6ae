import { test } from '@japa/runner'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import { storeGroup } from '../support/harness.js'

const HOUR = 3_600_000

storeGroup('Event sub-processes in sub-processes', ({ harness }) => {
  test('it should run a timer event sub-process inside a sub-process beside its work', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('events/sub_process_events.bpmn')
    const key = await h.start('sub_process_events', { caseId: 'C-1' })

    // when an hour passes
    await h.advance(HOUR)

    // then the check runs inside the case, beside the inner task
    const [review] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(review.elementId, 'review')
    const check = await h.engine.searchElementInstances({
      filter: { processInstanceKey: key, elementId: 'check' },
    })
    const caseInstance = await h.engine.searchElementInstances({
      filter: { processInstanceKey: key, elementId: 'case' },
    })
    assert.equal(check.items[0].flowScopeKey, caseInstance.items[0].elementInstanceKey)

    // and the case completes only when both the inner task and the check are done
    await h.completeAll('inner')
    assert.lengthOf(await h.activate('after'), 0)
    await h.engine.completeJob(review.jobKey)
    assert.lengthOf(await h.activate('after'), 1)
  })

  test('it should interrupt a sub-process with its message event sub-process, keeping its variables local', async ({
    assert,
  }) => {
    // given a case whose check already runs
    const h = harness()
    await h.deploy('events/sub_process_events.bpmn')
    const key = await h.start('sub_process_events', { caseId: 'C-2' })
    await h.advance(HOUR)

    // when the case is withdrawn
    await h.engine.publishMessage({
      name: 'withdraw',
      correlationKey: 'C-2',
      variables: { by: 'applicant' },
    })

    // then the inner task and the running check ended, the withdrawal ran, the process went on
    const trail = await h.trail(key, ['ELEMENT_TERMINATED', 'ELEMENT_COMPLETED'])
    assert.includeMembers(trail, [
      'inner:ELEMENT_TERMINATED',
      'review:ELEMENT_TERMINATED',
      'check:ELEMENT_TERMINATED',
      'withdrawal:ELEMENT_COMPLETED',
      'case:ELEMENT_COMPLETED',
    ])
    assert.lengthOf(await h.activate('after'), 1)
    assert.lengthOf(await h.activate('inner'), 0)
    // the message's variables reached the process; the event sub-process's own stayed in it
    assert.deepEqual(await h.variables(key), { caseId: 'C-2', by: 'applicant' })
    const [withdrawal] = (
      await h.engine.searchElementInstances({
        filter: { processInstanceKey: key, elementId: 'withdrawal' },
      })
    ).items
    const local = await h.engine.searchVariables({
      filter: { processInstanceKey: key, scopeKey: withdrawal.elementInstanceKey },
    })
    assert.deepEqual(Object.fromEntries(local.items.map((v) => [v.name, JSON.parse(v.value)])), {
      note: 'withdrawn C-2',
      summary: 'withdrawn C-2 by applicant',
    })
  })

  test('it should close every wait when the instance is canceled during an event sub-process', async ({
    assert,
  }) => {
    // given a case with its check running
    const h = harness()
    await h.deploy('events/sub_process_events.bpmn')
    const key = await h.start('sub_process_events', { caseId: 'C-3' })
    await h.advance(HOUR)

    // when
    await h.engine.cancelProcessInstance(key)

    // then
    assert.equal(await h.state(key), 'TERMINATED')
    assert.equal(await h.opened.store.count('engine_message_subscriptions'), 0)
    assert.equal(await h.opened.store.count('engine_timers'), 0)
    assert.deepEqual(await h.history(key, ['MESSAGE_SUBSCRIPTION']), [
      'MESSAGE_SUBSCRIPTION:CREATED:withdraw_start',
      'MESSAGE_SUBSCRIPTION:DELETED:withdraw_start',
    ])
    assert.lengthOf(await h.activate(USER_TASK_JOB_TYPE), 0)
  })
})

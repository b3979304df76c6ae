import { test } from '@japa/runner'
import { InvalidArgumentError, NotFoundError } from '../../src/errors.js'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import type { EngineRecord } from '../../src/state/entities.js'
import { storeGroup, type EngineHarness } from '../support/harness.js'

const DAY = 86_400_000

/** Deploys version 1 then version 2 of 'dossier_review'; returns their keys. */
async function twoVersions(h: EngineHarness): Promise<{ v1: string; v2: string }> {
  const v1 = (await h.deploy('admin/migration_v1.bpmn')).processes[0].processDefinitionKey
  const v2 = (await h.deploy('admin/migration_v2.bpmn')).processes[0].processDefinitionKey
  return { v1, v2 }
}

/** Creates an instance of a given version; returns its key. */
async function startOn(
  h: EngineHarness,
  processDefinitionKey: string,
  variables: Record<string, string>
) {
  const created = await h.engine.createProcessInstance({ processDefinitionKey, variables })
  return created.processInstanceKey
}

const REVIEW_MAPPING = [{ sourceElementId: 'review', targetElementId: 'review' }]

storeGroup('Instance migration', ({ harness }) => {
  test('it should move 20 instances waiting on a user task to version 2, each then going through the new step', async ({
    assert,
  }) => {
    // given 20 instances of version 1 waiting on 'review', one of them suspended
    const h = harness()
    const { v1, v2 } = await twoVersions(h)
    const keys: string[] = []
    for (let index = 0; index < 20; index++) {
      keys.push(await startOn(h, v1, { dossierId: `D-${index}` }))
    }
    const held = await h.activate(USER_TASK_JOB_TYPE, 5)
    await h.engine.suspendProcessInstance(keys[19])
    const seen: EngineRecord[] = []
    h.engine.onRecords((records) => seen.push(...records))

    // when all instances of version 1 are migrated
    const result = await h.engine.migrateProcessInstances({
      filter: { processDefinitionKey: v1 },
      migrationPlan: { targetProcessDefinitionKey: v2, mappingInstructions: REVIEW_MAPPING },
    })

    // then every instance is on version 2, with its job (same key) following
    assert.sameMembers(result.processInstanceKeys, keys)
    const onV2 = await h.engine.searchProcessInstances({
      filter: { processDefinitionKey: v2 },
      page: { limit: 100 },
    })
    assert.equal(onV2.page.totalItems, 20)
    assert.isTrue(onV2.items.every((instance) => instance.processDefinitionVersion === 2))
    const migratedJobs = seen.filter((r) => r.valueType === 'JOB' && r.intent === 'MIGRATED')
    assert.lengthOf(migratedJobs, 20)
    assert.isTrue(
      migratedJobs.every(
        (r) => r.value.processDefinitionKey === v2 && r.value.processDefinitionVersion === 2
      )
    )
    const jobs = await h.engine.searchJobs({
      filter: { type: USER_TASK_JOB_TYPE },
      page: { limit: 100 },
    })
    assert.isTrue(jobs.items.every((job) => job.processDefinitionKey === v2))
    // the records of one instance: the unmapped boundary timer closes, the migration, its job,
    // then the boundary events of 'review' in version 2 open
    assert.deepEqual((await h.history(keys[0])).slice(-5), [
      'TIMER:CANCELED:review_overdue',
      'PROCESS_INSTANCE_MIGRATION:MIGRATED',
      'JOB:MIGRATED:review',
      'TIMER:CREATED:review_overdue',
      'MESSAGE_SUBSCRIPTION:CREATED:withdrawn',
    ])

    // the history keeps the version each record was written on
    const history = await h.records(keys[0])
    const created = history.find((r) => r.intent === 'ELEMENT_ACTIVATING')!
    assert.equal(created.value.processDefinitionKey, v1)
    assert.equal(created.value.version, 1)
    const jobMigrated = history.find((r) => r.intent === 'MIGRATED' && r.valueType === 'JOB')!
    assert.equal(jobMigrated.value.processDefinitionKey, v2)
    // and the live element instance is on version 2, named from it
    const [review] = (
      await h.engine.searchElementInstances({
        filter: { processInstanceKey: keys[0], state: 'ACTIVE', type: 'USER_TASK' },
      })
    ).items
    assert.equal(review.processDefinitionKey, v2)
    assert.equal(review.elementId, 'review')

    // the suspended one stays suspended (its timer withdrawn) until resumed
    assert.equal(await h.state(keys[19]), 'SUSPENDED')
    await h.engine.resumeProcessInstance(keys[19])

    // and each completes review, goes through the new step 'sign' and ends
    for (const job of held) {
      await h.engine.completeJob(job.jobKey)
    }
    const done = [
      ...(await h.completeAll(USER_TASK_JOB_TYPE)),
      ...(await h.completeAll(USER_TASK_JOB_TYPE)),
    ]
    const signs = done.filter((job) => job.elementId === 'sign')
    assert.lengthOf(signs, 20)
    assert.isTrue(signs.every((job) => job.processDefinitionVersion === 2))
    for (const key of keys) {
      assert.equal(await h.state(key), 'COMPLETED')
      assert.deepEqual(await h.completed(key), [
        'start',
        'route',
        'review',
        'sign',
        'end',
        'dossier_review',
      ])
    }
  })

  test('it should keep the timer of a mapped boundary event and open the new message boundary event', async ({
    assert,
  }) => {
    // given an instance of version 1 at 'review' with its 5-day timer
    const h = harness()
    const { v1, v2 } = await twoVersions(h)
    const key = await startOn(h, v1, { dossierId: 'D-7' })
    await h.advance(DAY)
    const [timerBefore] = (await h.records(key)).filter((r) => r.valueType === 'TIMER')

    // when migrated with the boundary event mapped
    await h.engine.migrateProcessInstance(key, {
      targetProcessDefinitionKey: v2,
      mappingInstructions: [
        ...REVIEW_MAPPING,
        { sourceElementId: 'review_overdue', targetElementId: 'review_overdue' },
      ],
    })

    // then the timer stays (no new one), and the withdraw message now reaches the instance
    assert.deepEqual(await h.history(key, ['TIMER', 'MESSAGE_SUBSCRIPTION']), [
      'TIMER:CREATED:review_overdue',
      'MESSAGE_SUBSCRIPTION:CREATED:withdrawn',
    ])
    await h.advance(4 * DAY)
    assert.deepEqual(await h.history(key, ['TIMER']), [
      'TIMER:CREATED:review_overdue',
      'TIMER:TRIGGERED:review_overdue',
    ])
    const timerRecords = (await h.records(key)).filter((r) => r.valueType === 'TIMER')
    assert.equal(timerRecords[1].key, timerBefore.key)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.include(await h.completed(key), 'overdue_end')

    // an unmapped boundary event closes instead
    const other = await startOn(h, v1, { dossierId: 'D-8' })
    await h.engine.migrateProcessInstance(other, {
      targetProcessDefinitionKey: v2,
      mappingInstructions: REVIEW_MAPPING,
    })
    assert.deepEqual(await h.history(other, ['TIMER', 'MESSAGE_SUBSCRIPTION']), [
      'TIMER:CREATED:review_overdue',
      'TIMER:CANCELED:review_overdue',
      'TIMER:CREATED:review_overdue',
      'MESSAGE_SUBSCRIPTION:CREATED:withdrawn',
    ])
    await h.engine.publishMessage({ name: 'withdraw', correlationKey: 'D-8' })
    assert.include(await h.completed(other), 'withdrawn_end')
  })

  test('it should migrate nothing when one instance waits on an element without a mapping', async ({
    assert,
  }) => {
    // given 3 instances at 'review' and one at 'legacy_check' (gone from version 2)
    const h = harness()
    const { v1, v2 } = await twoVersions(h)
    const keys = [
      await startOn(h, v1, { dossierId: 'A' }),
      await startOn(h, v1, { dossierId: 'B' }),
      await startOn(h, v1, { dossierId: 'C', path: 'legacy' }),
      await startOn(h, v1, { dossierId: 'D' }),
    ]
    const before = await Promise.all(keys.map(async (key) => (await h.records(key)).length))

    // when all are migrated
    const error = await h.engine
      .migrateProcessInstances({
        filter: { processDefinitionKey: v1 },
        migrationPlan: { targetProcessDefinitionKey: v2, mappingInstructions: REVIEW_MAPPING },
      })
      .catch((e) => e)

    // then the request fails with the reason, and no instance moved
    assert.instanceOf(error, InvalidArgumentError)
    assert.equal(
      error.message,
      `Expected to migrate process instance '${keys[2]}' but no mapping instruction defined for active element with id 'legacy_check'. Elements cannot be migrated without a mapping.`
    )
    const onV1 = await h.engine.searchProcessInstances({ filter: { processDefinitionKey: v1 } })
    assert.equal(onV1.page.totalItems, 4)
    const after = await Promise.all(keys.map(async (key) => (await h.records(key)).length))
    assert.deepEqual(after, before)
    const jobs = await h.engine.searchJobs({ filter: { processDefinitionKey: v2 } })
    assert.equal(jobs.page.totalItems, 0)
  })

  test('it should reject plans that cannot be carried out, with the reason', async ({ assert }) => {
    // given an instance of version 1 at 'review'
    const h = harness()
    const { v1, v2 } = await twoVersions(h)
    const key = await startOn(h, v1, { dossierId: 'A' })
    const other = (await h.deploy('admin/suspension.bpmn')).processes[0].processDefinitionKey
    const migrate = (
      mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>,
      target = v2
    ) =>
      h.engine
        .migrateProcessInstance(key, { targetProcessDefinitionKey: target, mappingInstructions })
        .catch((e) => e)

    // then
    const changedType = await migrate([{ sourceElementId: 'review', targetElementId: 'end' }])
    assert.instanceOf(changedType, InvalidArgumentError)
    assert.equal(
      changedType.message,
      `Expected to migrate process instance '${key}' but active element with id 'review' and type 'USER_TASK' is mapped to an element with id 'end' and different type 'END_EVENT'. Elements must be mapped to elements of the same type.`
    )
    const duplicate = await migrate([
      ...REVIEW_MAPPING,
      { sourceElementId: 'review', targetElementId: 'sign' },
    ])
    assert.match(duplicate.message, /non-unique source element id 'review'/)
    const unknownSource = await migrate([{ sourceElementId: 'nope', targetElementId: 'review' }])
    assert.match(unknownSource.message, /non-existing source element id 'nope'/)
    const unknownTarget = await migrate([{ sourceElementId: 'review', targetElementId: 'nope' }])
    assert.match(unknownTarget.message, /non-existing target element id 'nope'/)
    const otherProcess = await migrate(REVIEW_MAPPING, other)
    assert.match(otherProcess.message, /is a version of process 'suspendable'/)
    const noTarget = await migrate(REVIEW_MAPPING, '424242')
    assert.instanceOf(noTarget, NotFoundError)
    const noInstance = await h.engine
      .migrateProcessInstance('777', {
        targetProcessDefinitionKey: v2,
        mappingInstructions: REVIEW_MAPPING,
      })
      .catch((e) => e)
    assert.instanceOf(noInstance, NotFoundError)
    assert.equal((await h.engine.getProcessInstance(key)).processDefinitionKey, v1)
  })

  test('it should refuse to move an element into another flow scope, and migrate inside a sub-process', async ({
    assert,
  }) => {
    // given an instance of 'repairable' at 'inner' inside 'sub', one at 'first'
    const h = harness()
    const v1 = (await h.deploy('admin/modification.bpmn')).processes[0].processDefinitionKey
    const flat = (await h.deploy('admin/modification_flat.bpmn')).processes[0].processDefinitionKey
    const inside = await startOn(h, v1, { dossierId: 'A' })
    await h.completeAll('first')
    const before = await startOn(h, v1, { dossierId: 'B' })

    // when 'inner' is mapped to the 'inner' that runs at the process level in the target
    const error = await h.engine
      .migrateProcessInstance(inside, {
        targetProcessDefinitionKey: flat,
        mappingInstructions: [
          { sourceElementId: 'sub', targetElementId: 'sub' },
          { sourceElementId: 'inner', targetElementId: 'inner' },
        ],
      })
      .catch((e) => e)

    // then it is refused with the reason
    assert.instanceOf(error, InvalidArgumentError)
    assert.equal(
      error.message,
      `Expected to migrate process instance '${inside}' but the flow scope of active element with id 'inner' is changed. The flow scope of the active element is expected to be 'sub' but was 'repairable'. The flow scope of an element cannot be changed during migration yet.`
    )

    // and an instance inside the sub-process moves when its task maps inside the sub-process
    await h.engine.migrateProcessInstance(inside, {
      targetProcessDefinitionKey: flat,
      mappingInstructions: [
        { sourceElementId: 'sub', targetElementId: 'sub' },
        { sourceElementId: 'inner', targetElementId: 'check' },
      ],
    })
    // (its job keeps its type, as in Zeebe; the element is 'check' now)
    const [live] = (
      await h.engine.searchElementInstances({
        filter: { processInstanceKey: inside, state: 'ACTIVE', type: 'SERVICE_TASK' },
      })
    ).items
    assert.equal(live.elementId, 'check')
    assert.equal(live.processDefinitionKey, flat)
    const [moved] = await h.completeAll('inner')
    assert.equal(moved.processInstanceKey, inside)
    assert.equal(await h.state(inside), 'COMPLETED')
    assert.deepEqual((await h.completed(inside)).slice(-5), [
      'check',
      'sub_end',
      'sub',
      'end',
      'repairable',
    ])

    // and one at 'first' takes the new path of the target
    await h.engine.migrateProcessInstance(before, {
      targetProcessDefinitionKey: flat,
      mappingInstructions: [{ sourceElementId: 'first', targetElementId: 'first' }],
    })
    await h.completeAll('first')
    await h.completeAll('inner')
    await h.completeAll('check')
    assert.deepEqual(await h.completed(before), [
      'start',
      'first',
      'inner',
      'sub_start',
      'check',
      'sub_end',
      'sub',
      'end',
      'repairable',
    ])
  })

  test('it should keep the message subscription of a mapped boundary event, with its correlation key', async ({
    assert,
  }) => {
    // given an instance of version 2 at 'review', subscribed to 'withdraw' for D-9
    const h = harness()
    const { v2 } = await twoVersions(h)
    const v3 = (await h.deploy('admin/migration_v3.bpmn')).processes[0].processDefinitionKey
    const key = await startOn(h, v2, { dossierId: 'D-9' })
    const [opened] = (await h.records(key)).filter((r) => r.valueType === 'MESSAGE_SUBSCRIPTION')

    // when migrated to version 3 with the boundary events mapped
    await h.engine.migrateProcessInstance(key, {
      targetProcessDefinitionKey: v3,
      mappingInstructions: [
        ...REVIEW_MAPPING,
        { sourceElementId: 'withdrawn', targetElementId: 'withdrawn' },
        { sourceElementId: 'review_overdue', targetElementId: 'review_overdue' },
      ],
    })

    // then the same subscription stays open on version 3 (no record closes or reopens it)
    const subscriptions = await h.engine.searchMessageSubscriptions({
      filter: { processInstanceKey: key, messageSubscriptionState: 'CREATED' },
    })
    assert.lengthOf(subscriptions.items, 1)
    assert.equal(subscriptions.items[0].messageSubscriptionKey, opened.key)
    assert.equal(subscriptions.items[0].processDefinitionKey, v3)
    assert.equal(subscriptions.items[0].correlationKey, 'D-9')
    assert.deepEqual(await h.history(key, ['MESSAGE_SUBSCRIPTION', 'TIMER']), [
      'TIMER:CREATED:review_overdue',
      'MESSAGE_SUBSCRIPTION:CREATED:withdrawn',
    ])

    // and the message still reaches it
    await h.engine.publishMessage({ name: 'withdraw', correlationKey: 'D-9' })
    assert.include(await h.completed(key), 'withdrawn_end')
    assert.equal((await h.engine.getProcessInstance(key)).processDefinitionVersion, 3)
  })
})

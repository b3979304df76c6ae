import { test } from '@japa/runner'
import type { EngineRecord } from '../../src/state/entities.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Records', ({ harness }) => {
  test('it should hand every committed record to listeners, in order', async ({ assert }) => {
    // given
    const h = harness()
    const seen: EngineRecord[] = []
    h.engine.onRecords((records) => seen.push(...records))
    h.engine.onRecords(() => {
      throw new Error('a broken listener changes nothing')
    })
    await h.deploy('single_task.bpmn')

    // when
    const key = await h.start('single_task', { a: 1 })
    await h.completeAll('work')

    // then
    const stored = await h.records(key)
    assert.deepEqual(
      seen
        .filter((record) => record.processInstanceKey === key)
        .map((r) => `${r.valueType}:${r.intent}:${r.key}`),
      stored.map((r) => `${r.valueType}:${r.intent}:${r.key}`)
    )
    assert.deepEqual(
      seen
        .filter((record) => record.processInstanceKey === null)
        .map((r) => `${r.valueType}:${r.intent}`),
      ['PROCESS:CREATED', 'DEPLOYMENT:CREATED']
    )
    assert.isTrue(stored.every((record) => record.timestamp === h.clock.now()))
  })

  test('it should page through the record log after a position', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    await h.start('single_task')

    // when
    const first = await h.engine.searchRecords({ page: { limit: 3 } })
    const next = await h.engine.searchRecords({
      filter: { positionAfter: first.items[2].position },
      page: { limit: 3 },
    })
    const jobs = await h.engine.searchRecords({ filter: { valueType: 'JOB' } })

    // then
    assert.equal(first.page.totalItems, next.page.totalItems + 3)
    assert.isAbove(Number(next.items[0].position), Number(first.items[2].position))
    assert.deepEqual(
      jobs.items.map((record) => record.intent),
      ['CREATED']
    )
  })

  test('it should record published messages (expired at once without a time to live) and broadcast signals', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const message = await h.engine.publishMessage({
      name: 'paid',
      correlationKey: 'O-1',
      timeToLive: 0,
    })
    const signal = await h.engine.broadcastSignal({ signalName: 'closing' })

    // then
    const records = (await h.engine.searchRecords({ filter: { key: message.messageKey } })).items
    assert.deepEqual(
      records.map((record) => `${record.valueType}:${record.intent}:${record.value.name}`),
      ['MESSAGE:PUBLISHED:paid', 'MESSAGE:EXPIRED:paid']
    )
    assert.equal(signal.tenantId, '<default>')
  })
})

import { test } from '@japa/runner'
import { storeKinds } from '../support/stores.js'

/**
 * The store's multi-row writes keep every value exactly: on MySQL/MariaDB the values are
 * written into the statements (not bound), so text with quotes, backslashes, placeholders,
 * NUL and line breaks, non-ASCII text, large keys and long batches must come back unchanged.
 */
for (const kind of storeKinds()) {
  test.group(`SQL store writes (${kind.name})`, (group) => {
    let opened: Awaited<ReturnType<typeof kind.open>>
    group.setup(async () => {
      opened = await kind.open()
      return () => opened.close()
    })
    group.each.setup(() => opened.reset())

    test('it should read back every value written by multi-row inserts and upserts', async ({
      assert,
    }) => {
      // given text that needs escaping, in a record value and in a message
      const awkward = [
        `it's "quoted" \\ back\\slash`,
        'a ? and ?? and :name placeholder',
        'NUL \u0000 ctrl-z \u001a tab\t cr\r lf\n end',
        'Tiếng Việt — 🚀 ✓',
        "'; DROP TABLE engine_records; --",
        '',
      ]
      const records = Array.from({ length: 2500 }, (_, index) => ({
        record_key: String(2251799813685249 + index),
        value_type: 'VARIABLE',
        intent: 'CREATED',
        process_instance_key: '2251799813685248',
        element_id: awkward[index % awkward.length].slice(0, 200) || null,
        timestamp: 1_700_000_000_000 + index,
        record_value: JSON.stringify({ value: awkward[index % awkward.length], index }),
      }))

      // when they are written in one transaction, then upserted
      await opened.store.transaction((tx) =>
        tx.write({
          inserts: [{ table: 'engine_records', rows: records }],
          upserts: [
            {
              table: 'engine_messages',
              rows: [
                {
                  message_key: '2251799813690000',
                  tenant_id: '<default>',
                  message_name: awkward[0],
                  correlation_key: awkward[2],
                  message_id: null,
                  message_id_hash: null,
                  variables: JSON.stringify({ text: awkward[3] }),
                  deadline: 1_700_000_000_000,
                  correlated_processes: '[]',
                  created_at: 1_700_000_000_000,
                },
              ],
            },
          ],
          deletes: [],
        })
      )
      await opened.store.transaction((tx) =>
        tx.write({
          inserts: [],
          upserts: [
            {
              table: 'engine_messages',
              rows: [
                {
                  message_key: '2251799813690000',
                  tenant_id: '<default>',
                  message_name: awkward[4],
                  correlation_key: awkward[1],
                  message_id: null,
                  message_id_hash: null,
                  variables: '{}',
                  deadline: 1_700_000_000_001,
                  correlated_processes: '[]',
                  created_at: 1_700_000_000_000,
                },
              ],
            },
          ],
          deletes: [],
        })
      )

      // then every value comes back as written
      const rows = await opened.store.query('engine_records', {
        where: { process_instance_key: '2251799813685248' },
        orderBy: [{ column: 'position', order: 'asc' }],
      })
      assert.lengthOf(rows, records.length)
      rows.forEach((row, index) => {
        assert.equal(String(row.record_key), records[index].record_key)
        assert.equal(row.element_id, records[index].element_id)
        assert.equal(Number(row.timestamp), records[index].timestamp)
        assert.deepEqual(JSON.parse(String(row.record_value)), {
          value: awkward[index % awkward.length],
          index,
        })
      })
      const [message] = await opened.store.query('engine_messages', {
        where: { message_key: '2251799813690000' },
      })
      assert.equal(message.message_name, awkward[4])
      assert.equal(message.correlation_key, awkward[1])
      assert.equal(Number(message.deadline), 1_700_000_000_001)
    })

    test('it should let later reads see earlier writes, and roll back every write when a later one fails', async ({
      assert,
    }) => {
      // given a transaction that writes a message, reads it back, then writes a record and a
      // second message with the same message id (a unique index)
      const message = (messageKey: string) => ({
        message_key: messageKey,
        tenant_id: '<default>',
        message_name: 'kept',
        correlation_key: 'order-1',
        message_id: 'once',
        message_id_hash: 'kept-once',
        variables: '{}',
        deadline: 1_700_000_000_000,
        correlated_processes: '[]',
        created_at: 1_700_000_000_000,
      })
      const record = {
        record_key: '2251799813685251',
        value_type: 'MESSAGE',
        intent: 'PUBLISHED',
        process_instance_key: null,
        element_id: null,
        timestamp: 1_700_000_000_000,
        record_value: '{}',
      }
      let seen: unknown[] = []
      const failed = opened.store.transaction(async (tx) => {
        await tx.write({
          inserts: [{ table: 'engine_messages', rows: [message('2251799813685260')] }],
          upserts: [],
          deletes: [],
        })
        seen = await tx.query('engine_messages', { where: { message_name: 'kept' } })
        await tx.write({
          inserts: [
            { table: 'engine_records', rows: [record] },
            { table: 'engine_messages', rows: [message('2251799813685261')] },
          ],
          upserts: [],
          deletes: [],
        })
      })

      // then the read saw the first write, the transaction failed, and nothing of it stayed
      await assert.rejects(() => failed)
      assert.lengthOf(seen, 1)
      assert.lengthOf(
        await opened.store.query('engine_messages', { where: { message_name: 'kept' } }),
        0
      )
      assert.lengthOf(
        await opened.store.query('engine_records', { where: { record_key: record.record_key } }),
        0
      )
    })
  })
}

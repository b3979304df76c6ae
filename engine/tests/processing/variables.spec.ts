import { test } from '@japa/runner'
import { InvalidVariablesError, NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Variables', ({ harness }) => {
  test('it should give a job its input mappings as local variables, each seeing the earlier ones', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('io_mapping.bpmn')
    const key = await h.start('io_mapping', { order: { total: 21, customer: 'C-1' } })

    // when
    const [job] = await h.activate('compute')

    // then
    assert.deepEqual(job.variables, {
      order: { total: 21, customer: 'C-1' },
      amount: 21,
      doubled: 42,
    })
    assert.deepEqual(Object.keys(await h.variables(key)), ['order'])
  })

  test('it should keep job variables local and apply output mappings to the enclosing scope', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('io_mapping.bpmn')
    const key = await h.start('io_mapping', { order: { total: 21, customer: 'C-1' } })

    // when the job returns a result and an extra variable
    await h.completeAll('compute', { result: 'ok', extra: 1 })

    // then only the output mappings reach the process, the nested target merged in
    assert.deepEqual(await h.variables(key), {
      order: { total: 21, customer: 'C-1', checked: 'ok' },
      seenAmount: 21,
    })
  })

  test('it should merge job variables without output mappings where they live, else at the root', async ({
    assert,
  }) => {
    // given a sub-process with a local variable orderId
    const h = harness()
    await h.deploy('sub_process.bpmn')
    const key = await h.start('sub_process', { order: { id: 'O-9' } })
    const [inner] = await h.activate('inner')
    assert.deepEqual(inner.variables, { order: { id: 'O-9' }, orderId: 'O-9' })

    // when the inner job sets orderId and a new variable
    await h.engine.completeJob(inner.jobKey, { orderId: 'O-10', inner: 'done' })

    // then orderId stayed in the sub-process scope; inner went to the root and was mapped out
    const [after] = await h.activate('after')
    assert.deepEqual(after.variables, { order: { id: 'O-9' }, inner: 'done', subResult: 'done' })
    const local = await h.engine.searchVariables({
      filter: { processInstanceKey: key, name: 'orderId' },
    })
    assert.deepEqual(
      local.items.map((variable) => variable.value),
      ['"O-10"']
    )
    assert.notEqual(local.items[0].scopeKey, key)
  })

  test('it should set variables on a scope, propagated or local', async ({ assert }) => {
    // given an instance waiting in a sub-process
    const h = harness()
    await h.deploy('sub_process.bpmn')
    const key = await h.start('sub_process', { order: { id: 'O-1' }, status: 'new' })
    const sub = (
      await h.engine.searchElementInstances({
        filter: { processInstanceKey: key, elementId: 'sub' },
      })
    ).items[0]

    // when
    await h.engine.setVariables(sub.elementInstanceKey, { status: 'checked', note: 'n' })
    await h.engine.setVariables(sub.elementInstanceKey, { draft: true }, true)

    // then status was updated at the root, note created at the root, draft kept in the sub-process
    assert.deepEqual(await h.variables(key), { order: { id: 'O-1' }, status: 'checked', note: 'n' })
    const [job] = await h.activate('inner')
    assert.equal(job.variables.draft, true)
    const updates = (await h.records(key))
      .filter((r) => r.valueType === 'VARIABLE')
      .map((r) => `${r.value.name}:${r.intent}`)
    assert.includeMembers(updates, ['status:UPDATED', 'note:CREATED', 'draft:CREATED'])
  })

  test('it should not record an update that does not change a value', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task', { a: { deep: [1, 2] } })

    // when
    await h.engine.setVariables(key, { a: { deep: [1, 2] } })

    // then
    const variableRecords = (await h.records(key)).filter((r) => r.valueType === 'VARIABLE')
    assert.lengthOf(variableRecords, 1)
  })

  test('it should refuse variables that are not JSON or too large, with a clear error', async ({
    assert,
  }) => {
    // given
    const h = harness({ maxVariableBytes: 1_000 })
    await h.deploy('single_task.bpmn')
    const key = await h.start('single_task')

    // then
    await assert.rejects(
      () => h.engine.setVariables(key, { when: new Date() as never }),
      'Expected variables to be JSON values, but found variables.when (a Date)'
    )
    await assert.rejects(
      () => h.engine.setVariables(key, { text: 'x'.repeat(2_000) }),
      "Expected variable 'text' to be at most 1000 bytes as JSON, but it is 2002 bytes"
    )
    await assert.rejects(() => h.engine.setVariables(key, [] as never), InvalidVariablesError)
    await assert.rejects(() => h.engine.setVariables('2251799813999999', { a: 1 }), NotFoundError)
  })
})

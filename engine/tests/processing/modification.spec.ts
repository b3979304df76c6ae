import { test } from '@japa/runner'
import { InvalidArgumentError, NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Instance modification', ({ harness }) => {
  test('it should activate an element inside a flow scope that does not run yet, with variables, and terminate the stuck one', async ({
    assert,
  }) => {
    // given an instance stuck on 'first'
    const h = harness()
    await h.deploy('admin/modification.bpmn')
    const key = await h.start('repairable', { dossierId: 'D-1' })
    const [stuck] = await h.activate('first')

    // when an administrator moves it to 'inner' (inside 'sub') with variables
    await h.engine.modifyProcessInstance(key, {
      activateInstructions: [
        {
          elementId: 'inner',
          variableInstructions: [
            { variables: { repairedBy: 'admin' } },
            { variables: { attempt: 2 }, scopeId: 'sub' },
          ],
        },
      ],
      terminateInstructions: [{ elementInstanceKey: stuck.elementInstanceKey }],
    })

    // then the sub-process was created around 'inner', and 'first' was terminated
    const trail = await h.trail(key)
    assert.deepEqual(trail.slice(trail.indexOf('first:ELEMENT_ACTIVATED') + 1), [
      'sub:ELEMENT_ACTIVATING',
      'sub:ELEMENT_ACTIVATED',
      'inner:ELEMENT_ACTIVATING',
      'inner:ELEMENT_ACTIVATED',
      'first:ELEMENT_TERMINATING',
      'first:ELEMENT_TERMINATED',
    ])
    const history = await h.history(key, ['PROCESS_INSTANCE_MODIFICATION', 'VARIABLE'])
    assert.deepEqual(history, [
      'VARIABLE:CREATED',
      'PROCESS_INSTANCE_MODIFICATION:MODIFIED',
      'VARIABLE:CREATED',
      'VARIABLE:CREATED',
    ])
    const [inner] = await h.activate('inner')
    assert.equal(inner.variables.attempt, 2)
    assert.equal(inner.variables.repairedBy, 'admin')
    const sub = (
      await h.engine.searchElementInstances({
        filter: { processInstanceKey: key, elementId: 'sub' },
      })
    ).items[0]
    const local = await h.engine.searchVariables({ filter: { scopeKey: sub.elementInstanceKey } })
    assert.deepEqual(
      local.items.map((variable) => `${variable.name}=${variable.value}`),
      ['attempt=2']
    )
    assert.lengthOf(await h.activate('first'), 0)

    // and the instance runs on to the end
    await h.engine.completeJob(inner.jobKey)
    await h.completeAll('last')
    assert.equal(await h.state(key), 'COMPLETED')
  })

  test('it should terminate the instance when its last element instance is terminated', async ({
    assert,
  }) => {
    // given an instance inside the sub-process
    const h = harness()
    await h.deploy('admin/modification.bpmn')
    const key = await h.start('repairable', { dossierId: 'D-1' })
    await h.completeAll('first')
    const [inner] = await h.activate('inner')

    // when its only task is terminated
    await h.engine.modifyProcessInstance(key, {
      terminateInstructions: [{ elementInstanceKey: inner.elementInstanceKey }],
    })

    // then nothing is left: the sub-process and the instance are terminated (not completed)
    assert.equal(await h.state(key), 'TERMINATED')
    assert.deepEqual(await h.trail(key, ['ELEMENT_TERMINATED']), [
      'inner:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'repairable:ELEMENT_TERMINATED',
    ])
    assert.notInclude(await h.completed(key), 'last')
  })

  test('it should activate an element in a given ancestor and run it beside what runs', async ({
    assert,
  }) => {
    // given an instance inside the sub-process
    const h = harness()
    await h.deploy('admin/modification.bpmn')
    const key = await h.start('repairable', { dossierId: 'D-1' })
    await h.completeAll('first')

    // when 'last' is activated in the process instance (ancestor given)
    await h.engine.modifyProcessInstance(key, {
      activateInstructions: [{ elementId: 'last', ancestorElementInstanceKey: key }],
    })

    // then both run
    assert.lengthOf(await h.completeAll('last'), 1)
    assert.equal(await h.state(key), 'ACTIVE')
    await h.completeAll('inner')
    await h.completeAll('last')
    assert.equal(await h.state(key), 'COMPLETED')
    assert.equal(await h.timesCompleted(key, 'last'), 2)
  })

  test('it should reject an invalid modification before anything changes', async ({ assert }) => {
    // given an instance at 'first'
    const h = harness()
    await h.deploy('admin/modification.bpmn')
    const key = await h.start('repairable', { dossierId: 'D-1' })
    const [first] = await h.activate('first')
    const before = (await h.records(key)).length
    const attempt = (request: Parameters<typeof h.engine.modifyProcessInstance>[1]) =>
      h.engine.modifyProcessInstance(key, request).catch((error) => error)

    // then each of these is refused with its reason
    const unknown = await attempt({
      activateInstructions: [{ elementId: 'nowhere' }],
      terminateInstructions: [{ elementInstanceKey: first.elementInstanceKey }],
    })
    assert.instanceOf(unknown, InvalidArgumentError)
    assert.equal(
      unknown.message,
      "Expected to modify instance of process 'repairable' but it contains one or more activate instructions with an element that could not be found: 'nowhere'"
    )
    const inEventSubProcess = await attempt({
      activateInstructions: [{ elementId: 'escalation_task' }],
    })
    assert.instanceOf(inEventSubProcess, InvalidArgumentError)
    assert.match(
      inEventSubProcess.message,
      /inside an event sub-process: 'escalation_task' is inside 'escalation'/
    )
    const startEvent = await attempt({ activateInstructions: [{ elementId: 'sub_start' }] })
    assert.match(startEvent.message, /unsupported: 'sub_start'/)
    const root = await attempt({ terminateInstructions: [{ elementInstanceKey: key }] })
    assert.instanceOf(root, InvalidArgumentError)
    assert.match(root.message, /terminate instructions for the process instance itself/)
    const gone = await attempt({ terminateInstructions: [{ elementInstanceKey: '123' }] })
    assert.match(gone.message, /element instance that could not be found: '123'/)
    const badAncestor = await attempt({
      activateInstructions: [
        { elementId: 'inner', ancestorElementInstanceKey: first.elementInstanceKey },
      ],
    })
    assert.match(badAncestor.message, /is not an ancestor of the element to activate/)
    const badScope = await attempt({
      activateInstructions: [
        { elementId: 'last', variableInstructions: [{ variables: { a: 1 }, scopeId: 'sub' }] },
      ],
    })
    assert.match(
      badScope.message,
      /scope element id that is not the element to activate or one of its flow scopes: 'sub'/
    )
    const empty = await attempt({})
    assert.instanceOf(empty, InvalidArgumentError)
    const missing = await h.engine
      .modifyProcessInstance('999', { activateInstructions: [{ elementId: 'last' }] })
      .catch((error) => error)
    assert.instanceOf(missing, NotFoundError)

    // and nothing was written
    assert.lengthOf(await h.records(key), before)
    assert.lengthOf(await h.activate('last'), 0)
  })

  test('it should keep what a modification opens in a suspended instance suspended', async ({
    assert,
  }) => {
    // given a suspended instance at 'first'
    const h = harness()
    await h.deploy('admin/modification.bpmn')
    const key = await h.start('repairable', { dossierId: 'D-1' })
    const [first] = await h.activate('first')
    await h.engine.suspendProcessInstance(key)

    // when it is moved to 'last' while suspended
    await h.engine.modifyProcessInstance(key, {
      activateInstructions: [{ elementId: 'last' }],
      terminateInstructions: [{ elementInstanceKey: first.elementInstanceKey }],
    })

    // then the new job is not handed out until the instance resumes
    assert.equal(await h.state(key), 'SUSPENDED')
    assert.lengthOf(await h.activate('last'), 0)
    await h.engine.resumeProcessInstance(key)
    assert.lengthOf(await h.completeAll('last'), 1)
    assert.equal(await h.state(key), 'COMPLETED')
  })
})

import { test } from '@japa/runner'
import { DeploymentRejectedError } from '../../src/errors.js'
import { fixture, storeGroup } from '../support/harness.js'

storeGroup('Deployment', ({ harness }) => {
  test('it should version a process: identical gives the same version, changed a new one', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const first = await h.deploy('single_task.bpmn')

    // when
    const same = await h.deploy('single_task.bpmn')
    const changed = (await fixture('single_task.bpmn'))
      .toString()
      .replace('type="work"', 'type="work-v2"')
    const second = await h.engine.deploy([{ name: 'single_task.bpmn', content: changed }])

    // then
    assert.deepEqual(same.processes, first.processes)
    assert.equal(first.processes[0].processDefinitionVersion, 1)
    assert.equal(second.processes[0].processDefinitionVersion, 2)
    assert.notEqual(
      second.processes[0].processDefinitionKey,
      first.processes[0].processDefinitionKey
    )
    const latest = await h.engine.searchProcessDefinitions({ filter: { isLatestVersion: true } })
    assert.deepEqual(
      latest.items.map((definition) => definition.version),
      [2]
    )
    await h.start('single_task')
    assert.lengthOf(await h.activate('work-v2'), 1)
    await h.engine.createProcessInstance({
      processDefinitionId: 'single_task',
      processDefinitionVersion: 1,
    })
    assert.lengthOf(await h.activate('work'), 1)
  })

  test('it should deploy every executable process of a file, and keep its XML', async ({
    assert,
  }) => {
    // when
    const h = harness()
    const deployment = await h.deploy('two_processes.bpmn')

    // then
    assert.deepEqual(
      deployment.processes.map((process) => process.processDefinitionId),
      ['first_process', 'second_process']
    )
    const xml = await h.engine.getProcessDefinitionXml(deployment.processes[1].processDefinitionKey)
    assert.include(xml, 'id="second_process"')
    const definition = await h.engine.getProcessDefinition(
      deployment.processes[0].processDefinitionKey
    )
    assert.include(definition, {
      processDefinitionId: 'first_process',
      version: 1,
      resourceName: 'two_processes.bpmn',
    })
    assert.equal(await h.state(await h.start('second_process')), 'COMPLETED')
  })

  test('it should version forms by id and link them to user tasks', async ({ assert }) => {
    // given
    const h = harness()
    const first = await h.deploy('approval.form')

    // when
    const same = await h.deploy('approval.form')
    const changed = (await fixture('approval.form')).toString().replace('Approved', 'Approve')
    const second = await h.engine.deploy([{ name: 'approval.form', content: changed }])

    // then
    assert.deepEqual(same.forms, first.forms)
    assert.deepEqual([first.forms[0].version, second.forms[0].version], [1, 2])
    const form = await h.engine.getForm(second.forms[0].formKey)
    assert.include(form, { formId: 'approval-form', version: 2 })
    assert.include(form.schema, 'Approve')
  })

  test('it should reject a deployment listing every problem of every resource', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const error = await h.engine
      .deploy([
        { name: 'invalid.bpmn', content: await fixture('invalid_elements.bpmn') },
        { name: 'broken.form', content: '{ not json' },
        { name: 'rules.dmn', content: '<definitions/>' },
      ])
      .catch((caught: unknown) => caught)

    // then
    assert.instanceOf(error, DeploymentRejectedError)
    const problems = (error as DeploymentRejectedError).problems
    assert.deepEqual(
      problems.map((problem) => `${problem.resourceName}#${problem.elementId}`),
      [
        'invalid.bpmn#no_type',
        'invalid.bpmn#call',
        'invalid.bpmn#f5',
        'invalid.bpmn#f4',
        'broken.form#null',
        'rules.dmn#null',
      ]
    )
    assert.isTrue(problems.every((problem) => problem.message.startsWith('Expected')))
    assert.equal((error as DeploymentRejectedError).status, 400)
    assert.equal((await h.engine.searchProcessDefinitions()).page.totalItems, 0)
  })
})

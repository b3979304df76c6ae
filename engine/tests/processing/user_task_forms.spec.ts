import { test } from '@japa/runner'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import { fixture, storeGroup } from '../support/harness.js'

storeGroup('User task forms and priorities', ({ harness }) => {
  test('it should link forms by version tag, by deployment and by latest version', async ({
    assert,
  }) => {
    // given contact v1, then v2, then the process deployed together with v1's content again
    const h = harness()
    await h.deploy('contact_v1.form')
    const v2 = await h.deploy('contact_v2.form')
    const together = await h.engine.deploy([
      { name: 'form_bindings.bpmn', content: await fixture('form_bindings.bpmn') },
      { name: 'contact_v1.form', content: await fixture('contact_v1.form') },
    ])
    const v3 = together.forms[0]
    assert.equal(v3.version, 3)

    // when
    await h.start('form_bindings', { urgency: 90 })
    const formKeys: string[] = []
    for (let step = 0; step < 3; step++) {
      const [job] = await h.activate(USER_TASK_JOB_TYPE)
      formKeys.push(job.customHeaders['io.camunda.zeebe:formKey'])
      await h.engine.completeJob(job.jobKey)
    }

    // then
    assert.deepEqual(formKeys, [v2.forms[0].formKey, v3.formKey, v3.formKey])
  })

  test('it should raise an incident when a user task priority is out of range', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.engine.deploy([
      { name: 'form_bindings.bpmn', content: await fixture('form_bindings.bpmn') },
      { name: 'contact_v2.form', content: await fixture('contact_v2.form') },
    ])
    const key = await h.start('form_bindings', { urgency: 500 })
    await h.completeAll(USER_TASK_JOB_TYPE)
    await h.completeAll(USER_TASK_JOB_TYPE)
    await h.completeAll(USER_TASK_JOB_TYPE)

    // then
    const [incident] = await h.incidents(key)
    assert.include(incident, {
      elementId: 'review',
      errorType: 'EXTRACT_VALUE_ERROR',
      errorMessage: "Expected priority to be a number between 0 and 100, but was '500'",
    })

    // when
    await h.engine.setVariables(key, { urgency: 10 })
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    const [job] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(job.customHeaders['io.camunda.zeebe:priority'], '10')
  })

  test('it should reject a process whose deployment-bound form is not deployed with it', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('contact_v2.form')

    // then
    await assert.rejects(
      () => h.deploy('form_bindings.bpmn'),
      /Expected to find a form with id 'contact' in the same deployment \(bindingType 'deployment'\), but found none/
    )
  })
})

import { test } from '@japa/runner'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import { storeGroup, T0 } from '../support/harness.js'

storeGroup('User tasks', ({ harness }) => {
  test('it should create a user task job with Zeebe headers evaluated at activation', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const forms = await h.deploy('approval.form')
    await h.deploy('user_task.bpmn')

    // when
    const key = await h.start('user_task', { owner: 'linh', unit: 'consular' })

    // then
    const [job] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(job.elementId, 'review')
    assert.equal(job.retries, 1)
    assert.deepEqual(job.customHeaders, {
      'kind': 'review',
      'io.camunda.zeebe:assignee': 'linh',
      'io.camunda.zeebe:candidateGroups': '["consular","legal"]',
      'io.camunda.zeebe:candidateUsers': '["alice","bob"]',
      'io.camunda.zeebe:dueDate': new Date(T0 + 3 * 24 * 3600_000)
        .toISOString()
        .replace('.000Z', 'Z'),
      'io.camunda.zeebe:followUpDate': '2024-06-04T09:00:00Z',
      'io.camunda.zeebe:priority': '70',
      'io.camunda.zeebe:formKey': forms.forms[0].formKey,
    })

    // when the user submits the form
    await h.engine.completeJob(job.jobKey, { approved: true })

    // then the next task carries the embedded form key, and the form can be read
    const [sign] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(sign.customHeaders['io.camunda.zeebe:formKey'], 'camunda-forms:bpmn:sign_form')
    assert.equal(sign.customHeaders['io.camunda.zeebe:priority'], '50')
    const form = await h.engine.getForm('camunda-forms:bpmn:sign_form', sign.processDefinitionKey)
    assert.equal(form.schema, '{"id":"sign","components":[]}')
    assert.deepEqual(await h.variables(key), { owner: 'linh', unit: 'consular', approved: true })
  })

  test('it should raise an incident when the linked form is not deployed, and retry once it is', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('user_task_missing_form.bpmn')

    // when
    const key = await h.start('user_task_missing_form')

    // then
    const [incident] = await h.incidents(key)
    assert.include(incident, {
      errorType: 'FORM_NOT_FOUND',
      errorMessage: "Expected to find a form with id 'unknown-form', but no such form is deployed",
    })

    // when the form is deployed and the incident resolved
    const form = JSON.stringify({ id: 'unknown-form', components: [] })
    const deployment = await h.engine.deploy([{ name: 'unknown.form', content: form }])
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    const [job] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(job.customHeaders['io.camunda.zeebe:formKey'], deployment.forms[0].formKey)
  })
})

import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import DeploymentService from '#services/deployment_service'
import { camundaClient, demoUser } from '#tests/helpers'

const PROCESS_ID = 'resource-deletion-e2e'

/** A process with one service task, whose job type tells the versions apart. */
function bpmn(jobType: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${jobType}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Resource deletion" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

/** A form-js form with one field, whose label tells the versions apart. */
function form(label: string): string {
  return JSON.stringify({
    id: 'resource-deletion-form',
    type: 'default',
    components: [{ type: 'textfield', key: 'note', label }],
  })
}

async function deploy(name: string, content: string) {
  const deployments = await app.container.make(DeploymentService)
  const owner = await demoUser('owner')
  return deployments.deploy([{ name, content: Buffer.from(content) }], {
    id: owner.id,
    email: owner.email,
  })
}

test.group('/v2/resources/{key}/deletion', () => {
  test('it should delete a process definition for a process owner, with problem details when it cannot', async ({
    client,
    assert,
  }) => {
    // given two versions of a process, and an instance of version 2 running
    const v1 = (await deploy('deletion_v1.bpmn', bpmn('deletion-v1'))).processes[0]
    const v2 = (await deploy('deletion_v2.bpmn', bpmn('deletion-v2'))).processes[0]
    const engine = await app.container.make('senflow.engine')
    const running = await engine.createProcessInstance({
      processDefinitionKey: v2.processDefinitionKey,
    })
    const owner = await demoUser('owner')
    const staff = await demoUser('staff')
    const url = `/v2/resources/${v2.processDefinitionKey}/deletion`

    // when staff try, they are not allowed
    ;(await client.post(url).json({}).loginAs(staff)).assertStatus(403)

    // when the owner deletes version 2 while it runs
    const refused = await client.post(url).json({}).loginAs(owner)

    // then it is refused with the reason, and nothing is deleted
    refused.assertStatus(409)
    assert.include(refused.header('content-type'), 'application/problem+json')
    assert.include(refused.body(), { title: 'INVALID_STATE', status: 409, instance: url })
    assert.include(refused.body().detail, '1 instance of it is still running')
    assert.equal((await engine.getProcessDefinition(v2.processDefinitionKey)).version, 2)

    // when the instance ends and the owner deletes version 2
    await engine.cancelProcessInstance(running.processInstanceKey)
    const deleted = await client.post(url).json({ operationReference: 7 }).loginAs(owner)

    // then it is deleted: no instance of it, version 1 is the latest again, in the library too
    deleted.assertStatus(200)
    assert.equal(deleted.text(), '')
    const byKey = await client
      .post('/v2/process-instances')
      .json({ processDefinitionKey: v2.processDefinitionKey })
      .loginAs(owner)
    byKey.assertStatus(404)
    const byId = await client
      .post('/v2/process-instances')
      .json({ processDefinitionId: PROCESS_ID })
      .loginAs(owner)
    byId.assertStatus(200)
    assert.equal(byId.body().processDefinitionKey, v1.processDefinitionKey)
    const model = await db.from('process_models').where('process_id', PROCESS_ID).firstOrFail()
    assert.equal(model.latest_version, 1)
    assert.equal(String(model.latest_definition_key), v1.processDefinitionKey)
    const versions = await db
      .from('process_model_versions')
      .where('process_model_id', model.id)
      .orderBy('version')
    assert.deepEqual(
      versions.map((row) => [row.version, row.deleted_at !== null]),
      [
        [1, false],
        [2, true],
      ]
    )
    const audit = await db
      .from('audit_logs')
      .where('action', 'resource.delete')
      .where('subject_id', v2.processDefinitionKey)
    assert.lengthOf(audit, 1)

    // and a second deletion, or an unknown key, is NOT_FOUND
    const again = await client.post(url).json({}).loginAs(owner)
    again.assertStatus(404)
    assert.include(again.body(), { title: 'NOT_FOUND', status: 404 })
    assert.equal(
      again.body().detail,
      `Expected to delete resource but no resource found with key '${v2.processDefinitionKey}'`
    )
    ;(await client.post('/v2/resources/not-a-key/deletion').json({}).loginAs(owner)).assertStatus(
      404
    )
    const invalid = await client
      .post(`/v2/resources/${v1.processDefinitionKey}/deletion`)
      .json({ operationReference: 'soon' })
      .loginAs(owner)
    invalid.assertStatus(422)
    assert.include(invalid.header('content-type'), 'application/problem+json')

    // and redeploying takes version 3, never 2 again
    const v3 = (await deploy('deletion_v2.bpmn', bpmn('deletion-v2'))).processes[0]
    assert.equal(v3.processDefinitionVersion, 3)
    const latest = await db.from('process_models').where('process_id', PROCESS_ID).firstOrFail()
    assert.equal(latest.latest_version, 3)
  })

  test("it should delete a form with Camunda's own client, the library falling back to the version before", async ({
    assert,
  }) => {
    // given two versions of a form
    const first = (await deploy('deletion.form', form('First'))).forms[0]
    const second = (await deploy('deletion.form', form('Second'))).forms[0]
    assert.equal(second.version, 2)

    // when an admin deletes version 2 with Camunda's client
    await camundaClient().deleteResource({ resourceKey: second.formKey } as any)

    // then the form library's latest version is version 1 again
    const library = await db.from('forms').where('form_id', 'resource-deletion-form').firstOrFail()
    assert.equal(library.latest_version, 1)
    assert.equal(String(library.latest_form_key), first.formKey)
    const deletedVersion = await db
      .from('form_versions')
      .where('form_id', library.id)
      .where('version', 2)
      .firstOrFail()
    assert.isNotNull(deletedVersion.deleted_at)
  })
})

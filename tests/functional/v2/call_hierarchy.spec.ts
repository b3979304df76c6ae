import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'

/** A process that calls `calledId` (or just waits on a job when there is none). */
function processXml(id: string, name: string, calledId: string | null): string {
  const step = calledId
    ? `<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${calledId}" /></bpmn:extensionElements></bpmn:callActivity>`
    : `<bpmn:serviceTask id="call"><bpmn:extensionElements><zeebe:taskDefinition type="call-hierarchy-e2e" /></bpmn:extensionElements></bpmn:serviceTask>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    ${step}
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

test.group('/v2 call activities', () => {
  test('it should link parent and child instances and return the call hierarchy root first', async ({
    client,
    assert,
  }) => {
    // given a three-level chain: dossier → verification → lookup (waiting on a job)
    const deployments = await app.container.make(DeploymentService)
    const owner = await demoUser('owner')
    await deployments.deploy(
      [
        {
          name: 'call_lookup.bpmn',
          content: Buffer.from(processXml('ch-lookup', 'Registry lookup', null)),
        },
        {
          name: 'call_verify.bpmn',
          content: Buffer.from(processXml('ch-verify', 'Verification', 'ch-lookup')),
        },
        {
          name: 'call_dossier.bpmn',
          content: Buffer.from(processXml('ch-dossier', 'Dossier', 'ch-verify')),
        },
      ],
      { id: owner.id, email: owner.email }
    )
    const admin = await demoUser('admin')
    const created = await client
      .post('/v2/process-instances')
      .json({ processDefinitionId: 'ch-dossier' })
      .loginAs(admin)
    created.assertStatus(200)
    const root = created.body().processInstanceKey as string

    // when
    const children = await client
      .post('/v2/process-instances/search')
      .json({ filter: { parentProcessInstanceKey: root } })
      .loginAs(admin)
    const middle = children.body().items[0]
    const leaves = await client
      .post('/v2/process-instances/search')
      .json({ filter: { parentProcessInstanceKey: middle.processInstanceKey } })
      .loginAs(admin)
    const leaf = leaves.body().items[0]
    const hierarchy = await client
      .get(`/v2/process-instances/${leaf.processInstanceKey}/call-hierarchy`)
      .loginAs(admin)

    // then
    children.assertStatus(200)
    assert.lengthOf(children.body().items, 1)
    assert.equal(middle.processDefinitionId, 'ch-verify')
    assert.equal(middle.parentProcessInstanceKey, root)
    assert.isString(middle.parentElementInstanceKey)
    assert.equal(leaf.processDefinitionId, 'ch-lookup')
    hierarchy.assertStatus(200)
    assert.deepEqual(
      hierarchy
        .body()
        .map((entry: Record<string, string>) => [
          entry.processInstanceKey,
          entry.processDefinitionName,
        ]),
      [
        [root, 'Dossier'],
        [middle.processInstanceKey, 'Verification'],
        [leaf.processInstanceKey, 'Registry lookup'],
      ]
    )
    const rootView = await client.get(`/v2/process-instances/${root}`).loginAs(admin)
    assert.notProperty(rootView.body(), 'parentProcessInstanceKey')

    // and cancelling the root ends the whole chain
    const cancelChild = await client
      .post(`/v2/process-instances/${leaf.processInstanceKey}/cancellation`)
      .loginAs(admin)
    cancelChild.assertStatus(409)
    assert.match(
      cancelChild.body().detail ?? cancelChild.body().errors[0].message,
      new RegExp(`Cancel the root process instance '${root}' instead`)
    )
    ;(await client.post(`/v2/process-instances/${root}/cancellation`).loginAs(admin)).assertStatus(
      204
    )
    const ended = await client
      .get(`/v2/process-instances/${leaf.processInstanceKey}`)
      .loginAs(admin)
    assert.equal(ended.body().state, 'TERMINATED')
  })

  test('it should answer 404 for an unknown instance and 403 without monitoring rights', async ({
    client,
  }) => {
    // given
    const admin = await demoUser('admin')
    const staff = await demoUser('staff')

    // when / then
    ;(
      await client.get('/v2/process-instances/999999999/call-hierarchy').loginAs(admin)
    ).assertStatus(404)
    ;(
      await client.get('/v2/process-instances/999999999/call-hierarchy').loginAs(staff)
    ).assertStatus(403)
  })
})

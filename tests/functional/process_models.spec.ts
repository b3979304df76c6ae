import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { demoUser } from '#tests/helpers'

const IMPORTED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="imported-process" name="Imported" isExecutable="true">
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>`

test.group('Studio / process library', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should create a blank model that opens as a Zeebe-dialect BPMN with a start event', async ({
    client,
    assert,
  }) => {
    const owner = await demoUser('owner')
    const created = await client
      .post('/api/process-models')
      .json({ name: 'Cấp phép hội thảo' })
      .loginAs(owner)
    created.assertStatus(201)
    const body = created.body()
    assert.equal(body.status, 'draft')
    assert.equal(body.draftRevision, 1)
    assert.match(body.processId, /^Process_[0-9a-f]{8}$/)
    assert.include(body.xml, 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"')
    assert.include(body.xml, 'name="Cấp phép hội thảo"')
    assert.include(body.xml, '<bpmndi:BPMNShape')
    assert.equal(body.updatedBy.email, 'owner@demo.senflow.local')
  })

  test('it should import a BPMN file, list it, and refuse a second model with the same process id', async ({
    client,
    assert,
  }) => {
    const owner = await demoUser('owner')
    const imported = await client.post('/api/process-models').json({ xml: IMPORTED }).loginAs(owner)
    imported.assertStatus(201)
    imported.assertBodyContains({ processId: 'imported-process', name: 'Imported' })

    const again = await client.post('/api/process-models').json({ xml: IMPORTED }).loginAs(owner)
    again.assertStatus(422)
    again.assertBodyContains({ errors: [{ field: 'processId', code: 'E_DUPLICATE' }] })

    const listed = await client.get('/api/process-models').qs({ q: 'import' }).loginAs(owner)
    assert.deepEqual(
      listed.body().items.map((item: any) => item.processId),
      ['imported-process']
    )
  })

  test('it should refuse a file that is not BPMN with the reason', async ({ client }) => {
    const owner = await demoUser('owner')
    const response = await client
      .post('/api/process-models')
      .json({ xml: '<not-bpmn' })
      .loginAs(owner)
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'xml' }] })
  })

  test('it should autosave drafts with a revision check and export the draft', async ({
    client,
    assert,
  }) => {
    // given
    const owner = await demoUser('owner')
    const created = (
      await client.post('/api/process-models').json({ xml: IMPORTED }).loginAs(owner)
    ).body()
    const changed = IMPORTED.replace('name="Imported"', 'name="Imported v2"')

    // when two editors save from revision 1
    const first = await client
      .put(`/api/process-models/${created.id}/draft`)
      .json({ xml: changed, revision: 1 })
      .loginAs(owner)
    const second = await client
      .put(`/api/process-models/${created.id}/draft`)
      .json({ xml: IMPORTED, revision: 1 })
      .loginAs(owner)

    // then the first wins and the second is told
    first.assertStatus(200)
    first.assertBodyContains({ draftRevision: 2, name: 'Imported v2' })
    second.assertStatus(409)
    second.assertBodyContains({ errors: [{ field: 'revision', code: 'E_CONFLICT' }] })

    const exported = await client.get(`/api/process-models/${created.id}/export`).loginAs(owner)
    exported.assertStatus(200)
    assert.include(exported.header('content-disposition'), 'imported-process.bpmn')
    assert.include(exported.text(), 'Imported v2')
  })

  test('it should delete a never-published draft', async ({ client, assert }) => {
    const owner = await demoUser('owner')
    const created = (
      await client.post('/api/process-models').json({ name: 'Temp' }).loginAs(owner)
    ).body()
    ;(await client.delete(`/api/process-models/${created.id}`).loginAs(owner)).assertStatus(204)
    assert.isNull(await db.from('process_models').where('id', created.id).first())
  })

  test('it should keep staff out of the studio', async ({ client }) => {
    const staff = await demoUser('staff')
    ;(await client.get('/api/process-models').loginAs(staff)).assertStatus(403)
    ;(await client.post('/api/process-models').json({ name: 'x' }).loginAs(staff)).assertStatus(403)
  })
})

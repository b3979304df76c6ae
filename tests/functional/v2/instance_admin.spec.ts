import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const PROCESS_ID = 'admin-e2e-review'

/** Version 1: review (or, on the legacy path, a legacy check) then the end. */
const V1 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d1" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Admin review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="route" />
    <bpmn:exclusiveGateway id="route" default="f_review" />
    <bpmn:sequenceFlow id="f_review" sourceRef="route" targetRef="review" />
    <bpmn:sequenceFlow id="f_legacy" sourceRef="route" targetRef="legacy_check">
      <bpmn:conditionExpression>=path = "legacy"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:userTask id="review" name="Review the dossier">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="CONSULAR-LEGAL" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="legacy_check" name="Legacy check">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="CONSULAR-LEGAL" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="legacy_check" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`

/** Version 2 inserts 'sign' after 'review' (and has no legacy check). */
const V2 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d2" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Admin review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review the dossier (v2)">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="CONSULAR-LEGAL" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="sign" />
    <bpmn:userTask id="sign" name="Sign the decision">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="CONSULAR-LEGAL" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="sign" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`

async function deployBoth() {
  const deployments = await app.container.make(DeploymentService)
  const owner = await demoUser('owner')
  const actor = { id: owner.id, email: owner.email }
  const v1 = await deployments.deploy([{ name: 'admin_v1.bpmn', content: Buffer.from(V1) }], actor)
  const v2 = await deployments.deploy([{ name: 'admin_v2.bpmn', content: Buffer.from(V2) }], actor)
  return {
    v1: v1.processes[0].processDefinitionKey,
    v2: v2.processes[0].processDefinitionKey,
  }
}

async function openTasks(processDefinitionKey: string) {
  return db
    .from('user_tasks')
    .where('process_definition_key', processDefinitionKey)
    .where('state', 'CREATED')
    .orderBy('id')
}

/** Deploys both versions and starts an instance of version 2, waiting on 'review' in the inbox. */
async function waitingOnReview(dossierCode: string) {
  const { v2 } = await deployBoth()
  const engine = await app.container.make('senflow.engine')
  const created = await engine.createProcessInstance({
    processDefinitionKey: v2,
    variables: { dossierCode },
  })
  const key = created.processInstanceKey
  const [task] = await until(
    async () => (await openTasks(v2)).filter((row) => String(row.process_instance_key) === key),
    (rows) => rows.length === 1
  )
  return { v2, key, task }
}

test.group('/v2 instance administration', () => {
  test('it should migrate 20 waiting instances to version 2 all or nothing, with their inbox tasks following', async ({
    client,
    assert,
  }) => {
    // given 20 instances of version 1 waiting on 'review' in the inbox, and one on 'legacy_check'
    const { v1, v2 } = await deployBoth()
    const engine = await app.container.make('senflow.engine')
    const keys: string[] = []
    for (let index = 0; index < 20; index++) {
      const created = await engine.createProcessInstance({
        processDefinitionKey: v1,
        variables: { dossierCode: `HS-MIG-${index}` },
      })
      keys.push(created.processInstanceKey)
    }
    const legacy = await engine.createProcessInstance({
      processDefinitionKey: v1,
      variables: { dossierCode: 'HS-MIG-LEGACY', path: 'legacy' },
    })
    const before = await until(
      () => openTasks(v1),
      (rows) => rows.length === 21
    )
    assert.lengthOf(before, 21)
    const admin = await demoUser('admin')
    const plan = {
      filter: { processDefinitionKey: v1 },
      migrationPlan: {
        targetProcessDefinitionKey: v2,
        mappingInstructions: [{ sourceElementId: 'review', targetElementId: 'review' }],
      },
    }

    // when someone who is not an admin tries, it is refused
    const owner = await demoUser('owner')
    ;(await client.post('/v2/process-instances/migration').json(plan).loginAs(owner)).assertStatus(
      403
    )

    // when an admin migrates while one instance waits on 'legacy_check' (no mapping)
    const refused = await client.post('/v2/process-instances/migration').json(plan).loginAs(admin)

    // then the whole request fails with the reason, and nothing moved
    refused.assertStatus(400)
    assert.equal(
      refused.body().detail ?? refused.body().errors[0].message,
      `Expected to migrate process instance '${legacy.processInstanceKey}' but no mapping instruction defined for active element with id 'legacy_check'. Elements cannot be migrated without a mapping.`
    )
    const stillV1 = await client
      .post('/v2/process-instances/search')
      .json({ filter: { processDefinitionKey: v1 } })
      .loginAs(admin)
    assert.equal(stillV1.body().page.totalItems, 21)
    assert.lengthOf(await openTasks(v1), 21)

    // when the legacy instance is cancelled and the migration asked again
    ;(
      await client
        .post(`/v2/process-instances/${legacy.processInstanceKey}/cancellation`)
        .loginAs(admin)
    ).assertStatus(204)
    const migrated = await client.post('/v2/process-instances/migration').json(plan).loginAs(admin)

    // then the 20 are on version 2, and their inbox tasks follow
    migrated.assertStatus(200)
    assert.equal(migrated.body().migratedCount, 20)
    assert.sameMembers(migrated.body().processInstanceKeys, keys)
    const moved = await until(
      () => openTasks(v2),
      (rows) => rows.length === 20
    )
    assert.lengthOf(moved, 20)
    for (const row of moved) {
      assert.equal(Number(row.process_definition_version), 2)
      assert.equal(row.element_id, 'review')
      assert.equal(row.name, 'Review the dossier (v2)')
    }
    const events = await db
      .from('user_task_events')
      .where('task_id', moved[0].id)
      .where('type', 'migrated')
    assert.lengthOf(events, 1)
    const audit = await db
      .from('audit_logs')
      .where('action', 'process_definition.migrate_instances')
      .where('subject_id', v1)
    assert.lengthOf(audit, 1)

    // and each goes through the new step 'sign' from the inbox
    const staff = await demoUser('staff')
    for (const row of moved) {
      ;(
        await client.post(`/api/tasks/${row.id}/complete`).json({ variables: {} }).loginAs(staff)
      ).assertStatus(200)
    }
    const signs = await until(
      async () => (await openTasks(v2)).filter((row) => row.element_id === 'sign'),
      (rows) => rows.length === 20
    )
    assert.lengthOf(signs, 20)
    assert.sameMembers(
      signs.map((row) => String(row.process_instance_key)),
      keys
    )
    for (const row of signs) {
      ;(
        await client.post(`/api/tasks/${row.id}/complete`).json({ variables: {} }).loginAs(staff)
      ).assertStatus(200)
    }
    const completed = await client
      .post('/v2/process-instances/search')
      .json({ filter: { processDefinitionKey: v2, state: 'COMPLETED' } })
      .loginAs(admin)
    assert.equal(completed.body().page.totalItems, 20)
  }).timeout(120_000)

  test('it should suspend an instance so that its inbox task cannot be completed until it is resumed', async ({
    client,
    assert,
  }) => {
    // given an instance waiting on 'review' in the inbox
    const engine = await app.container.make('senflow.engine')
    const { v2, key, task } = await waitingOnReview('HS-SUS-1')
    const admin = await demoUser('admin')
    const staff = await demoUser('staff')

    // when an admin suspends it
    ;(await client.post(`/v2/process-instances/${key}/suspension`).loginAs(admin)).assertStatus(204)

    // then its state says so, also in searches, and a second suspension is a conflict
    const shown = await client.get(`/v2/process-instances/${key}`).loginAs(admin)
    assert.equal(shown.body().state, 'SUSPENDED')
    const found = await client
      .post('/v2/process-instances/search')
      .json({ filter: { state: 'SUSPENDED', processDefinitionKey: v2 } })
      .loginAs(admin)
    assert.deepEqual(
      found.body().items.map((item: { processInstanceKey: string }) => item.processInstanceKey),
      [key]
    )
    ;(await client.post(`/v2/process-instances/${key}/suspension`).loginAs(admin)).assertStatus(409)

    // and completing its task from the inbox is a clear 409, the task staying open
    const refused = await client
      .post(`/api/tasks/${task.id}/complete`)
      .json({ variables: {} })
      .loginAs(staff)
    refused.assertStatus(409)
    assert.equal(
      refused.body().errors[0].message,
      'The process instance of this task is suspended by an administrator; the task can be completed once it is resumed'
    )
    const row = await db.from('user_tasks').where('id', task.id).first()
    assert.equal(row.state, 'CREATED')

    // when resumed, the task completes
    ;(await client.post(`/v2/process-instances/${key}/resumption`).loginAs(admin)).assertStatus(204)
    ;(
      await client.post(`/api/tasks/${task.id}/complete`).json({ variables: {} }).loginAs(staff)
    ).assertStatus(200)

    // and a whole version can be suspended and resumed
    const suspended = await client.post(`/v2/process-definitions/${v2}/suspension`).loginAs(admin)
    suspended.assertStatus(200)
    assert.include(suspended.body().processInstanceKeys, key)
    assert.equal((await engine.getProcessInstance(key)).state, 'SUSPENDED')
    const resumed = await client.post(`/v2/process-definitions/${v2}/resumption`).loginAs(admin)
    assert.include(resumed.body().processInstanceKeys, key)
    assert.equal((await engine.getProcessInstance(key)).state, 'ACTIVE')
    ;(await client.post(`/v2/process-instances/${key}/suspension`).loginAs(staff)).assertStatus(403)
  }).timeout(60_000)

  test('it should repair an instance by modification, the inbox following, and refuse an invalid one', async ({
    client,
    assert,
  }) => {
    // given an instance waiting on 'review'
    const engine = await app.container.make('senflow.engine')
    const { v2, key, task: review } = await waitingOnReview('HS-MOD-1')
    const admin = await demoUser('admin')

    // when an invalid modification is sent, it is refused with the reason and nothing changes
    const invalid = await client
      .post(`/v2/process-instances/${key}/modification`)
      .json({
        activateInstructions: [{ elementId: 'sign' }, { elementId: 'no_such_step' }],
        terminateInstructions: [{ elementInstanceKey: String(review.element_instance_key) }],
      })
      .loginAs(admin)
    invalid.assertStatus(400)
    assert.equal(
      invalid.body().errors[0].message,
      `Expected to modify instance of process '${PROCESS_ID}' but it contains one or more activate instructions with an element that could not be found: 'no_such_step'`
    )
    const malformed = await client
      .post(`/v2/process-instances/${key}/modification`)
      .json({ terminateInstructions: [{ elementInstanceKey: 'abc' }] })
      .loginAs(admin)
    malformed.assertStatus(422)
    assert.equal((await db.from('user_tasks').where('id', review.id).first()).state, 'CREATED')

    // when the admin skips 'review' to 'sign' with a variable
    ;(
      await client
        .post(`/v2/process-instances/${key}/modification`)
        .json({
          activateInstructions: [
            {
              elementId: 'sign',
              variableInstructions: [{ variables: { skippedReview: true } }],
            },
          ],
          terminateInstructions: [{ elementInstanceKey: String(review.element_instance_key) }],
        })
        .loginAs(admin)
    ).assertStatus(204)

    // then the review task is withdrawn from the inbox and the sign task offered
    const sign = await until(
      async () =>
        (await openTasks(v2)).filter(
          (row) => String(row.process_instance_key) === key && row.element_id === 'sign'
        ),
      (rows) => rows.length === 1
    )
    assert.lengthOf(sign, 1)
    assert.equal(JSON.parse(sign[0].variables).skippedReview, true)
    const withdrawn = await until(
      () => db.from('user_tasks').where('id', review.id).first(),
      (row) => row.state === 'CANCELED'
    )
    assert.equal(withdrawn.state, 'CANCELED')
    const records = await engine.getRecords(key)
    assert.isTrue(
      records.some(
        (record) =>
          record.valueType === 'PROCESS_INSTANCE_MODIFICATION' && record.intent === 'MODIFIED'
      )
    )
  }).timeout(60_000)
})

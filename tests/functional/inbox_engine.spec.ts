import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { readFile } from 'node:fs/promises'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test.group('Inbox through the engine', () => {
  test('it should offer a user task to a unit, validate the form on the server and move the instance on with exactly its fields', async ({
    client,
    assert,
  }) => {
    // given the process and its form are deployed, and an instance started
    const deployments = await app.container.make(DeploymentService)
    const owner = await demoUser('owner')
    await deployments.deploy(
      [
        {
          name: 'legalization_review.bpmn',
          content: await readFile(new URL('../fixtures/legalization_review.bpmn', import.meta.url)),
        },
        {
          name: 'legalization_review.form',
          content: await readFile(new URL('../fixtures/legalization_review.form', import.meta.url)),
        },
      ],
      { id: owner.id, email: owner.email }
    )
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: 'legalization-review',
      variables: { dossierCode: 'HS-E2E-0001', urgent: true },
    })
    const staffA = await demoUser('staff')
    const staffB = await demoUser('staff2')

    // then the task appears for staff A of the Legalization Division
    const listed = await until(
      () => client.get('/api/tasks').qs({ queue: 'units', q: 'HS-E2E-0001' }).loginAs(staffA),
      (response) => response.body().items.length > 0
    )
    const task = listed.body().items[0]
    assert.equal(task.name, 'Review the dossier')
    assert.equal(task.processName, 'Legalization review')
    assert.equal(task.processInstanceKey, created.processInstanceKey)
    assert.equal(task.priority, 80)
    assert.deepEqual(task.candidateGroups, ['CONSULAR-LEGAL'])
    assert.isNotNull(task.dueDate)

    // and not for staff B of the Passport Division (403 on direct access)
    const forB = await client.get('/api/tasks').qs({ q: 'HS-E2E-0001' }).loginAs(staffB)
    assert.lengthOf(forB.body().items, 0)
    ;(await client.get(`/api/tasks/${task.id}`).loginAs(staffB)).assertStatus(403)

    // and its page carries the form
    const page = await client.get(`/api/tasks/${task.id}`).loginAs(staffA)
    assert.equal(page.body().form.id, 'legalization-review-form')

    // when A claims it, B cannot complete it
    ;(await client.post(`/api/tasks/${task.id}/claim`).loginAs(staffA)).assertStatus(200)
    ;(
      await client
        .post(`/api/tasks/${task.id}/complete`)
        .json({ variables: { decision: 'approve' } })
        .loginAs(staffB)
    ).assertStatus(403)

    // and A's invalid data gets a 422 per field (the hidden field's rule applies once it shows)
    const invalid = await client
      .post(`/api/tasks/${task.id}/complete`)
      .json({ variables: { decision: 'refuse', remarks: 'x'.repeat(300) }, locale: 'en' })
      .loginAs(staffA)
    invalid.assertStatus(422)
    assert.properties(invalid.body().errors, ['remarks', 'refusalReason'])

    // and valid data (with an extra field and the hidden one) completes it
    const done = await client
      .post(`/api/tasks/${task.id}/complete`)
      .json({
        variables: {
          decision: 'approve',
          remarks: 'Đủ hồ sơ',
          refusalReason: 'ignored',
          dossierCode: 'HACKED',
        },
      })
      .loginAs(staffA)
    done.assertStatus(200)
    assert.deepEqual(done.body().variables, { decision: 'approve', remarks: 'Đủ hồ sơ' })

    // then the instance moves on to the issue step with exactly the form's fields
    const jobs = await engine.activateJobs({
      type: 'legalization-issue',
      worker: 'test',
      maxJobsToActivate: 10,
      timeout: 10_000,
      requestTimeout: 5_000,
    })
    const issue = jobs.find((job) => job.processInstanceKey === created.processInstanceKey)!
    assert.exists(issue)
    assert.equal(issue.variables.decision, 'approve')
    assert.equal(issue.variables.remarks, 'Đủ hồ sơ')
    assert.equal(issue.variables.dossierCode, 'HS-E2E-0001')
    assert.notProperty(issue.variables, 'refusalReason')
    await engine.completeJob(issue.jobKey)

    // and the Camunda user-task API shows the completed task to A
    const viaV2 = await client
      .post('/v2/user-tasks/search')
      .json({ filter: { processInstanceKey: created.processInstanceKey } })
      .loginAs(staffA)
    assert.equal(viaV2.body().items[0].state, 'COMPLETED')
  }).timeout(60_000)

  test('it should start a process from its start form, validated on the server', async ({
    client,
    assert,
  }) => {
    // given a process whose start event links a form
    const deployments = await app.container.make(DeploymentService)
    const owner = await demoUser('owner')
    await deployments.deploy(
      [
        {
          name: 'application_intake.bpmn',
          content: await readFile(new URL('../fixtures/application_intake.bpmn', import.meta.url)),
        },
        {
          name: 'application.form',
          content: await readFile(new URL('../fixtures/application.form', import.meta.url)),
        },
      ],
      { id: owner.id, email: owner.email }
    )
    const staff = await demoUser('staff')

    // then its start form is served
    const form = await client.get('/api/processes/application-intake/start-form').loginAs(staff)
    form.assertStatus(200)
    assert.equal(form.body().form.id, 'application-form')

    // and an invalid submission is refused per field, starting nothing
    const invalid = await client
      .post('/api/processes/application-intake/instances')
      .json({ variables: { applicant: { email: 'not-mail' }, copies: 9 }, locale: 'en' })
      .loginAs(staff)
    invalid.assertStatus(422)
    assert.properties(invalid.body().errors, ['applicant.fullName', 'applicant.email', 'copies'])

    // and a valid one starts an instance with exactly the form's fields
    const started = await client
      .post('/api/processes/application-intake/instances')
      .json({
        variables: {
          applicant: { fullName: 'Ngô Thị Lan', email: 'lan@example.vn' },
          copies: 2,
          admin: true,
        },
        businessId: 'HS-START-1',
      })
      .loginAs(staff)
    started.assertStatus(201)
    assert.deepEqual(started.body().variables, {
      applicant: { fullName: 'Ngô Thị Lan', email: 'lan@example.vn' },
      copies: 2,
    })
    assert.equal(started.body().businessId, 'HS-START-1')

    // and auditors cannot start procedures
    ;(
      await client
        .post('/api/processes/application-intake/instances')
        .json({ variables: {} })
        .loginAs(await demoUser('auditor'))
    ).assertStatus(403)
  }).timeout(30_000)

  test('it should withdraw the task when its instance is cancelled', async ({ client, assert }) => {
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: 'legalization-review',
      variables: { dossierCode: 'HS-E2E-0002', urgent: false },
    })
    const staff = await demoUser('staff')
    const listed = await until(
      () => client.get('/api/tasks').qs({ q: 'HS-E2E-0002' }).loginAs(staff),
      (response) => response.body().items.length > 0
    )
    const task = listed.body().items[0]
    await engine.cancelProcessInstance(created.processInstanceKey)
    const after = await until(
      () => client.get(`/api/tasks/${task.id}`).loginAs(staff),
      (response) => response.body().task.state === 'CANCELED'
    )
    assert.equal(after.body().task.state, 'CANCELED')
    ;(
      await client
        .post(`/api/tasks/${task.id}/complete`)
        .json({ variables: { decision: 'approve' } })
        .loginAs(staff)
    ).assertStatus(409)
  }).timeout(30_000)
})

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

test.group('Task page: history and business context', () => {
  test('it should give whoever sees a task its instance history and say it belongs to no dossier', async ({
    client,
    assert,
  }) => {
    // given a legalization review waiting for the Legalization Division
    const owner = await demoUser('owner')
    const deployments = await app.container.make(DeploymentService)
    await deployments.deploy(
      await Promise.all(
        ['legalization_review.bpmn', 'legalization_review.form'].map(async (name) => ({
          name,
          content: await readFile(app.makePath('tests', 'fixtures', name)),
        }))
      ),
      { id: owner.id, email: owner.email }
    )
    const code = `HS-HIST-${Date.now().toString(36)}`
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: 'legalization-review',
      variables: { dossierCode: code, urgent: false },
    })
    const staff = await demoUser('staff')
    const listed = await until(
      () => client.get('/api/tasks').qs({ queue: 'units', q: code }).loginAs(staff),
      (response) => response.body().items.length > 0
    )
    const task = listed.body().items[0]
    ;(await client.post(`/api/tasks/${task.id}/claim`).loginAs(staff)).assertStatus(200)

    // when the staff member reads its history
    const history = await client.get(`/api/tasks/${task.id}/history`).loginAs(staff)

    // then it has the steps and the task's events, oldest first, without the audit trail
    history.assertStatus(200)
    const entries = history.body().items as {
      kind: string
      type: string
      elementId: string | null
      actor: string | null
      at: string
    }[]
    const lines = entries.map((entry) => `${entry.kind}:${entry.type}:${entry.elementId}`)
    assert.includeMembers(lines, [
      'element:entered:start',
      'element:left:start',
      'element:entered:review',
      'task:created:review',
      'task:claimed:review',
    ])
    assert.isTrue(entries.every((entry) => entry.kind !== 'audit'))
    assert.deepEqual(
      entries.map((entry) => entry.at.slice(0, 19)),
      [...entries.map((entry) => entry.at.slice(0, 19))].sort()
    )
    // the task is created after its step is entered
    assert.isBelow(lines.indexOf('element:entered:review'), lines.indexOf('task:created:review'))
    assert.equal(
      entries.find((entry) => entry.type === 'claimed')?.actor,
      'staff@demo.senflow.local'
    )

    // and the task belongs to no dossier or commitment
    const context = await client.get(`/api/tasks/${task.id}/context`).loginAs(staff)
    context.assertStatus(200)
    assert.deepEqual(context.body(), {
      kind: null,
      processInstanceKey: created.processInstanceKey,
    })

    // and a member of another division sees neither
    const other = await demoUser('staff2')
    ;(await client.get(`/api/tasks/${task.id}/history`).loginAs(other)).assertStatus(403)
    ;(await client.get(`/api/tasks/${task.id}/context`).loginAs(other)).assertStatus(403)
  }).timeout(30_000)
})

import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import TaskService, { TaskEngineGateway, type UserTaskJob } from '#services/task_service'
import { demoUser } from '#tests/helpers'
import { RecordingTaskGateway } from '#tests/support/recording_task_gateway'
import TaskDeadlineNotifier from '#services/task_deadline_notifier'

let sequence = 9_000_000

function job(
  headers: Record<string, unknown>,
  variables: Record<string, unknown> = {}
): UserTaskJob {
  sequence++
  return {
    key: String(sequence),
    processInstanceKey: String(sequence + 1_000_000),
    processDefinitionKey: '2251799813685249',
    processDefinitionId: 'legalization',
    processDefinitionVersion: 1,
    elementId: 'review',
    elementInstanceKey: String(sequence + 2_000_000),
    customHeaders: headers,
    variables,
  }
}

const FORM = {
  type: 'default',
  components: [
    {
      id: 'decision',
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      validate: { required: true },
      values: [
        { label: 'Approve', value: 'approve' },
        { label: 'Reject', value: 'reject' },
      ],
    },
    { id: 'note', type: 'textfield', key: 'note', label: 'Note', validate: { maxLength: 20 } },
  ],
}

test.group('Inbox / visibility and actions', (group) => {
  let gateway: RecordingTaskGateway
  group.each.setup(async () => {
    gateway = new RecordingTaskGateway()
    app.container.swap(TaskEngineGateway as any, () => gateway)
    const rollback = await testUtils.db().withGlobalTransaction()
    // each test starts from an empty inbox (engine tests leave tasks behind; rolled back after)
    await db.from('user_tasks').delete()
    return async () => {
      app.container.restore(TaskEngineGateway as any)
      await rollback()
    }
  })

  async function offer(headers: Record<string, unknown>, variables: Record<string, unknown> = {}) {
    const service = await app.container.make(TaskService)
    return service.ingest(job(headers, variables), {
      name: 'Review the dossier',
      processName: 'Legalization',
    })
  }

  test('it should show a task offered to a unit to its staff only; claim, 422 per field, then complete', async ({
    client,
    assert,
  }) => {
    // given a published form and a task offered to the Legalization Division
    const formRow = await db
      .table('forms')
      .insert({
        form_id: 'review-form',
        name: 'Review',
        draft_document: JSON.stringify({
          id: 'review-form',
          version: 1,
          defaultLocale: 'en',
          schema: { ...FORM, id: 'review-form' },
          translations: {},
        }),
        draft_revision: 1,
        draft_updated_at: '2026-01-01 00:00:00',
        created_at: '2026-01-01 00:00:00',
        latest_version: null,
      })
      .returning('id')
    assert.exists(formRow)
    const task = await offer(
      {
        'io.camunda.zeebe:candidateGroups': '["CONSULAR-LEGAL"]',
        'io.camunda.zeebe:formId': 'review-form',
        'io.camunda.zeebe:dueDate': '2030-01-01T00:00:00Z',
      },
      { dossierCode: 'HS-2026-0001' }
    )
    const staffA = await demoUser('staff')
    const staffB = await demoUser('staff2')

    // then A sees it in "my units", B does not and gets 403
    const listA = await client.get('/api/tasks').qs({ queue: 'units' }).loginAs(staffA)
    assert.deepEqual(
      listA.body().items.map((item: any) => item.taskKey),
      [task.task_key]
    )
    assert.equal(listA.body().items[0].businessContext, 'HS-2026-0001')
    assert.equal(listA.body().counts.units, 1)
    const listB = await client.get('/api/tasks').loginAs(staffB)
    assert.lengthOf(listB.body().items, 0)
    ;(await client.get(`/api/tasks/${task.id}`).loginAs(staffB)).assertStatus(403)

    // when A claims it, B cannot complete it
    ;(await client.post(`/api/tasks/${task.id}/claim`).loginAs(staffA)).assertStatus(200)
    ;(
      await client
        .post(`/api/tasks/${task.id}/complete`)
        .json({ variables: { decision: 'approve' } })
        .loginAs(staffB)
    ).assertStatus(403)

    // and invalid data gets 422 per field
    const invalid = await client
      .post(`/api/tasks/${task.id}/complete`)
      .json({ variables: { note: 'x'.repeat(30) }, locale: 'en' })
      .loginAs(staffA)
    invalid.assertStatus(422)
    assert.properties(invalid.body().errors, ['decision', 'note'])
    assert.isArray(invalid.body().errors.decision)

    // and valid data completes the job with exactly the form's fields
    const done = await client
      .post(`/api/tasks/${task.id}/complete`)
      .json({ variables: { decision: 'approve', note: 'ok', injected: 'nope' } })
      .loginAs(staffA)
    done.assertStatus(200)
    assert.deepEqual(gateway.completed, [
      { key: task.task_key, variables: { decision: 'approve', note: 'ok' } },
    ])

    // and a second completion is a 409
    ;(
      await client
        .post(`/api/tasks/${task.id}/complete`)
        .json({ variables: { decision: 'approve' } })
        .loginAs(staffA)
    ).assertStatus(409)

    // and the timeline tells the story
    const shown = await client.get(`/api/tasks/${task.id}`).loginAs(staffA)
    assert.deepEqual(
      shown.body().timeline.map((entry: any) => entry.type),
      ['created', 'claimed', 'completed']
    )
  })

  test('it should walk the matrix of users, tasks and actions', async ({ client, assert }) => {
    const toLegal = await offer({ 'io.camunda.zeebe:candidateGroups': 'CONSULAR-LEGAL' })
    const toPassport = await offer({ 'io.camunda.zeebe:candidateGroups': 'CONSULAR-PASSPORT' })
    const toStaff2 = await offer({ 'io.camunda.zeebe:assignee': 'staff2@demo.senflow.local' })
    const toRole = await offer({ 'io.camunda.zeebe:candidateGroups': '["auditor"]' })
    const toUser = await offer({
      'io.camunda.zeebe:candidateUsers': '["owner@demo.senflow.local"]',
    })

    const matrix: [string, typeof toLegal, number][] = [
      ['staff', toLegal, 200],
      ['staff', toPassport, 403],
      ['staff', toStaff2, 403],
      ['staff2', toPassport, 200],
      ['staff2', toStaff2, 200],
      ['staff2', toLegal, 403],
      ['leader', toLegal, 200],
      ['leader', toPassport, 200],
      ['leader', toStaff2, 200],
      ['leader', toRole, 403],
      ['auditor', toRole, 200],
      ['owner', toUser, 200],
      ['owner', toLegal, 403],
      ['admin', toLegal, 200],
      ['admin', toRole, 200],
    ]
    for (const [name, task, status] of matrix) {
      const user = await demoUser(name)
      const response = await client.get(`/api/tasks/${task.id}`).loginAs(user)
      assert.equal(
        response.status(),
        status,
        `${name} viewing task for ${task.candidate_groups ?? task.assignee}`
      )
    }

    // staff cannot assign; the leader can; the assignee can delegate; staff2 cannot claim a taken task
    const staff = await demoUser('staff')
    const leader = await demoUser('leader')
    const staff2 = await demoUser('staff2')
    ;(
      await client
        .post(`/api/tasks/${toLegal.id}/assign`)
        .json({ assignee: 'staff2@demo.senflow.local' })
        .loginAs(staff)
    ).assertStatus(403)
    ;(
      await client
        .post(`/api/tasks/${toLegal.id}/assign`)
        .json({ assignee: 'staff@demo.senflow.local' })
        .loginAs(leader)
    ).assertStatus(200)
    ;(await client.post(`/api/tasks/${toStaff2.id}/claim`).loginAs(leader)).assertStatus(409)
    const delegated = await client
      .post(`/api/tasks/${toLegal.id}/delegate`)
      .json({ to: 'staff2@demo.senflow.local' })
      .loginAs(staff)
    delegated.assertStatus(200)
    assert.equal(delegated.body().assignee, 'staff2@demo.senflow.local')
    ;(await client.get(`/api/tasks/${toLegal.id}`).loginAs(staff2)).assertStatus(200)
    ;(await client.get(`/api/tasks/${toLegal.id}`).loginAs(staff)).assertStatus(200)

    const mine = await client.get('/api/tasks').qs({ queue: 'mine' }).loginAs(staff2)
    assert.sameMembers(
      mine.body().items.map((item: any) => Number(item.id)),
      [Number(toStaff2.id), Number(toLegal.id)]
    )
  })

  test('it should withdraw a task whose instance was cancelled and answer 409 to its completion', async ({
    client,
    assert,
  }) => {
    const task = await offer({ 'io.camunda.zeebe:assignee': 'staff@demo.senflow.local' })
    const staff = await demoUser('staff')
    const service = await app.container.make(TaskService)
    await service.withdraw(task.task_key, 'process instance cancelled')
    ;(
      await client.post(`/api/tasks/${task.id}/complete`).json({ variables: {} }).loginAs(staff)
    ).assertStatus(409)
    const list = await client.get('/api/tasks').qs({ queue: 'mine' }).loginAs(staff)
    assert.lengthOf(list.body().items, 0)
    assert.lengthOf(gateway.completed, 0)
  })

  test('it should answer 409 when the engine says the job is gone', async ({ client }) => {
    const task = await offer({ 'io.camunda.zeebe:assignee': 'staff@demo.senflow.local' })
    gateway.gone.add(task.task_key)
    const staff = await demoUser('staff')
    ;(
      await client.post(`/api/tasks/${task.id}/complete`).json({ variables: {} }).loginAs(staff)
    ).assertStatus(409)
  })

  test('it should filter, sort and count the inbox', async ({ client, assert }) => {
    const overdue = await offer(
      {
        'io.camunda.zeebe:candidateGroups': 'CONSULAR-LEGAL',
        'io.camunda.zeebe:dueDate': '2020-01-01T00:00:00Z',
        'io.camunda.zeebe:priority': '90',
      },
      { commitmentTitle: 'Thỏa thuận hợp tác' }
    )
    const later = await offer({
      'io.camunda.zeebe:candidateGroups': 'CONSULAR-LEGAL',
      'io.camunda.zeebe:dueDate': '2031-01-01T00:00:00Z',
      'io.camunda.zeebe:priority': '10',
    })
    const staff = await demoUser('staff')

    const byPriority = await client.get('/api/tasks').qs({ sort: 'priority' }).loginAs(staff)
    assert.deepEqual(
      byPriority.body().items.map((item: any) => item.id),
      [Number(overdue.id), Number(later.id)]
    )
    const onlyOverdue = await client.get('/api/tasks').qs({ overdue: true }).loginAs(staff)
    assert.deepEqual(
      onlyOverdue.body().items.map((item: any) => item.id),
      [Number(overdue.id)]
    )
    assert.isTrue(onlyOverdue.body().items[0].overdue)
    const text = await client.get('/api/tasks').qs({ q: 'hợp tác' }).loginAs(staff)
    assert.deepEqual(
      text.body().items.map((item: any) => item.id),
      [Number(overdue.id)]
    )
    const counts = await client.get('/api/tasks/counts').loginAs(staff)
    assert.deepEqual(counts.body(), { mine: 0, units: 2, candidate: 2, dueSoon: 0, overdue: 1 })
  })

  test('it should tell people once when a task is due soon and once when it is overdue', async ({
    assert,
  }) => {
    // given
    const now = Date.parse('2030-06-01T03:00:00Z')
    const hours = (h: number) => new Date(now + h * 3600_000).toISOString()
    const overdue = await offer({
      'io.camunda.zeebe:assignee': 'staff@demo.senflow.local',
      'io.camunda.zeebe:dueDate': hours(-2),
    })
    const soon = await offer({
      'io.camunda.zeebe:candidateGroups': 'CONSULAR-PASSPORT',
      'io.camunda.zeebe:dueDate': hours(10),
    })
    const later = await offer({
      'io.camunda.zeebe:assignee': 'staff@demo.senflow.local',
      'io.camunda.zeebe:dueDate': hours(24 * 5),
    })
    const notifier = new TaskDeadlineNotifier(() => now)

    // when it runs twice
    await notifier.run()
    await notifier.run()

    // then each notice went out once, to the assignee or the unit's members
    const staff = await demoUser('staff')
    const staff2 = await demoUser('staff2')
    const rows = await db
      .from('notifications')
      .whereIn('type', ['task_due_soon', 'task_overdue'])
      .whereIn('task_id', [overdue.id, soon.id, later.id])
    assert.sameDeepMembers(
      rows.map((row) => [row.type, Number(row.task_id), row.user_id]),
      [
        ['task_overdue', Number(overdue.id), staff.id],
        ['task_due_soon', Number(soon.id), staff2.id],
      ]
    )
  })

  test('it should keep drafts per user, comments, attachments and notifications', async ({
    client,
    assert,
  }) => {
    const task = await offer({ 'io.camunda.zeebe:candidateGroups': 'CONSULAR-LEGAL' })
    const staff = await demoUser('staff')
    ;(
      await client
        .put(`/api/tasks/${task.id}/draft`)
        .json({ data: { note: 'half done' } })
        .loginAs(staff)
    ).assertStatus(200)
    ;(
      await client
        .post(`/api/tasks/${task.id}/comments`)
        .json({ body: 'Thiếu bản sao hộ chiếu' })
        .loginAs(staff)
    ).assertStatus(201)
    const upload = await client
      .post(`/api/tasks/${task.id}/attachments`)
      .file('file', Buffer.from('%PDF-1.4 test'), { filename: 'scan.pdf' })
      .loginAs(staff)
    upload.assertStatus(201)
    const refused = await client
      .post(`/api/tasks/${task.id}/attachments`)
      .file('file', Buffer.from('MZ'), { filename: 'virus.exe' })
      .loginAs(staff)
    refused.assertStatus(422)

    const shown = (await client.get(`/api/tasks/${task.id}`).loginAs(staff)).body()
    assert.deepEqual(shown.draft.data, { note: 'half done' })
    assert.equal(shown.comments[0].body, 'Thiếu bản sao hộ chiếu')
    assert.equal(shown.attachments[0].fileName, 'scan.pdf')
    const download = await client.get(shown.attachments[0].url).loginAs(staff)
    download.assertStatus(200)
    assert.include(download.header('content-disposition'), 'scan.pdf')
    assert.include(download.header('content-type'), 'pdf')
    ;(await client.get(shown.attachments[0].url).loginAs(await demoUser('staff2'))).assertStatus(
      403
    )

    const notifications = await client.get('/api/notifications').loginAs(staff)
    assert.equal(notifications.body().items[0].type, 'task_offered')
  })
})

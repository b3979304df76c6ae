process.env.SENFLOW_CLOCK_CONTROL = 'true'

import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { baseUrl, demoUser } from '#tests/helpers'
import { isoTime } from '#services/sql_time'
import CommitmentService from '#services/commitment_service'

const ADMIN = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`

/** Pins the engine clock through the Camunda REST API (`PUT /v2/clock`). */
async function pinClock(iso: string) {
  const response = await fetch(`${baseUrl()}/v2/clock`, {
    method: 'PUT',
    headers: { 'authorization': ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ timestamp: Date.parse(iso) }),
  })
  if (response.status !== 204) throw new Error(`PUT /v2/clock: ${response.status}`)
}

async function resetClock() {
  await fetch(`${baseUrl()}/v2/clock/reset`, { method: 'POST', headers: { authorization: ADMIN } })
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const events = (commitmentId: number, kind: string) =>
  db.from('commitment_events').where({ commitment_id: commitmentId, kind }).orderBy('id')

const openTask = (processInstanceKey: string, elementId: string): Promise<any> =>
  db
    .from('user_tasks')
    .where({ process_instance_key: processInstanceKey, element_id: elementId, state: 'CREATED' })
    .first()

const commitmentInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Triển khai Bản ghi nhớ hợp tác lãnh sự với Nhật Bản',
  description: 'Hoàn thành thủ tục nội bộ để Bản ghi nhớ có hiệu lực',
  sourceDocument: '123/TB-VPCP',
  sourceDate: '2026-03-25',
  counterpart: 'Nhật Bản',
  assigningAuthority: 'Văn phòng Chính phủ',
  leadUnit: 'CONSULAR-LEGAL',
  coordinatingUnits: ['INTL-LAW'],
  deadline: '2026-05-06',
  reportIntervalDays: 30,
  ...overrides,
})

test.group('Commitment follow-up', (group) => {
  group.each.teardown(async () => {
    await resetClock()
  })

  test('reminders at T−7, T−3, T−1 working days across the April holidays, escalation to the leader, overdue on the dashboard', async ({
    client,
    assert,
  }) => {
    const leader = await demoUser('leader')
    const staff = await demoUser('staff')

    // given a commitment due Wednesday 6 May 2026, recorded on 1 April (Hà Nội time)
    await pinClock('2026-04-01T09:00:00+07:00')
    const created = await client.post('/api/commitments').json(commitmentInput()).loginAs(leader)
    created.assertStatus(201)
    const commitment = created.body()
    assert.match(commitment.code, /^CK-2026-\d{4}$/)
    assert.equal(commitment.statusClass, 'in_progress')
    const key: string = commitment.processInstanceKey
    const task = await until(
      () => openTask(key, 'carry_out'),
      (row) => Boolean(row)
    )
    assert.deepEqual(JSON.parse(task.candidate_groups), ['CONSULAR-LEGAL'])
    assert.equal(task.business_id, commitment.code)
    const byInstance = await client
      .get(`/api/commitments/by-process-instance/${key}`)
      .loginAs(staff)
    byInstance.assertStatus(200)
    assert.equal(byInstance.body().id, commitment.id)
    assert.equal(byInstance.body().status, 'in_progress')

    // when the clock reaches each reminder day at 08:30
    // (T−7 = 22/4; T−3 = 29/4 — 27/4 Hùng Kings' compensatory day; T−1 = 5/5 — 30/4 and 1/5 off)
    for (const [day, daysLeft] of [
      ['2026-04-22', 7],
      ['2026-04-29', 3],
      ['2026-05-05', 1],
    ] as const) {
      await pinClock(`${day}T08:30:00+07:00`)
      await until(
        () => events(commitment.id, 'reminder'),
        (rows) => rows.some((row) => JSON.parse(row.details).daysLeft === daysLeft)
      )
    }

    // then each reminder went out once, on its working day, to the lead unit
    const reminders = (await events(commitment.id, 'reminder')).map((row) =>
      JSON.parse(row.details)
    )
    assert.deepEqual(
      reminders.map((details) => [details.on, details.daysLeft]),
      [
        ['2026-04-22', 7],
        ['2026-04-29', 3],
        ['2026-05-05', 1],
      ]
    )
    const staffReminders = await until(
      () =>
        db
          .from('notifications')
          .where({ user_id: staff.id, type: 'commitment_reminder' })
          .whereRaw('details like ?', [`%"commitmentId":${commitment.id},%`]),
      (rows) => rows.length >= 3
    )
    assert.lengthOf(staffReminders, 3)
    // a reminder job handed out again records and sends nothing more
    const again = await new CommitmentService().event(
      db,
      commitment.id,
      'reminder',
      null,
      {},
      {
        dedupeKey: 'reminder:7:2026-05-06',
      }
    )
    assert.isFalse(again)
    const beforeDeadline = await client
      .get('/api/dashboards/commitments')
      .qs({ from: '2026-01-01', to: '2026-12-31' })
      .loginAs(leader)
    beforeDeadline.assertStatus(200)
    assert.notInclude(
      beforeDeadline.body().overdue.map((row: any) => row.code),
      commitment.code
    )
    assert.isAtLeast(beforeDeadline.body().totals.in_progress, 1)

    // when the deadline day has ended
    await pinClock('2026-05-07T00:30:00+07:00')
    const escalations = await until(
      () => events(commitment.id, 'escalated'),
      (rows) => rows.length > 0
    )

    // then the leader above the lead unit is told and given a follow-up task
    assert.lengthOf(escalations, 1)
    assert.deepEqual(JSON.parse(escalations[0].details).to, ['leader@demo.senflow.local'])
    const leaderNotice = await until(
      () =>
        db
          .from('notifications')
          .where({ user_id: leader.id, type: 'commitment_escalated' })
          .whereRaw('details like ?', [`%"commitmentId":${commitment.id},%`]),
      (rows) => rows.length >= 1
    )
    assert.lengthOf(leaderNotice, 1)
    const followUp = await until(
      () => openTask(key, 'follow_up_overdue'),
      (row) => Boolean(row)
    )
    assert.deepEqual(JSON.parse(followUp.candidate_users), ['leader@demo.senflow.local'])

    // and the dashboard counts it overdue, one working day late
    const dashboard = await client
      .get('/api/dashboards/commitments')
      .qs({ from: '2026-01-01', to: '2026-12-31' })
      .loginAs(leader)
    dashboard.assertStatus(200)
    const overdue = dashboard.body().overdue.find((row: any) => row.code === commitment.code)
    assert.deepInclude(overdue, {
      code: commitment.code,
      unit: 'CONSULAR-LEGAL',
      deadline: '2026-05-06',
      workingDaysOverdue: 1,
      escalated: true,
    })
    assert.isAtLeast(dashboard.body().totals.overdue, 1)
    const listed = await client
      .get('/api/commitments')
      .qs({ statusClass: 'overdue', leadUnit: 'CONSULAR-LEGAL' })
      .loginAs(staff)
    assert.include(
      listed.body().items.map((row: any) => row.code),
      commitment.code
    )

    // when the lead unit reports completion late and the assigning side verifies it
    await pinClock('2026-05-08T10:00:00+07:00')
    const completion = await client
      .post(`/api/commitments/${commitment.id}/completion`)
      .json({
        completedOn: '2026-05-08',
        completionSummary: 'Đã trao đổi công hàm, Bản ghi nhớ có hiệu lực',
      })
      .loginAs(staff)
    completion.assertStatus(200)
    await until(
      () => openTask(key, 'verify'),
      (row) => Boolean(row)
    )
    const verified = await client
      .post(`/api/commitments/${commitment.id}/verification`)
      .json({ verification: 'accepted', note: 'Đạt' })
      .loginAs(leader)
    verified.assertStatus(200)

    // then it is completed late, and the process ended
    const done = await until(
      async () => (await client.get(`/api/commitments/${commitment.id}`).loginAs(leader)).body(),
      (body) => body.status === 'completed'
    )
    assert.equal(done.statusClass, 'completed_late')
    assert.includeMembers(
      done.timeline.map((entry: any) => entry.kind),
      ['created', 'assigned', 'reminder', 'escalated', 'completion_reported', 'verified']
    )
    await until(
      () => openTask(key, 'follow_up_overdue'),
      (row) => !row
    )
    const after = await client
      .get('/api/dashboards/commitments')
      .qs({ from: '2026-01-01', to: '2026-12-31', unit: 'CONSULAR' })
      .loginAs(leader)
    assert.notInclude(
      after.body().overdue.map((row: any) => row.code),
      commitment.code
    )
    assert.isAtLeast(after.body().totals.completed_late, 1)
  }).timeout(90_000)

  test('an approved extension moves the deadline and restarts the lead unit task', async ({
    client,
    assert,
  }) => {
    const leader = await demoUser('leader')
    const staff = await demoUser('staff')
    await pinClock('2026-06-01T09:00:00+07:00')
    const created = await client
      .post('/api/commitments')
      .json(
        commitmentInput({
          title: 'Ký kết Hiệp định miễn thị thực',
          deadline: '2026-06-19',
          sourceDate: '2026-05-20',
        })
      )
      .loginAs(leader)
    created.assertStatus(201)
    const commitment = created.body()
    const key = commitment.processInstanceKey
    const first = await until(
      () => openTask(key, 'carry_out'),
      (row) => Boolean(row)
    )

    // a report, then an extension request by the lead unit
    const report = await client
      .post(`/api/commitments/${commitment.id}/reports`)
      .json({ progress: 40, content: 'Đã hoàn thành dự thảo' })
      .loginAs(staff)
    report.assertStatus(201)
    assert.equal(report.body().progress, 40)
    const request = await client
      .post(`/api/commitments/${commitment.id}/extensions`)
      .json({ requestedDeadline: '2026-07-15', reason: 'Chờ ý kiến của phía đối tác' })
      .loginAs(staff)
    request.assertStatus(201)
    const extension = request.body().extensions[0]
    assert.equal(extension.status, 'pending')
    const twice = await client
      .post(`/api/commitments/${commitment.id}/extensions`)
      .json({ requestedDeadline: '2026-07-20', reason: 'Lần hai' })
      .loginAs(staff)
    twice.assertStatus(409)
    await until(
      () => openTask(key, 'decide_extension'),
      (row) => Boolean(row)
    )
    ;(
      await client
        .post(`/api/commitments/${commitment.id}/extensions/${extension.id}/approval`)
        .json({})
        .loginAs(staff)
    ).assertStatus(403)

    // when the assigning side approves
    const approved = await client
      .post(`/api/commitments/${commitment.id}/extensions/${extension.id}/approval`)
      .json({ note: 'Đồng ý' })
      .loginAs(leader)
    approved.assertStatus(200)

    // then the deadline moves and the lead unit's task starts again with it
    const moved = await until(
      async () => (await client.get(`/api/commitments/${commitment.id}`).loginAs(leader)).body(),
      (body) => body.deadline === '2026-07-15'
    )
    assert.equal(moved.originalDeadline, '2026-06-19')
    assert.equal(moved.extensions[0].status, 'approved')
    assert.equal(moved.extensions[0].decidedBy, 'leader@demo.senflow.local')
    const second = await until(
      () => openTask(key, 'carry_out'),
      (row) => Boolean(row) && row.id !== first.id
    )
    assert.equal(isoTime(second.due_date)!.slice(0, 10), '2026-07-15')
    const engine = await app.container.make('senflow.engine')
    const variables = await engine.searchVariables({
      filter: { processInstanceKey: key, name: 'reminderAt7' },
      page: { limit: 10 },
    })
    assert.deepEqual(
      variables.items.map((item) => JSON.parse(item.value)),
      ['2026-07-06T08:00:00+07:00'],
      'T−7 working days of 15 July 2026, rescheduled'
    )
    const timers = await db
      .from('commitment_events')
      .where('commitment_id', commitment.id)
      .select('kind')
    assert.includeMembers(
      timers.map((row) => row.kind),
      ['report', 'extension_requested', 'extension_approved']
    )
  }).timeout(60_000)

  test('refuses invalid commitments and actions out of place', async ({ client, assert }) => {
    const leader = await demoUser('leader')
    const staff = await demoUser('staff')
    const staff2 = await demoUser('staff2')

    ;(await client.post('/api/commitments').json(commitmentInput()).loginAs(staff)).assertStatus(
      403
    )
    const unknownUnit = await client
      .post('/api/commitments')
      .json(commitmentInput({ leadUnit: 'NOPE' }))
      .loginAs(leader)
    unknownUnit.assertStatus(422)
    assert.equal(unknownUnit.body().errors[0].field, 'leadUnit')
    const early = await client
      .post('/api/commitments')
      .json(commitmentInput({ deadline: '2026-01-01' }))
      .loginAs(leader)
    early.assertStatus(422)
    assert.equal(early.body().errors[0].field, 'deadline')
    const badDate = await client
      .post('/api/commitments')
      .json(commitmentInput({ deadline: '2026-13-01', observers: ['nobody@example.org'] }))
      .loginAs(leader)
    badDate.assertStatus(422)
    ;(
      await client.get('/api/commitments/by-process-instance/999999999').loginAs(staff)
    ).assertStatus(404)
    ;(await client.get('/api/commitments/999999').loginAs(staff)).assertStatus(404)

    const created = await client
      .post('/api/commitments')
      .json(commitmentInput({ deadline: '2026-12-31' }))
      .loginAs(leader)
    created.assertStatus(201)
    const id = created.body().id
    // another unit's staff may not report on it
    ;(
      await client
        .post(`/api/commitments/${id}/reports`)
        .json({ progress: 10, content: 'x' })
        .loginAs(staff2)
    ).assertStatus(403)
    // nothing to verify yet
    ;(
      await client
        .post(`/api/commitments/${id}/verification`)
        .json({ verification: 'accepted' })
        .loginAs(leader)
    ).assertStatus(409)
    // the register searches titles, codes, documents and counterparts
    const found = await client
      .get('/api/commitments')
      .qs({ q: 'nhật bản', sort: '-code' })
      .loginAs(staff)
    found.assertStatus(200)
    assert.include(
      found.body().items.map((row: any) => row.id),
      id
    )
    // a new deadline restarts the lead unit's task with it
    const key = created.body().processInstanceKey
    const first = await until(
      () => openTask(key, 'carry_out'),
      (row) => Boolean(row)
    )
    const patched = await client
      .patch(`/api/commitments/${id}`)
      .json({ deadline: '2027-01-15' })
      .loginAs(leader)
    patched.assertStatus(200)
    assert.equal(patched.body().deadline, '2027-01-15')
    const second = await until(
      () => openTask(key, 'carry_out'),
      (row) => Boolean(row) && row.id !== first.id
    )
    assert.equal(isoTime(second.due_date)!.slice(0, 10), '2027-01-15')
    const cancelled = await client
      .post(`/api/commitments/${id}/cancellation`)
      .json({ reason: 'Không còn phù hợp' })
      .loginAs(leader)
    cancelled.assertStatus(200)
    assert.equal(cancelled.body().status, 'cancelled')
    assert.isNull(cancelled.body().statusClass)
    ;(
      await client
        .post(`/api/commitments/${id}/reports`)
        .json({ progress: 10, content: 'x' })
        .loginAs(staff)
    ).assertStatus(409)
  }).timeout(60_000)
})

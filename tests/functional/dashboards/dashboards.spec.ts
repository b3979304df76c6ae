process.env.SENFLOW_CLOCK_CONTROL = 'true'

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ExcelJS from 'exceljs'
import { baseUrl, demoUser } from '#tests/helpers'
import { sqlTime } from '#services/sql_time'
import { loadDemoCommitments } from '#services/demo_commitments'

const ADMIN = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`

async function clock(path: string, body?: unknown) {
  await fetch(`${baseUrl()}/v2/clock${path}`, {
    method: body ? 'PUT' : 'POST',
    headers: { 'authorization': ADMIN, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
}

/** A Hà Nội wall-clock time as the dossiers table stores it (UTC). */
const at = (local: string) => sqlTime(new Date(`${local}+07:00`))

test.group('Dashboards', (group) => {
  let procedureId: number

  group.setup(async () => {
    // a procedure of the passport division with eight dossiers received in March 2025
    const [id] = await db
      .table('procedures')
      .insert({
        code: 'dashboard-test',
        name_vi: 'Thủ tục kiểm thử thống kê',
        name_en: 'Statistics test procedure',
        process_id: 'dashboard-test',
        legal_time_limit_days: 5,
        lead_unit_code: 'CONSULAR-PASSPORT',
        channels: '[]',
        applicant_kinds: '[]',
        documents: '[]',
        code_prefix: 'DT',
        created_at: sqlTime(),
      })
      .returning('id')
    procedureId = Number(typeof id === 'object' ? (id as { id: number }).id : id)
    const dossier = (n: number, fields: Record<string, unknown>) => ({
      code: `DT-2025-${n}`,
      receipt_number: `BN-DT-2025-${n}`,
      procedure_id: procedureId,
      procedure_code: 'dashboard-test',
      applicant_kind: 'citizen',
      applicant_name: `Người nộp ${n}`,
      channel: 'in-person',
      status: 'processing',
      portal_status_code: 4,
      received_at: at('2025-03-03T09:00:00'),
      due_at: at('2025-03-10T17:00:00'),
      legal_time_limit_days: 5,
      unit_code: 'CONSULAR-PASSPORT',
      created_at: sqlTime(),
      ...fields,
    })
    await db.table('dossiers').multiInsert([
      // finished on time (one of them online)
      dossier(1, {
        status: 'returned',
        portal_status_code: 10,
        finished_at: at('2025-03-07T10:00:00'),
        channel: 'online',
      }),
      dossier(2, { status: 'done', portal_status_code: 9, finished_at: at('2025-03-10T16:00:00') }),
      // finished late, and on time only thanks to a revised due date
      dossier(3, {
        status: 'returned',
        portal_status_code: 10,
        finished_at: at('2025-03-12T10:00:00'),
        channel: 'online',
      }),
      dossier(4, {
        status: 'returned',
        portal_status_code: 10,
        finished_at: at('2025-03-12T10:00:00'),
        revised_due_at: at('2025-03-14T17:00:00'),
      }),
      // pending within term and overdue (now = 20 March 2025)
      dossier(5, {
        received_at: at('2025-03-17T09:00:00'),
        due_at: at('2025-03-24T17:00:00'),
        channel: 'online',
      }),
      dossier(6, {}),
      // refused at intake; and one received in February (outside the period)
      dossier(7, { status: 'rejected', portal_status_code: 3 }),
      dossier(8, { received_at: at('2025-02-20T09:00:00'), due_at: at('2025-02-27T17:00:00') }),
      // another unit
      dossier(9, { unit_code: 'CONSULAR-LEGAL', channel: 'online' }),
    ])
    await clock('', { timestamp: Date.parse('2025-03-20T10:00:00+07:00') })
    return async () => {
      await clock('/reset')
      await db.from('dossiers').where('procedure_code', 'dashboard-test').delete()
      await db.from('procedures').where('id', procedureId).delete()
    }
  })

  test('dossier figures: on time, late, pending within term, overdue, online share, on-time rate', async ({
    client,
    assert,
  }) => {
    const leader = await demoUser('leader')
    const response = await client
      .get('/api/dashboards/dossiers')
      .qs({ from: '2025-03-01', to: '2025-03-31', unit: 'CONSULAR' })
      .loginAs(leader)
    response.assertStatus(200)
    const body = response.body()
    const passport = body.byUnit.find((row: any) => row.unit === 'CONSULAR-PASSPORT')
    assert.deepInclude(passport, {
      received: 7,
      online: 3,
      finished: 4,
      onTime: 3,
      late: 1,
      pendingWithinTerm: 1,
      overdue: 1,
      closedWithoutResult: 1,
      onTimeRate: 0.75,
      onlineShare: 0.4286,
    })
    assert.equal(body.totals.received, 8, 'both units of CONSULAR')
    assert.deepEqual(
      body.byMonth.map((row: any) => [row.period, row.received]),
      [['2025-03', 8]]
    )
    assert.equal(body.byProcedure[0].procedure, 'dashboard-test')

    const only = await client
      .get('/api/dashboards/dossiers')
      .qs({ from: '2025-03-01', to: '2025-03-31', unit: 'CONSULAR-LEGAL' })
      .loginAs(leader)
    assert.equal(only.body().totals.received, 1)

    const refused = await client
      .get('/api/dashboards/dossiers')
      .qs({ from: '2025-03-31', to: '2025-03-01' })
      .loginAs(leader)
    refused.assertStatus(422)
    ;(await client.get('/api/dashboards/dossiers').loginAs(await demoUser('staff'))).assertStatus(
      403
    )
  })

  test('exports the figures as CSV and XLSX', async ({ client, assert }) => {
    const leader = await demoUser('leader')
    const csv = await client
      .get('/api/dashboards/dossiers/export')
      .qs({ from: '2025-03-01', to: '2025-03-31', format: 'csv', locale: 'vi' })
      .loginAs(leader)
    csv.assertStatus(200)
    assert.match(csv.header('content-type') ?? '', /text\/csv/)
    assert.match(csv.header('content-disposition') ?? '', /dossiers-2025-03-01-2025-03-31\.csv/)
    const text = csv.text()
    assert.isTrue(text.startsWith('\uFEFF'))
    assert.include(text, 'Tỷ lệ đúng hạn')
    assert.include(text, 'CONSULAR-PASSPORT,Phòng')

    // the file as a client downloads it, with a token
    const token = (await client.post('/api/tokens').json({ name: 'export' }).loginAs(leader)).body()
    const file = await fetch(
      `${baseUrl()}/api/dashboards/dossiers/export?from=2025-03-01&to=2025-03-31&format=xlsx&locale=en`,
      { headers: { authorization: `Bearer ${token.token}` } }
    )
    assert.equal(file.status, 200)
    assert.equal(
      file.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await file.arrayBuffer()) as any)
    assert.deepEqual(
      workbook.worksheets.map((sheet) => sheet.name),
      ['Totals', 'By unit', 'By procedure', 'By month']
    )
    const byUnit = workbook.getWorksheet('By unit')!
    assert.equal(byUnit.getRow(1).getCell(1).value, 'Unit code')
    const passport = byUnit.getRow(3)
    assert.equal(passport.getCell(1).value, 'CONSULAR-PASSPORT')
    assert.equal(passport.getCell(3).value, 7)
    await client.delete(`/api/tokens/${token.id}`).loginAs(leader)
  })

  test('commitments by class and unit, with the demo commitments', async ({ client, assert }) => {
    // given the demo's commitments, recorded relative to 20 March 2025
    const created = await loadDemoCommitments({ force: true })
    assert.equal(created, 12)
    const leader = await demoUser('leader')

    const response = await client
      .get('/api/dashboards/commitments')
      .qs({ from: '2024-01-01', to: '2025-12-31' })
      .loginAs(leader)
    response.assertStatus(200)
    const body = response.body()
    assert.isAtLeast(body.totals.completed_on_time, 2)
    assert.isAtLeast(body.totals.completed_late, 2)
    assert.isAtLeast(body.totals.overdue, 2)
    assert.isAtLeast(body.totals.in_progress, 5)
    assert.equal(
      body.totals.total,
      body.totals.completed_on_time +
        body.totals.completed_late +
        body.totals.in_progress +
        body.totals.overdue
    )
    for (const row of body.overdue) assert.isAbove(row.workingDaysOverdue, 0)
    assert.isAbove(body.byUnit.length, 0)
    assert.isAbove(body.timeline.length, 0)
    const csv = await client
      .get('/api/dashboards/commitments/export')
      .qs({ from: '2024-01-01', to: '2025-12-31', locale: 'en' })
      .loginAs(leader)
    csv.assertStatus(200)
    assert.include(csv.text(), 'Completed on time')
  }).timeout(60_000)
})

import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import {
  DEFAULT_SIMULATOR_CREDENTIALS,
  startPortalSimulator,
  type PortalSimulator,
} from '@senflow/connectors'
import ConnectorConfigurationService from '#services/connector_configuration_service'
import { loadShippedProcesses } from '#services/shipped_processes'
import { addWorkingDays } from '#services/dossier_calendar'
import Procedure from '#models/procedure'
import { demoUser } from '#tests/helpers'

const FIXTURES = app.makePath('tests/fixtures/dossiers')

const CITIZEN = {
  kind: 'citizen',
  name: 'Nguyễn Thị Hoa',
  identityNumber: '001190012345',
  email: 'hoa@example.vn',
  phone: '0912345678',
  address: '12 Tràng Tiền, Hoàn Kiếm, Hà Nội',
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out waiting; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The open user task of an instance at an element, once the inbox has it. */
async function openTask(processInstanceKey: string, elementId: string) {
  return until(
    () =>
      db
        .from('user_tasks')
        .where('process_instance_key', processInstanceKey)
        .where('element_id', elementId)
        .where('state', 'CREATED')
        .first(),
    (row) => Boolean(row)
  )
}

test.group('Dossiers', (group) => {
  let portal: PortalSimulator

  group.setup(async () => {
    // a portal simulator of our own, behind a connector the fixture procedure names
    portal = await startPortalSimulator({
      host: '127.0.0.1',
      port: 0,
      username: process.env.PORTAL_SIMULATOR_USERNAME || DEFAULT_SIMULATOR_CREDENTIALS.username,
      password: process.env.PORTAL_SIMULATOR_PASSWORD || DEFAULT_SIMULATOR_CREDENTIALS.password,
    })
    const host = new URL(portal.url).host
    const configurations = await app.container.make(ConnectorConfigurationService)
    if (!(await db.from('connector_configurations').where('code', 'dossier-test-portal').first())) {
      await configurations.create(
        {
          code: 'dossier-test-portal',
          name: 'Portal simulator (dossier tests)',
          kind: 'portal',
          configuration: {
            adapterUrl: portal.url,
            dstcode: 'G22.BNG',
            madonvi: 'G22.BNG.LS',
            username: '{{secrets.PORTAL_USERNAME}}',
            password: '{{secrets.PORTAL_PASSWORD}}',
            allowedHosts: [host],
          },
        },
        { id: null, email: 'system:test' }
      )
    }
    const outcomes = await loadShippedProcesses(FIXTURES)
    if (outcomes.some((outcome) => outcome.error)) throw new Error(JSON.stringify(outcomes))
    return () => portal.close()
  })

  test('it should receive a dossier at the counter with its due date in working days, receipt notice and process', async ({
    client,
    assert,
  }) => {
    // given a staff member of the lead unit
    const staff = await demoUser('staff')

    // when they receive a dossier in person
    const response = await client
      .post('/api/dossiers')
      .json({
        procedure: 'sample-certification',
        applicant: CITIZEN,
        data: { papersCount: 2, destination: 'Pháp' },
        documents: [{ name: 'Giấy ủy quyền', digitisation: 'scanned' }],
      })
      .loginAs(staff)

    // then the dossier exists with its numbers, due date and process
    response.assertStatus(201)
    const dossier = response.body()
    assert.match(dossier.code, /^SMP-\d{4}-\d{6}$/)
    assert.match(dossier.receiptNumber, /^BN-\d{4}-\d{6}$/)
    assert.equal(dossier.status, 'received')
    assert.equal(dossier.portalStatusCode, 2)
    assert.equal(dossier.channel, 'in-person')
    assert.equal(dossier.unit, 'CONSULAR-LEGAL')
    assert.isString(dossier.processInstanceKey)
    const expectedDue = await addWorkingDays(DateTime.fromISO(dossier.receivedAt), 3)
    assert.equal(DateTime.fromISO(dossier.dueAt).toMillis(), expectedDue.toMillis())
    assert.deepEqual(
      dossier.documents.map((document: any) => [document.name, document.digitisation]),
      [
        ['Tờ khai', 'paper'],
        ['Giấy tờ cần chứng nhận', 'paper'],
        ['Giấy ủy quyền', 'scanned'],
      ]
    )
    assert.deepEqual(
      dossier.notices.map((notice: any) => notice.kind),
      ['receipt']
    )
    assert.deepEqual(dossier.data, { papersCount: 2, destination: 'Pháp' })

    // and the process sees the dossier's variables
    const engine = await app.container.make('senflow.engine')
    const variables = await engine.searchVariables({
      filter: { processInstanceKey: dossier.processInstanceKey },
      page: { limit: 100 },
    })
    const byName = Object.fromEntries(
      variables.items.map((item) => [item.name, JSON.parse(item.value)])
    )
    assert.equal(byName.dossierCode, dossier.code)
    assert.equal(byName.dueDate, dossier.dueAt)
    assert.equal(byName.papersCount, 2)

    // and the dossier is found by its instance, seen by its unit and not by another
    const byInstance = await client
      .get(`/api/dossiers/by-process-instance/${dossier.processInstanceKey}`)
      .loginAs(staff)
    byInstance.assertStatus(200)
    assert.equal(byInstance.body().code, dossier.code)
    ;(
      await client.get(`/api/dossiers/${dossier.code}`).loginAs(await demoUser('staff2'))
    ).assertStatus(403)
    ;(await client.get('/api/dossiers/by-process-instance/999999').loginAs(staff)).assertStatus(404)
    const others = await client
      .get('/api/dossiers')
      .qs({ q: dossier.code })
      .loginAs(await demoUser('staff2'))
    assert.lengthOf(others.body().data, 0)

    // and the receipt prints as a PDF
    const pdf = await client.get(`/api/dossiers/${dossier.code}/notices/receipt.pdf`).loginAs(staff)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    ;(
      await client.get(`/api/dossiers/${dossier.code}/notices/result.pdf`).loginAs(staff)
    ).assertStatus(404)
  })

  test('it should refuse a counter dossier whose applicant or start data is invalid, keeping nothing', async ({
    client,
    assert,
  }) => {
    const staff = await demoUser('staff')
    const before = await db.from('dossiers').count('* as total').first()

    const noId = await client
      .post('/api/dossiers')
      .json({
        procedure: 'sample-certification',
        applicant: { kind: 'citizen', name: 'A' },
        data: { papersCount: 1, destination: 'Nhật' },
      })
      .loginAs(staff)
    noId.assertStatus(422)
    assert.equal(noId.body().errors[0].field, 'applicant.identityNumber')

    const badForm = await client
      .post('/api/dossiers')
      .json({ procedure: 'sample-certification', applicant: CITIZEN, data: { papersCount: 0 } })
      .loginAs(staff)
    badForm.assertStatus(422)

    const unknown = await client
      .post('/api/dossiers')
      .json({ procedure: 'no-such-procedure', applicant: CITIZEN })
      .loginAs(staff)
    unknown.assertStatus(404)

    ;(
      await client
        .post('/api/dossiers')
        .json({
          procedure: 'sample-certification',
          applicant: CITIZEN,
          data: { papersCount: 1, destination: 'Nhật' },
        })
        .loginAs(await demoUser('auditor'))
    ).assertStatus(403)

    const after = await db.from('dossiers').count('* as total').first()
    assert.equal(Number(after.total), Number(before.total))
  })

  test('it should follow the process through supplement, processing, result and return, restart the clock and tell the portal each status in order', async ({
    client,
    assert,
  }) => {
    // given a dossier received at the counter
    const staff = await demoUser('staff')
    const created = await client
      .post('/api/dossiers')
      .json({
        procedure: 'sample-certification',
        applicant: CITIZEN,
        data: { papersCount: 1, destination: 'Đức' },
      })
      .loginAs(staff)
    created.assertStatus(201)
    const code = created.body().code as string
    const key = created.body().processInstanceKey as string
    const read = async () => (await client.get(`/api/dossiers/${code}`).loginAs(staff)).body()

    // when the check finds it incomplete
    const check = await openTask(key, 'check')
    ;(
      await client
        .post(`/api/tasks/${check.id}/complete`)
        .json({
          variables: {
            complete: false,
            supplementReason: 'Thiếu bản dịch',
            supplementItems: ['Bản dịch công chứng'],
          },
        })
        .loginAs(staff)
    ).assertStatus(200)

    // then the dossier waits for the supplement with the clock stopped
    const waiting = await until(read, (dossier) => dossier.status === 'supplement-requested')
    assert.equal(waiting.portalStatusCode, 5)
    assert.isString(waiting.clockStoppedAt)
    assert.include(
      waiting.notices.map((notice: any) => notice.kind),
      'supplement-request'
    )
    const queues = (await client.get('/api/dossiers/queues').loginAs(staff)).body().data
    assert.isAtLeast(queues.find((queue: any) => queue.queue === 'awaiting-supplement').count, 1)
    const awaiting = await client
      .get('/api/dossiers')
      .qs({ queue: 'awaiting-supplement' })
      .loginAs(staff)
    assert.include(
      awaiting.body().data.map((dossier: any) => dossier.code),
      code
    )

    // when the supplement arrives
    ;(
      await client
        .post(`/api/dossiers/${code}/supplement`)
        .json({ note: 'Đã nộp bản dịch' })
        .loginAs(await demoUser('staff2'))
    ).assertStatus(403)
    ;(
      await client
        .post(`/api/dossiers/${code}/supplement`)
        .json({ note: 'Đã nộp bản dịch' })
        .loginAs(staff)
    ).assertStatus(202)

    // then the clock restarts: the full limit counts again from the supplement
    const resumed = await until(read, (dossier) => dossier.revisedDueAt !== null)
    const history = resumed.history.find((entry: any) => entry.action === 'supplement-received')
    const restartedAt = DateTime.fromISO(history.at)
    assert.equal(
      DateTime.fromISO(resumed.revisedDueAt).toMillis(),
      (await addWorkingDays(restartedAt, 3)).toMillis()
    )
    assert.isNull(resumed.clockStoppedAt)

    // when the check passes and the review is done
    const recheck = await openTask(key, 'check')
    ;(
      await client
        .post(`/api/tasks/${recheck.id}/complete`)
        .json({ variables: { complete: true } })
        .loginAs(staff)
    ).assertStatus(200)
    const review = await openTask(key, 'review')
    ;(
      await client
        .post(`/api/tasks/${review.id}/complete`)
        .json({
          variables: {
            resultSummary: 'Đã chứng nhận',
            resultDocuments: [{ name: 'Giấy tờ đã chứng nhận', number: 'CN-1' }],
          },
        })
        .loginAs(staff)
    ).assertStatus(200)

    // then the dossier is returned with its result
    const returned = await until(read, (dossier) => dossier.status === 'returned')
    assert.equal(returned.portalStatusCode, 10)
    assert.isString(returned.returnedAt)
    assert.deepEqual(
      returned.documents
        .filter((document: any) => document.kind === 'result')
        .map((document: any) => document.number),
      ['CN-1']
    )
    assert.deepEqual(
      returned.history.map((entry: any) => entry.toStatus),
      [
        'received',
        'supplement-requested',
        'processing',
        'received',
        'processing',
        'done',
        'returned',
      ]
    )
    await until(read, (dossier) =>
      dossier.history.every((entry: any) => entry.portalSync === 'sent')
    )

    // and the portal saw the dossier once and then each status in order
    const calls = portal
      .received()
      .filter((call) => JSON.stringify(call).includes(code))
      .filter((call) => call.service === 'DongBoHoSoMC' || call.service === 'CapNhatTienDoHoSoMC')
    assert.equal(calls[0].service, 'DongBoHoSoMC')
    const simulated = portal.dossiers.get(code)!
    assert.deepEqual(
      simulated.progress.map((step) => Number(step.TrangThai)),
      [5, 4, 2, 4, 9, 10]
    )
    assert.equal(simulated.record.TrangThaiHoSo, '10')

    // and the result notice prints
    const pdf = await client.get(`/api/dossiers/${code}/notices/result.pdf`).loginAs(staff)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')

    // and a returned dossier takes no supplement and no apology
    ;(await client.post(`/api/dossiers/${code}/supplement`).json({}).loginAs(staff)).assertStatus(
      409
    )
    ;(
      await client
        .post(`/api/dossiers/${code}/apology`)
        .json({ reason: 'Trễ hạn', newAppointmentDate: '2099-01-05' })
        .loginAs(staff)
    ).assertStatus(422)
  })

  test('it should record an apology with a new appointment date and print it', async ({
    client,
    assert,
  }) => {
    const staff = await demoUser('staff')
    const created = await client
      .post('/api/dossiers')
      .json({
        procedure: 'sample-certification',
        applicant: CITIZEN,
        data: { papersCount: 3, destination: 'Úc' },
      })
      .loginAs(staff)
    const code = created.body().code

    const appointment = DateTime.now().plus({ days: 20 }).toISODate()!
    const farAway = await client
      .post(`/api/dossiers/${code}/apology`)
      .json({ reason: 'Trễ hạn', newAppointmentDate: '2099-01-05' })
      .loginAs(staff)
    farAway.assertStatus(422)
    const invalid = await client
      .post(`/api/dossiers/${code}/apology`)
      .json({ reason: 'Trễ hạn', newAppointmentDate: '2000-01-05' })
      .loginAs(staff)
    invalid.assertStatus(422)
    assert.equal(invalid.body().errors[0].field, 'newAppointmentDate')

    const response = await client
      .post(`/api/dossiers/${code}/apology`)
      .json({ reason: 'Cần xác minh thêm với cơ quan cấp', newAppointmentDate: appointment })
      .loginAs(staff)
    response.assertStatus(200)
    assert.equal(
      response.body().revisedDueAt,
      DateTime.fromISO(appointment, { zone: 'Asia/Ho_Chi_Minh' }).set({ hour: 17 }).toUTC().toISO()
    )
    assert.equal(response.body().apology.reason, 'Cần xác minh thêm với cơ quan cấp')
    const pdf = await client.get(`/api/dossiers/${code}/notices/apology.pdf`).loginAs(staff)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    assert.isAbove(Number(pdf.header('content-length')), 1000)
  })

  test('it should let an applicant submit online without an account and look the dossier up, without internal data', async ({
    client,
    assert,
  }) => {
    // given the public procedure
    const list = await client.get('/api/public/procedures')
    list.assertStatus(200)
    const listed = list.body().data.find((item: any) => item.code === 'sample-certification')
    assert.exists(listed)
    assert.notProperty(listed, 'processId')
    const page = await client.get('/api/public/procedures/sample-certification')
    page.assertStatus(200)
    assert.equal(page.body().startForm.id, 'dossier-sample-application')

    // when the start data is invalid, the errors name the fields
    const invalid = await client
      .post('/api/public/procedures/sample-certification/submissions')
      .json({ applicant: CITIZEN, data: { papersCount: 50 } })
    invalid.assertStatus(422)

    // when it is valid, a dossier code comes back
    const submitted = await client
      .post('/api/public/procedures/sample-certification/submissions')
      .json({
        applicant: { ...CITIZEN, identityNumber: '079201000111' },
        data: { papersCount: 1, destination: 'Hàn Quốc' },
      })
    submitted.assertStatus(201)
    const { code } = submitted.body()
    assert.equal(submitted.body().status, 'registered')

    // then the lookup answers the status and dates only
    const found = await client
      .get('/api/public/dossiers/lookup')
      .qs({ code, identityNumber: '079201000111' })
    found.assertStatus(200)
    assert.equal(found.body().code, code)
    assert.equal(found.body().channel, 'online')
    for (const internal of [
      'processInstanceKey',
      'unit',
      'data',
      'applicant',
      'documents',
      'notices',
    ])
      assert.notProperty(found.body(), internal)
    assert.notInclude(JSON.stringify(found.body()), 'Nguyễn Thị Hoa')
    ;(
      await client.get('/api/public/dossiers/lookup').qs({ code, identityNumber: '000000000000' })
    ).assertStatus(404)

    // and the online dossier is in the unit's new queue, its documents electronic
    const staff = await demoUser('staff')
    const dossier = (await client.get(`/api/dossiers/${code}`).loginAs(staff)).body()
    assert.equal(dossier.channel, 'online')
    assert.isTrue(
      dossier.documents.every((document: any) => document.digitisation === 'electronic')
    )
    const fresh = await client
      .get('/api/dossiers')
      .qs({ queue: 'new', channel: 'online' })
      .loginAs(staff)
    assert.include(
      fresh.body().data.map((item: any) => item.code),
      code
    )

    // and an applicant the start data describes is read from it
    const fromData = await client
      .post('/api/public/procedures/sample-certification/submissions')
      .json({
        data: {
          papersCount: 1,
          destination: 'Ý',
          applicantKind: 'business',
          applicantName: 'Công ty TNHH Ánh Dương',
          taxCode: '0109876543',
        },
      })
    fromData.assertStatus(201)
    const described = (
      await client.get(`/api/dossiers/${fromData.body().code}`).loginAs(staff)
    ).body()
    assert.deepInclude(described.applicant, {
      kind: 'business',
      name: 'Công ty TNHH Ánh Dương',
      taxCode: '0109876543',
    })
    const nobody = await client
      .post('/api/public/procedures/sample-certification/submissions')
      .json({ data: { papersCount: 1, destination: 'Ý' } })
    nobody.assertStatus(422)
    assert.equal(nobody.body().errors[0].field, 'applicant.name')

    // and a non-public procedure is not there
    await Procedure.query().where('code', 'sample-certification').update({ is_public: false })
    try {
      ;(await client.get('/api/public/procedures/sample-certification')).assertStatus(404)
    } finally {
      await Procedure.query().where('code', 'sample-certification').update({ is_public: true })
    }
  })

  test('it should send a dossier the portal could not take when it was received once the portal answers again', async ({
    client,
    assert,
  }) => {
    // given a portal that fails when the dossier arrives
    portal.failNext(1, 503)
    const submitted = await client
      .post('/api/public/procedures/sample-certification/submissions')
      .json({ applicant: CITIZEN, data: { papersCount: 1, destination: 'Lào' } })
    submitted.assertStatus(201)
    const code = submitted.body().code
    const staff = await demoUser('staff')
    const first = await until(
      async () => (await client.get(`/api/dossiers/${code}`).loginAs(staff)).body(),
      (dossier) => Boolean(dossier.history[0].portalMessage)
    )
    assert.equal(first.history[0].portalSync, 'pending')
    assert.isNull(first.portalSyncedAt)
    assert.isUndefined(portal.dossiers.get(code))

    // when the pending dossiers are sent again
    const { dossierService } = await import('#services/dossier_service')
    await (await dossierService()).resyncPending(50, 0)

    // then the portal has it and the history says so
    assert.equal(portal.dossiers.get(code)?.record.TrangThaiHoSo, '1')
    const after = (await client.get(`/api/dossiers/${code}`).loginAs(staff)).body()
    assert.equal(after.history[0].portalSync, 'sent')
    assert.isString(after.portalSyncedAt)
  })

  test('it should register the dossier of a process started elsewhere, and raise an incident for a status that does not exist', async ({
    client,
    assert,
  }) => {
    // given a process started through the engine, not from the counter or the public page
    const engine = await app.container.make('senflow.engine')
    const instance = await engine.createProcessInstance({
      processDefinitionId: 'dossier-register',
      variables: {
        applicantName: 'Bùi Thanh Tâm',
        identityNumber: '001099000321',
        channel: 'post',
        summary: 'Hồ sơ gửi qua bưu điện',
      },
    })

    // when its register task runs, the dossier exists with the procedure's unit and limit
    const staff2 = await demoUser('staff2')
    const dossier = await until(
      async () => {
        const response = await client
          .get(`/api/dossiers/by-process-instance/${instance.processInstanceKey}`)
          .loginAs(staff2)
        return response.status() === 200 ? response.body() : null
      },
      (found) => found !== null
    )
    assert.match(dossier.code, /^SRG-\d{4}-\d{6}$/)
    assert.include(dossier, { channel: 'post', unit: 'CONSULAR-PASSPORT', status: 'registered' })
    assert.equal(dossier.applicant.identityNumber, '001099000321')
    assert.equal(
      DateTime.fromISO(dossier.dueAt).toMillis(),
      (await addWorkingDays(DateTime.fromISO(dossier.receivedAt), 2)).toMillis()
    )
    assert.equal(dossier.history[0].portalSync, 'skipped')

    // then the next task, naming a status that does not exist, stops with an incident saying so
    const incidents = await until(
      () => engine.searchIncidents({ filter: { processInstanceKey: instance.processInstanceKey } }),
      (found) => found.items.length > 0
    )
    assert.equal(incidents.items[0].elementId, 'wrong-status')
    assert.include(incidents.items[0].errorMessage, 'Expected header status to be a dossier status')
    assert.include(incidents.items[0].errorMessage, '"archived"')
  })

  test('it should rate-limit public lookups per address', async ({ client, assert }) => {
    const saved = process.env.SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE
    process.env.SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE = '3'
    try {
      const statuses: number[] = []
      for (let index = 0; index < 6; index++) {
        const response = await client
          .get('/api/public/dossiers/lookup')
          .qs({ code: `SMP-2000-00000${index}`, identityNumber: '001190012345' })
        statuses.push(response.status())
        if (response.status() === 429) assert.isString(response.header('retry-after'))
      }
      assert.includeMembers(statuses, [404, 429])
      assert.equal(statuses[statuses.length - 1], 429)
    } finally {
      if (saved === undefined) delete process.env.SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE
      else process.env.SENFLOW_PUBLIC_LOOKUPS_PER_MINUTE = saved
    }
  })

  test('it should let process owners change a procedure, keep the change when the files load again, and deploy unchanged files once', async ({
    client,
    assert,
  }) => {
    ;(
      await client
        .patch('/api/procedures/sample-certification')
        .json({ fee: 50000 })
        .loginAs(await demoUser('staff'))
    ).assertStatus(403)
    const changed = await client
      .patch('/api/procedures/sample-certification')
      .json({ fee: 50000, legalTimeLimitDays: 4, leadUnit: 'CONSULAR-LEGAL' })
      .loginAs(await demoUser('owner'))
    changed.assertStatus(200)
    assert.equal(changed.body().fee, 50000)
    ;(
      await client
        .patch('/api/procedures/sample-certification')
        .json({ leadUnit: 'NOPE' })
        .loginAs(await demoUser('owner'))
    ).assertStatus(422)

    const engine = await app.container.make('senflow.engine')
    const versions = async () =>
      (
        await engine.searchProcessDefinitions({
          filter: { processDefinitionId: 'dossier-sample' },
          page: { limit: 50 },
        })
      ).items.length
    const before = await versions()
    const outcomes = await loadShippedProcesses(FIXTURES)
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.procedure, outcome.deployed]),
      [
        ['sample-registration', false],
        ['sample-certification', false],
      ]
    )
    assert.equal(await versions(), before)
    const procedure = (
      await client.get('/api/procedures/sample-certification').loginAs(await demoUser('staff'))
    ).body()
    assert.equal(procedure.fee, 50000)
    assert.equal(procedure.legalTimeLimitDays, 4)
    assert.includeMembers(procedure.customised, ['fee', 'legalTimeLimitDays'])

    // and the studio library has the model and the form
    assert.exists(await db.from('process_models').where('process_id', 'dossier-sample').first())
    assert.exists(await db.from('forms').where('form_id', 'dossier-sample-application').first())

    // restore for other tests
    await Procedure.query()
      .where('code', 'sample-certification')
      .update({ fee: 30000, legal_time_limit_days: 3, overrides: '{}' })
  })
})

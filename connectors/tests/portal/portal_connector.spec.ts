import { test } from '@japa/runner'
import type { PortalConnectorResponse } from '../../src/portal/portal_connector.js'
import { startPortalSimulator, type PortalSimulator } from '../../src/portal/portal_simulator.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type { JobCompletion, PortalConnectorConfiguration } from '../../src/types.js'
import { jobOf } from '../helpers/jobs.js'
import { json, startLoopbackServer } from '../helpers/loopback_server.js'

/**
 * The portal connector against the portal simulator (the real portal cannot
 * be reached from here), through the runtime.
 */

const DSTCODE = 'VN:GOV:G22:000.00.00.G22'
const secrets: Record<string, string> = {
  PORTAL_USER: 'mofa-lanhsu',
  PORTAL_PASSWORD: 'Cổng#DVC-2025',
}

function configurationFor(
  adapterUrl: string,
  overrides: Partial<PortalConnectorConfiguration> = {}
): PortalConnectorConfiguration {
  const host = new URL(adapterUrl).host
  return {
    id: 'dvcqg',
    name: 'National Public Service Portal',
    kind: 'portal',
    adapterUrl,
    dstcode: DSTCODE,
    madonvi: '000.00.22.H00',
    username: '{{secrets.PORTAL_USER}}',
    password: '{{secrets.PORTAL_PASSWORD}}',
    allowedHosts: [host],
    procedureCodes: { 'consular-legalization': '1.900001', 'diplomatic-passport': '1.900003' },
    statusCodes: { received: 2, in_review: 4, needs_documents: 5, done: 9, returned: 10 },
    ...overrides,
  }
}

function completed(completion: JobCompletion): Record<string, unknown> {
  if (completion.kind !== 'complete')
    throw new Error(`Expected the job to complete, but: ${JSON.stringify(completion)}`)
  return completion.variables
}

function failed(completion: JobCompletion): Extract<JobCompletion, { kind: 'fail' }> {
  if (completion.kind !== 'fail')
    throw new Error(`Expected the job to fail, but: ${JSON.stringify(completion)}`)
  return completion
}

const dossierFields = {
  dossierNumber: 'G22.99-250301-0001',
  procedureCode: 'consular-legalization',
  procedureName: 'Hợp pháp hóa lãnh sự',
  applicantName: 'Nguyễn Thị Lan',
  applicantIdNumber: '001190000001',
  email: 'lan@example.vn',
  summary: 'Hợp pháp hóa bằng tốt nghiệp',
  receivedAt: '2025-03-01T01:30:00Z',
  dueAt: '2025-03-08T17:00:00+07:00',
  status: 'received',
  handlingUnit: 'Cục Lãnh sự',
}

test.group('PortalConnector', (group) => {
  let simulator: PortalSimulator
  let registry: ConnectorRegistry
  let runtime: ConnectorRuntime
  let jobType: string
  group.each.setup(async () => {
    simulator = await startPortalSimulator({
      host: '127.0.0.1',
      username: secrets.PORTAL_USER,
      password: secrets.PORTAL_PASSWORD,
      dstcode: DSTCODE,
    })
    registry = new ConnectorRegistry()
    jobType = registry.configure(configurationFor(simulator.url, { readTimeoutMs: 1000 }))
    runtime = new ConnectorRuntime({
      registry,
      secretProvider: { get: async (name) => secrets[name] },
      environment: {},
    })
    return async () => {
      await registry.close()
      await simulator.close()
    }
  })

  const job = (
    operation: string,
    fields: Record<string, unknown>,
    headers: Record<string, string> = { resultVariable: 'portal' },
    retries = 3
  ) => jobOf(jobType, { operation, fields }, headers, retries)

  test('it should synchronise a new dossier, mapping our codes and writing dates in Vietnam time', async ({
    assert,
  }) => {
    // when
    const completion = await runtime.execute(job('DongBoHoSoMC', dossierFields))

    // then
    const portal = completed(completion).portal as PortalConnectorResponse
    assert.deepEqual(portal, {
      service: 'DongBoHoSoMC',
      dossierNumber: 'G22.99-250301-0001',
      mode: 'create',
      statusCode: 2,
      statusName: 'Được tiếp nhận',
      message: 'Đã xử lý',
    })
    const calls = simulator.received()
    assert.deepEqual(
      calls.map((call) => [call.path, call.service ?? 'login', call.dstcode]),
      [
        ['/login', 'login', DSTCODE],
        ['/service', 'TraCuuHoSo', DSTCODE],
        ['/service', 'DongBoHoSoMC', DSTCODE],
      ]
    )
    const sent = calls[2].body as {
      madonvi: string
      isUpdating: string
      data: Record<string, unknown>[]
      session: string
    }
    assert.equal(sent.madonvi, '000.00.22.H00')
    assert.equal(sent.isUpdating, 'False')
    assert.isString(sent.session)
    assert.include(sent.data[0], {
      MaHoSo: 'G22.99-250301-0001',
      MaTTHC: '1.900001',
      ChuHoSo: 'Nguyễn Thị Lan',
      LoaiDoiTuong: '1',
      NgayTiepNhan: '20250301083000',
      NgayHenTra: '20250308170000',
      TrangThaiHoSo: '2',
      DonViXuLy: 'Cục Lãnh sự',
      HinhThuc: '0',
    })
  })

  test('it should update an existing dossier, its progress, and look it up in our terms', async ({
    assert,
  }) => {
    // given
    await runtime.execute(job('DongBoHoSoMC', dossierFields))

    // when
    const updated = await runtime.execute(
      job('DongBoHoSoMC', { ...dossierFields, status: 'in_review' })
    )
    const progressed = await runtime.execute(
      job('CapNhatTienDoHoSoMC', {
        dossierNumber: dossierFields.dossierNumber,
        handler: 'Trần Văn Bình',
        handlerTitle: 'Chuyên viên',
        handledAt: '2025-03-03T09:15:00+07:00',
        content: 'Yêu cầu bổ sung bản sao công chứng',
        status: 'needs_documents',
      })
    )
    const lookedUp = await runtime.execute(
      job(
        'TraCuuHoSo',
        { dossierNumber: dossierFields.dossierNumber },
        {
          resultExpression: '= { status: response.dossier.statusName, ours: dossier.ourStatus }',
          resultVariable: 'portal',
        }
      )
    )

    // then
    assert.equal((completed(updated).portal as { mode: string }).mode, 'update')
    assert.deepEqual(completed(progressed).portal, {
      service: 'CapNhatTienDoHoSoMC',
      dossierNumber: dossierFields.dossierNumber,
      statusCode: 5,
      statusName: 'Yêu cầu bổ sung giấy tờ',
      message: 'Đã xử lý',
    })
    const variables = completed(lookedUp)
    const view = (variables.portal as Extract<PortalConnectorResponse, { service: 'TraCuuHoSo' }>)
      .dossier!
    assert.equal(view.receivedAt, '2025-03-01T08:30:00+07:00')
    assert.equal(view.ourProcedureCode, 'consular-legalization')
    assert.deepEqual(view.progress, [
      {
        handler: 'Trần Văn Bình',
        handledAt: '2025-03-03T09:15:00+07:00',
        content: 'Yêu cầu bổ sung bản sao công chứng',
        statusCode: 5,
        statusName: 'Yêu cầu bổ sung giấy tờ',
      },
    ])
    assert.equal(variables.status, 'Yêu cầu bổ sung giấy tờ')
    assert.equal(variables.ours, 'needs_documents')
    assert.lengthOf(
      simulator.received().filter((call) => call.path === '/login'),
      1
    )
  })

  test('it should look up a procedure by our code and say when a dossier is unknown', async ({
    assert,
  }) => {
    const procedure = await runtime.execute(
      job('LayThuTuc', { procedureCode: 'diplomatic-passport' })
    )
    const missing = await runtime.execute(job('TraCuuHoSo', { dossierNumber: 'KHONG-CO' }))
    assert.deepEqual(completed(procedure).portal, {
      service: 'LayThuTuc',
      found: true,
      procedure: {
        code: '1.900003',
        name: 'Cấp hộ chiếu ngoại giao, hộ chiếu công vụ',
        fields: [{ code: 'G01-XNC', name: 'Xuất nhập cảnh' }],
      },
    })
    assert.deepEqual(completed(missing).portal, {
      service: 'TraCuuHoSo',
      found: false,
      dossier: null,
    })
  })

  test('it should log in again when the portal says the session expired', async ({ assert }) => {
    // given
    await runtime.execute(job('TraCuuHoSo', { dossierNumber: 'X' }))
    simulator.expireSessions()

    // when
    const completion = await runtime.execute(job('TraCuuHoSo', { dossierNumber: 'X' }))

    // then
    assert.equal(completion.kind, 'complete')
    assert.deepEqual(
      simulator.received().map((call) => [call.path, call.errorCode]),
      [
        ['/login', 0],
        ['/service', 0],
        ['/service', -2],
        ['/login', 0],
        ['/service', 0],
      ]
    )
  })

  test('it should fail with a retry when the portal answers 500 and name the connector and status', async ({
    assert,
  }) => {
    await runtime.execute(job('TraCuuHoSo', { dossierNumber: 'X' }))
    simulator.failNext(1, 500)
    const failure = failed(
      await runtime.execute(job('TraCuuHoSo', { dossierNumber: 'X' }, { retryBackoff: 'PT1M' }))
    )
    assert.equal(failure.retries, 2)
    assert.equal(failure.retryBackOffMs, 60_000)
    assert.include(
      failure.errorMessage,
      'National Public Service Portal: HTTP 500 Internal Server Error from POST'
    )
  })

  test('it should fail with a retry when the portal is too slow', async ({ assert }) => {
    simulator.slow(1500)
    const failure = failed(
      await runtime.execute(job('LayThuTuc', { procedureCode: 'consular-legalization' }))
    )
    simulator.slow(0)
    assert.equal(failure.retries, 2)
    assert.include(failure.errorMessage, 'timed out after 1000 ms')
  }).timeout(10_000)

  test("it should turn the portal's refusal into a BPMN error with errorExpression", async ({
    assert,
  }) => {
    // given
    await runtime.execute(job('DongBoHoSoMC', dossierFields))

    // when
    const completion = await runtime.execute(
      job(
        'DongBoHoSoMC',
        { ...dossierFields, mode: 'create' },
        {
          errorExpression:
            'if error.code = "-4" then bpmnError("DOSSIER_ALREADY_SYNCED", error.message) else null',
        }
      )
    )

    // then
    assert.equal(completion.kind, 'throwError')
    assert.equal(
      (completion as Extract<JobCompletion, { kind: 'throwError' }>).errorCode,
      'DOSSIER_ALREADY_SYNCED'
    )
    assert.include(
      (completion as Extract<JobCompletion, { kind: 'throwError' }>).errorMessage,
      'Hồ sơ đã tồn tại'
    )
  })

  test('it should refuse unmapped codes and invalid dates before calling the portal', async ({
    assert,
  }) => {
    const unmappedStatus = failed(
      await runtime.execute(job('DongBoHoSoMC', { ...dossierFields, status: 'archived' }))
    )
    const unmappedProcedure = failed(
      await runtime.execute(job('LayThuTuc', { procedureCode: 'visa' }))
    )
    const badDate = failed(
      await runtime.execute(job('DongBoHoSoMC', { ...dossierFields, receivedAt: 'hôm qua' }))
    )
    assert.include(
      unmappedStatus.errorMessage,
      'Expected status "archived" to be mapped to a portal status, but statusCodes has no entry for it'
    )
    assert.include(unmappedProcedure.errorMessage, 'Expected procedure code visa to be mapped')
    assert.include(badDate.errorMessage, 'Expected field receivedAt to be an ISO-8601 date-time')
    for (const failure of [unmappedStatus, unmappedProcedure, badDate])
      assert.equal(failure.retries, 0)
    assert.lengthOf(simulator.received(), 0)
  })

  test('it should refuse a service the configuration does not allow', async ({ assert }) => {
    const limitedType = registry.configure(
      configurationFor(simulator.url, {
        id: 'dvcqg-readonly',
        allowedServices: ['TraCuuHoSo', 'LayThuTuc'],
      })
    )
    const failure = failed(
      await runtime.execute(
        jobOf(limitedType, { operation: 'DongBoHoSoMC', fields: dossierFields })
      )
    )
    assert.include(failure.errorMessage, 'Expected operation to be one of TraCuuHoSo, LayThuTuc')
  })

  test('it should refuse the simulator on loopback when it is not allow-listed', async ({
    assert,
  }) => {
    const strictType = registry.configure(
      configurationFor(simulator.url, { id: 'dvcqg-strict', allowedHosts: [] })
    )
    const failure = failed(
      await runtime.execute(
        jobOf(strictType, { operation: 'TraCuuHoSo', fields: { dossierNumber: 'X' } })
      )
    )
    assert.include(failure.errorMessage, 'loopback')
  })

  test('it should fail clearly when the credentials are wrong', async ({ assert }) => {
    secrets.WRONG_PORTAL_PASSWORD = 'sai'
    const wrongType = registry.configure(
      configurationFor(simulator.url, {
        id: 'dvcqg-wrong',
        password: '{{secrets.WRONG_PORTAL_PASSWORD}}',
      })
    )
    const failure = failed(
      await runtime.execute(
        jobOf(wrongType, { operation: 'TraCuuHoSo', fields: { dossierNumber: 'X' } })
      )
    )
    assert.include(failure.errorMessage, 'Session login to')
    assert.include(failure.errorMessage, 'HTTP 401')
  })
})

test.group('PortalConnector against a malformed adapter', (group) => {
  let answer: string
  let server: Awaited<ReturnType<typeof startLoopbackServer>>
  group.each.setup(async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.path === '/login') return json(response, 200, { error_code: 0, session: 'abc' })
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer)
    })
    return () => server.close()
  })

  test('it should fail the job, not crash, when the answer {0}')
    .with([
      [
        'is not JSON',
        '<html>Bảo trì hệ thống</html>',
        "Expected the portal's answer to be a JSON object",
      ],
      [
        'has no error_code',
        '{"result": []}',
        "Expected the portal's answer to have a numeric error_code",
      ],
      [
        'has a result that is not a list',
        '{"error_code": "00", "result": "none"}',
        "Expected the portal's result for TraCuuHoSo to be a list",
      ],
      [
        'has a malformed dossier',
        '{"error_code": 0, "result": [{"MaHoSo": 12}]}',
        'Expected result[0].MaHoSo to be a non-empty string',
      ],
    ])
    .run(async ({ assert }, [, body, expected]) => {
      // given
      answer = body
      const registry = new ConnectorRegistry()
      const jobType = registry.configure(configurationFor(server.url))
      const runtime = new ConnectorRuntime({
        registry,
        secretProvider: { get: async (name) => secrets[name] },
        environment: {},
      })

      // when
      const completion = await runtime.execute(
        jobOf(jobType, { operation: 'TraCuuHoSo', fields: { dossierNumber: 'X' } })
      )
      await registry.close()

      // then
      const failure = failed(completion)
      assert.equal(failure.retries, 2)
      assert.include(
        failure.errorMessage,
        "National Public Service Portal: Expected the portal's answer to TraCuuHoSo to follow the profile, but: "
      )
      assert.include(failure.errorMessage, expected)
    })
})

import { test } from '@japa/runner'
import {
  main,
  startPortalSimulator,
  type PortalSimulator,
} from '../../src/portal/portal_simulator.js'

/** Posts JSON to the simulator as an adapter client would. */
async function post(
  simulator: PortalSimulator,
  path: string,
  body: unknown,
  dstcode = 'VN:GOV:G22:000.00.00.G22'
) {
  const response = await fetch(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', dstcode },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  let json: Record<string, unknown> | undefined
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    json = undefined
  }
  return { status: response.status, json, text }
}

const dossier = {
  MaHoSo: 'G22.99-250301-0001',
  MaTTHC: '1.900001',
  ChuHoSo: 'Nguyễn Văn A',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20250301083000',
  NgayHenTra: '20250308170000',
  TrangThaiHoSo: '2',
  DonViXuLy: 'Cục Lãnh sự',
}

test.group('Portal simulator', (group) => {
  let simulator: PortalSimulator
  group.each.setup(async () => {
    simulator = await startPortalSimulator({
      host: '127.0.0.1',
      username: 'mofa',
      password: 'mật-khẩu',
      dstcode: 'VN:GOV:G22:000.00.00.G22',
      agencyCodes: ['000.00.22.H00'],
    })
    return () => simulator.close()
  })

  async function login() {
    const answer = await post(simulator, '/login', { username: 'mofa', password: 'mật-khẩu' })
    return answer.json!.session as string
  }

  test('it should log in and serve the four services with in-memory dossiers', async ({
    assert,
  }) => {
    // given
    const session = await login()
    const base = { session, madonvi: '000.00.22.H00' }

    // when
    const created = await post(simulator, '/service', {
      ...base,
      service: 'DongBoHoSoMC',
      isUpdating: 'False',
      data: [dossier],
    })
    const progressed = await post(simulator, '/service', {
      ...base,
      service: 'CapNhatTienDoHoSoMC',
      data: [
        {
          MaHoSo: dossier.MaHoSo,
          NguoiXuLy: 'Trần B',
          ThoiDiemXuLy: '20250302090000',
          NoiDungXuLy: 'Thẩm định',
          TrangThai: '4',
        },
      ],
    })
    const found = await post(simulator, '/service', {
      ...base,
      service: 'TraCuuHoSo',
      mahoso: dossier.MaHoSo,
    })
    const procedure = await post(simulator, '/service', {
      ...base,
      service: 'LayThuTuc',
      maTTHC: '1.900001',
    })

    // then
    assert.deepEqual(created.json, {
      error_code: 0,
      message: 'Đã xử lý',
      result: [{ MaHoSo: dossier.MaHoSo, error_code: 0, message: 'Đồng bộ thành công' }],
    })
    assert.equal(progressed.json!.error_code, 0)
    const record = (found.json!.result as Record<string, unknown>[])[0]
    assert.equal(record.TrangThaiHoSo, '4')
    assert.lengthOf(record.QuaTrinhXuLy as unknown[], 1)
    assert.equal(
      (procedure.json!.result as Record<string, unknown>[])[0].TENTTHC,
      'Hợp pháp hóa lãnh sự giấy tờ, tài liệu tại Bộ Ngoại giao'
    )
    assert.equal(simulator.dossiers.get(dossier.MaHoSo)?.record.TrangThaiHoSo, '4')
    assert.deepEqual(
      simulator
        .received()
        .map((call) => [call.path, call.service ?? '', call.status, call.errorCode]),
      [
        ['/login', '', 200, 0],
        ['/service', 'DongBoHoSoMC', 200, 0],
        ['/service', 'CapNhatTienDoHoSoMC', 200, 0],
        ['/service', 'TraCuuHoSo', 200, 0],
        ['/service', 'LayThuTuc', 200, 0],
      ]
    )
    assert.deepEqual(simulator.received()[0].body, { username: 'mofa', password: '***' })
  })

  test("it should answer invalid requests in the portal's envelope, as the adapter would", async ({
    assert,
  }) => {
    // given
    const session = await login()

    // when
    const missing = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'DongBoHoSoMC',
      isUpdating: 'False',
      data: [{ ...dossier, NgayTiepNhan: '01/03/2025', TrangThaiHoSo: '11', ChuHoSo: undefined }],
    })
    const unknown = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'XoaHoSo',
    })
    const wrongAgency = await post(simulator, '/service', {
      session,
      madonvi: '999',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    const noSession = await post(simulator, '/service', {
      madonvi: '000.00.22.H00',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    const noDstcode = await post(
      simulator,
      '/service',
      { session, madonvi: '000.00.22.H00', service: 'TraCuuHoSo', mahoso: 'x' },
      ''
    )
    const update = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'DongBoHoSoMC',
      isUpdating: 'True',
      data: [dossier],
    })

    // then
    assert.equal(missing.json!.error_code, -1)
    assert.include(
      missing.json!.message as string,
      'Expected data[0].ChuHoSo to be a non-empty string, but it is missing'
    )
    assert.include(
      missing.json!.message as string,
      'Expected data[0].NgayTiepNhan to be a date yyyyMMddHHmmss'
    )
    assert.include(
      missing.json!.message as string,
      'Expected data[0].TrangThaiHoSo to be a status code 1–10'
    )
    assert.equal(unknown.json!.error_code, -3)
    assert.equal(wrongAgency.json!.error_code, -1)
    assert.equal(noSession.json!.error_code, -2)
    assert.equal(noDstcode.status, 400)
    assert.equal((update.json!.result as Record<string, unknown>[])[0].error_code, -4)
  })

  test('it should refuse wrong credentials with 401', async ({ assert }) => {
    const answer = await post(simulator, '/login', { username: 'mofa', password: 'wrong' })
    assert.equal(answer.status, 401)
    assert.equal(answer.json!.error_code, -5)
  })

  test('it should fail, slow down, expire sessions and reset on request', async ({ assert }) => {
    // given
    const session = await login()
    simulator.failNext(2, 503)

    // when
    const first = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    const second = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    simulator.slow(300)
    const started = Date.now()
    const third = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    const elapsed = Date.now() - started
    simulator.slow(0)
    simulator.expireSessions()
    const expired = await post(simulator, '/service', {
      session,
      madonvi: '000.00.22.H00',
      service: 'TraCuuHoSo',
      mahoso: 'x',
    })
    simulator.reset()

    // then
    assert.deepEqual([first.status, second.status, third.status], [503, 503, 200])
    assert.isAtLeast(elapsed, 290)
    assert.equal(expired.json!.error_code, -2)
    assert.lengthOf(simulator.received(), 0)
    assert.equal(simulator.dossiers.size, 0)
  })

  test('it should only listen on loopback', async ({ assert }) => {
    await assert.rejects(
      () => startPortalSimulator({ host: '0.0.0.0', username: 'a', password: 'b' }),
      /loopback/
    )
  })
})

test.group('Portal simulator main', () => {
  test('it should start from the environment and log its URL', async ({ assert }) => {
    // given
    const lines: string[] = []

    // when
    const simulator = await main({
      port: 0,
      environment: { PORTAL_SIMULATOR_USERNAME: 'demo', PORTAL_SIMULATOR_PASSWORD: 'demo-pass' },
      log: (line) => lines.push(line),
    })
    const answer = await post(simulator, '/login', { username: 'demo', password: 'demo-pass' })
    await simulator.close()

    // then
    assert.match(simulator.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.lengthOf(lines, 1)
    assert.include(lines[0], simulator.url)
    assert.equal(answer.json!.error_code, 0)
  })
})

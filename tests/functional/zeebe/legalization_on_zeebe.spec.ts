import { test } from '@japa/runner'
import type { EmbeddedEngine } from '@senflow/engine'
import { startPortalSimulator, type PortalSimulator } from '@senflow/connectors'
import { feelFunctions } from '#services/feel_functions'
import { DEMO_PORTAL_CODE } from '#services/demo_connectors'
import { ServerProcess } from '#tests/support/server_process'
import { ApiCaller } from '#tests/support/connector_scenario'
import {
  completeTask,
  dossierOf,
  legalizationApplication as application,
  openTasksOf,
  portalStatuses,
  waitForPortal,
  waitForStatus,
  waitForTask,
} from '#tests/functional/procedures/procedure_world'
import { freshSqliteFile, startStandInCluster, stopServer } from './zeebe_support.js'

/**
 * Issue 12's acceptance: with ENGINE=zeebe the consular legalization procedure runs end to end
 * through the public page, the inbox and the portal simulator, as on the embedded engine.
 *
 * "Zeebe" is the Zeebe gRPC gateway over an engine with no Senflow workers. The procedure's
 * models call the business calendar's FEEL functions (`add working days`, `is working day`),
 * which a real Camunda cluster does not have: the stand-in is given them, as a cluster would
 * need them (see docs/zeebe.md).
 */
test.group('Consular legalization on Zeebe (ENGINE=zeebe)', (group) => {
  let zeebe: EmbeddedEngine
  let portal: PortalSimulator
  let server: ServerProcess
  const database = freshSqliteFile('legalization')

  group.setup(async () => {
    const cluster = await startStandInCluster(feelFunctions)
    zeebe = cluster.engine
    portal = await startPortalSimulator({ username: 'senflow', password: 'senflow' })
    server = new ServerProcess(3700 + Math.floor(Math.random() * 100), {
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: database.file,
      ENGINE: 'zeebe',
      ZEEBE_ADDRESS: cluster.address,
      ZEEBE_ACCESS_TOKEN: cluster.token,
      SENFLOW_PUBLIC_SUBMISSIONS_PER_HOUR: '1000',
      PORTAL_SIMULATOR_USERNAME: 'senflow',
      PORTAL_SIMULATOR_PASSWORD: 'senflow',
    })
    const stop = async () => {
      await stopServer(server)
      await cluster.close()
      await portal.close()
      await database.remove()
    }
    try {
      await server.start(120_000)
      // the demo portal connector, pointed at the simulator
      const admin = await new ApiCaller(server.url).signIn('admin@demo.senflow.local')
      const listed = await admin.call('GET', '/api/connectors')
      const connector = (listed.json.items ?? listed.json.data ?? listed.json).find(
        (item: { code: string }) => item.code === DEMO_PORTAL_CODE
      )
      const port = new URL(portal.url).port
      const patched = await admin.call('PATCH', `/api/connectors/${connector.id}`, {
        configuration: {
          ...connector.configuration,
          adapterUrl: portal.url,
          allowedHosts: [`127.0.0.1:${port}`],
          retryBackoff: 'PT1S',
        },
      })
      if (patched.status !== 200) throw new Error(`Pointing the portal connector: ${patched.text}`)
    } catch (error) {
      console.error(server.output.slice(-4000))
      await stop()
      throw error
    }
    return stop
  })

  test('a dossier with a supplement runs from the public page to the returned result', async ({
    assert,
  }) => {
    const as = (name: string) => new ApiCaller(server.url).signIn(`${name}@demo.senflow.local`)
    const admin = await as('admin')
    const staff = await as('staff')
    const passportStaff = await as('staff2')
    const leader = await as('leader')

    // the procedure's models were deployed to Zeebe when the server started
    const deployed = await zeebe.searchProcessDefinitions({
      filter: { processDefinitionId: 'consular-legalization' },
    })
    assert.isAbove(deployed.page.totalItems, 0)

    // an applicant submits from the public page
    const submitted = await new ApiCaller(server.url).call(
      'POST',
      '/api/public/procedures/consular-legalization/submissions',
      application('001190012345')
    )
    assert.equal(submitted.status, 201, submitted.text)
    const code = submitted.json.code as string
    assert.match(code, /^HPH-\d{4}-\d{6}$/)

    // the Legalization Division checks it; the Passport Division does not see it
    const check = await waitForTask(staff, code, 'check-completeness')
    assert.deepEqual(check.candidateGroups, ['CONSULAR-LEGAL'])
    assert.isNotNull(check.dueDate)
    assert.lengthOf(await openTasksOf(passportStaff, code), 0)
    const instance = await zeebe.getProcessInstance(check.processInstanceKey)
    assert.equal(instance.processDefinitionId, 'consular-legalization')

    // a paper is missing: the dossier waits for the supplement
    await completeTask(staff, code, 'check-completeness', {
      completeness: 'incomplete',
      supplementItems: ['Bản dịch giấy tờ sang tiếng Việt, tiếng Anh hoặc tiếng Pháp'],
      supplementReason: 'Bảng điểm bằng tiếng Nhật cần có bản dịch',
    })
    const waiting = await waitForStatus(admin, code, 'supplement-requested')
    assert.isNotNull(waiting.clockStoppedAt)

    // the supplement arrives as a message, published to Zeebe
    const published = await admin.call('POST', '/v2/messages/publication', {
      name: 'dossier-supplemented',
      correlationKey: code,
      timeToLive: 60_000,
      variables: { supplementNote: 'Đã nộp bản dịch bảng điểm' },
    })
    assert.equal(published.status, 200, published.text)
    const recheck = await waitForTask(staff, code, 'check-completeness')
    assert.notEqual(recheck.id, check.id)
    assert.equal((await dossierOf(admin, code)).status, 'received')

    await completeTask(staff, code, 'check-completeness', { completeness: 'complete' })
    await completeTask(staff, code, 'review', {
      reviewResult: 'approve',
      legalizedCount: 3,
      reviewOpinion: 'Giấy tờ có chữ ký, con dấu đúng mẫu lưu chiểu',
    })
    const approval = await waitForTask(leader, code, 'approve')
    assert.deepEqual(approval.candidateGroups, ['CONSULAR'])
    await completeTask(leader, code, 'approve', { approval: 'approve', leaderComment: 'Đồng ý' })

    const charged = await waitForStatus(admin, code, 'fee-requested')
    assert.deepEqual(
      { amount: charged.fee.amount, status: charged.fee.status },
      { amount: 90000, status: 'requested' }
    )
    await completeTask(staff, code, 'confirm-payment', {
      paymentMethod: 'cash',
      paymentReference: 'BL-2026-004512',
    })
    await completeTask(staff, code, 'stamp', {
      resultDocuments: [
        {
          name: 'Bằng thạc sĩ (Master of Science)',
          number: 'HPH-1234/2026',
          issuedAt: '2026-04-29',
        },
        { name: 'Bảng điểm', number: 'HPH-1235/2026', issuedAt: '2026-04-29' },
      ],
      resultSummary: 'Đã hợp pháp hóa 03 bản',
    })
    await waitForStatus(admin, code, 'done')
    await completeTask(staff, code, 'return-result', {
      returnMethod: 'counter',
      recipientName: 'Nguyễn Thị Lan',
    })

    // Zeebe completed the instance; the dossier is returned, paid, with its result documents
    const returned = await waitForStatus(admin, code, 'returned')
    assert.equal(returned.fee.status, 'paid')
    assert.sameMembers(
      returned.documents
        .filter((document: { kind: string }) => document.kind === 'result')
        .map((document: { number: string }) => document.number),
      ['HPH-1234/2026', 'HPH-1235/2026']
    )
    const started = Date.now()
    while ((await zeebe.getProcessInstance(check.processInstanceKey)).state === 'ACTIVE') {
      if (Date.now() - started > 20_000) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    assert.equal((await zeebe.getProcessInstance(check.processInstanceKey)).state, 'COMPLETED')

    // and the portal received each status in order, as on the embedded engine
    await waitForPortal(portal, code, [1, 5, 2, 4, 6, 4, 9, 10])
    assert.deepEqual(portalStatuses(portal, code), [1, 5, 2, 4, 6, 4, 9, 10])
  }).timeout(180_000)
})

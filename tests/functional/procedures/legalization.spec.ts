import { test } from '@japa/runner'
import { baseUrl } from '#tests/helpers'
import {
  completeTask,
  dossierOf,
  legalizationApplication as application,
  openTasksOf,
  portalStatuses,
  procedureWorldFor,
  submitPublicly,
  waitForCompletion,
  waitForElement,
  waitForPortal,
  waitForStatus,
  waitForTask,
} from '#tests/functional/procedures/procedure_world'

/**
 * Issue 10's acceptance for consular legalization: submitted from the
 * public page, checked the same working day by the Legalization Division,
 * a supplement requested and received across the 30/4–1/5 holidays (the
 * due date restarts and moves by five working days, skipping them),
 * reviewed, approved by the Consular Department's leader, fee paid,
 * stamped and returned, each status synchronised with the portal
 * simulator in order.
 */
test.group('Procedure: consular legalization', (group) => {
  const world = procedureWorldFor(group)

  test('it should offer its start form on the public page in Vietnamese and English', async ({
    assert,
  }) => {
    // when anyone opens the procedure's public page, in Vietnamese and in English
    const open = async (locale: string) => {
      const answer = await fetch(
        `${baseUrl()}/api/public/procedures/consular-legalization?locale=${locale}`
      )
      assert.equal(answer.status, 200)
      return (await answer.json()) as any
    }
    const vi = await open('vi')
    const en = await open('en')

    // then it carries the start form with the texts of each language
    const component = (page: any, id: string) =>
      page.startForm.schema.components.find((item: { id: string }) => item.id === id)
    assert.equal(vi.startForm.id, 'consular-legalization-application')
    assert.equal(component(vi, 'applicantName').label, 'Họ và tên / tên cơ quan, tổ chức')
    assert.equal(component(en, 'applicantName').label, 'Full name / name of the organisation')
    assert.deepEqual(
      component(en, 'deliveryMethod').values.map((option: { label: string }) => option.label),
      ['At the one-stop counter', 'By post']
    )
    assert.notInclude(JSON.stringify(vi), 'processId')
  })

  test('it should run a dossier with a supplement from the public page to the returned result', async ({
    assert,
  }) => {
    // given the clock on Tuesday 21 April 2026, 09:00 in Hà Nội (the Monday 27/4 and 30/4–1/5 are days off)
    await world().pinClock('2026-04-21T02:00:00Z')
    const staff = await world().as('staff')
    const passportStaff = await world().as('staff2')
    const leader = await world().as('leader')

    // when an applicant submits the application from the public page
    const submitted = await submitPublicly('consular-legalization', application('001190012345'))

    // then a dossier is registered, due five working days later (the 27th is a day off)
    assert.match(submitted.code, /^HPH-2026-\d{6}$/)
    assert.equal(Date.parse(submitted.receivedAt), Date.parse('2026-04-21T09:00:00+07:00'))
    assert.equal(Date.parse(submitted.dueAt), Date.parse('2026-04-29T09:00:00+07:00'))
    const code = submitted.code

    // and the Legalization Division must check it by 17:00 the same day; the Passport Division does not see it
    const check = await waitForTask(staff, code, 'check-completeness')
    assert.deepEqual(check.candidateGroups, ['CONSULAR-LEGAL'])
    assert.equal(Date.parse(check.dueDate!), Date.parse('2026-04-21T17:00:00+07:00'))
    assert.lengthOf(await openTasksOf(passportStaff, code), 0)

    // when the check finds a paper missing
    await completeTask(staff, code, 'check-completeness', {
      completeness: 'incomplete',
      supplementItems: ['Bản dịch giấy tờ sang tiếng Việt, tiếng Anh hoặc tiếng Pháp'],
      supplementReason: 'Bảng điểm bằng tiếng Nhật cần có bản dịch',
    })

    // then the dossier waits for the supplement with its clock stopped, and a notice is issued
    await waitForElement(world().admin, check.processInstanceKey, 'await-supplement')
    const waiting = await waitForStatus(world().admin, code, 'supplement-requested')
    assert.isNotNull(waiting.clockStoppedAt)
    assert.include(
      waiting.notices.map((notice: { kind: string }) => notice.kind),
      'supplement-request'
    )

    // when the applicant supplements on Wednesday 29 April at 10:00 (through the portal: a message by dossier code)
    await world().pinClock('2026-04-29T03:00:00Z')
    const published = await world().admin.call('POST', '/v2/messages/publication', {
      name: 'dossier-supplemented',
      correlationKey: code,
      variables: { supplementNote: 'Đã nộp bản dịch bảng điểm' },
    })
    assert.equal(published.status, 200, published.text)

    // then the time limit restarts: five working days from the 29th skip 30/4, 1/5 and the weekend → Friday 8 May
    const recheck = await waitForTask(staff, code, 'check-completeness')
    assert.notEqual(recheck.id, check.id)
    assert.equal(Date.parse(recheck.dueDate!), Date.parse('2026-04-29T17:00:00+07:00'))
    const supplemented = await dossierOf(world().admin, code)
    assert.equal(supplemented.status, 'received')
    assert.isNull(supplemented.clockStoppedAt)
    assert.equal(Date.parse(supplemented.dueAt), Date.parse('2026-04-29T09:00:00+07:00'))
    assert.equal(Date.parse(supplemented.revisedDueAt), Date.parse('2026-05-08T10:00:00+07:00'))
    assert.equal(Date.parse(supplemented.effectiveDueAt), Date.parse('2026-05-08T10:00:00+07:00'))

    // when the dossier is complete, reviewed and approved by the Consular Department's leader
    await completeTask(staff, code, 'check-completeness', { completeness: 'complete' })
    const review = await waitForTask(staff, code, 'review')
    assert.equal(Date.parse(review.dueDate!), Date.parse('2026-05-06T10:00:00+07:00'))
    await completeTask(staff, code, 'review', {
      reviewResult: 'approve',
      legalizedCount: 3,
      reviewOpinion: 'Giấy tờ có chữ ký, con dấu đúng mẫu lưu chiểu',
    })
    const approval = await waitForTask(leader, code, 'approve')
    assert.deepEqual(approval.candidateGroups, ['CONSULAR'])
    assert.lengthOf(
      (await openTasksOf(staff, code)).filter((task) => task.elementId === 'approve'),
      0
    )
    await completeTask(leader, code, 'approve', { approval: 'approve', leaderComment: 'Đồng ý' })

    // then the fee is requested: 3 copies × 30,000 VND
    const charged = await waitForStatus(world().admin, code, 'fee-requested')
    assert.deepEqual(
      { amount: charged.fee.amount, status: charged.fee.status },
      { amount: 90000, status: 'requested' }
    )

    // when the fee is paid, the papers stamped and the result returned at the counter
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
    await waitForStatus(world().admin, code, 'done')
    const returnTask = await completeTask(staff, code, 'return-result', {
      returnMethod: 'counter',
      recipientName: 'Nguyễn Thị Lan',
    })

    // then the instance ends with the result returned, the fee paid and the result papers recorded
    await waitForCompletion(world().admin, returnTask.processInstanceKey)
    const returned = await waitForStatus(world().admin, code, 'returned')
    assert.equal(returned.fee.status, 'paid')
    assert.equal(returned.fee.paymentReference, 'BL-2026-004512')
    assert.isNotNull(returned.returnedAt)
    assert.sameMembers(
      returned.documents
        .filter((document: { kind: string }) => document.kind === 'result')
        .map((document: { number: string }) => document.number),
      ['HPH-1234/2026', 'HPH-1235/2026']
    )
    assert.includeMembers(
      returned.notices.map((notice: { kind: string }) => notice.kind),
      ['receipt', 'supplement-request', 'result']
    )

    // and the portal saw every status in order: registered, supplement, received, processing, fee, processing, done, returned
    await waitForPortal(world().portal, code, [1, 5, 2, 4, 6, 4, 9, 10])
    assert.deepEqual(portalStatuses(world().portal, code), [1, 5, 2, 4, 6, 4, 9, 10])
    const record = world().portal.dossiers.get(code)!
    assert.equal(record.record.MaTTHC, '1.900001')
    assert.equal(record.record.TrangThaiHoSo, '10')
  }).timeout(120_000)

  test('it should stop a dossier whose supplement has not come within 30 days', async ({
    assert,
  }) => {
    // given a dossier waiting for a supplement since 1 July 2026
    await world().pinClock('2026-07-01T02:00:00Z')
    const staff = await world().as('staff')
    const submitted = await submitPublicly('consular-legalization', application('001190067890'))
    const task = await completeTask(staff, submitted.code, 'check-completeness', {
      completeness: 'incomplete',
      supplementItems: ['Bản chính giấy tờ đề nghị hợp pháp hóa'],
      supplementReason: 'Cần xuất trình bản chính',
    })
    await waitForStatus(world().admin, submitted.code, 'supplement-requested')
    await waitForElement(world().admin, task.processInstanceKey, 'await-supplement')

    // when 31 days pass without it
    await world().pinClock('2026-08-01T02:00:00Z')

    // then the timer stops the dossier, the instance ends and the portal shows status 8
    await waitForCompletion(world().admin, task.processInstanceKey)
    const stopped = await waitForStatus(world().admin, submitted.code, 'stopped')
    assert.equal(stopped.closingReason, 'Quá thời hạn bổ sung hồ sơ; hồ sơ dừng xử lý')
    await waitForPortal(world().portal, submitted.code, [1, 5, 8])
    assert.deepEqual(portalStatuses(world().portal, submitted.code), [1, 5, 8])
  }).timeout(60_000)

  test('it should refuse an ineligible application at intake and tell the portal', async ({
    assert,
  }) => {
    // given a dossier submitted on a working day
    await world().pinClock('2026-06-02T01:30:00Z')
    const staff = await world().as('staff')
    const submitted = await submitPublicly('consular-legalization', application('001190054321'))

    // when the Legalization Division refuses it at intake
    const task = await completeTask(staff, submitted.code, 'check-completeness', {
      completeness: 'refuse',
      refusalReason: 'Giấy tờ đã bị tẩy xóa, sửa chữa',
    })

    // then the dossier is not received, the instance ends and the portal shows status 3
    await waitForCompletion(world().admin, task.processInstanceKey)
    const refused = await waitForStatus(world().admin, submitted.code, 'rejected')
    assert.equal(refused.closingReason, 'Giấy tờ đã bị tẩy xóa, sửa chữa')
    assert.include(
      refused.notices.map((notice: { kind: string }) => notice.kind),
      'refusal'
    )
    await waitForPortal(world().portal, submitted.code, [1, 3])
    assert.deepEqual(portalStatuses(world().portal, submitted.code), [1, 3])
  }).timeout(60_000)
})

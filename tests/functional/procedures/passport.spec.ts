import { test } from '@japa/runner'
import { createHmac, randomBytes } from 'node:crypto'
import { baseUrl } from '#tests/helpers'
import {
  completeTask,
  dossierOf,
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

/** An official's application as the public page sends it. */
const APPLICATION = {
  applicant: {
    kind: 'citizen',
    name: 'Trần Quốc Huy',
    identityNumber: '001085007788',
    email: 'huy.tran@mof.example.vn',
    phone: '0987654321',
    address: '28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội',
  },
  data: {
    passportType: 'official',
    requestKind: 'first',
    applicantKind: 'citizen',
    applicantName: 'Trần Quốc Huy',
    identityNumber: '001085007788',
    dateOfBirth: '1985-03-14',
    gender: 'male',
    position: 'Chuyên viên chính',
    sendingAgency: 'Bộ Tài chính',
    decisionNumber: '1520/QĐ-BTC',
    decisionDate: '2026-08-20',
    decisionAuthority: 'Bộ trưởng Bộ Tài chính',
    destinationCountries: 'Nhật Bản',
    departureDate: '2026-09-20',
    tripPurpose: 'Dự hội nghị Bộ trưởng Tài chính ASEAN+3',
    email: 'huy.tran@mof.example.vn',
    phone: '0987654321',
    address: '28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội',
    deliveryMethod: 'counter',
    declaration: true,
  },
}

/**
 * Issue 10's acceptance for diplomatic and official passports: submitted
 * from the public page, checked against the sending decision and reviewed
 * by the Passport Division, approved by the Consular Department's leader,
 * issued and returned within the five-working-day limit (here across the
 * National Day holidays), each status synchronised with the portal.
 */
test.group('Procedure: diplomatic and official passports', (group) => {
  const world = procedureWorldFor(group)

  test('it should issue an official passport within five working days, through the Passport Division and the leader', async ({
    assert,
  }) => {
    // given the clock on Monday 31 August 2026, 14:00 in Hà Nội (1/9 and 2/9 are days off)
    await world().pinClock('2026-08-31T07:00:00Z')
    const passportStaff = await world().as('staff2')
    const legalizationStaff = await world().as('staff')
    const leader = await world().as('leader')

    // when the official applies from the public page
    const submitted = await submitPublicly('diplomatic-passport', APPLICATION)
    const code = submitted.code

    // then the dossier is due five working days later, skipping National Day: Wednesday 9 September
    assert.match(code, /^HCNG-2026-\d{6}$/)
    assert.equal(Date.parse(submitted.dueAt), Date.parse('2026-09-09T14:00:00+07:00'))

    // and the Passport Division checks it against the sending decision the same day; the Legalization Division does not see it
    const check = await waitForTask(passportStaff, code, 'check-decision')
    assert.deepEqual(check.candidateGroups, ['CONSULAR-PASSPORT'])
    assert.equal(Date.parse(check.dueDate!), Date.parse('2026-08-31T17:00:00+07:00'))
    assert.lengthOf(await openTasksOf(legalizationStaff, code), 0)
    await completeTask(passportStaff, code, 'check-decision', {
      completeness: 'complete',
      intakeNote: 'Khớp Quyết định 1520/QĐ-BTC',
    })
    await waitForStatus(world().admin, code, 'processing')

    // when it is reviewed (due three working days before the limit), approved and issued
    const review = await waitForTask(passportStaff, code, 'review')
    assert.equal(Date.parse(review.dueDate!), Date.parse('2026-09-04T14:00:00+07:00'))
    await completeTask(passportStaff, code, 'review', {
      reviewResult: 'approve',
      passportValidityYears: '5',
      reviewOpinion: 'Đúng đối tượng được cấp hộ chiếu công vụ',
    })
    await completeTask(leader, code, 'approve', { approval: 'approve' })
    const issue = await waitForTask(passportStaff, code, 'issue')
    assert.equal(Date.parse(issue.dueDate!), Date.parse('2026-09-09T14:00:00+07:00'))
    await completeTask(passportStaff, code, 'issue', {
      passportNumber: 'C1234567',
      issuedOn: '2026-09-03',
      expiresOn: '2031-09-03',
    })

    // then the result is recorded: the passport, its number and date
    const done = await waitForStatus(world().admin, code, 'done')
    const passport = done.documents.find((document: { kind: string }) => document.kind === 'result')
    assert.equal(passport.name, 'Hộ chiếu công vụ')
    assert.equal(passport.number, 'C1234567')

    // when the passport is handed over
    const handed = await completeTask(passportStaff, code, 'return-result', {
      returnMethod: 'counter',
      recipientName: 'Trần Quốc Huy',
    })

    // then the instance ends, returned before the due date, and the portal saw each status in order
    await waitForCompletion(world().admin, handed.processInstanceKey)
    const returned = await waitForStatus(world().admin, code, 'returned')
    assert.isBelow(Date.parse(returned.returnedAt), Date.parse(returned.effectiveDueAt))
    await waitForPortal(world().portal, code, [1, 2, 4, 9, 10])
    assert.deepEqual(portalStatuses(world().portal, code), [1, 2, 4, 9, 10])
    assert.equal(world().portal.dossiers.get(code)!.record.MaTTHC, '1.900003')
  }).timeout(90_000)

  test('it should restart the time limit when the portal reports the supplement through a signed webhook', async ({
    assert,
  }) => {
    // given the portal's webhook: the message dossier-supplemented, correlated by the dossier code of the body
    await world().pinClock('2026-04-24T03:00:00Z')
    const admin = world().admin
    const secret = randomBytes(24).toString('base64url')
    const stored = await admin.call('POST', '/api/secrets', {
      name: 'PORTAL_SUPPLEMENT_HOOK',
      value: secret,
      description: 'The portal signs supplement notifications with it',
    })
    assert.equal(stored.status, 201, stored.text)
    const hook = await admin.call('POST', '/api/webhooks', {
      name: 'Supplements from the National Public Service Portal',
      kind: 'correlate',
      messageName: 'dossier-supplemented',
      correlationKeyExpression: '=body.MaHoSo',
      variablesExpression: '={ supplementNote: body.NoiDung }',
      requiredFields: ['MaHoSo'],
      authMode: 'hmac',
      secretName: 'PORTAL_SUPPLEMENT_HOOK',
    })
    assert.equal(hook.status, 201, hook.text)
    try {
      // and a dossier received on Friday 24 April 2026, 10:00, asked for the original decision
      const passportStaff = await world().as('staff2')
      const submitted = await submitPublicly('diplomatic-passport', {
        ...APPLICATION,
        applicant: { ...APPLICATION.applicant, identityNumber: '001085003344' },
        data: { ...APPLICATION.data, identityNumber: '001085003344' },
      })
      const code = submitted.code
      const check = await completeTask(passportStaff, code, 'check-decision', {
        completeness: 'incomplete',
        supplementItems: ['Bản chính quyết định cử đi công tác'],
        supplementReason: 'Bản chụp quyết định không rõ dấu',
      })
      await waitForStatus(admin, code, 'supplement-requested')
      await waitForElement(admin, check.processInstanceKey, 'await-supplement')

      // when the portal reports on Wednesday 29 April, 15:00 that the applicant supplemented
      await world().pinClock('2026-04-29T08:00:00Z')
      const body = JSON.stringify({ MaHoSo: code, NoiDung: 'Đã nộp bản chính quyết định' })
      const signature = createHmac('sha256', secret).update(body).digest('hex')
      const delivered = await fetch(`${baseUrl()}${hook.json.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Senflow-Signature': `sha256=${signature}`,
          'Idempotency-Key': `dvcqg-${code}-1`,
        },
        body,
      })
      assert.equal(delivered.status, 202, await delivered.text())

      // then the check comes back, and the five working days count from the 29th, skipping 30/4, 1/5 and the weekend
      const recheck = await waitForTask(passportStaff, code, 'check-decision')
      assert.equal(Date.parse(recheck.dueDate!), Date.parse('2026-04-29T17:00:00+07:00'))
      const supplemented = await dossierOf(admin, code)
      assert.equal(Date.parse(supplemented.revisedDueAt), Date.parse('2026-05-08T15:00:00+07:00'))
      const variables = await admin.variablesOf(recheck.processInstanceKey)
      assert.equal(variables.supplementNote, 'Đã nộp bản chính quyết định')
      await waitForPortal(world().portal, code, [1, 5, 2])
      assert.deepEqual(portalStatuses(world().portal, code), [1, 5, 2])
    } finally {
      await admin.call('DELETE', `/api/webhooks/${hook.json.id}`)
      await admin.call('DELETE', '/api/secrets/PORTAL_SUPPLEMENT_HOOK')
    }
  }).timeout(90_000)

  test('it should go back to the review when the leader asks, and stop the dossier on an approved refusal', async ({
    assert,
  }) => {
    // given a dossier received and reviewed with a proposal to refuse
    await world().pinClock('2026-09-07T02:00:00Z')
    const passportStaff = await world().as('staff2')
    const leader = await world().as('leader')
    const submitted = await submitPublicly('diplomatic-passport', {
      ...APPLICATION,
      applicant: { ...APPLICATION.applicant, identityNumber: '001085009900' },
      data: { ...APPLICATION.data, identityNumber: '001085009900' },
    })
    const code = submitted.code
    await completeTask(passportStaff, code, 'check-decision', { completeness: 'complete' })
    const firstReview = await completeTask(passportStaff, code, 'review', {
      reviewResult: 'approve',
      passportValidityYears: '5',
      reviewOpinion: 'Đề xuất cấp',
    })

    // when the leader sends it back, and the second review proposes a refusal the leader approves
    await completeTask(leader, code, 'approve', {
      approval: 'return',
      leaderComment: 'Người đề nghị không thuộc diện được cấp hộ chiếu công vụ, đề nghị xem lại',
    })
    const secondReview = await waitForTask(passportStaff, code, 'review')
    assert.notEqual(secondReview.id, firstReview.id)
    await completeTask(passportStaff, code, 'review', {
      reviewResult: 'refuse',
      reviewOpinion: 'Không thuộc diện theo Điều 9 Luật Xuất cảnh, nhập cảnh',
      refusalReason: 'Không thuộc diện được cấp hộ chiếu công vụ',
    })
    await completeTask(leader, code, 'approve', { approval: 'approve' })

    // then the dossier is stopped with the refusal, and the portal shows status 8
    await waitForCompletion(world().admin, secondReview.processInstanceKey)
    const stopped = await waitForStatus(world().admin, code, 'stopped')
    assert.equal(stopped.closingReason, 'Không thuộc diện được cấp hộ chiếu công vụ')
    await waitForPortal(world().portal, code, [1, 2, 4, 8])
    assert.deepEqual(portalStatuses(world().portal, code), [1, 2, 4, 8])
  }).timeout(90_000)
})

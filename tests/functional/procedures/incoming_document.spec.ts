import { test } from '@japa/runner'
import {
  completeTask,
  openTasksOf,
  portalStatuses,
  procedureWorldFor,
  submitPublicly,
  waitForCompletion,
  waitForPortal,
  waitForStatus,
  waitForTask,
} from '#tests/functional/procedures/procedure_world'

/** A provincial people's committee sends an official letter from the public page. */
function letter(taxCode: string, replyRequested: boolean) {
  return {
    applicant: {
      kind: 'organisation',
      name: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      taxCode,
      email: 'vanthu@quangninh.example.vn',
      phone: '02033835588',
    },
    data: {
      applicantKind: 'organisation',
      applicantName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      taxCode,
      documentType: 'official-letter',
      documentNumber: '2345/UBND-NC',
      documentDate: '2026-10-05',
      signer: 'Phó Chủ tịch UBND tỉnh',
      subject:
        'Đề nghị hướng dẫn thủ tục hợp pháp hóa lãnh sự cho lao động đi làm việc ở nước ngoài',
      urgency: 'urgent',
      replyRequested,
      email: 'vanthu@quangninh.example.vn',
      phone: '02033835588',
    },
  }
}

/**
 * Issue 10's acceptance for incoming official documents: sent from the
 * public page, registered by the Records and Archives Division the same
 * working day, assigned by the Ministry Office's leader to a lead unit and
 * coordinating units (each coordinating unit gives its opinion in its own
 * inbox, in parallel), handled and answered by the lead unit, the answer
 * issued and the document filed, each status synchronised with the portal.
 */
test.group('Procedure: incoming official documents', (group) => {
  const world = procedureWorldFor(group)

  test('it should register, assign, coordinate, answer and file a document', async ({ assert }) => {
    // given the clock on Friday 9 October 2026, 10:00 in Hà Nội
    await world().pinClock('2026-10-09T03:00:00Z')
    const clerk = await world().as('clerk')
    const officeLeader = await world().as('office-leader')
    const legalization = await world().as('staff')
    const passports = await world().as('staff2')
    const consularLeader = await world().as('leader')

    // when the province sends the letter from the public page
    const submitted = await submitPublicly('incoming-document', letter('5700100256', true))
    const code = submitted.code
    assert.match(code, /^VBD-2026-\d{6}$/)

    // then the Records and Archives Division registers it the same day (an urgent document comes first)
    const registration = await waitForTask(clerk, code, 'register')
    assert.deepEqual(registration.candidateGroups, ['OFFICE-RECORDS'])
    assert.equal(Date.parse(registration.dueDate!), Date.parse('2026-10-09T17:00:00+07:00'))
    await completeTask(clerk, code, 'register', {
      registration: 'register',
      incomingNumber: '8812',
      registeredOn: '2026-10-09',
      urgency: 'urgent',
      securityLevel: 'none',
      pages: 3,
    })
    await waitForStatus(world().admin, code, 'received')

    // when the Office's leader makes the Legalization Division lead, with the Passport Division and the Consular Department coordinating, within 3 working days
    const assignment = await waitForTask(officeLeader, code, 'assign')
    assert.deepEqual(assignment.candidateGroups, ['OFFICE'])
    await completeTask(officeLeader, code, 'assign', {
      leadUnit: 'CONSULAR-LEGAL',
      coordinatingUnits: ['CONSULAR-PASSPORT', 'CONSULAR'],
      processingDays: 3,
      directive: 'Phòng Hợp pháp hóa chủ trì trả lời; Phòng Hộ chiếu, Cục Lãnh sự góp ý',
    })
    await waitForStatus(world().admin, code, 'processing')

    // then each coordinating unit has its own task, in its own inbox, due the working day before the limit (Tuesday 13)
    const passportOpinion = await waitForTask(passports, code, 'coordinate', 'CONSULAR-PASSPORT')
    const consularOpinion = await waitForTask(consularLeader, code, 'coordinate', 'CONSULAR')
    assert.deepEqual(passportOpinion.candidateGroups, ['CONSULAR-PASSPORT'])
    assert.deepEqual(consularOpinion.candidateGroups, ['CONSULAR'])
    assert.notEqual(passportOpinion.id, consularOpinion.id)
    assert.equal(Date.parse(passportOpinion.dueDate!), Date.parse('2026-10-13T10:00:00+07:00'))
    assert.lengthOf(await openTasksOf(legalization, code), 0)

    // when both give their opinions
    await completeTask(
      passports,
      code,
      'coordinate',
      { coordinationOpinion: 'Không liên quan đến hộ chiếu phổ thông; thống nhất' },
      'CONSULAR-PASSPORT'
    )
    await completeTask(
      consularLeader,
      code,
      'coordinate',
      { coordinationOpinion: 'Đề nghị nêu rõ Nghị định 111/2011/NĐ-CP' },
      'CONSULAR'
    )

    // then the lead unit handles it, due in three working days (Wednesday 14)
    const handling = await waitForTask(legalization, code, 'process')
    assert.deepEqual(handling.candidateGroups, ['CONSULAR-LEGAL'])
    assert.equal(Date.parse(handling.dueDate!), Date.parse('2026-10-14T10:00:00+07:00'))
    const variables = await world().admin.variablesOf(handling.processInstanceKey)
    assert.sameDeepMembers(variables.coordinationOpinions, [
      { unit: 'CONSULAR-PASSPORT', opinion: 'Không liên quan đến hộ chiếu phổ thông; thống nhất' },
      { unit: 'CONSULAR', opinion: 'Đề nghị nêu rõ Nghị định 111/2011/NĐ-CP' },
    ])
    await completeTask(legalization, code, 'process', {
      processingResult: 'Đã dự thảo văn bản hướng dẫn',
      replyNeeded: 'reply',
      replySummary: 'Hướng dẫn thủ tục hợp pháp hóa lãnh sự giấy tờ của người lao động',
    })

    // when the registry issues the answer and files the document
    await completeTask(clerk, code, 'issue-reply', {
      replyNumber: '4521/BNG-LS',
      replyDate: '2026-10-12',
      replySigner: 'Cục trưởng Cục Lãnh sự',
    })
    const done = await waitForStatus(world().admin, code, 'done')
    const answer = done.documents.find((document: { kind: string }) => document.kind === 'result')
    assert.equal(answer.number, '4521/BNG-LS')
    const filed = await completeTask(clerk, code, 'archive', {
      fileCode: 'LS-2026-15',
      retention: '10y',
    })

    // then the instance ends, the dossier is closed and the portal saw each status in order
    await waitForCompletion(world().admin, filed.processInstanceKey)
    await waitForStatus(world().admin, code, 'returned')
    await waitForPortal(world().portal, code, [1, 2, 4, 9, 10])
    assert.deepEqual(portalStatuses(world().portal, code), [1, 2, 4, 9, 10])
  }).timeout(90_000)

  test('it should send a document back when the registry finds it is not for the Ministry', async ({
    assert,
  }) => {
    // given a letter sent from the public page
    await world().pinClock('2026-10-12T02:00:00Z')
    const clerk = await world().as('clerk')
    const submitted = await submitPublicly('incoming-document', letter('5700100999', false))

    // when the registry refuses to register it
    const task = await completeTask(clerk, submitted.code, 'register', {
      registration: 'refuse',
      refusalReason: 'Văn bản gửi nhầm cơ quan; đề nghị gửi Bộ Lao động – Thương binh và Xã hội',
    })

    // then the dossier is rejected and the instance ends
    await waitForCompletion(world().admin, task.processInstanceKey)
    const rejected = await waitForStatus(world().admin, submitted.code, 'rejected')
    assert.include(rejected.closingReason, 'gửi nhầm cơ quan')
    await waitForPortal(world().portal, submitted.code, [1, 3])
    assert.deepEqual(portalStatuses(world().portal, submitted.code), [1, 3])
  }).timeout(60_000)
})

import { test } from '@japa/runner'
import { createRequire } from 'node:module'
import type { ApiCaller } from '#tests/support/connector_scenario'
import {
  completeTask,
  dossierOf,
  procedureWorldFor,
  submitPublicly,
  waitForCompletion,
  waitForStatus,
  waitForTask,
} from '#tests/functional/procedures/procedure_world'

/** The Zeebe extension of bpmn-moddle, as the engine and the studio load it. */
const zeebeSchema = createRequire(new URL('../../../engine/package.json', import.meta.url))(
  'zeebe-bpmn-moddle/resources/zeebe.json'
)

/**
 * Adds an approval step to the shipped legalization model as the studio
 * does (through bpmn-moddle, with its diagram): after the papers are
 * stamped, the Consular Department's leader signs the result off before
 * the dossier is marked done.
 */
async function withDirectorApproval(xml: string): Promise<string> {
  const { default: BpmnModdle } = (await import('bpmn-moddle' as string)) as { default: any }
  const moddle = new BpmnModdle({ zeebe: zeebeSchema })
  const { rootElement: definitions } = await moddle.fromXML(xml)
  const process = definitions.rootElements.find((element: any) => element.$type === 'bpmn:Process')
  const byId = (id: string) => process.flowElements.find((element: any) => element.id === id)
  const flow = byId('to-result')
  const stamp = byId('stamp')
  const result = byId('result')

  // the step: a user task offered to the Consular Department with the approval form
  const approval = moddle.create('bpmn:UserTask', {
    id: 'director-approval',
    name: 'Lãnh đạo Cục ký duyệt kết quả',
  })
  approval.extensionElements = moddle.create('bpmn:ExtensionElements', {
    values: [
      moddle.create('zeebe:AssignmentDefinition', { candidateGroups: 'CONSULAR' }),
      moddle.create('zeebe:FormDefinition', { formId: 'consular-legalization-approval' }),
    ],
  })
  const onward = moddle.create('bpmn:SequenceFlow', {
    id: 'director-approval-to-result',
    sourceRef: approval,
    targetRef: result,
  })
  flow.targetRef = approval
  approval.incoming = [flow]
  approval.outgoing = [onward]
  result.incoming = [...result.incoming.filter((item: any) => item !== flow), onward]
  process.flowElements.push(approval, onward)

  // its diagram: below the stamping task, the flows redrawn
  const plane = definitions.diagrams[0].plane
  const shapeOf = (element: any) =>
    plane.planeElement.find((item: any) => item.bpmnElement === element)
  const at = shapeOf(stamp).bounds
  const to = shapeOf(result).bounds
  const box = { x: at.x, y: at.y + 140, width: 100, height: 80 }
  const point = (x: number, y: number) => moddle.create('dc:Point', { x, y })
  plane.planeElement.push(
    moddle.create('bpmndi:BPMNShape', {
      id: 'director-approval_di',
      bpmnElement: approval,
      bounds: moddle.create('dc:Bounds', box),
    }),
    moddle.create('bpmndi:BPMNEdge', {
      id: 'director-approval-to-result_di',
      bpmnElement: onward,
      waypoint: [
        point(box.x + box.width, box.y + box.height / 2),
        point(to.x + to.width / 2, box.y + box.height / 2),
        point(to.x + to.width / 2, to.y + to.height),
      ],
    })
  )
  shapeOf(flow).waypoint = [
    point(at.x + at.width / 2, at.y + at.height),
    point(box.x + box.width / 2, box.y),
  ]
  const { xml: changed } = await moddle.toXML(definitions, { format: true })
  return changed
}

/** A citizen's application to legalize one paper. */
function application(identityNumber: string) {
  return {
    applicant: {
      kind: 'citizen',
      name: 'Phạm Minh Đức',
      identityNumber,
      email: 'duc.pham@example.org',
      phone: '0903123456',
      address: '5 Lê Duẩn, Quận 1, TP. Hồ Chí Minh',
    },
    data: {
      applicantKind: 'citizen',
      applicantName: 'Phạm Minh Đức',
      identityNumber,
      requestType: 'certification',
      documents: [{ name: 'Giấy khai sinh', issuer: 'UBND phường Bến Nghé', copies: 1 }],
      documentCount: 1,
      destinationCountry: 'Cộng hòa Pháp',
      email: 'duc.pham@example.org',
      phone: '0903123456',
      address: '5 Lê Duẩn, Quận 1, TP. Hồ Chí Minh',
      deliveryMethod: 'post',
      declaration: true,
    },
  }
}

/** Takes a legalization dossier from the completeness check to the stamped papers. */
async function processUntilStamped(staff: ApiCaller, leader: ApiCaller, code: string) {
  await completeTask(staff, code, 'check-completeness', { completeness: 'complete' })
  await completeTask(staff, code, 'review', {
    reviewResult: 'approve',
    legalizedCount: 1,
    reviewOpinion: 'Đủ điều kiện chứng nhận',
  })
  await completeTask(leader, code, 'approve', { approval: 'approve' })
  await completeTask(staff, code, 'confirm-payment', {
    paymentMethod: 'online',
    paymentReference: `DVCQG-${code}`,
  })
  await completeTask(staff, code, 'stamp', {
    resultDocuments: [{ name: 'Giấy khai sinh', number: `CN-${code}`, issuedAt: '2026-06-15' }],
    resultSummary: 'Đã chứng nhận 01 bản',
  })
}

/** Hands the papers over by post. */
async function returnByPost(staff: ApiCaller, code: string) {
  return completeTask(staff, code, 'return-result', {
    returnMethod: 'post',
    recipientName: 'Phạm Minh Đức',
    postalTrackingNumber: 'EM123456789VN',
  })
}

/**
 * Issue 10's acceptance for the studio: a process owner opens a shipped
 * model in the studio's library, adds an approval step, publishes it;
 * dossiers received afterwards follow the new version, a dossier received
 * before finishes on its own.
 */
test.group('Procedure: a process owner redesigns a shipped procedure', (group) => {
  const world = procedureWorldFor(group)

  test('it should publish an approval step that new dossiers follow while an old one finishes on its version', async ({
    assert,
  }) => {
    await world().pinClock('2026-06-15T02:00:00Z')
    const owner = await world().as('owner')
    const staff = await world().as('staff')
    const leader = await world().as('leader')

    // given a dossier received on the shipped version
    const old = await submitPublicly('consular-legalization', application('079090001111'))
    const oldCheck = await waitForTask(staff, old.code, 'check-completeness')

    // and the studio offers the shipped procedures as templates too
    const templates = await owner.call('GET', '/api/process-templates')
    assert.includeMembers(
      templates.json.items.map((item: { processId: string }) => item.processId),
      ['consular-legalization', 'diplomatic-passport', 'incoming-document']
    )

    // when the process owner opens the shipped model in the studio's library
    const listed = await owner.call('GET', '/api/process-models?q=consular-legalization')
    assert.equal(listed.status, 200, listed.text)
    const summary = listed.json.items.find(
      (item: { processId: string }) => item.processId === 'consular-legalization'
    )
    assert.equal(summary.status, 'published')
    assert.equal(summary.latestVersion, oldCheck.processDefinitionVersion)
    const opened = await owner.call('GET', `/api/process-models/${summary.id}`)
    assert.include(opened.json.xml, '<bpmndi:BPMNDiagram')

    // and adds the approval step, saves and publishes
    const xml = await withDirectorApproval(opened.json.xml)
    const checked = await owner.call('POST', `/api/process-models/${summary.id}/validate`, { xml })
    assert.deepEqual(checked.json, { valid: true, problems: [] })
    const saved = await owner.call('PUT', `/api/process-models/${summary.id}/draft`, {
      xml,
      revision: opened.json.draftRevision,
    })
    assert.equal(saved.status, 200, saved.text)
    const published = await owner.call('POST', `/api/process-models/${summary.id}/publish`, {
      note: 'Thêm bước Lãnh đạo Cục ký duyệt kết quả',
    })
    assert.equal(published.status, 200, published.text)
    assert.equal(published.json.version, summary.latestVersion + 1)
    assert.isFalse(published.json.unchanged)

    // then a dossier received now runs the new version, with the approval step after the stamping
    const recent = await submitPublicly('consular-legalization', application('079090002222'))
    const recentCheck = await waitForTask(staff, recent.code, 'check-completeness')
    assert.equal(recentCheck.processDefinitionVersion, published.json.version)
    await processUntilStamped(staff, leader, recent.code)
    const signOff = await waitForTask(leader, recent.code, 'director-approval')
    assert.deepEqual(signOff.candidateGroups, ['CONSULAR'])
    assert.equal((await dossierOf(world().admin, recent.code)).status, 'processing')
    await completeTask(leader, recent.code, 'director-approval', { approval: 'approve' })
    await waitForStatus(world().admin, recent.code, 'done')
    const recentReturn = await returnByPost(staff, recent.code)
    await waitForCompletion(world().admin, recentReturn.processInstanceKey)
    await waitForStatus(world().admin, recent.code, 'returned')

    // and the old dossier finishes on its own version, without the new step
    await processUntilStamped(staff, leader, old.code)
    await waitForStatus(world().admin, old.code, 'done')
    const oldReturn = await returnByPost(staff, old.code)
    assert.equal(oldReturn.processDefinitionVersion, summary.latestVersion)
    await waitForCompletion(world().admin, oldReturn.processInstanceKey)
    await waitForStatus(world().admin, old.code, 'returned')
    const elementsOf = async (processInstanceKey: string) =>
      (
        await world().admin.call('POST', '/v2/element-instances/search', {
          filter: { processInstanceKey },
          page: { limit: 200 },
        })
      ).json.items.map((item: { elementId: string }) => item.elementId)
    assert.notInclude(await elementsOf(oldReturn.processInstanceKey), 'director-approval')
    assert.include(await elementsOf(recentReturn.processInstanceKey), 'director-approval')

    // and the library lists both versions, the new one with its note
    const versions = await owner.call('GET', `/api/process-models/${summary.id}/versions`)
    const notes = (versions.json.items ?? versions.json.data).map(
      (item: { version: number; note: string | null }) => [item.version, item.note]
    )
    assert.deepInclude(notes, [published.json.version, 'Thêm bước Lãnh đạo Cục ký duyệt kết quả'])
    assert.includeDeepMembers(
      notes.map((entry: [number, string | null]) => entry[0]),
      [summary.latestVersion, published.json.version]
    )
  }).timeout(120_000)
})

import { test } from '@japa/runner'
import { PORTAL_DOSSIER_STATUSES } from '@senflow/connectors'
import { parseProcedureDefinition } from '#services/shipped_processes'
import { DOSSIER_STATUSES, DOSSIER_STATUS_NAMES, QUEUE_STATUSES } from '#services/dossier_status'
import { defaultCodePrefix } from '#services/dossier_service'

const MINIMAL = {
  code: 'consular-legalization',
  nameVi: 'Hợp pháp hóa lãnh sự',
  nameEn: 'Consular legalization',
  processId: 'consular-legalization',
  legalTimeLimitDays: 5,
  leadUnit: 'CONSULAR-LEGAL',
}

test.group('procedure.json', () => {
  test('it should take a minimal definition with the registry defaults', ({ assert }) => {
    const definition = parseProcedureDefinition(MINIMAL, 'procedure.json')
    assert.include(definition, {
      code: 'consular-legalization',
      fee: 0,
      feeCurrency: 'VND',
      isPublic: false,
      codePrefix: 'CL',
      portalConnector: 'national-portal',
      dueSoonDays: 1,
      startFormId: null,
    })
    assert.deepEqual(definition.channels, ['in-person', 'online', 'post'])
    assert.deepEqual(definition.applicantKinds, ['citizen', 'business', 'organisation'])
  })

  test('it should keep an explicit null portal connector (no synchronisation)', ({ assert }) => {
    const definition = parseProcedureDefinition({ ...MINIMAL, portalConnector: null }, 'p.json')
    assert.isNull(definition.portalConnector)
  })

  test('it should name every problem of a wrong definition with where it is', ({ assert }) => {
    let message = ''
    try {
      parseProcedureDefinition(
        {
          ...MINIMAL,
          code: 'Bad Code',
          legalTimeLimitDays: -1,
          channels: ['fax'],
          documents: [{ code: 'x' }],
          public: 'yes',
          nameEn: undefined,
        },
        'processes/x/procedure.json'
      )
    } catch (error) {
      message = (error as Error).message
    }
    assert.match(message, /^processes\/x\/procedure\.json: /)
    for (const problem of [
      'Expected code to be a text matching',
      'Expected nameEn, but it is missing',
      'Expected legalTimeLimitDays to be a whole number ≥ 0, but got -1',
      'Expected channels to be a non-empty list of in-person, online, post, but got ["fax"]',
      'Expected documents[0] to be { code, nameVi, nameEn, required? }',
      'Expected public to be true or false, but got "yes"',
    ])
      assert.include(message, problem)
    assert.throws(() => parseProcedureDefinition([], 'p.json'), /Expected a JSON object/)
  })
})

test.group('Dossier statuses', () => {
  test('it should map the ten statuses to the portal codes 1–10 in the portal order', ({
    assert,
  }) => {
    assert.deepEqual(
      DOSSIER_STATUS_NAMES.map((status) => DOSSIER_STATUSES[status].portalCode),
      PORTAL_DOSSIER_STATUSES.map((status) => status.code)
    )
    assert.deepEqual(QUEUE_STATUSES['awaiting-supplement'], ['supplement-requested'])
  })

  test('it should make a code prefix from the initials of a procedure code', ({ assert }) => {
    assert.equal(defaultCodePrefix('diplomatic-passport'), 'DP')
    assert.equal(defaultCodePrefix('incoming-document-2'), 'ID2')
  })
})

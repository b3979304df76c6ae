import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { baseUrl } from '#tests/helpers'
import { parseMime } from '#tests/support/connector_servers'
import {
  APPLICANT,
  ApiCaller,
  configureConnectors,
  deployPassportProcess,
  leakedSecrets,
  removeConnectorTestData,
  startConnectorWorld,
  startPassportDossier,
  type ConnectorWorld,
} from '#tests/support/connector_scenario'

/**
 * Whether the engine keeps a record log the app can read: the embedded engine does; on Zeebe
 * (`npm run test:zeebe`) the records go to the cluster's exporters (docs/zeebe.md).
 */
function recordsKept() {
  return process.env.ENGINE !== 'zeebe'
}

/**
 * The acceptance of issue 7 in the test server: a process that reads a
 * row (MariaDB and SQLite), calls an API behind OAuth 2.0, synchronises
 * the dossier with the portal simulator and mails the applicant, run by
 * the real engine through connectors an administrator configured.
 */
test.group('Connectors in a process', (group) => {
  let world: ConnectorWorld
  let admin: ApiCaller
  const saved: Record<string, string | undefined> = {}

  group.setup(async () => {
    world = await startConnectorWorld()
    for (const [name, value] of Object.entries(world.environment)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
    const teardown = async () => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      await world.close()
      await removeConnectorTestData()
    }
    try {
      admin = await new ApiCaller(baseUrl()).signIn('admin@demo.senflow.local')
      await configureConnectors(admin, world)
      await deployPassportProcess(admin)
    } catch (error) {
      await teardown()
      throw error
    }
    return teardown
  })

  test('it should read the application, verify it, synchronise the dossier and mail the applicant', async ({
    assert,
  }) => {
    // given the five connectors and the deployed process (setup)
    // when a dossier is started
    const key = await startPassportDossier(admin)

    // then the instance completes
    await admin.waitForInstance(key, { state: 'COMPLETED' })
    const variables = await admin.variablesOf(key)
    assert.equal(variables.application.passport_number, APPLICANT.passportNumber)
    assert.equal(variables.ngo.status, 'active')
    assert.equal(variables.verification.reference, `VR-${APPLICANT.passportNumber}`)
    assert.equal(variables.portalStatus, 'Được tiếp nhận')
    assert.equal(variables.portalMode, 'create')
    assert.deepEqual(variables.mail.accepted, [APPLICANT.email])

    // and the API got a token first, then the call with it
    assert.deepEqual(
      world.api.requests.map((request) => `${request.method} ${request.path}`),
      ['POST /oauth/token', 'POST /verifications']
    )
    assert.equal(world.api.requests[1].headers.authorization, `Bearer ${world.api.tokens[0]}`)

    // and the simulator shows the expected calls in order
    assert.deepEqual(
      world.portal.received().map((call) => `${call.path} ${call.service ?? ''}`.trim()),
      ['/login', '/service TraCuuHoSo', '/service DongBoHoSoMC']
    )
    const dossier = world.portal.dossiers.get(APPLICANT.dossierNumber)!
    assert.equal(dossier.record.MaTTHC, '1.900001')
    assert.equal(dossier.record.TrangThaiHoSo, '2')
    assert.equal(dossier.record.ChuHoSo, APPLICANT.name)

    // and the applicant got the mail, in Vietnamese
    assert.lengthOf(world.smtp.messages, 1)
    assert.deepEqual(world.smtp.messages[0].to, [APPLICANT.email])
    assert.equal(
      parseMime(world.smtp.messages[0].raw).headers.subject,
      `Hồ sơ ${APPLICANT.dossierNumber}: Được tiếp nhận`
    )

    // and every secret use is in the audit log, with its connector and job, never its value
    const uses = await db
      .from('audit_logs')
      .where('action', 'secret.use')
      .whereRaw('details like ?', [`%${key}%`])
    const byName = new Map(uses.map((row) => [row.subject_id, JSON.parse(row.details)]))
    assert.sameMembers(
      [...byName.keys()],
      [
        'PASSPORT_DB_PASSWORD',
        'CONSULAR_API_CLIENT_SECRET',
        'PORTAL_SYNC_USERNAME',
        'PORTAL_SYNC_PASSWORD',
        'MAIL_USER',
        'MAIL_PASSWORD',
      ]
    )
    assert.equal(byName.get('PASSPORT_DB_PASSWORD').connector, 'passport-db')
    assert.equal(byName.get('MAIL_USER').source, 'environment')
    assert.equal(byName.get('MAIL_PASSWORD').source, 'store')
    assert.isString(byName.get('CONSULAR_API_CLIENT_SECRET').jobKey)
  }).timeout(60_000)

  test('it should retry a failing endpoint, raise an incident without the secret, and complete once fixed and resolved', async ({
    assert,
  }) => {
    // given the verification API answers 500, then hangs, then 500 again
    world.api.script.push(500, 'hang', 500)

    // when a dossier is started
    const key = await startPassportDossier(admin)

    // then the job is retried with the back-off and ends in an incident
    await admin.waitForInstance(key, { incident: true }, 40_000)
    const incidents = await admin.call('POST', '/v2/incidents/search', {
      filter: { processInstanceKey: key, state: 'ACTIVE' },
    })
    assert.lengthOf(incidents.json.items, 1)
    const incident = incidents.json.items[0]
    assert.equal(incident.elementId, 'verify-passport')
    assert.include(incident.errorMessage, 'Consular verification API')
    assert.include(incident.errorMessage, 'HTTP 500')
    assert.deepEqual(leakedSecrets(incident.errorMessage, world.secretValues()), [])

    // and the job, as the API shows it, says the last failure with no retries left
    const jobs = await admin.call('POST', '/v2/jobs/search', {
      filter: { processInstanceKey: key, elementId: 'verify-passport' },
    })
    const failed = jobs.json.items.find((job: { jobKey: string }) => job.jobKey === incident.jobKey)
    assert.equal(failed.retries, 0)
    assert.match(failed.errorMessage, /^Consular verification API: HTTP 500/)
    assert.deepEqual(leakedSecrets(jobs.text, world.secretValues()), [])

    // and the three failures say what went wrong, with the retries left (in the record log,
    // which only the embedded engine keeps: Zeebe hands its records to exporters)
    if (recordsKept()) {
      const engine = await app.container.make('senflow.engine')
      const failures = (
        await engine.searchRecords({
          filter: { processInstanceKey: key, valueType: 'JOB', intent: 'FAILED' },
        })
      ).items.map((record) => ({
        retries: record.value.retries,
        message: String(record.value.errorMessage),
      }))
      assert.deepEqual(
        failures.map((failure) => failure.retries),
        [2, 1, 0]
      )
      assert.match(
        failures[0].message,
        /^Consular verification API: HTTP 500.*\(retries left: 2\)$/s
      )
      assert.match(failures[1].message, /^Consular verification API: .*time(d)? ?out/is)
    }

    // when the endpoint works again and an operator retries the job and resolves the incident
    const retried = await admin.call('PATCH', `/v2/jobs/${incident.jobKey}`, {
      changeset: { retries: 1 },
    })
    assert.equal(retried.status, 204, retried.text)
    const resolved = await admin.call('POST', `/v2/incidents/${incident.incidentKey}/resolution`)
    assert.equal(resolved.status, 204)

    // then the instance completes
    await admin.waitForInstance(key, { state: 'COMPLETED' })
    const variables = await admin.variablesOf(key)
    assert.equal(variables.portalMode, 'update')
  }).timeout(90_000)

  test('it should leave no secret in any API answer, engine record or audit entry', async ({
    assert,
  }) => {
    // given the runs above (and the configuration through the API)
    const values = world.secretValues()
    assert.isAbove(values.length, 6)

    // then no API answer holds a secret
    await admin.call('GET', '/api/secrets')
    await admin.call('GET', '/api/connectors')
    await admin.call('GET', '/api/audit-logs?format=csv')
    for (const text of admin.responses) assert.deepEqual(leakedSecrets(text, values), [])

    // and no variable, incident or job the engine shows
    for (const resource of ['variables', 'incidents', 'jobs']) {
      for (let from = 0; ; from += 500) {
        const page = await admin.call('POST', `/v2/${resource}/search`, {
          page: { from, limit: 500 },
        })
        assert.equal(page.status, 200, page.text)
        if (page.json.items.length === 0) break
        assert.deepEqual(leakedSecrets(page.text, values), [])
      }
    }

    // and no engine record (the embedded engine's log; Zeebe hands its records to exporters)
    if (recordsKept()) {
      const engine = await app.container.make('senflow.engine')
      for (let from = 0; ; from += 500) {
        const page = await engine.searchRecords({ page: { from, limit: 500 } })
        if (page.items.length === 0) break
        assert.deepEqual(leakedSecrets(JSON.stringify(page.items), values), [])
      }
    }

    // and no audit entry, and no stored connector configuration
    const audit = await db.from('audit_logs').select('*')
    assert.deepEqual(leakedSecrets(JSON.stringify(audit), values), [])
    const configurations = await db.from('connector_configurations').select('*')
    assert.deepEqual(leakedSecrets(JSON.stringify(configurations), values), [])
    const stored = await db.from('connector_secrets').select('encrypted_value')
    assert.deepEqual(leakedSecrets(JSON.stringify(stored), values), [])
  }).timeout(60_000)
})

import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { DEFAULT_SIMULATOR_CREDENTIALS, startPortalSimulator } from '@senflow/connectors'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { demoUser } from '#tests/helpers'
import { startOAuthApi, startSmtpSink } from '#tests/support/connector_servers'
import { removeConnectorTestData } from '#tests/support/connector_scenario'

const suffix = () => randomBytes(4).toString('hex')

/**
 * A SQLite database of foreign NGOs in a temporary file (better-sqlite3 ships no types).
 */
async function ngoRegister() {
  const file = fileURLToPath(
    new URL(`../../tmp/connectors-api-${suffix()}.sqlite3`, import.meta.url)
  )
  const Database = createRequire(import.meta.url)('better-sqlite3')
  const sqlite = new Database(file)
  sqlite.exec('CREATE TABLE foreign_ngos (code TEXT PRIMARY KEY, name TEXT NOT NULL)')
  sqlite.prepare('INSERT INTO foreign_ngos VALUES (?, ?)').run('NGO-1', 'Hội Hữu nghị')
  sqlite.close()
  return {
    file,
    remove: async () => {
      for (const extra of ['', '-wal', '-shm']) await rm(`${file}${extra}`, { force: true })
    },
  }
}

const ngoConnector = (code: string, filename: string) => ({
  code,
  name: `NGO register ${code}`,
  kind: 'sql',
  configuration: {
    dialect: 'sqlite',
    connection: { filename },
    readOnly: true,
    operations: [
      {
        id: 'find-ngo',
        name: 'Find an NGO',
        sql: 'SELECT code, name FROM foreign_ngos WHERE code = :ngoCode',
      },
    ],
  },
})

/**
 * An NGO register (removed after the test) and a connector on it, created
 * by the administrator.
 */
async function createNgoConnector(
  client: ApiClient,
  admin: User,
  cleanup: (work: () => Promise<void>) => void,
  prefix: string
) {
  const register = await ngoRegister()
  cleanup(() => register.remove())
  const code = `${prefix}-${suffix()}`
  const created = await client
    .post('/api/connectors')
    .json(ngoConnector(code, register.file))
    .loginAs(admin)
  created.assertStatus(201)
  return { code, created }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test.group('Connectors API / secrets', (group) => {
  group.teardown(() => removeConnectorTestData())

  test('it should store a secret encrypted with the app key and never return its value', async ({
    client,
    assert,
  }) => {
    // given an administrator and a secret value
    const admin = await demoUser('admin')
    const name = `API_TOKEN_${suffix().toUpperCase()}`
    const value = `s3cr3t-${randomBytes(16).toString('hex')}`

    // when it is stored
    const created = await client
      .post('/api/secrets')
      .json({ name, value, description: 'Treaty register' })
      .loginAs(admin)

    // then the answer holds metadata only
    created.assertStatus(201)
    created.assertBodyContains({ name, version: 1, description: 'Treaty register' })
    assert.notInclude(created.text(), value)
    const listed = await client.get('/api/secrets').loginAs(admin)
    assert.include(
      listed.body().items.map((item: any) => item.name),
      name
    )
    assert.notInclude(listed.text(), value)

    // and the table holds it encrypted, bound to its name
    const row = await db.from('connector_secrets').where('name', name).first()
    assert.notInclude(row.encrypted_value, value)
    assert.equal(encryption.decrypt(row.encrypted_value, `senflow.connector-secret:${name}`), value)
    assert.isNull(encryption.decrypt(row.encrypted_value, 'senflow.connector-secret:OTHER'))

    // when it is rotated
    const rotated = await client
      .post(`/api/secrets/${name}/rotate`)
      .json({ value: `${value}-2` })
      .loginAs(admin)
    rotated.assertStatus(200)
    rotated.assertBodyContains({ name, version: 2 })
    assert.notInclude(rotated.text(), value)
    const after = await db.from('connector_secrets').where('name', name).first()
    assert.equal(
      encryption.decrypt(after.encrypted_value, `senflow.connector-secret:${name}`),
      `${value}-2`
    )

    // then the audit log names the changes, never the value
    const audit = await db.from('audit_logs').where('subject_id', name)
    assert.sameMembers(
      audit.map((entry) => entry.action),
      ['secret.create', 'secret.rotate']
    )
    assert.notInclude(JSON.stringify(audit), value)
  })

  test('it should refuse a taken name, a bad name and a missing value, naming the field', async ({
    client,
  }) => {
    const admin = await demoUser('admin')
    const name = `DUPLICATE_${suffix().toUpperCase()}`
    ;(await client.post('/api/secrets').json({ name, value: 'x' }).loginAs(admin)).assertStatus(201)
    const taken = await client.post('/api/secrets').json({ name, value: 'y' }).loginAs(admin)
    taken.assertStatus(409)
    taken.assertBodyContains({ errors: [{ field: 'name', code: 'E_CONFLICT' }] })
    const bad = await client.post('/api/secrets').json({ name: '1 bad', value: 'y' }).loginAs(admin)
    bad.assertStatus(422)
    bad.assertBodyContains({ errors: [{ field: 'name' }] })
    const missing = await client.post('/api/secrets').json({ name: 'NO_VALUE' }).loginAs(admin)
    missing.assertStatus(422)
    missing.assertBodyContains({ errors: [{ field: 'value' }] })
    const unknown = await client
      .post('/api/secrets/NOPE_NONE/rotate')
      .json({ value: 'z' })
      .loginAs(admin)
    unknown.assertStatus(404)
  })

  test('it should let only administrators see and manage secrets', async ({ client }) => {
    const owner = await demoUser('owner')
    const staff = await demoUser('staff')
    ;(await client.get('/api/secrets').loginAs(owner)).assertStatus(403)
    ;(await client.get('/api/secrets').loginAs(staff)).assertStatus(403)
    ;(
      await client.post('/api/secrets').json({ name: 'OWNER_SECRET', value: 'x' }).loginAs(owner)
    ).assertStatus(403)
    ;(await client.get('/api/secrets')).assertStatus(401)
  })

  test('it should refuse to delete a secret a connector uses, and delete an unused one', async ({
    client,
  }) => {
    // given a secret used by a connector and one nobody uses
    const admin = await demoUser('admin')
    const used = `MAIL_PW_${suffix().toUpperCase()}`
    const unused = `OLD_${suffix().toUpperCase()}`
    for (const name of [used, unused]) {
      ;(await client.post('/api/secrets').json({ name, value: 'pw' }).loginAs(admin)).assertStatus(
        201
      )
    }
    const code = `mail-${suffix()}`
    ;(
      await client
        .post('/api/connectors')
        .json({
          code,
          name: 'Mail',
          kind: 'mail',
          enabled: false,
          configuration: {
            smtp: {
              host: 'smtp.mofa.example',
              port: 587,
              user: 'lanhsu',
              password: `{{secrets.${used}}}`,
            },
            from: 'lanhsu@mofa.example',
            operations: [{ id: 'notify', name: 'Notify', subject: 'Hello', text: 'Hello' }],
          },
        })
        .loginAs(admin)
    ).assertStatus(201)

    // then
    const refused = await client.delete(`/api/secrets/${used}`).loginAs(admin)
    refused.assertStatus(409)
    refused.assertBodyContains({ errors: [{ code: 'E_CONFLICT' }] })
    ;(await client.delete(`/api/secrets/${unused}`).loginAs(admin)).assertStatus(204)
    ;(await client.get(`/api/secrets/${unused}`).loginAs(admin)).assertStatus(404)
  })
})

test.group('Connectors API / configurations', (group) => {
  group.teardown(() => removeConnectorTestData())

  test('it should refuse a literal credential, an unknown secret and an invalid configuration, naming the field', async ({
    client,
    assert,
  }) => {
    // given configurations an administrator might get wrong
    const admin = await demoUser('admin')
    const sql = (connection: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
      code: `treaty-db-${suffix()}`,
      name: 'Treaty database',
      kind: 'sql',
      configuration: {
        dialect: 'mysql',
        connection: { host: '10.0.0.5', user: 'treaty', database: 'treaties', ...connection },
        operations: [{ id: 'find', name: 'Find', sql: 'SELECT * FROM treaties WHERE id = :id' }],
      },
      ...overrides,
    })
    const http = (settings: Record<string, unknown>) => ({
      code: `treaty-api-${suffix()}`,
      name: 'Treaty API',
      kind: 'http',
      configuration: {
        baseUrl: 'https://treaties.mofa.example/api',
        operations: [{ id: 'get', name: 'Get', method: 'GET', path: '/treaties' }],
        ...settings,
      },
    })
    const cases: { what: string; body: Record<string, unknown>; field: string; code?: string }[] = [
      {
        what: 'a literal password',
        body: sql({ password: 'hunter2-literal' }),
        field: 'configuration.connection.password',
        code: 'E_LITERAL_SECRET',
      },
      {
        what: 'a literal bearer token in a header',
        body: http({ headers: { Authorization: 'Bearer abc.def' } }),
        field: 'configuration.headers.Authorization',
        code: 'E_LITERAL_SECRET',
      },
      {
        what: 'a secret that does not exist',
        body: sql({ password: '{{secrets.NO_SUCH_SECRET}}' }),
        field: 'configuration',
        code: 'E_UNKNOWN_SECRET',
      },
      {
        what: 'a path the connector library refuses',
        body: http({
          operations: [{ id: 'get', name: 'Get', method: 'GET', path: 'treaties/{id}' }],
        }),
        field: 'configuration',
      },
      { what: 'an unknown kind', body: sql({}, { kind: 'ftp' }), field: 'kind' },
      { what: 'a malformed code', body: sql({}, { code: 'Bad Code' }), field: 'code' },
      {
        what: 'an unknown authentication',
        body: http({ authentication: { type: 'kerberos' } }),
        field: 'configuration.authentication',
      },
    ]

    for (const { what, body, field, code } of cases) {
      // when it is sent
      const answer = await client.post('/api/connectors').json(body).loginAs(admin)

      // then it is refused, naming the field, and no literal value is echoed
      assert.equal(answer.status(), 422, what)
      assert.equal(answer.body().errors[0].field, field, what)
      if (code) assert.equal(answer.body().errors[0].code, code, what)
      assert.notInclude(answer.text(), 'hunter2-literal', what)
    }
  })

  test('it should let process owners read connectors and their element templates, and only administrators change them', async ({
    client,
    assert,
    cleanup,
  }) => {
    // given a connector created by an administrator
    const admin = await demoUser('admin')
    const owner = await demoUser('owner')
    const staff = await demoUser('staff')
    const { code, created } = await createNgoConnector(client, admin, cleanup, 'ngo')
    created.assertBodyContains({
      code,
      kind: 'sql',
      enabled: true,
      revision: 1,
      jobType: `senflow:connector:${code}`,
      secrets: [],
    })
    const id = created.body().id

    // then the process owner reads it and its template
    const listed = await client.get('/api/connectors').loginAs(owner)
    listed.assertStatus(200)
    assert.include(
      listed.body().items.map((item: any) => item.code),
      code
    )
    const templates = await client.get('/api/connectors/element-templates').loginAs(owner)
    templates.assertStatus(200)
    const template = templates
      .body()
      .items.find((item: any) => item.id === `senflow.connector.${code}`)
    assert.exists(template)
    assert.equal(template.version, 1)
    assert.deepEqual(template.appliesTo, ['bpmn:Task'])
    assert.include(
      template.properties.map((property: any) => property.binding.name),
      'fields.ngoCode'
    )
    assert.equal(
      template.properties.find((property: any) => property.binding.type === 'zeebe:taskDefinition')
        .value,
      `senflow:connector:${code}`
    )

    // and may not change it; staff may not even read it
    ;(
      await client.patch(`/api/connectors/${id}`).json({ name: 'Mine' }).loginAs(owner)
    ).assertStatus(403)
    ;(await client.post(`/api/connectors/${id}/disable`).loginAs(owner)).assertStatus(403)
    ;(await client.get('/api/connectors').loginAs(staff)).assertStatus(403)

    // when the administrator renames it, the template gets a new version
    const renamed = await client
      .patch(`/api/connectors/${id}`)
      .json({ name: 'Foreign NGO register' })
      .loginAs(admin)
    renamed.assertStatus(200)
    renamed.assertBodyContains({ name: 'Foreign NGO register', revision: 2 })
    const shown = await client.get(`/api/connectors/${id}`).loginAs(owner)
    shown.assertBodyContains({ name: 'Foreign NGO register' })

    // and the code and kind cannot change
    const recoded = await client
      .patch(`/api/connectors/${id}`)
      .json({ code: 'other-code' })
      .loginAs(admin)
    recoded.assertStatus(422)
    recoded.assertBodyContains({ errors: [{ field: 'code' }] })
    ;(await client.get('/api/connectors/999999').loginAs(admin)).assertStatus(404)
  })

  test('it should start and stop the worker of a connector live when it is created, disabled and enabled', async ({
    client,
    assert,
    cleanup,
  }) => {
    // given a connector and a process that uses it
    const admin = await demoUser('admin')
    const { code, created } = await createNgoConnector(client, admin, cleanup, 'live')
    const processId = `connectors-live-${suffix()}`
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="lookup" />
    <bpmn:serviceTask id="lookup" name="Look up the NGO">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="senflow:connector:${code}" />
        <zeebe:ioMapping>
          <zeebe:input source="find-ngo" target="operation" />
          <zeebe:input source="=ngoCode" target="fields.ngoCode" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders><zeebe:header key="resultExpression" value="={ ngoName: response.firstRow.name }" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="lookup" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
    const engine = await app.container.make('senflow.engine')
    await engine.deploy([{ name: `${processId}.bpmn`, content: xml }])
    const finished = (key: string) =>
      until(
        () => engine.getProcessInstance(key),
        (instance) => instance.state === 'COMPLETED'
      )

    // then an instance completes through the new connector's worker
    const first = await engine.createProcessInstance({
      processDefinitionId: processId,
      variables: { ngoCode: 'NGO-1' },
    })
    assert.equal((await finished(first.processInstanceKey)).state, 'COMPLETED')

    // when the connector is disabled, new jobs wait and the palette loses it
    const id = created.body().id
    ;(await client.post(`/api/connectors/${id}/disable`).loginAs(admin)).assertStatus(200)
    const second = await engine.createProcessInstance({
      processDefinitionId: processId,
      variables: { ngoCode: 'NGO-1' },
    })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.equal((await engine.getProcessInstance(second.processInstanceKey)).state, 'ACTIVE')
    const waiting = await engine.searchJobs({
      filter: { processInstanceKey: second.processInstanceKey },
    })
    assert.equal(waiting.items[0].state, 'ACTIVATABLE')
    const palette = await client.get('/api/connectors/element-templates').loginAs(admin)
    assert.notInclude(
      palette.body().items.map((item: any) => item.id),
      `senflow.connector.${code}`
    )

    // when it is enabled again, the waiting instance completes
    const enabled = await client.post(`/api/connectors/${id}/enable`).loginAs(admin)
    enabled.assertStatus(200)
    enabled.assertBodyContains({ enabled: true, disabledAt: null })
    const resumed = await finished(second.processInstanceKey)
    assert.equal(resumed.state, 'COMPLETED')
    const variables = await engine.searchVariables({
      filter: { processInstanceKey: second.processInstanceKey, name: 'ngoName' },
    })
    assert.equal(JSON.parse(variables.items[0].value), 'Hội Hữu nghị')
  }).timeout(30_000)

  test('it should load the demo portal connector with its credentials as encrypted secrets', async ({
    client,
    assert,
  }) => {
    const owner = await demoUser('owner')
    const listed = await client.get('/api/connectors').loginAs(owner)
    const portal = listed.body().items.find((item: any) => item.code === 'national-portal')
    assert.exists(portal)
    assert.equal(portal.kind, 'portal')
    assert.equal(portal.configuration.adapterUrl, 'http://127.0.0.1:3399')
    assert.deepEqual(portal.configuration.allowedHosts, ['127.0.0.1:3399'])
    assert.equal(portal.configuration.password, '{{secrets.PORTAL_PASSWORD}}')
    assert.sameMembers(portal.secrets, ['PORTAL_PASSWORD', 'PORTAL_USERNAME'])
    const stored = await db.from('connector_secrets').whereIn('name', portal.secrets)
    assert.lengthOf(stored, 2)
    const { username, password } = DEFAULT_SIMULATOR_CREDENTIALS
    assert.isTrue(
      stored.every(
        (row) => !row.encrypted_value.includes(username) && !row.encrypted_value.includes(password)
      )
    )
  })
})

test.group('Connectors API / connection tests', (group) => {
  group.teardown(() => removeConnectorTestData())
  let saved: string | undefined
  group.each.setup(() => {
    saved = process.env.CONNECTORS_ALLOWED_HOSTS
    delete process.env.CONNECTORS_ALLOWED_HOSTS
    return () => {
      if (saved === undefined) delete process.env.CONNECTORS_ALLOWED_HOSTS
      else process.env.CONNECTORS_ALLOWED_HOSTS = saved
    }
  })

  test('it should refuse a loopback API until its host is allowed, then fetch a token and reach it', async ({
    client,
    assert,
    cleanup,
  }) => {
    // given an API behind OAuth 2.0 on 127.0.0.1 and its client secret
    const admin = await demoUser('admin')
    const clientSecret = `oauth-${randomBytes(12).toString('hex')}`
    const api = await startOAuthApi({ id: 'probe', secret: clientSecret })
    cleanup(() => api.close())
    const secretName = `PROBE_SECRET_${suffix().toUpperCase()}`
    ;(
      await client
        .post('/api/secrets')
        .json({ name: secretName, value: clientSecret })
        .loginAs(admin)
    ).assertStatus(201)
    const created = await client
      .post('/api/connectors')
      .json({
        code: `probe-api-${suffix()}`,
        name: 'Probe API',
        kind: 'http',
        configuration: {
          baseUrl: api.url,
          authentication: {
            type: 'oauth-client-credentials-flow',
            oauthTokenEndpoint: `${api.url}/oauth/token`,
            clientId: 'probe',
            clientSecret: `{{secrets.${secretName}}}`,
          },
          operations: [
            {
              id: 'verify',
              name: 'Verify',
              method: 'POST',
              path: '/verifications',
              body: { passportNumber: 'B1234567' },
            },
          ],
        },
      })
      .loginAs(admin)
    created.assertStatus(201)
    const id = created.body().id

    // when its connection is tested, the loopback address is refused
    const refused = await client.post(`/api/connectors/${id}/test`).loginAs(admin)
    refused.assertStatus(200)
    assert.isFalse(refused.body().ok)
    assert.match(refused.body().message, /^Probe API: Refused to call 127\.0\.0\.1:\d+/)
    assert.lengthOf(api.requests, 0)

    // when the administrator allows the host, the probe gets a token and an answer
    const configuration = { ...created.body().configuration, allowedHosts: [api.host] }
    ;(
      await client.patch(`/api/connectors/${id}`).json({ configuration }).loginAs(admin)
    ).assertStatus(200)
    const probe = await client.post(`/api/connectors/${id}/test`).loginAs(admin)
    assert.isTrue(probe.body().ok, probe.body().message)
    assert.deepEqual(
      api.requests.map((request) => `${request.method} ${request.path}`),
      ['POST /oauth/token', 'GET /']
    )

    // and an operation can be run as a test
    const operation = await client
      .post(`/api/connectors/${id}/test`)
      .json({ operation: 'verify' })
      .loginAs(admin)
    assert.isTrue(operation.body().ok, operation.body().message)
    assert.equal(operation.body().response.body.reference, 'VR-B1234567')

    // when the secret is wrong, the test fails with a message naming the connector, not the secret
    ;(
      await client
        .post(`/api/secrets/${secretName}/rotate`)
        .json({ value: 'wrong-secret-value' })
        .loginAs(admin)
    ).assertStatus(200)
    const wrong = await client.post(`/api/connectors/${id}/test`).loginAs(admin)
    assert.isFalse(wrong.body().ok)
    assert.match(wrong.body().message, /^Probe API: .*401/)
    assert.notInclude(wrong.text(), 'wrong-secret-value')
    assert.notInclude(wrong.text(), clientSecret)

    // and every test is in the audit log, with the secret uses
    const tests = await db
      .from('audit_logs')
      .where('action', 'connector.test')
      .where('subject_id', created.body().code)
    assert.lengthOf(tests, 4)
    const uses = await db
      .from('audit_logs')
      .where('action', 'secret.use')
      .where('subject_id', secretName)
    assert.isAtLeast(uses.length, 3)
    assert.equal(JSON.parse(uses[0].details).purpose, 'connection-test')
  }).timeout(30_000)

  test('it should test a database, the portal and a mail server', async ({
    client,
    assert,
    cleanup,
  }) => {
    // given the three systems
    const admin = await demoUser('admin')
    const password = `portal-${randomBytes(8).toString('hex')}`
    const portal = await startPortalSimulator({ username: 'lanhsu', password })
    cleanup(() => portal.close())
    const smtp = await startSmtpSink({ user: 'mailer', password: 'mail-pw-123' })
    cleanup(() => smtp.close())
    const names = {
      portal: `PORTAL_PW_${suffix().toUpperCase()}`,
      mail: `MAIL_PW_${suffix().toUpperCase()}`,
    }
    ;(
      await client.post('/api/secrets').json({ name: names.portal, value: password }).loginAs(admin)
    ).assertStatus(201)
    ;(
      await client
        .post('/api/secrets')
        .json({ name: names.mail, value: 'mail-pw-123' })
        .loginAs(admin)
    ).assertStatus(201)
    const create = async (body: Record<string, unknown>) => {
      const created = await client.post('/api/connectors').json(body).loginAs(admin)
      created.assertStatus(201)
      return created.body().id as number
    }
    const sqlId = (await createNgoConnector(client, admin, cleanup, 'ngo-probe')).created.body().id
    const portalId = await create({
      code: `portal-probe-${suffix()}`,
      name: 'Portal',
      kind: 'portal',
      configuration: {
        adapterUrl: portal.url,
        dstcode: 'G22.BNG',
        madonvi: 'G22.BNG.LS',
        username: 'lanhsu',
        password: `{{secrets.${names.portal}}}`,
        allowedHosts: [portal.url.replace('http://', '')],
        allowedServices: ['DongBoHoSoMC'],
      },
    })
    const mailId = await create({
      code: `mail-probe-${suffix()}`,
      name: 'Mail',
      kind: 'mail',
      configuration: {
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'mailer',
          password: `{{secrets.${names.mail}}}`,
        },
        from: 'lanhsu@mofa.example',
        operations: [
          {
            id: 'notify',
            name: 'Notify',
            subject: 'Hello {{name}}',
            text: 'Xin chào {{name}}',
            fields: [{ name: 'name', label: 'Name' }],
          },
        ],
      },
    })

    // when each is tested
    const sql = await client.post(`/api/connectors/${sqlId}/test`).loginAs(admin)
    const portalProbe = await client.post(`/api/connectors/${portalId}/test`).loginAs(admin)
    const mail = await client.post(`/api/connectors/${mailId}/test`).loginAs(admin)

    // then each works, and nothing was sent or changed
    assert.isTrue(sql.body().ok, sql.body().message)
    assert.deepEqual(sql.body().response.firstRow, { ok: 1 })
    assert.isTrue(portalProbe.body().ok, portalProbe.body().message)
    assert.deepEqual(
      portal.received().map((call) => call.service ?? call.path),
      ['/login', 'TraCuuHoSo']
    )
    assert.isTrue(mail.body().ok, mail.body().message)
    assert.lengthOf(smtp.messages, 0)

    // and a mail operation sends a test message to the given address
    const sent = await client
      .post(`/api/connectors/${mailId}/test`)
      .json({ operation: 'notify', fields: { name: 'An' }, to: 'an@mofa.example' })
      .loginAs(admin)
    assert.isTrue(sent.body().ok, sent.body().message)
    assert.deepEqual(smtp.messages[0].to, ['an@mofa.example'])

    // and a wrong SMTP password fails without showing it
    ;(
      await client
        .post(`/api/secrets/${names.mail}/rotate`)
        .json({ value: 'not-the-password' })
        .loginAs(admin)
    ).assertStatus(200)
    const refused = await client.post(`/api/connectors/${mailId}/test`).loginAs(admin)
    assert.isFalse(refused.body().ok)
    assert.match(refused.body().message, /^Mail: SMTP check failed/)
    assert.notInclude(refused.text(), 'not-the-password')
  }).timeout(30_000)
})

test.group('Connectors API / portal simulator command', () => {
  test('it should start the simulator with node ace portal:simulate and print its URL', async ({
    assert,
  }) => {
    // when the command runs on a free port
    const port = 3600 + Math.floor(Math.random() * 300)
    const child = spawn(process.execPath, ['ace', 'portal:simulate', '--port', String(port)], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, NODE_ENV: 'development', PORTAL_SIMULATOR_PASSWORD: 'sim-pass' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    try {
      await until(
        async () => output,
        (text) => text.includes(`http://127.0.0.1:${port}`),
        20_000
      )

      // then it prints its URL and answers a login
      assert.include(output, `http://127.0.0.1:${port}`)
      const login = await fetch(`http://127.0.0.1:${port}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: DEFAULT_SIMULATOR_CREDENTIALS.username,
          password: 'sim-pass',
        }),
      })
      assert.equal(login.status, 200)
      assert.isString(((await login.json()) as { session?: string }).session)
    } finally {
      // and it stops on Ctrl+C
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGINT')
      await exited
    }
  }).timeout(30_000)
})

import { test } from '@japa/runner'
import { createHmac, randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { baseUrl } from '#tests/helpers'
import {
  ApiCaller,
  removeConnectorTestData,
  startAndEndProcessXml,
} from '#tests/support/connector_scenario'

const INTAKE_PROCESS = 'connectors-webhook-intake'

const intakeXml = startAndEndProcessXml(INTAKE_PROCESS, 'NGO registration intake')

const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/**
 * Inbound webhooks: an administrator creates one that starts a process or
 * correlates a message; an external system calls its URL with a signature
 * (or the shared secret) and a request id.
 */
test.group('Connectors / inbound webhooks', (group) => {
  let admin: ApiCaller
  let sender: ApiCaller
  const hmacSecret = `hook-${randomBytes(16).toString('hex')}`
  const tokenSecret = `token-${randomBytes(16).toString('hex')}`
  const names = {
    hmac: `HOOK_HMAC_${randomBytes(3).toString('hex').toUpperCase()}`,
    token: `HOOK_TOKEN_${randomBytes(3).toString('hex').toUpperCase()}`,
  }
  let startHook: { id: number; path: string; url: string }

  const instancesOfIntake = async () => {
    const engine = await app.container.make('senflow.engine')
    const found = await engine.searchProcessInstances({
      filter: { processDefinitionId: INTAKE_PROCESS },
      page: { limit: 1000 },
    })
    return found.items
  }

  /** Calls a webhook as an external system would: the raw body and its headers. */
  const deliver = (path: string, body: string, headers: Record<string, string>) =>
    sender.call('POST', path, undefined, { raw: body, headers })

  /** The headers of a call signed with the webhook's HMAC secret (or another). */
  const signature = (body: string, requestId?: string, secret = hmacSecret) => ({
    'x-senflow-signature': sign(secret, body),
    ...(requestId ? { 'idempotency-key': requestId } : {}),
  })

  /** A signed call. */
  const signed = (path: string, body: string, requestId?: string, secret = hmacSecret) =>
    deliver(path, body, signature(body, requestId, secret))

  group.teardown(() => removeConnectorTestData())

  group.setup(async () => {
    admin = await new ApiCaller(baseUrl()).signIn('admin@demo.senflow.local')
    sender = new ApiCaller(baseUrl())
    await admin.deploy({ name: 'webhook_intake.bpmn', content: intakeXml })
    await admin.call('POST', '/api/secrets', { name: names.hmac, value: hmacSecret })
    await admin.call('POST', '/api/secrets', { name: names.token, value: tokenSecret })
    const created = await admin.call('POST', '/api/webhooks', {
      name: 'NGO registration from the portal',
      kind: 'start',
      processDefinitionId: INTAKE_PROCESS,
      requiredFields: ['registrationNumber', 'organisation'],
      variablesExpression:
        '={ registrationNumber: body.registrationNumber, organisation: body.organisation, source: "webhook" }',
      authMode: 'hmac',
      secretName: names.hmac,
    })
    if (created.status !== 201) throw new Error(created.text)
    startHook = created.json
  })

  test('it should start one instance for a signed call, and answer its repeat with the same instance', async ({
    assert,
  }) => {
    // given a signed request with a request id
    const before = (await instancesOfIntake()).length
    const body = JSON.stringify({
      registrationNumber: 'NGO-2026-17',
      organisation: 'Hội Chữ thập đỏ',
    })
    const headers = signature(body, 'req-0001')

    // when it is sent twice
    const first = await deliver(startHook.path, body, headers)
    const second = await deliver(startHook.path, body, headers)

    // then both get 202 with the same instance, and only one instance exists
    assert.equal(first.status, 202, first.text)
    assert.match(first.json.processInstanceKey, /^\d+$/)
    assert.equal(second.status, 202)
    assert.equal(second.json.processInstanceKey, first.json.processInstanceKey)
    assert.equal(second.headers.get('idempotent-replayed'), 'true')
    assert.equal((await instancesOfIntake()).length, before + 1)

    // and the instance has the variables the expression made of the body
    const variables = await admin.variablesOf(first.json.processInstanceKey)
    assert.deepEqual(variables, {
      registrationNumber: 'NGO-2026-17',
      organisation: 'Hội Chữ thập đỏ',
      source: 'webhook',
    })

    // and X-Request-Id works as the request id too
    const other = JSON.stringify({ registrationNumber: 'NGO-2026-18', organisation: 'Oxfam' })
    const viaRequestId = {
      'x-senflow-signature': sign(hmacSecret, other),
      'x-request-id': 'req-0002',
    }
    const third = await deliver(startHook.path, other, viaRequestId)
    const fourth = await deliver(startHook.path, other, viaRequestId)
    assert.equal(third.status, 202)
    assert.equal(fourth.json.processInstanceKey, third.json.processInstanceKey)
    assert.equal((await instancesOfIntake()).length, before + 2)

    // and the deliveries are listed for the administrator
    const deliveries = await admin.call('GET', `/api/webhooks/${startHook.id}/deliveries`)
    assert.includeMembers(
      deliveries.json.items.map((item: any) => item.requestId),
      ['req-0001', 'req-0002']
    )
    assert.equal(deliveries.json.items[0].status, 'accepted')
  })

  test('it should start one instance when the same request arrives several times at once', async ({
    assert,
  }) => {
    // given one signed request
    const before = (await instancesOfIntake()).length
    const body = JSON.stringify({
      registrationNumber: 'NGO-2026-99',
      organisation: 'Save the Children',
    })
    const headers = signature(body, 'burst-1')

    // when it is sent eight times in parallel
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => deliver(startHook.path, body, headers))
    )

    // then one instance started; every answer names it or says the first is in progress
    assert.equal((await instancesOfIntake()).length, before + 1)
    const keys = new Set(
      answers
        .filter((answer) => answer.status === 202)
        .map((answer) => answer.json.processInstanceKey)
    )
    assert.equal(keys.size, 1)
    assert.isTrue(answers.every((answer) => answer.status === 202 || answer.status === 409))
  })

  test('it should answer 401 to a bad or missing signature and start nothing', async ({
    assert,
  }) => {
    // given a body signed with another secret
    const before = (await instancesOfIntake()).length
    const body = JSON.stringify({ registrationNumber: 'NGO-666', organisation: 'Forged' })

    // when it is sent, or sent unsigned
    const forged = await signed(startHook.path, body, 'forged-1', 'not-the-secret')
    const unsigned = await deliver(startHook.path, body, { 'idempotency-key': 'forged-2' })
    const tampered = await deliver(startHook.path, body.replace('Forged', 'Tampered'), {
      'x-senflow-signature': sign(hmacSecret, body),
      'idempotency-key': 'forged-3',
    })

    // then each gets 401 and nothing starts or is recorded as a delivery
    for (const answer of [forged, unsigned, tampered]) {
      assert.equal(answer.status, 401, answer.text)
      assert.equal(answer.json.errors[0].code, 'E_UNAUTHORIZED_ACCESS')
    }
    assert.equal((await instancesOfIntake()).length, before)
    const deliveries = await db
      .from('webhook_deliveries')
      .whereIn('request_id', ['forged-1', 'forged-2', 'forged-3'])
    assert.lengthOf(deliveries, 0)
    const rejections = await db
      .from('audit_logs')
      .where('action', 'webhook.reject')
      .where('subject_id', String(startHook.id))
    assert.isAtLeast(rejections.length, 3)
  })

  test('it should validate the request id and the body, naming what is missing', async ({
    assert,
  }) => {
    const before = (await instancesOfIntake()).length
    const send = (body: string, requestId?: string) => signed(startHook.path, body, requestId)

    // a missing required field
    const partial = await send(JSON.stringify({ registrationNumber: 'NGO-9' }), 'partial-1')
    assert.equal(partial.status, 422)
    assert.equal(partial.json.errors[0].field, 'organisation')

    // no request id
    const anonymous = await send(JSON.stringify({ registrationNumber: 'NGO-9', organisation: 'A' }))
    assert.equal(anonymous.status, 422)
    assert.equal(anonymous.json.errors[0].field, 'Idempotency-Key')

    // not a JSON object
    const list = await send('[1,2,3]', 'list-1')
    assert.equal(list.status, 400)

    // a request id reused with another body
    const original = JSON.stringify({ registrationNumber: 'NGO-10', organisation: 'B' })
    assert.equal((await send(original, 'reuse-1')).status, 202)
    const reused = await send(
      JSON.stringify({ registrationNumber: 'NGO-11', organisation: 'C' }),
      'reuse-1'
    )
    assert.equal(reused.status, 409)
    assert.equal(reused.json.errors[0].field, 'Idempotency-Key')
    assert.equal((await instancesOfIntake()).length, before + 1)
  })

  test('it should accept the shared secret in X-Senflow-Token and refuse a wrong one', async ({
    assert,
  }) => {
    // given a webhook authenticated by a shared secret
    const created = await admin.call('POST', '/api/webhooks', {
      name: 'Press accreditation intake',
      kind: 'start',
      processDefinitionId: INTAKE_PROCESS,
      authMode: 'shared_secret',
      secretName: names.token,
    })
    assert.equal(created.status, 201, created.text)
    assert.match(created.json.url, new RegExp(`/hooks/${created.json.publicId}$`))
    const body = JSON.stringify({ journalist: 'Nguyễn Văn Báo' })

    // when it is called with the secret, and with another
    const accepted = await deliver(created.json.path, body, {
      'x-senflow-token': tokenSecret,
      'idempotency-key': 'press-1',
    })
    const refused = await deliver(created.json.path, body, {
      'x-senflow-token': `${tokenSecret}x`,
      'idempotency-key': 'press-2',
    })

    // then
    assert.equal(accepted.status, 202, accepted.text)
    assert.deepEqual(await admin.variablesOf(accepted.json.processInstanceKey), {
      journalist: 'Nguyễn Văn Báo',
    })
    assert.equal(refused.status, 401)
  })

  test('it should publish a message with the correlation key the expression reads from the body', async ({
    assert,
  }) => {
    // given a correlating webhook
    const created = await admin.call('POST', '/api/webhooks', {
      name: 'Payment confirmed by the portal',
      kind: 'correlate',
      messageName: 'fee-paid',
      correlationKeyExpression: '=body.dossierNumber',
      secretName: names.hmac,
    })
    assert.equal(created.status, 201, created.text)
    const body = JSON.stringify({ dossierNumber: 'HS-2026-0042', amount: 200000 })

    // when it is called
    const answer = await signed(created.json.path, body, 'pay-1')

    // then the message is published with that key and the body as variables
    assert.equal(answer.status, 202, answer.text)
    assert.match(answer.json.messageKey, /^\d+$/)
    const engine = await app.container.make('senflow.engine')
    const records = await engine.searchRecords({
      filter: { valueType: 'MESSAGE', intent: 'PUBLISHED', key: answer.json.messageKey },
    })
    assert.lengthOf(records.items, 1)
    assert.equal(records.items[0].value.name, 'fee-paid')
    assert.equal(records.items[0].value.correlationKey, 'HS-2026-0042')
    assert.deepEqual(records.items[0].value.variables, {
      dossierNumber: 'HS-2026-0042',
      amount: 200000,
    })

    // and a body without the key is refused
    const keyless = JSON.stringify({ amount: 1 })
    const refused = await signed(created.json.path, keyless, 'pay-2')
    assert.equal(refused.status, 422)
  })

  test('it should answer 404 for a disabled, deleted or unknown webhook', async ({ assert }) => {
    const created = await admin.call('POST', '/api/webhooks', {
      name: 'Temporary',
      kind: 'start',
      processDefinitionId: INTAKE_PROCESS,
      secretName: names.hmac,
    })
    const body = '{}'
    const call = () => signed(created.json.path, body, randomBytes(4).toString('hex'))
    assert.equal((await call()).status, 202)
    const disabled = await admin.call('PATCH', `/api/webhooks/${created.json.id}`, {
      enabled: false,
    })
    assert.equal(disabled.status, 200)
    assert.isFalse(disabled.json.enabled)
    assert.equal((await call()).status, 404)
    assert.equal((await admin.call('DELETE', `/api/webhooks/${created.json.id}`)).status, 204)
    assert.equal((await call()).status, 404)
    assert.equal((await sender.call('POST', '/hooks/unknown-hook-id', {})).status, 404)
  })

  test('it should let only administrators manage webhooks, with settings that fit together', async ({
    assert,
  }) => {
    const owner = await new ApiCaller(baseUrl()).signIn('owner@demo.senflow.local')
    assert.equal((await owner.call('GET', '/api/webhooks')).status, 403)
    assert.equal(
      (
        await owner.call('POST', '/api/webhooks', {
          name: 'x',
          kind: 'start',
          secretName: names.hmac,
        })
      ).status,
      403
    )
    const missingProcess = await admin.call('POST', '/api/webhooks', {
      name: 'No process',
      kind: 'start',
      secretName: names.hmac,
    })
    assert.equal(missingProcess.status, 422)
    assert.equal(missingProcess.json.errors[0].field, 'processDefinitionId')
    const unknownSecret = await admin.call('POST', '/api/webhooks', {
      name: 'No secret',
      kind: 'start',
      processDefinitionId: INTAKE_PROCESS,
      secretName: 'NO_SUCH_SECRET',
    })
    assert.equal(unknownSecret.status, 422)
    assert.equal(unknownSecret.json.errors[0].field, 'secretName')
    const badFeel = await admin.call('POST', '/api/webhooks', {
      name: 'Bad FEEL',
      kind: 'correlate',
      messageName: 'm',
      correlationKeyExpression: '=body.(',
      secretName: names.hmac,
    })
    assert.equal(badFeel.status, 422)
    assert.equal(badFeel.json.errors[0].field, 'correlationKeyExpression')
    const badKind = await admin.call('POST', '/api/webhooks', {
      name: 'Bad kind',
      kind: 'stop',
      secretName: names.hmac,
    })
    assert.equal(badKind.status, 422)
    assert.equal(badKind.json.errors[0].field, 'kind')

    // and no answer about webhooks carries a secret's value
    const listed = await admin.call('GET', '/api/webhooks')
    assert.notInclude(listed.text, hmacSecret)
    assert.notInclude(listed.text, tokenSecret)
    for (const text of [...admin.responses, ...sender.responses]) {
      assert.notInclude(text, hmacSecret)
      assert.notInclude(text, tokenSecret)
    }
  })
})

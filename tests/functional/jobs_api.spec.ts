import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { readFile } from 'node:fs/promises'
import { baseUrl } from '#tests/helpers'

const ADMIN = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`

async function v2(method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl()}/v2${path}`, {
    method,
    headers: { 'authorization': ADMIN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

async function startOne() {
  const created = await v2('POST', '/process-instances', {
    processDefinitionId: 'restart-wait',
    variables: {},
  })
  return created.body.processInstanceKey as string
}

async function activateFor(instanceKey: string, requestTimeout = 0) {
  const activated = await v2('POST', '/jobs/activation', {
    type: 'restart-work',
    worker: 'jobs-api-test',
    timeout: 60_000,
    maxJobsToActivate: 50,
    requestTimeout,
  })
  return activated.body.jobs.find((job: any) => job.processInstanceKey === instanceKey)
}

test.group('Camunda REST API / jobs, incidents and the clock', (group) => {
  group.setup(async () => {
    const form = new FormData()
    form.append(
      'resources',
      new Blob([await readFile(new URL('../fixtures/restart_wait.bpmn', import.meta.url))]),
      'restart_wait.bpmn'
    )
    const response = await fetch(`${baseUrl()}/v2/deployments`, {
      method: 'POST',
      headers: { authorization: ADMIN },
      body: form,
    })
    if (response.status !== 200) throw new Error(`deploy failed: ${await response.text()}`)
  })

  test('it should hand a failed job out again only after its back-off, and raise an incident at zero retries', async ({
    assert,
  }) => {
    const instanceKey = await startOne()
    const first = await activateFor(instanceKey)
    assert.exists(first)

    // when it fails with a retry left and a 60 s back-off
    assert.equal(
      (
        await v2('POST', `/jobs/${first.jobKey}/failure`, {
          retries: 1,
          errorMessage: 'portal down',
          retryBackOff: 60_000,
        })
      ).status,
      204
    )

    // then it is not handed out during the back-off
    assert.isUndefined(await activateFor(instanceKey))

    // when the back-off has passed (moving the engine clock)
    const embedded = (await app.container.make('senflow.embeddedEngine'))!
    ;(embedded.clock as any).advance(61_000)
    const again = await activateFor(instanceKey, 2_000)
    ;(embedded.clock as any).reset()
    assert.equal(again?.jobKey, first.jobKey)
    assert.equal(again.retries, 1)

    // and failing with no retry left raises an incident naming the message
    assert.equal(
      (
        await v2('POST', `/jobs/${first.jobKey}/failure`, {
          retries: 0,
          errorMessage: 'portal still down',
        })
      ).status,
      204
    )
    const incidents = await v2('POST', '/incidents/search', {
      filter: { processInstanceKey: instanceKey },
    })
    assert.equal(incidents.body.items[0].errorType, 'JOB_NO_RETRIES')
    assert.include(incidents.body.items[0].errorMessage, 'portal still down')

    // when retries are given back and the incident resolved, the job comes back and completes
    assert.equal(
      (await v2('PATCH', `/jobs/${first.jobKey}`, { changeset: { retries: 2 } })).status,
      204
    )
    assert.equal(
      (await v2('POST', `/incidents/${incidents.body.items[0].incidentKey}/resolution`)).status,
      204
    )
    const third = await activateFor(instanceKey, 2_000)
    assert.equal(third?.jobKey, first.jobKey)
    assert.equal(
      (await v2('POST', `/jobs/${first.jobKey}/completion`, { variables: { ok: true } })).status,
      204
    )
    const instance = await v2('GET', `/process-instances/${instanceKey}`)
    assert.equal(instance.body.state, 'COMPLETED')

    // and completing it again is refused
    assert.oneOf((await v2('POST', `/jobs/${first.jobKey}/completion`, {})).status, [404, 409])
  }).timeout(30_000)

  test('it should turn an uncaught BPMN error into an incident', async ({ assert }) => {
    const instanceKey = await startOne()
    const job = await activateFor(instanceKey)
    assert.equal(
      (
        await v2('POST', `/jobs/${job.jobKey}/error`, {
          errorCode: 'DOSSIER_INCOMPLETE',
          errorMessage: 'missing passport copy',
        })
      ).status,
      204
    )
    const incidents = await v2('POST', '/incidents/search', {
      filter: { processInstanceKey: instanceKey },
    })
    assert.equal(incidents.body.items[0].errorType, 'UNHANDLED_ERROR_EVENT')
    assert.include(incidents.body.items[0].errorMessage, 'DOSSIER_INCOMPLETE')
  })

  test('it should cancel an instance and remove its jobs', async ({ assert }) => {
    const instanceKey = await startOne()
    assert.equal((await v2('POST', `/process-instances/${instanceKey}/cancellation`)).status, 204)
    assert.equal((await v2('GET', `/process-instances/${instanceKey}`)).body.state, 'TERMINATED')
    const jobs = await v2('POST', '/jobs/search', { filter: { processInstanceKey: instanceKey } })
    assert.equal(jobs.body.page.totalItems, 0)
    // as in Zeebe, an instance that is no longer active is not found
    assert.equal((await v2('POST', `/process-instances/${instanceKey}/cancellation`)).status, 404)
  })

  test('it should answer 404 for an unknown key and 400 for an unsupported filter', async ({
    assert,
  }) => {
    assert.equal((await v2('GET', '/process-instances/123456789')).status, 404)
    const bad = await v2('POST', '/process-instances/search', {
      filter: { state: { $in: ['ACTIVE'] } },
    })
    assert.equal(bad.status, 400)
    assert.include(bad.body.detail, 'filter.state')
    const unknown = await v2('POST', '/process-instances/search', { filter: { colour: 'red' } })
    assert.equal(unknown.status, 400)
  })

  test('it should move the clock only when SENFLOW_CLOCK_CONTROL=true', async ({ assert }) => {
    const previous = process.env.SENFLOW_CLOCK_CONTROL
    try {
      delete process.env.SENFLOW_CLOCK_CONTROL
      assert.equal(
        (await v2('PUT', '/clock', { timestamp: Date.parse('2030-01-01T00:00:00Z') })).status,
        403
      )
      process.env.SENFLOW_CLOCK_CONTROL = 'true'
      assert.equal(
        (await v2('PUT', '/clock', { timestamp: Date.parse('2030-01-01T00:00:00Z') })).status,
        204
      )
      const embedded = (await app.container.make('senflow.embeddedEngine'))!
      assert.equal(embedded.clock.now(), Date.parse('2030-01-01T00:00:00Z'))
      assert.equal((await v2('POST', '/clock/reset')).status, 204)
      assert.approximately(embedded.clock.now(), Date.now(), 5_000)
    } finally {
      if (previous === undefined) delete process.env.SENFLOW_CLOCK_CONTROL
      else process.env.SENFLOW_CLOCK_CONTROL = previous
    }
  })
})

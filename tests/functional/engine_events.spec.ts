process.env.SENFLOW_CLOCK_CONTROL = 'true'

import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import createCamundaClient from '@camunda8/orchestration-cluster-api'
import { baseUrl } from '#tests/helpers'

const FIXTURE = fileURLToPath(new URL('../fixtures/engine_events.bpmn', import.meta.url))
const ADMIN = `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`
const HOUR = 3_600_000

/**
 * Our reads are consistent at once: no waiting for an exporter.
 */
const NOW = { consistency: { waitUpToMs: 0 } } as any

function camundaClient() {
  return createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: baseUrl(),
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'admin@demo.senflow.local',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'senflow-demo',
      CAMUNDA_SDK_LOG_LEVEL: 'error',
    } as any,
  })
}

async function v2(method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl()}/v2${path}`, {
    method,
    headers: { 'authorization': ADMIN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000
): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test.group('Engine events through the Camunda REST API', (group) => {
  const camunda = camundaClient()

  group.setup(async () => {
    await camunda.deployResourcesFromFiles([FIXTURE])
    return async () => {
      await camunda.resetClock()
    }
  })

  test('it should send reminders and expire a request as PUT /v2/clock moves time', async ({
    assert,
  }) => {
    // given a request awaiting documents, with the clock pinned
    const t0 = Date.now()
    await camunda.pinClock({ timestamp: t0 })
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'events-reminder',
    } as any)
    const key = String(created.processInstanceKey)
    // each reminder is sent (its job completed) as soon as it is handed out
    const reminders = async () => {
      const jobs = (
        await camunda.activateJobs({
          type: 'events-send-reminder',
          worker: 'events-test',
          timeout: 60_000,
          maxJobsToActivate: 10,
        } as any)
      ).jobs.filter((job: any) => String(job.processInstanceKey) === key)
      for (const job of jobs) await camunda.completeJob({ jobKey: job.jobKey } as any)
      return jobs
    }

    // when an hour passes, then another, then the third
    await camunda.pinClock({ timestamp: t0 + HOUR })
    const first = await until(reminders, (jobs) => jobs.length > 0)
    await camunda.pinClock({ timestamp: t0 + 2 * HOUR })
    const second = await until(reminders, (jobs) => jobs.length > 0)
    await camunda.pinClock({ timestamp: t0 + 3 * HOUR })
    const finished: any = await until(
      () => camunda.getProcessInstance({ processInstanceKey: key } as any, NOW),
      (instance: any) => instance.state === 'COMPLETED'
    )

    // then one reminder each hour, and the request expired at the third
    assert.lengthOf(first, 1)
    assert.lengthOf(second, 1)
    assert.equal(finished.state, 'COMPLETED')
    const elements: any = await camunda.searchElementInstances(
      { filter: { processInstanceKey: key }, page: { limit: 100 } } as any,
      NOW
    )
    const passed = elements.items.map((element: any) => `${element.elementId}:${element.state}`)
    assert.equal(passed.filter((entry: string) => entry === 'remind:COMPLETED').length, 2)
    assert.includeMembers(passed, ['await_documents:TERMINATED', 'expire:COMPLETED'])
    assert.notInclude(passed, 'received:COMPLETED')
  }).timeout(30_000)

  test('it should list what an order waits for and correlate its payment once', async ({
    assert,
  }) => {
    // given an order waiting for its payment
    const orderId = randomUUID()
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'events-order',
      variables: { orderId },
    } as any)
    const key = String(created.processInstanceKey)

    // when
    const waiting: any = await camunda.searchMessageSubscriptions(
      { filter: { processInstanceKey: key, messageSubscriptionState: 'CREATED' } } as any,
      NOW
    )
    await camunda.publishMessage({
      name: 'events-payment',
      correlationKey: orderId,
      variables: { paid: 12 },
      timeToLive: 0,
    } as any)
    const again = await camunda.publishMessage({
      name: 'events-payment',
      correlationKey: orderId,
      timeToLive: 0,
    } as any)

    // then
    assert.lengthOf(waiting.items, 1)
    assert.include(waiting.items[0], {
      messageName: 'events-payment',
      correlationKey: orderId,
      elementId: 'paid',
      messageSubscriptionState: 'CREATED',
    })
    const finished: any = await camunda.getProcessInstance({ processInstanceKey: key } as any, NOW)
    assert.equal(finished.state, 'COMPLETED')
    assert.isString(String(again.messageKey))
    const after: any = await camunda.searchMessageSubscriptions(
      { filter: { processInstanceKey: key } } as any,
      NOW
    )
    assert.deepEqual(
      after.items.map((item: any) => item.messageSubscriptionState),
      ['CORRELATED']
    )
    const variables: any = await camunda.searchVariables(
      { filter: { processInstanceKey: key, name: 'paid' } } as any,
      NOW
    )
    assert.equal(JSON.parse(variables.items[0].value), 12)
  })

  test('it should buffer a message until its subscription opens and refuse a duplicate message id', async ({
    assert,
  }) => {
    // given a payment published before its order, buffered for a minute
    const orderId = randomUUID()
    const message = {
      name: 'events-payment',
      correlationKey: orderId,
      timeToLive: 60_000,
      messageId: `payment-${orderId}`,
    }
    assert.equal((await v2('POST', '/messages/publication', message)).status, 200)

    // when the same message is published again, then the order starts
    const duplicate = await v2('POST', '/messages/publication', message)
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'events-order',
      variables: { orderId },
    } as any)

    // then
    assert.equal(duplicate.status, 409)
    const finished: any = await camunda.getProcessInstance(
      { processInstanceKey: String(created.processInstanceKey) } as any,
      NOW
    )
    assert.equal(finished.state, 'COMPLETED')
  })

  test('it should correlate at once: the instance a message start event created, or 404', async ({
    assert,
  }) => {
    // when
    const correlated: any = await camunda.correlateMessage({
      name: 'events-application-filed',
      correlationKey: randomUUID(),
      variables: { applicant: 'Nguyen' },
    } as any)
    const nothing = await v2('POST', '/messages/correlation', {
      name: 'events-payment',
      correlationKey: randomUUID(),
    })
    const invalid = await v2('POST', '/messages/correlation', { correlationKey: 'x' })

    // then
    const instance: any = await camunda.getProcessInstance(
      { processInstanceKey: String(correlated.processInstanceKey) } as any,
      NOW
    )
    assert.equal(instance.processDefinitionId, 'events-application')
    assert.isString(String(correlated.messageKey))
    assert.equal(nothing.status, 404)
    assert.equal(invalid.status, 422)
    const variables: any = await camunda.searchVariables(
      { filter: { processInstanceKey: instance.processInstanceKey, name: 'applicant' } } as any,
      NOW
    )
    assert.equal(JSON.parse(variables.items[0].value), 'Nguyen')
  })

  test('it should refuse unknown filter fields on the subscription search', async ({ assert }) => {
    const refused = await v2('POST', '/message-subscriptions/search', {
      filter: { dueDate: 'tomorrow' },
    })
    const byState = await v2('POST', '/message-subscriptions/search', {
      filter: { state: 'CREATED', messageName: 'nothing-waits-for-this' },
    })
    assert.equal(refused.status, 400)
    assert.equal(byState.status, 200)
    assert.deepEqual(byState.body.items, [])
  })
})

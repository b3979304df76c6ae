import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import createCamundaClient from '@camunda8/orchestration-cluster-api'
import { baseUrl } from '#tests/helpers'

const FIXTURE = fileURLToPath(new URL('../fixtures/order_review.bpmn', import.meta.url))

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

test.group('Camunda 8 REST API with the real client', () => {
  test('it should deploy, start, route on job variables, raise an incident for a failing expression and finish after a fix', async ({
    assert,
  }) => {
    const camunda = camundaClient()

    // given a deployed model
    const topology = await camunda.getTopology()
    assert.equal(topology.brokers?.length, 1)
    const deployment = await camunda.deployResourcesFromFiles([FIXTURE])
    const definition = (deployment as any).deployments[0].processDefinition
    assert.equal(definition.processDefinitionId, 'order-review')

    // when an instance starts and its first job is completed with approved = true
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'order-review',
      variables: { copies: 2 },
    } as any)
    const instanceKey = String(created.processInstanceKey)
    const checkJobs = await camunda.activateJobs({
      type: 'order-check',
      worker: 'it-worker',
      timeout: 30_000,
      maxJobsToActivate: 5,
      requestTimeout: 2_000,
    } as any)
    const checkJob = checkJobs.jobs.find(
      (job: any) => String(job.processInstanceKey) === instanceKey
    )!
    assert.exists(checkJob)
    assert.deepEqual(checkJob.customHeaders, { unit: 'CONSULAR' })
    assert.equal(checkJob.variables.copies, 2)
    await camunda.completeJob({ jobKey: checkJob.jobKey, variables: { approved: true } } as any)

    // then the gateway routes to "approve", not "reject"
    const approveJobs = await camunda.activateJobs({
      type: 'order-approve',
      worker: 'it-worker',
      timeout: 30_000,
      maxJobsToActivate: 5,
      requestTimeout: 2_000,
    } as any)
    const approveJob = approveJobs.jobs.find(
      (job: any) => String(job.processInstanceKey) === instanceKey
    )!
    assert.exists(approveJob)
    const rejectJobs = await camunda.activateJobs({
      type: 'order-reject',
      worker: 'it-worker',
      timeout: 30_000,
      maxJobsToActivate: 5,
    } as any)
    assert.isUndefined(
      rejectJobs.jobs.find((job: any) => String(job.processInstanceKey) === instanceKey)
    )

    // when a condition reads a variable nobody set
    await camunda.completeJob({ jobKey: approveJob.jobKey } as any)

    // then an incident names the expression
    const incidents: any = await until(
      () => camunda.searchIncidents({ filter: { processInstanceKey: instanceKey } } as any, NOW),
      (result: any) => result.items.length > 0
    )
    assert.lengthOf(incidents.items, 1)
    const incident: any = incidents.items[0]
    assert.equal(incident.elementId, 'feeRequired')
    assert.include(incident.errorMessage, 'freeCopies')
    const withIncident: any = await camunda.getProcessInstance(
      { processInstanceKey: instanceKey } as any,
      NOW
    )
    assert.isTrue(withIncident.hasIncident)

    // when the variable is set and the incident resolved
    await camunda.createElementInstanceVariables({
      elementInstanceKey: instanceKey,
      variables: { freeCopies: 0 },
    } as any)
    await camunda.resolveIncident({ incidentKey: incident.incidentKey } as any)

    // then the instance finishes with the fee computed
    const finished: any = await until(
      () => camunda.getProcessInstance({ processInstanceKey: instanceKey } as any, NOW),
      (instance: any) => instance.state === 'COMPLETED'
    )
    assert.equal(finished.state, 'COMPLETED')
    assert.isFalse(finished.hasIncident)
    const variables: any = await camunda.searchVariables(
      { filter: { processInstanceKey: instanceKey, name: 'fee' } } as any,
      NOW
    )
    assert.equal(JSON.parse(variables.items[0].value), 100_000)

    // and the path shows in the element instances
    const elements: any = await camunda.searchElementInstances(
      { filter: { processInstanceKey: instanceKey }, page: { limit: 100 } } as any,
      NOW
    )
    const visited = elements.items.map((element: any) => element.elementId)
    assert.includeMembers(visited, [
      'start',
      'check',
      'route',
      'approve',
      'feeRequired',
      'fee',
      'approvedEnd',
    ])
    assert.notInclude(visited, 'reject')
  }).timeout(60_000)

  test('it should reject a broken model with every problem by element id', async ({ assert }) => {
    const response = await fetch(`${baseUrl()}/v2/deployments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin@demo.senflow.local:senflow-demo').toString('base64')}`,
      },
      body: (() => {
        const form = new FormData()
        form.append(
          'resources',
          new Blob([
            `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><bpmn:process id="broken" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:serviceTask id="noType"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="noType"/></bpmn:process></bpmn:definitions>`,
          ]),
          'broken.bpmn'
        )
        return form
      })(),
    })
    assert.equal(response.status, 400)
    const body: any = await response.json()
    assert.equal(body.title, 'INVALID_ARGUMENT')
    assert.include(body.detail, 'noType')
    assert.equal(body.errors[0].elementId, 'noType')
  })

  test('it should refuse anonymous and staff callers on the engine API', async ({ assert }) => {
    const anonymous = await fetch(`${baseUrl()}/v2/process-instances/search`, { method: 'POST' })
    assert.equal(anonymous.status, 401)
    const staff = await fetch(`${baseUrl()}/v2/process-instances/search`, {
      method: 'POST',
      headers: {
        'authorization': `Basic ${Buffer.from('staff@demo.senflow.local:senflow-demo').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{}',
    })
    assert.equal(staff.status, 403)
  })
})

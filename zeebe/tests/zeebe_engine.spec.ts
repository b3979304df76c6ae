import { test } from '@japa/runner'
import {
  AlreadyExistsError,
  DeploymentRejectedError,
  InvalidStateError,
  NotFoundError,
  type ActivatedJob,
  type EngineRecord,
} from '@senflow/engine'
import { readFile } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { NotAvailableOnZeebeError, ZeebeEngine } from '../src/zeebe_engine.js'
import {
  eventually,
  GatewayHarness,
  messageBpmn,
  serviceTaskBpmn,
  storeKinds,
  userTaskBpmn,
} from './support.js'

const memory = storeKinds().find((kind) => kind.name === 'memory')!

/** The ZeebeEngine adapter against the gateway of an embedded engine: each tests the other. */
test.group('ZeebeEngine against the gateway', (group) => {
  let harness: GatewayHarness
  let zeebe: ZeebeEngine
  group.each.setup(async () => {
    harness = await new GatewayHarness(memory, {
      insecureLoopback: false,
      authenticate: async (token) => (token === 'sfl_adapter' ? { id: 'adapter' } : null),
    }).open()
    zeebe = new ZeebeEngine({
      address: harness.address,
      accessToken: 'sfl_adapter',
      longPoll: 2000,
    })
    await zeebe.start()
    return async () => {
      await zeebe.stop()
      await harness.close()
    }
  })

  test('deploys processes and forms, reads them back, refuses Camunda user tasks', async ({
    assert,
  }) => {
    const deployment = await zeebe.deploy([
      { name: 'approve.bpmn', content: userTaskBpmn('approval') },
      {
        name: 'contact.form',
        content: JSON.stringify({ id: 'contact', type: 'default', components: [] }),
      },
    ])
    assert.lengthOf(deployment.processes, 1)
    assert.lengthOf(deployment.forms, 1)
    const [process] = deployment.processes
    const definition = await zeebe.getProcessDefinition(process.processDefinitionKey)
    assert.equal(definition.name, 'Approve approval')
    assert.include(
      await zeebe.getProcessDefinitionXml(process.processDefinitionKey),
      'approve_form'
    )
    const latest = await zeebe.searchProcessDefinitions({
      filter: { processDefinitionId: 'approval', isLatestVersion: true },
    })
    assert.equal(latest.page.totalItems, 1)
    const embedded = await zeebe.getForm(
      'camunda-forms:bpmn:approve_form',
      process.processDefinitionKey
    )
    assert.equal(JSON.parse(embedded.schema).id, 'approve')
    const linked = await zeebe.getForm(deployment.forms[0].formKey)
    assert.equal(linked.formId, 'contact')
    // the same resource deployed again keeps its version (Zeebe's rule, kept by the gateway)
    const again = await zeebe.deploy([{ name: 'approve.bpmn', content: userTaskBpmn('approval') }])
    assert.equal(again.processes[0].processDefinitionKey, process.processDefinitionKey)

    const camundaUserTask = (
      await readFile(new URL('../../engine/tests/fixtures/user_task.bpmn', import.meta.url))
    ).toString()
    const refused = await zeebe
      .deploy([{ name: 'user_task.bpmn', content: camundaUserTask }])
      .catch((error) => error)
    assert.instanceOf(refused, DeploymentRejectedError)
    assert.equal(refused.problems[0].elementId, 'review')
    assert.include(refused.message, 'CAMUNDA_REST_ADDRESS')

    const bad = await zeebe
      .deploy([{ name: 'broken.bpmn', content: '<bpmn:definitions' }])
      .catch((error) => error)
    assert.instanceOf(bad, DeploymentRejectedError)
    assert.include(bad.message, 'broken.bpmn')
  })

  test('a job worker on Zeebe completes jobs; create with result; failures and back-offs', async ({
    assert,
  }) => {
    await zeebe.deploy([
      { name: 'order.bpmn', content: serviceTaskBpmn('order', 'charge') },
      { name: 'flaky.bpmn', content: serviceTaskBpmn('flaky', 'flaky', 3) },
    ])
    const handled: ActivatedJob[] = []
    zeebe.openJobWorker({
      type: 'charge',
      worker: 'charger',
      handler: async (job) => {
        handled.push(job)
        await job.complete({ charged: job.variables.amount })
      },
    })
    const result = await zeebe.createProcessInstance({
      processDefinitionId: 'order',
      variables: { amount: 7 },
      awaitCompletion: true,
      requestTimeout: 10_000,
    })
    assert.deepEqual(result.variables, { amount: 7, charged: 7 })
    assert.equal(handled[0].customHeaders.kind, 'test')
    assert.equal(handled[0].worker, 'charger')

    // a handler that throws fails the job with one retry less
    let attempts = 0
    const worker = zeebe.openJobWorker({
      type: 'flaky',
      handler: () => {
        attempts++
        throw new Error('the registry did not answer')
      },
    })
    const created = await zeebe.createProcessInstance({ processDefinitionId: 'flaky' })
    await eventually(async () => {
      const jobs = await harness.engine.searchJobs({
        filter: { processInstanceKey: created.processInstanceKey },
      })
      return jobs.items[0]?.retries === 0 || attempts >= 3
    })
    await worker.close()
    const incidents = await eventually(async () => {
      const found = await harness.engine.searchIncidents({
        filter: { processInstanceKey: created.processInstanceKey },
      })
      return found.items.length ? found : null
    })
    assert.equal(incidents.items[0].errorMessage, 'the registry did not answer')
    await zeebe.updateJob(incidents.items[0].jobKey!, { retries: 1 })
    await zeebe.resolveIncident(incidents.items[0].incidentKey)
    const [job] = await zeebe.activateJobs({
      type: 'flaky',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 5000,
    })
    assert.equal(job.retries, 1)
    await zeebe.failJob(job.jobKey, { retries: 1, errorMessage: 'later', retryBackOff: 1500 })
    const started = Date.now()
    const none = await zeebe.activateJobs({
      type: 'flaky',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 800,
    })
    assert.lengthOf(none, 0)
    assert.isAtLeast(Date.now() - started, 700)
    const [back] = await zeebe.activateJobs({
      type: 'flaky',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 5000,
    })
    assert.equal(back.jobKey, job.jobKey)
    await zeebe.updateJob(back.jobKey, { timeout: 120_000 })
    await zeebe.throwJobError(back.jobKey, { errorCode: 'NOBODY_CATCHES' })
  })

  test('the inbox pattern: a user task job stays activated, is completed later, or withdrawn on cancel', async ({
    assert,
  }) => {
    const deployment = await zeebe.deploy([
      { name: 'approve.bpmn', content: userTaskBpmn('approval') },
    ])
    const inbox: ActivatedJob[] = []
    zeebe.openJobWorker({
      type: 'io.camunda.zeebe:userTask',
      worker: 'senflow-inbox',
      timeout: 3_600_000,
      handler: (job) => {
        inbox.push(job)
      },
    })
    const records: EngineRecord[] = []
    zeebe.onRecords((batch) => records.push(...batch))

    const first = await zeebe.createProcessInstance({
      processDefinitionKey: deployment.processes[0].processDefinitionKey,
      variables: { dossier: 'A' },
    })
    await eventually(() => inbox.length === 1)
    assert.equal(
      inbox[0].customHeaders['io.camunda.zeebe:formKey'],
      'camunda-forms:bpmn:approve_form'
    )
    assert.equal(inbox[0].variables.dossier, 'A')
    await zeebe.completeJob(inbox[0].jobKey, { approved: true })
    await eventually(
      async () =>
        (await harness.engine.getProcessInstance(first.processInstanceKey)).state === 'COMPLETED'
    )

    const second = await zeebe.createProcessInstance({
      processDefinitionId: 'approval',
      variables: { dossier: 'B' },
    })
    await eventually(() => inbox.length === 2)
    await zeebe.cancelProcessInstance(second.processInstanceKey)
    assert.deepEqual(
      records.map((record) => [record.valueType, record.intent, record.key, record.value.type]),
      [['JOB', 'CANCELED', inbox[1].jobKey, 'io.camunda.zeebe:userTask']]
    )
    const gone = await zeebe.completeJob(inbox[1].jobKey, {}).catch((error) => error)
    assert.instanceOf(gone, NotFoundError)
  })

  test('messages, signals, variables, decisions and typed errors', async ({ assert }) => {
    await zeebe.deploy([
      { name: 'wait.bpmn', content: messageBpmn('awaiting', 'paid') },
      {
        name: 'risk_check.dmn',
        content: await readFile(
          new URL('../../engine/tests/fixtures/risk_check.dmn', import.meta.url)
        ),
      },
    ])
    const waiting = await zeebe.createProcessInstance({
      processDefinitionId: 'awaiting',
      variables: { orderId: 'o-1' },
    })
    await zeebe.setVariables(waiting.processInstanceKey, { note: 'checked' })
    await zeebe.publishMessage({ name: 'paid', correlationKey: 'o-1', variables: { paid: true } })
    await eventually(
      async () =>
        (await harness.engine.getProcessInstance(waiting.processInstanceKey)).state === 'COMPLETED'
    )
    const signal = await zeebe.broadcastSignal({ signalName: 'nobody' })
    assert.match(signal.signalKey, /^\d+$/)

    await zeebe.publishMessage({
      name: 'm',
      correlationKey: 'k',
      messageId: 'only-once',
      timeToLive: 60_000,
    })
    const duplicate = await zeebe
      .publishMessage({
        name: 'm',
        correlationKey: 'k',
        messageId: 'only-once',
        timeToLive: 60_000,
      })
      .catch((error) => error)
    assert.instanceOf(duplicate, AlreadyExistsError)
    assert.instanceOf(
      await zeebe.cancelProcessInstance('2251799813699999').catch((error) => error),
      NotFoundError
    )
    assert.instanceOf(
      await zeebe.createProcessInstance({ processDefinitionId: 'nope' }).catch((error) => error),
      NotFoundError
    )

    const decision = await zeebe.evaluateDecision({
      decisionDefinitionId: 'risk_check',
      variables: { applicant: { age: 17 }, score: 800 },
    })
    assert.equal(decision.decisionDefinitionId, 'risk_check')
    assert.include(decision.output, 'minor')

    const unavailable = await zeebe.searchProcessInstances({}).catch((error) => error)
    assert.instanceOf(unavailable, NotAvailableOnZeebeError)
    assert.instanceOf(unavailable, InvalidStateError)
    assert.include(unavailable.message, 'CAMUNDA_REST_ADDRESS')
    assert.instanceOf(
      await zeebe.suspendProcessInstance(waiting.processInstanceKey).catch((error) => error),
      NotAvailableOnZeebeError
    )
    assert.instanceOf(
      await zeebe.pinClock(Date.now()).catch((error) => error),
      NotAvailableOnZeebeError
    )
  })

  test('a stopped adapter lets its process end although a long poll was open', async ({
    assert,
  }) => {
    // given a process whose worker long-polls for 30 s, stopped after a second
    let stoppedAt = 0
    const child = spawn(
      process.execPath,
      ['--import=ts-node-maintained/register/esm', 'tests/fixtures/stop_with_open_long_poll.ts'],
      { cwd: fileURLToPath(new URL('../', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (output.includes('stopped')) stoppedAt ||= Date.now()
    })
    child.stderr.on('data', (chunk) => (output += chunk))

    // then it ends within seconds of the stop, not when the long poll would have
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000)
      child.once('exit', (exitCode) => {
        clearTimeout(timer)
        resolve(exitCode)
      })
    })
    assert.equal(code, 0, output)
    assert.isAbove(stoppedAt, 0, output)
    assert.isBelow(Date.now() - stoppedAt, 10_000, output)
  }).timeout(60_000)

  test('a wrong access token is refused with a clear error', async ({ assert }) => {
    const wrong = new ZeebeEngine({ address: harness.address, accessToken: 'sfl_wrong' })
    const error = await wrong.start().catch((failure) => failure)
    await wrong.stop()
    assert.include(error.message, 'refused')
  })
})

import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import type { ActivatedJob } from '../../src/port.js'
import { fixture, storeGroup, type EngineHarness } from '../support/harness.js'

/**
 * Acceptance of issue 5: the bpmn-miwg C.9 chain ("Customer Onboarding" C.9.0, which calls
 * "Manual Check" C.9.2, which calls "Document Request" C.9.1 once per requested document) read
 * from the shared corpus (never copied into the repository), with `risk_check.dmn` written for
 * it (the upstream decision is missing). Job workers, messages and a moved clock drive every
 * instance to its end; the spec runs on the memory store, SQLite and (DB_CONNECTION=mysql)
 * MariaDB.
 */
const CORPUS = new URL('../../../../shared/corpora/bpmn-miwg/Reference/', import.meta.url)
const DAY = 24 * 60 * 60 * 1000

async function deployChain(h: EngineHarness) {
  const files = ['C.9.0.bpmn', 'C.9.1.bpmn', 'C.9.2.bpmn']
  return h.engine.deploy([
    ...(await Promise.all(
      files.map(async (name) => ({ name, content: await readFile(new URL(name, CORPUS)) }))
    )),
    { name: 'risk_check.dmn', content: await fixture('risk_check.dmn') },
  ])
}

/** Activates every job of a type and completes it; expects `count` of them. */
async function work(
  h: EngineHarness,
  assert: { lengthOf: (value: unknown[], length: number, message?: string) => void },
  type: string,
  count: number,
  variables: Record<string, unknown> = {}
): Promise<ActivatedJob[]> {
  const jobs = await h.activate(type)
  assert.lengthOf(jobs, count, `jobs of type '${type}'`)
  for (const job of jobs) {
    await h.engine.completeJob(job.jobKey, variables as never)
  }
  return jobs
}

/**
 * The user tasks of a test, as the inbox sees them: activated through their jobs (type
 * `io.camunda.zeebe:userTask`) and kept by element id until completed.
 */
class Inbox {
  readonly #open: ActivatedJob[] = []

  constructor(private readonly h: EngineHarness) {}

  /** Completes the user tasks waiting at an element; returns how many there were. */
  async complete(elementId: string, variables: Record<string, unknown> = {}): Promise<number> {
    this.#open.push(...(await this.h.activate(USER_TASK_JOB_TYPE)))
    const done = this.#open.filter((job) => job.elementId === elementId)
    for (const job of done) {
      await this.h.engine.completeJob(job.jobKey, variables as never)
      this.#open.splice(this.#open.indexOf(job), 1)
    }
    return done.length
  }
}

/** Waits (up to 5 s) for in-process workers to bring something about. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const started = Date.now()
  while (!(await condition())) {
    if (Date.now() - started > 5000) {
      throw new Error('Expected the workers to finish within 5 s, but they did not')
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function children(h: EngineHarness, parentProcessInstanceKey: string) {
  return (await h.engine.searchProcessInstances({ filter: { parentProcessInstanceKey } })).items
}

const applicant = (age: number) => ({
  applicant: { name: 'Nguyễn Văn An', email: 'an@example.vn', age },
  applicationNumber: 'A-2024-0042',
  product: 'travel insurance',
  corporation: 'Senflow Assurance',
  // the manual check's "fraud suspected" message start correlates on it (Zeebe needs it set)
  fraudSuspectedId: 'FRAUD-A-2024-0042',
})

storeGroup('bpmn-miwg C.9 chain with risk_check', ({ harness }) => {
  test('it should issue the policy when the risk check finds no risk (green)', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const deployment = await deployChain(h)
    assert.sameMembers(
      deployment.processes.map((p) => p.processDefinitionId),
      ['customer_onboarding_en', 'requestDocument_en', 'ManualCheck']
    )
    assert.equal(deployment.decisions[0].decisionDefinitionId, 'risk_check')
    // and in-process workers for the policy and the mail (as connectors run)
    const mails: Array<Record<string, unknown>> = []
    h.engine.openJobWorker({
      type: 'issuePolicy',
      handler: (job) => job.complete({ policy: 'P-1' }),
    })
    h.engine.openJobWorker({
      type: 'io.camunda:sendgrid:1',
      handler: async (job) => {
        mails.push(job.variables)
        await job.complete()
      },
    })
    const key = await h.start('customer_onboarding_en', applicant(35))

    // when the credit score comes back high
    await work(h, assert, 'calculateScore', 1, { score: 780 })

    // then the workers issue the policy and send the mail
    await until(async () => (await h.state(key)) === 'COMPLETED')
    const [mail] = mails
    const variables = await h.variables(key)
    assert.deepEqual(variables.riskLevels, ['green'])
    assert.deepEqual(variables.risks, ['no risk'])
    assert.deepEqual(mail.to, { name: 'Nguyễn Văn An', email: 'an@example.vn' })
    assert.includeMembers(await h.completed(key), [
      'BusinessRuleTask_CheckApplicationAutomatically',
      'ServiceTask_DeliverPolicy',
      'EndEvent_ApplicationIssued',
    ])
    const [evaluation] = (await h.records(key)).filter((r) => r.valueType === 'DECISION_EVALUATION')
    assert.equal(evaluation.value.decisionId, 'risk_check')
  })

  test('it should reject the application on a severe risk (red)', async ({ assert }) => {
    // given
    const h = harness()
    await deployChain(h)
    const key = await h.start('customer_onboarding_en', applicant(40))

    // when the credit score is too low
    await work(h, assert, 'calculateScore', 1, { score: 420 })
    await work(h, assert, 'rejectPolicy', 1)
    await work(h, assert, 'io.camunda:sendgrid:1', 1)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.variables(key)).risks, ['credit score 420 is too low'])
    assert.include(await h.completed(key), 'EndEvent_ApplicationRejected')
  })

  test('it should check manually, request two documents, remind daily and accelerate after five days (yellow)', async ({
    assert,
  }) => {
    // given an application with a moderate risk, in the manual check
    const h = harness()
    const inbox = new Inbox(h)
    await deployChain(h)
    const key = await h.start('customer_onboarding_en', {
      ...applicant(45),
      documents: ['passport', 'payslip'],
    })
    await work(h, assert, 'calculateScore', 1, { score: 620 })
    const [manualCheck] = await children(h, key)
    assert.equal(manualCheck.processDefinitionId, 'ManualCheck')
    const referenceId = String((await h.variables(key)).documentReferenceId)

    // when the clerk requests the documents (a message to the manual check)
    await h.engine.publishMessage({
      name: 'Message_DocumentRequested',
      correlationKey: referenceId,
    })
    const requests = await children(h, manualCheck.processInstanceKey)
    assert.lengthOf(requests, 2)
    await work(h, assert, 'email', 2)
    // a day passes: each request sends its daily reminder
    await h.advance(DAY)
    await work(h, assert, 'email', 2)
    // the first answer arrives, then the second
    await h.engine.publishMessage({ name: 'MESSAGE_documentReceived', correlationKey: referenceId })
    await h.engine.publishMessage({ name: 'MESSAGE_documentReceived', correlationKey: referenceId })

    // then both requests ended with the document received
    for (const request of requests) {
      assert.equal(await h.state(request.processInstanceKey), 'COMPLETED')
      assert.include(await h.completed(request.processInstanceKey), 'EndEvent_GotDocument')
    }

    // when four more days pass, the decision is accelerated
    await h.advance(4 * DAY)
    await work(h, assert, 'notifyCustomerDelay', 1)
    assert.equal(await inbox.complete('UserTask_AccelerateDecision'), 1)
    // and the clerk approves
    assert.equal(await inbox.complete('UserTask_DecideOnApplication', { approved: true }), 1)

    // then the manual check ends; the caller does not take its variables over
    // (propagateAllChildVariables="false", no output mapping), so the upstream model stops at
    // "Decision?" with an incident, which the operator repairs by setting the decision
    assert.equal(await h.state(manualCheck.processInstanceKey), 'COMPLETED')
    const [incident] = await h.incidents(key)
    assert.include(incident, {
      elementId: 'ExclusiveGateway_Decision',
      errorType: 'EXTRACT_VALUE_ERROR',
    })
    await h.engine.setVariables(key, { approved: true })
    await h.engine.resolveIncident(incident.incidentKey)
    await work(h, assert, 'issuePolicy', 1)
    await work(h, assert, 'io.camunda:sendgrid:1', 1)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.variables(key)).riskLevels, ['yellow'])
    assert.includeMembers(await h.completed(key), [
      'Activity_ManualCheck',
      'ExclusiveGateway_Decision',
      'EndEvent_ApplicationIssued',
    ])
  })

  test('it should report fraud when the manual check times out after seven days', async ({
    assert,
  }) => {
    // given a manual check nobody works on
    const h = harness()
    await deployChain(h)
    const key = await h.start('customer_onboarding_en', applicant(75))
    await work(h, assert, 'calculateScore', 1, { score: 650 })
    const [manualCheck] = await children(h, key)
    assert.deepEqual((await h.variables(key)).riskLevels, ['yellow', 'yellow'])

    // when five days pass (accelerated decision), then seven (timeout)
    await h.advance(5 * DAY)
    await work(h, assert, 'notifyCustomerDelay', 1)
    await h.advance(2 * DAY)

    // then the timeout's error ends the manual check and the caller reports fraud
    assert.equal(await h.state(manualCheck.processInstanceKey), 'TERMINATED')
    await work(h, assert, 'reportFraud', 1)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.includeMembers(await h.completed(key), [
      'ErrorBoundaryEvent_FraudDetected',
      'TerminateEvent_ApplicationCanceledFraud',
    ])
  })

  test('it should cancel the application on request, notifying customer and operations', async ({
    assert,
  }) => {
    // given an application waiting for its credit score
    const h = harness()
    await deployChain(h)
    const key = await h.start('customer_onboarding_en', applicant(30))

    // when cancellation is requested (correlation key "= 01", the number 1)
    await h.engine.publishMessage({ name: 'Message_CancellationRequested', correlationKey: '1' })
    await work(h, assert, 'cancelApplication', 1)
    await work(h, assert, 'informCustomerSuccessfulCancelation', 1)
    await work(h, assert, 'informOperationsSuccessfulCancelation', 1)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(await h.activate('calculateScore'), 0)
  })
})

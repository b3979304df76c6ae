import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { InvalidStateError, NotFoundError } from '../../src/errors.js'
import { EmbeddedEngine } from '../../src/engine.js'
import { USER_TASK_JOB_TYPE } from '../../src/intents.js'
import type { EngineRecord } from '../../src/state/entities.js'
import { bpmnProcess, flow, resource } from '../support/bpmn_text.js'
import { fixture, storeGroup, type EngineHarness } from '../support/harness.js'

const HOUR = 3_600_000

/** The records written after a position, as `VALUE_TYPE:INTENT[:element]` strings. */
async function recordsAfter(h: EngineHarness, position: string): Promise<string[]> {
  const records = (
    await h.engine.searchRecords({ filter: { positionAfter: position }, page: { limit: 1000 } })
  ).items
  return records.map(describe)
}

function describe(record: EngineRecord): string {
  const element = record.value.targetElementId ?? record.value.startEventId ?? ''
  return `${record.valueType}:${record.intent}${element ? `:${element}` : ''}`
}

/** The position of the last record written so far. */
async function lastPosition(h: EngineHarness): Promise<string> {
  const all = await h.engine.searchRecords({ page: { limit: 100_000 } })
  return all.items.at(-1)?.position ?? '0'
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('Expected the command to be rejected, but it was accepted')
}

async function intakeV2(): Promise<{ name: string; content: Buffer }> {
  const content = (await fixture('deletion/intake.bpmn'))
    .toString()
    .replace('type="register"', 'type="register-v2"')
  return { name: 'deletion/intake.bpmn', content: Buffer.from(content) }
}

function dmnFixture(name: string): Promise<Buffer> {
  return readFile(new URL(`../dmn/fixtures/${name}`, import.meta.url))
}

storeGroup('Resource deletion', ({ harness, opened }) => {
  test('it should delete a process definition in order and refuse new instances of it', async ({
    assert,
  }) => {
    // given a process with one version
    const h = harness()
    const deployment = await h.deploy('single_task.bpmn')
    const key = deployment.processes[0].processDefinitionKey
    const before = await lastPosition(h)

    // when it is deleted
    await h.engine.deleteResource(key)

    // then the records say so, in Zeebe's order, and no instance can be created any more
    assert.deepEqual(await recordsAfter(h, before), [
      'RESOURCE_DELETION:DELETING',
      'PROCESS:DELETING',
      'PROCESS:DELETED',
      'RESOURCE_DELETION:DELETED',
    ])
    const [deleting] = (
      await h.engine.searchRecords({
        filter: { valueType: 'RESOURCE_DELETION', intent: 'DELETED' },
      })
    ).items
    assert.deepEqual(deleting.value, { resourceKey: key, tenantId: '<default>' })
    const byKey = await rejection(h.engine.createProcessInstance({ processDefinitionKey: key }))
    assert.instanceOf(byKey, NotFoundError)
    assert.instanceOf(await rejection(h.start('single_task')), NotFoundError)
    assert.lengthOf(
      (await h.engine.searchProcessDefinitions({ filter: { processDefinitionId: 'single_task' } }))
        .items,
      0
    )
    // its history stays readable by key
    assert.equal((await h.engine.getProcessDefinition(key)).version, 1)
  })

  test('it should make the version before the latest again, moving the start events back to it', async ({
    assert,
  }) => {
    // given two versions of a process started by hand, a timer, a message and a signal
    const h = harness()
    const v1 = (await h.deploy('deletion/intake.bpmn')).processes[0]
    const v2 = (await h.engine.deploy([await intakeV2()])).processes[0]
    const before = await lastPosition(h)

    // when version 2 is deleted
    await h.engine.deleteResource(v2.processDefinitionKey)

    // then version 2's start events closed and version 1's opened again, inside the deletion
    assert.deepEqual(await recordsAfter(h, before), [
      'RESOURCE_DELETION:DELETING',
      'PROCESS:DELETING',
      'TIMER:CANCELED:hourly',
      'MESSAGE_START_EVENT_SUBSCRIPTION:DELETED:on_message',
      'SIGNAL_SUBSCRIPTION:DELETED:on_signal',
      'TIMER:CREATED:hourly',
      'MESSAGE_START_EVENT_SUBSCRIPTION:CREATED:on_message',
      'SIGNAL_SUBSCRIPTION:CREATED:on_signal',
      'PROCESS:DELETED',
      'RESOURCE_DELETION:DELETED',
    ])
    const reopened = (
      await h.engine.searchRecords({ filter: { positionAfter: before, intent: 'CREATED' } })
    ).items
    assert.isTrue(
      reopened.every((r) => r.value.processDefinitionKey === v1.processDefinitionKey),
      'the start events opened again are version 1'
    )

    // and every way of starting the process starts version 1
    await h.start('intake')
    await h.engine.publishMessage({ name: 'application received', correlationKey: 'A-1' })
    await h.engine.broadcastSignal({ signalName: 'campaign opened' })
    await h.advance(HOUR)
    const instances = await h.engine.searchProcessInstances({
      filter: { processDefinitionId: 'intake' },
    })
    assert.lengthOf(instances.items, 4)
    assert.isTrue(
      instances.items.every((i) => i.processDefinitionKey === v1.processDefinitionKey),
      'every instance is of version 1'
    )
    assert.lengthOf(await h.activate('register'), 4)
    const latest = await h.engine.searchProcessDefinitions({ filter: { isLatestVersion: true } })
    assert.deepEqual(
      latest.items.map((d) => [d.processDefinitionId, d.version]),
      [['intake', 1]]
    )

    // and deploying version 2's content again takes the next number, not 2
    const v3 = (await h.engine.deploy([await intakeV2()])).processes[0]
    assert.equal(v3.processDefinitionVersion, 3)
    assert.equal(
      (await h.engine.createProcessInstance({ processDefinitionId: 'intake' }))
        .processDefinitionVersion,
      3
    )
  })

  test('it should close the start events of the only version when it is deleted', async ({
    assert,
  }) => {
    // given one version of the intake
    const h = harness()
    const v1 = (await h.deploy('deletion/intake.bpmn')).processes[0]

    // when it is deleted
    await h.engine.deleteResource(v1.processDefinitionKey)

    // then messages, signals and time start nothing
    await h.engine.publishMessage({ name: 'application received', correlationKey: 'A-1' })
    await h.engine.broadcastSignal({ signalName: 'campaign opened' })
    await h.advance(3 * HOUR)
    assert.equal(
      (await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'intake' } })).page
        .totalItems,
      0
    )
  })

  test('it should refuse to delete a definition with running instances, naming how many', async ({
    assert,
  }) => {
    // given two running instances of the only version
    const h = harness()
    const key = (await h.deploy('single_task.bpmn')).processes[0].processDefinitionKey
    const first = await h.start('single_task')
    await h.start('single_task')
    const before = await lastPosition(h)

    // when it is deleted
    const error = await rejection(h.engine.deleteResource(key))

    // then nothing is deleted, and the reason says how many run
    assert.instanceOf(error, InvalidStateError)
    assert.equal(
      error.message,
      `Expected to delete process definition 'single_task' version 1 (key '${key}'), but 2 ` +
        'instances of it are still running: cancel them or migrate them to another version first'
    )
    assert.deepEqual(await recordsAfter(h, before), [])
    await h.start('single_task')

    // and once they ended, it is deleted
    await h.engine.cancelProcessInstance(first)
    await h.completeAll('work')
    await h.engine.deleteResource(key)
    assert.instanceOf(await rejection(h.start('single_task')), NotFoundError)
  })

  test('it should answer NOT_FOUND for an unknown key, a deleted one, and a decision key', async ({
    assert,
  }) => {
    // given a deleted definition and a deployed decision
    const h = harness()
    const key = (await h.deploy('single_task.bpmn')).processes[0].processDefinitionKey
    await h.engine.deleteResource(key)
    const dmn = await h.engine.deploy([
      { name: 'loan_decisions.dmn', content: await dmnFixture('loan_decisions.dmn') },
    ])

    // when / then
    for (const unknown of ['123456789', key, dmn.decisions[0].decisionDefinitionKey, 'x1']) {
      const error = await rejection(h.engine.deleteResource(unknown))
      assert.instanceOf(error, NotFoundError)
      assert.equal(
        error.message,
        `Expected to delete resource but no resource found with key '${unknown}'`
      )
    }
  })

  test('it should delete a decision requirements graph with its decisions', async ({ assert }) => {
    // given the loan decisions and a process whose business-rule task calls one
    const h = harness()
    const dmn = await h.engine.deploy([
      { name: 'loan_decisions.dmn', content: await dmnFixture('loan_decisions.dmn') },
      {
        name: 'business_rule_tasks.bpmn',
        content: await dmnFixture('business_rule_tasks.bpmn'),
      },
    ])
    const graph = dmn.decisionRequirements[0]
    const before = await lastPosition(h)

    // when the graph is deleted
    await h.engine.deleteResource(graph.decisionRequirementsKey)

    // then each decision and the graph are deleted, and calling one raises the incident
    assert.deepEqual(await recordsAfter(h, before), [
      'RESOURCE_DELETION:DELETING',
      ...dmn.decisions.map(() => 'DECISION:DELETED'),
      'DECISION_REQUIREMENTS:DELETED',
      'RESOURCE_DELETION:DELETED',
    ])
    const deleted = (
      await h.engine.searchRecords({ filter: { valueType: 'DECISION', intent: 'DELETED' } })
    ).items
    assert.sameMembers(
      deleted.map((r) => r.key),
      dmn.decisions.map((d) => d.decisionDefinitionKey)
    )
    const key = await h.start('loan', { applicant: { age: 30 }, amount: 5000 })
    const [incident] = await h.incidents(key)
    assert.deepInclude(incident, { errorType: 'CALLED_DECISION_ERROR', elementId: 'decide' })
    assert.include(incident.errorMessage, "no decision found for id 'loan_approval'")
    const evaluation = await rejection(
      h.engine.evaluateDecision({ decisionDefinitionId: 'loan_approval' })
    )
    assert.instanceOf(evaluation, NotFoundError)
    assert.lengthOf((await h.engine.searchDecisionDefinitions()).items, 0)

    // and deploying the graph again gives version 2 of each
    const again = await h.engine.deploy([
      { name: 'loan_decisions.dmn', content: await dmnFixture('loan_decisions.dmn') },
    ])
    assert.deepEqual([...new Set(again.decisions.map((d) => d.version))], [2])
    await h.engine.resolveIncident(incident.incidentKey)
    assert.equal(await h.state(key), 'COMPLETED')
  })

  test('it should delete a form: user tasks link the version before it', async ({ assert }) => {
    // given two versions of the contact form and a process linking its latest version
    const h = harness()
    const v1 = (await h.deploy('contact_v1.form')).forms[0]
    const v2 = (await h.deploy('contact_v2.form')).forms[0]
    const xml = bpmnProcess(
      'contact_task',
      `<bpmn:startEvent id="start" />${flow('start', 'fill')}
       <bpmn:userTask id="fill"><bpmn:extensionElements><zeebe:formDefinition formId="contact" /></bpmn:extensionElements></bpmn:userTask>
       ${flow('fill', 'end')}<bpmn:endEvent id="end" />`
    )
    await h.engine.deploy([resource('contact_task.bpmn', xml)])
    const before = await lastPosition(h)

    // when version 2 of the form is deleted
    await h.engine.deleteResource(v2.formKey)

    // then the records say so, and a new task links version 1
    assert.deepEqual(await recordsAfter(h, before), [
      'RESOURCE_DELETION:DELETING',
      'FORM:DELETED',
      'RESOURCE_DELETION:DELETED',
    ])
    await h.start('contact_task')
    const [job] = await h.activate(USER_TASK_JOB_TYPE)
    assert.equal(job.customHeaders['io.camunda.zeebe:formKey'], v1.formKey)
    // a task that already showed version 2 can still read it
    assert.equal((await h.engine.getForm(v2.formKey)).version, 2)
    const v3 = (await h.deploy('contact_v2.form')).forms[0]
    assert.equal(v3.version, 3)
  })

  test('it should refuse instances of a definition another engine deleted', async ({ assert }) => {
    // given an engine that created an instance by key (the definition is in its cache)
    const h = harness()
    const key = (await h.deploy('single_task.bpmn')).processes[0].processDefinitionKey
    await h.engine.createProcessInstance({ processDefinitionKey: key })
    await h.completeAll('work')

    // when another engine on the same database deletes the definition
    const other = new EmbeddedEngine({ store: (await opened().reopen()).store, clock: h.clock })
    try {
      await other.deleteResource(key)
    } finally {
      await other.stop()
    }

    // then the first engine refuses new instances of it
    const error = await rejection(h.engine.createProcessInstance({ processDefinitionKey: key }))
    assert.instanceOf(error, NotFoundError)
  })
})

test.group('Resource deletion (concurrent commands)', () => {
  test('it should not delete a definition an instance was created for in the same batch', async ({
    assert,
  }) => {
    // given a deployed process in memory
    const { MemoryStore } = await import('../../src/store/memory_store.js')
    const engine = new EmbeddedEngine({ store: new MemoryStore() })
    try {
      const content = await fixture('single_task.bpmn')
      const key = (await engine.deploy([{ name: 'single_task.bpmn', content }])).processes[0]
        .processDefinitionKey

      // when an instance is created and the definition deleted at once (one batch)
      const [created, deleted] = await Promise.allSettled([
        engine.createProcessInstance({ processDefinitionKey: key }),
        engine.deleteResource(key),
      ])

      // then the instance runs and the deletion was refused
      assert.equal(created.status, 'fulfilled')
      assert.equal(deleted.status, 'rejected')
      assert.instanceOf((deleted as PromiseRejectedResult).reason, InvalidStateError)
    } finally {
      await engine.stop()
    }
  })
})

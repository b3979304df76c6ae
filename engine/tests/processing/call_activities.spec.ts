import { test } from '@japa/runner'
import { InvalidStateError } from '../../src/errors.js'
import { storeGroup, type EngineHarness } from '../support/harness.js'
import { bpmnProcess, flow, inOrder, resource, serviceTask } from '../support/bpmn_text.js'

/** A parent calling `=childId` with mappings, an error boundary and an escalation boundary. */
const PARENT = bpmnProcess(
  'call_parent',
  `
    <bpmn:startEvent id="start" />
    ${flow('start', 'call')}
    <bpmn:callActivity id="call">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="= childId" />
        <zeebe:ioMapping>
          <zeebe:input source="= order.id" target="orderId" />
          <zeebe:output source="= result" target="childResult" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:boundaryEvent id="child_failed" attachedToRef="call">
      <bpmn:errorEventDefinition errorRef="Error_call_parent" />
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="child_escalated" attachedToRef="call" cancelActivity="false">
      <bpmn:escalationEventDefinition escalationRef="Escalation_call_parent" />
    </bpmn:boundaryEvent>
    ${flow('call', 'after')}
    ${serviceTask('after', 'after')}
    ${flow('after', 'end')}
    <bpmn:endEvent id="end" />
    ${flow('child_failed', 'end_failed')}
    <bpmn:endEvent id="end_failed" />
    ${flow('child_escalated', 'helper')}
    ${serviceTask('helper', 'helper')}
    ${flow('helper', 'end_helper')}
    <bpmn:endEvent id="end_helper" />`
)

/** The child: a job, then an error end, an escalation, or a plain end. */
const CHILD = bpmnProcess(
  'call_child',
  `
    <bpmn:startEvent id="child_start" />
    ${flow('child_start', 'child_work')}
    ${serviceTask('child_work', 'child_work')}
    ${flow('child_work', 'split')}
    <bpmn:exclusiveGateway id="split" default="f_split_child_end" />
    ${flow('split', 'error_end', '= outcome = "fail"')}
    ${flow('split', 'escalate', '= outcome = "escalate"')}
    ${flow('split', 'child_end')}
    <bpmn:endEvent id="error_end"><bpmn:errorEventDefinition errorRef="Error_call_child" /></bpmn:endEvent>
    <bpmn:intermediateThrowEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="Escalation_call_child" /></bpmn:intermediateThrowEvent>
    ${flow('escalate', 'child_after')}
    ${serviceTask('child_after', 'child_after')}
    ${flow('child_after', 'child_end')}
    <bpmn:endEvent id="child_end" />`
)

/** A top process calling the parent, for a three-level hierarchy. */
const TOP = bpmnProcess(
  'call_top',
  `
    <bpmn:startEvent id="top_start" />
    ${flow('top_start', 'top_call')}
    <bpmn:callActivity id="top_call">
      <bpmn:extensionElements><zeebe:calledElement processId="call_parent" /></bpmn:extensionElements>
    </bpmn:callActivity>
    ${flow('top_call', 'top_end')}
    <bpmn:endEvent id="top_end" />`
)

async function deployAll(h: EngineHarness): Promise<void> {
  await h.engine.deploy([
    resource('call_parent.bpmn', PARENT),
    resource('call_child.bpmn', CHILD),
    resource('call_top.bpmn', TOP),
  ])
}

/** The single child instance of a parent. */
async function childOf(h: EngineHarness, parentKey: string): Promise<string> {
  const children = await h.engine.searchProcessInstances({
    filter: { parentProcessInstanceKey: parentKey },
  })
  if (children.items.length !== 1) {
    throw new Error(`expected one child of ${parentKey}, found ${children.items.length}`)
  }
  return children.items[0].processInstanceKey
}

storeGroup('Call activities', ({ harness }) => {
  test('it should call the child named by FEEL, with mappings, and continue with its result', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const parent = await h.start(
      'call_parent',
      { childId: 'call_child', order: { id: 'O-7' } },
      { businessId: 'HS-2026-7' }
    )

    // when
    const child = await childOf(h, parent)
    assert.equal((await h.engine.getProcessInstance(child)).businessId, 'HS-2026-7')
    const [job] = await h.activate('child_work')
    assert.deepInclude(job.variables, { orderId: 'O-7', childId: 'call_child' })
    await h.engine.completeJob(job.jobKey, { result: 'approved', outcome: 'ok' })
    await h.completeAll('after')

    // then
    assert.equal(await h.state(child), 'COMPLETED')
    assert.equal(await h.state(parent), 'COMPLETED')
    assert.deepEqual(await h.completed(child), [
      'child_start',
      'child_work',
      'split',
      'child_end',
      'call_child',
    ])
    assert.deepEqual(await h.completed(parent), ['start', 'call', 'after', 'end', 'call_parent'])
    const variables = await h.variables(parent)
    assert.equal(variables.childResult, 'approved')
    assert.notProperty(variables, 'result')
    const childInstance = await h.engine.getProcessInstance(child)
    const callActivity = await h.engine.searchElementInstances({
      filter: { processInstanceKey: parent, elementId: 'call' },
    })
    assert.equal(childInstance.parentProcessInstanceKey, parent)
    assert.equal(childInstance.parentElementInstanceKey, callActivity.items[0].elementInstanceKey)
    const created = (await h.records(child)).find(
      (r) => r.valueType === 'PROCESS_INSTANCE_CREATION'
    )!
    assert.equal(created.value.parentProcessInstanceKey, parent)
    const parentView = await h.engine.getProcessInstance(parent)
    assert.isNull(parentView.parentProcessInstanceKey)
  })

  test('it should propagate variables both ways unless turned off', async ({ assert }) => {
    // given
    const h = harness()
    const caller = (id: string, propagate: string) =>
      bpmnProcess(
        id,
        `
        <bpmn:startEvent id="s" />
        ${flow('s', 'call')}
        <bpmn:callActivity id="call">
          <bpmn:extensionElements><zeebe:calledElement processId="call_child" ${propagate} /></bpmn:extensionElements>
        </bpmn:callActivity>
        ${flow('call', 'e')}
        <bpmn:endEvent id="e" />`
      )
    await h.engine.deploy([
      resource('call_child.bpmn', CHILD),
      resource('all.bpmn', caller('call_all', '')),
      resource('none.bpmn', caller('call_none', 'propagateAllChildVariables="false"')),
      resource(
        'local.bpmn',
        caller(
          'call_local',
          'propagateAllParentVariables="false" businessId="= &quot;L-&quot; + string(x)"'
        )
      ),
    ])
    const all = await h.start('call_all', { x: 1 })
    const none = await h.start('call_none', { x: 2 })
    const local = await h.start('call_local', { x: 3 })

    // when
    const jobs = await h.activate('child_work')
    for (const job of jobs) {
      await h.engine.completeJob(job.jobKey, { result: 'r', outcome: 'ok' } as never)
    }

    // then the child of call_local saw none of its caller's variables
    const seen = Object.fromEntries(jobs.map((job) => [job.processInstanceKey, job.variables]))
    assert.deepEqual(seen[await childOf(h, all)], { x: 1 })
    assert.deepEqual(seen[await childOf(h, local)], {})
    assert.deepEqual(await h.variables(all), { x: 1, result: 'r', outcome: 'ok' })
    assert.deepEqual(await h.variables(none), { x: 2 })
    assert.deepEqual(await h.variables(local), { x: 3, result: 'r', outcome: 'ok' })
    assert.equal((await h.engine.getProcessInstance(await childOf(h, local))).businessId, 'L-3')
  })

  test('it should terminate the child when the parent is cancelled, and refuse to cancel the child', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const top = await h.start('call_top', { childId: 'call_child' })
    const parent = await childOf(h, top)
    const child = await childOf(h, parent)
    const [job] = await h.activate('child_work')

    // when
    await assert.rejects(() => h.engine.cancelProcessInstance(child), InvalidStateError)
    await h.engine.cancelProcessInstance(top)

    // then
    assert.equal(await h.state(top), 'TERMINATED')
    assert.equal(await h.state(parent), 'TERMINATED')
    assert.equal(await h.state(child), 'TERMINATED')
    const trail = await h.trail(child)
    assert.deepEqual(trail.slice(-4), [
      'call_child:ELEMENT_TERMINATING',
      'child_work:ELEMENT_TERMINATING',
      'child_work:ELEMENT_TERMINATED',
      'call_child:ELEMENT_TERMINATED',
    ])
    assert.deepEqual((await h.trail(parent)).slice(-2), [
      'call:ELEMENT_TERMINATED',
      'call_parent:ELEMENT_TERMINATED',
    ])
    assert.lengthOf((await h.engine.searchJobs({ filter: { jobKey: job.jobKey } })).items, 0)
  })

  test('it should catch an error of the child on the call activity and terminate the child', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const parent = await h.start('call_parent', { childId: 'call_child', order: { id: 'O-1' } })
    const child = await childOf(h, parent)

    // when
    await h.completeAll('child_work', { outcome: 'fail' })

    // then
    assert.equal(await h.state(child), 'TERMINATED')
    assert.equal(await h.state(parent), 'COMPLETED')
    assert.deepEqual(await h.completed(parent), [
      'start',
      'child_failed',
      'end_failed',
      'call_parent',
    ])
    const parentTrail = await h.trail(parent)
    assert.isTrue(
      inOrder(parentTrail, [
        'call:ELEMENT_TERMINATING',
        'call:ELEMENT_TERMINATED',
        'child_failed:ELEMENT_ACTIVATING',
      ])
    )
    assert.includeMembers(await h.trail(child), ['error_end:ELEMENT_ACTIVATED'])
    assert.lengthOf(await h.incidents(child), 0)
  })

  test('it should catch a job error thrown in the child on the call activity', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const parent = await h.start('call_parent', { childId: 'call_child', order: { id: 'O-1' } })
    const child = await childOf(h, parent)
    const [job] = await h.activate('child_work')

    // when
    await h.engine.throwJobError(job.jobKey, {
      errorCode: 'CHILD_ERR',
      variables: { reason: 'rejected' } as never,
    })

    // then
    assert.equal(await h.state(child), 'TERMINATED')
    assert.equal(await h.state(parent), 'COMPLETED')
    assert.equal((await h.variables(parent)).reason, 'rejected')
  })

  test('it should raise an incident in the child for an error nobody catches', async ({
    assert,
  }) => {
    // given a caller without error boundary
    const h = harness()
    await h.engine.deploy([
      resource('call_child.bpmn', CHILD),
      resource('call_top.bpmn', TOP.replace('call_parent', 'call_child')),
    ])
    const top = await h.start('call_top')
    const child = await childOf(h, top)

    // when
    await h.completeAll('child_work', { outcome: 'fail' })

    // then
    const [incident] = await h.incidents(child)
    assert.equal(incident.errorType, 'UNHANDLED_ERROR_EVENT')
    assert.equal(await h.state(top), 'ACTIVE')
  })

  test('it should let a non-interrupting escalation boundary catch the child escalation', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const parent = await h.start('call_parent', { childId: 'call_child', order: { id: 'O-1' } })
    const child = await childOf(h, parent)

    // when
    await h.completeAll('child_work', { outcome: 'escalate', result: 'partial' })
    await h.completeAll('helper')
    await h.completeAll('child_after')
    await h.completeAll('after')

    // then
    assert.equal(await h.state(child), 'COMPLETED')
    assert.equal(await h.state(parent), 'COMPLETED')
    const escalations = (await h.records(child)).filter((r) => r.valueType === 'ESCALATION')
    assert.deepEqual(
      escalations.map((r) => [r.intent, r.value.catchElementId]),
      [['ESCALATED', 'child_escalated']]
    )
    assert.isTrue(inOrder(await h.completed(parent), ['child_escalated', 'helper', 'call']))
  })

  test('it should raise CALLED_ELEMENT_ERROR for a missing process and continue once deployed', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.engine.deploy([resource('call_parent.bpmn', PARENT)])
    const parent = await h.start('call_parent', { childId: 'call_child', order: { id: 'O-1' } })

    // when
    const [incident] = await h.incidents(parent)
    await h.engine.deploy([resource('call_child.bpmn', CHILD)])
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.equal(incident.errorType, 'CALLED_ELEMENT_ERROR')
    assert.equal(
      incident.errorMessage,
      "Expected process with BPMN process id 'call_child' to be deployed, but not found."
    )
    const child = await childOf(h, parent)
    assert.equal(await h.state(child), 'ACTIVE')
  })

  test('it should bind by version tag and by deployment', async ({ assert }) => {
    // given two versions of the child, tagged v1 and v2
    const h = harness()
    const child = (tag: string, type: string) =>
      bpmnProcess(
        'tagged_child',
        `<bpmn:startEvent id="s" />${flow('s', 'work')}${serviceTask('work', type)}${flow('work', 'e')}<bpmn:endEvent id="e" />`,
        `<bpmn:extensionElements><zeebe:versionTag value="${tag}" /></bpmn:extensionElements>`
      )
    const caller = (id: string, binding: string) =>
      bpmnProcess(
        id,
        `<bpmn:startEvent id="s" />${flow('s', 'call')}
        <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="tagged_child" ${binding} /></bpmn:extensionElements></bpmn:callActivity>
        ${flow('call', 'e')}<bpmn:endEvent id="e" />`
      )
    await h.engine.deploy([
      resource('child.bpmn', child('v1', 'work_v1')),
      resource('by_deployment.bpmn', caller('by_deployment', 'bindingType="deployment"')),
    ])
    await h.engine.deploy([
      resource('child.bpmn', child('v2', 'work_v2')),
      resource('by_tag.bpmn', caller('by_tag', 'bindingType="versionTag" versionTag="v1"')),
      resource('by_latest.bpmn', caller('by_latest', '')),
    ])

    // when
    await h.start('by_tag')
    await h.start('by_deployment')
    await h.start('by_latest')

    // then
    assert.lengthOf(await h.activate('work_v1'), 2)
    assert.lengthOf(await h.activate('work_v2'), 1)
  })

  test('it should terminate a waiting child when a timer on the call activity fires', async ({
    assert,
  }) => {
    // given a caller whose call activity times out after a day
    const h = harness()
    const caller = bpmnProcess(
      'call_with_deadline',
      `<bpmn:startEvent id="s" />${flow('s', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="call_child" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="deadline" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('call', 'e')}<bpmn:endEvent id="e" />
      ${flow('deadline', 'late')}<bpmn:endEvent id="late" />`
    )
    await h.engine.deploy([resource('child.bpmn', CHILD), resource('caller.bpmn', caller)])
    const parent = await h.start('call_with_deadline')
    const child = await childOf(h, parent)

    // when the engine restarted meanwhile (nothing cached) and the day passed
    await h.stop()
    const restarted = harness()
    restarted.clock.pin(h.clock.now())
    await restarted.advance(24 * 60 * 60 * 1000)

    // then
    assert.equal(await restarted.state(child), 'TERMINATED')
    assert.equal(await restarted.state(parent), 'COMPLETED')
    assert.deepEqual(await restarted.completed(parent), [
      's',
      'deadline',
      'late',
      'call_with_deadline',
    ])
    assert.lengthOf(await restarted.activate('child_work'), 0)
  })

  test('it should continue at once when the child completes in the same step', async ({
    assert,
  }) => {
    // given a child with nothing to wait for
    const h = harness()
    const child = bpmnProcess(
      'instant_child',
      `<bpmn:startEvent id="cs" />${flow('cs', 'calc')}
      <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="= n * 2" resultVariable="doubled" /></bpmn:extensionElements></bpmn:scriptTask>
      ${flow('calc', 'ce')}<bpmn:endEvent id="ce" />`
    )
    const caller = bpmnProcess(
      'instant_caller',
      `<bpmn:startEvent id="s" />${flow('s', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="instant_child" /></bpmn:extensionElements></bpmn:callActivity>
      ${flow('call', 'e')}<bpmn:endEvent id="e" />`
    )
    await h.engine.deploy([resource('child.bpmn', child), resource('caller.bpmn', caller)])

    // when
    const created = await h.engine.createProcessInstance({
      processDefinitionId: 'instant_caller',
      variables: { n: 21 },
      awaitCompletion: true,
    })

    // then
    assert.equal(created.variables?.doubled, 42)
    assert.equal(await h.state(created.processInstanceKey), 'COMPLETED')
  })

  test('it should find children by parent key and keep the keys after the end', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployAll(h)
    const top = await h.start('call_top', { childId: 'call_child', order: { id: 'O-1' } })
    const parent = await childOf(h, top)
    const child = await childOf(h, parent)

    // when
    await h.completeAll('child_work', { outcome: 'ok' })
    await h.completeAll('after')

    // then
    assert.equal(await h.state(top), 'COMPLETED')
    const hierarchy = await h.engine.getCallHierarchy(child)
    assert.deepEqual(
      hierarchy.map((entry) => [entry.processInstanceKey, entry.processDefinitionName]),
      [
        [top, 'call_top'],
        [parent, 'call_parent'],
        [child, 'call_child'],
      ]
    )
    assert.deepEqual(
      (await h.engine.getCallHierarchy(top)).map((entry) => entry.processInstanceKey),
      [top]
    )
  })
})

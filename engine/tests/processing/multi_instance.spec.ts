import { test } from '@japa/runner'
import { storeGroup, type EngineHarness } from '../support/harness.js'
import { bpmnProcess, flow, inOrder, resource, serviceTask } from '../support/bpmn_text.js'

/** `<multiInstanceLoopCharacteristics>` with Zeebe's loop characteristics. */
function loop(options: {
  sequential?: boolean
  collection?: string
  element?: string
  output?: string
  outputElement?: string
  condition?: string
}): string {
  const attributes = [
    `inputCollection="${options.collection ?? '= items'}"`,
    options.element ? `inputElement="${options.element}"` : '',
    options.output ? `outputCollection="${options.output}"` : '',
    options.outputElement ? `outputElement="${options.outputElement}"` : '',
  ].join(' ')
  const condition = options.condition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${options.condition}</bpmn:completionCondition>`
    : ''
  return `<bpmn:multiInstanceLoopCharacteristics isSequential="${options.sequential === true}">
    <bpmn:extensionElements><zeebe:loopCharacteristics ${attributes} /></bpmn:extensionElements>${condition}
  </bpmn:multiInstanceLoopCharacteristics>`
}

/** A process: start → the given activity (id `mi`) → end, plus extra elements. */
function around(id: string, activity: string, extra = ''): string {
  return bpmnProcess(
    id,
    `<bpmn:startEvent id="start" />${flow('start', 'mi')}
    ${activity}
    ${flow('mi', 'end')}<bpmn:endEvent id="end" />${extra}`
  )
}

/** A multi-instance service task `mi` of job type `work`. */
function miTask(loopXml: string): string {
  return `<bpmn:serviceTask id="mi"><bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>${loopXml}</bpmn:serviceTask>`
}

async function deploy(h: EngineHarness, id: string, xml: string): Promise<void> {
  await h.engine.deploy([resource(`${id}.bpmn`, xml)])
}

/** The local variables of the element instances of `mi` that are not the body. */
async function innerInstances(h: EngineHarness, key: string) {
  const items = (
    await h.engine.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'mi' } })
  ).items
  return items.filter((item) => item.type !== 'MULTI_INSTANCE_BODY')
}

storeGroup('Multi-instance activities', ({ harness }) => {
  test('it should run a parallel multi-instance task per item and collect the outputs in order', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deploy(
      h,
      'mi_parallel',
      around(
        'mi_parallel',
        miTask(loop({ element: 'item', output: 'results', outputElement: '= itemResult' }))
      )
    )
    const key = await h.start('mi_parallel', { items: ['a', 'b', 'c'] })

    // when the jobs complete in reverse order
    const jobs = await h.activate('work')
    assert.deepEqual(
      jobs.map((job) => [job.variables.item, job.variables.loopCounter]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]
    )
    for (const job of [...jobs].reverse()) {
      await h.engine.completeJob(job.jobKey, {
        itemResult: `${job.variables.item}!`,
      } as never)
    }

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.variables(key), {
      items: ['a', 'b', 'c'],
      results: ['a!', 'b!', 'c!'],
    })
    const records = (await h.records(key)).filter((r) => r.valueType === 'PROCESS_INSTANCE')
    const lifecycle = records
      .filter((r) => r.value.elementId === 'mi')
      .map((r) => `${r.value.bpmnElementType}:${r.intent}`)
    assert.deepEqual(lifecycle.slice(0, 5), [
      'MULTI_INSTANCE_BODY:ELEMENT_ACTIVATING',
      'MULTI_INSTANCE_BODY:ELEMENT_ACTIVATED',
      'SERVICE_TASK:ELEMENT_ACTIVATING',
      'SERVICE_TASK:ELEMENT_ACTIVATED',
      'SERVICE_TASK:ELEMENT_ACTIVATING',
    ])
    assert.deepEqual(lifecycle.slice(-2), [
      'MULTI_INSTANCE_BODY:ELEMENT_COMPLETING',
      'MULTI_INSTANCE_BODY:ELEMENT_COMPLETED',
    ])
    const body = records.find((r) => r.value.bpmnElementType === 'MULTI_INSTANCE_BODY')!
    const inner = records.filter((r) => r.value.bpmnElementType === 'SERVICE_TASK')
    assert.isTrue(inner.every((r) => r.value.flowScopeKey === body.key))
  })

  test('it should let the input mappings of the inner activity read its input element', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const task = `<bpmn:serviceTask id="mi"><bpmn:extensionElements><zeebe:taskDefinition type="work" />
      <zeebe:ioMapping><zeebe:input source="= unit.code" target="unitCode" /><zeebe:input source="= loopCounter * 10" target="rank" /></zeebe:ioMapping>
      </bpmn:extensionElements>${loop({ element: 'unit' })}</bpmn:serviceTask>`
    await deploy(h, 'mi_inputs', around('mi_inputs', task))
    await h.start('mi_inputs', { items: [{ code: 'HN' }, { code: 'DN' }] })

    // when
    const jobs = await h.activate('work')

    // then
    assert.deepEqual(
      jobs.map((job) => [job.variables.unitCode, job.variables.rank]),
      [
        ['HN', 10],
        ['DN', 20],
      ]
    )
  })

  test('it should stop a sequential multi-instance when the completion condition holds', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const condition = '= approved = true'
    await deploy(
      h,
      'mi_until',
      around('mi_until', miTask(loop({ sequential: true, element: 'reviewer', condition })))
    )
    const key = await h.start('mi_until', { items: ['a', 'b', 'c'], approved: false })

    // when the second reviewer approves
    await h.completeAll('work')
    await h.completeAll('work', { approved: true })

    // then the third is never asked
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(await h.activate('work'), 0)
    assert.equal(await h.timesCompleted(key, 'mi'), 3)
  })

  test('it should run a sequential multi-instance user task one item after the other', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const userTask = `<bpmn:userTask id="mi">${loop({ sequential: true, element: 'reviewer' })}</bpmn:userTask>`
    await deploy(h, 'mi_sequential', around('mi_sequential', userTask))
    const key = await h.start('mi_sequential', { items: ['lan', 'minh'] })

    // when / then
    const first = await h.activate('io.camunda.zeebe:userTask')
    assert.deepEqual(
      first.map((job) => [job.variables.reviewer, job.variables.loopCounter]),
      [['lan', 1]]
    )
    await h.engine.completeJob(first[0].jobKey)
    const second = await h.activate('io.camunda.zeebe:userTask')
    assert.deepEqual(
      second.map((job) => [job.variables.reviewer, job.variables.loopCounter]),
      [['minh', 2]]
    )
    await h.engine.completeJob(second[0].jobKey)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.variables(key), { items: ['lan', 'minh'] })
  })

  test('it should complete the body at once for an empty collection', async ({ assert }) => {
    // given
    const h = harness()
    await deploy(
      h,
      'mi_empty',
      around('mi_empty', miTask(loop({ output: 'out', outputElement: '= x' })))
    )

    // when
    const key = await h.start('mi_empty', { items: [] })

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.trail(key, ['ELEMENT_ACTIVATING', 'ELEMENT_COMPLETED']), [
      'mi_empty:ELEMENT_ACTIVATING',
      'start:ELEMENT_ACTIVATING',
      'start:ELEMENT_COMPLETED',
      'mi:ELEMENT_ACTIVATING',
      'mi:ELEMENT_COMPLETED',
      'end:ELEMENT_ACTIVATING',
      'end:ELEMENT_COMPLETED',
      'mi_empty:ELEMENT_COMPLETED',
    ])
    assert.deepEqual((await h.variables(key)).out, [])
  })

  test('it should raise an incident naming the expression when the collection is not a list', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deploy(h, 'mi_bad', around('mi_bad', miTask(loop({ collection: '= order.lines' }))))
    const key = await h.start('mi_bad', { order: { lines: 'one line' } })

    // when
    const [incident] = await h.incidents(key)
    await h.engine.setVariables(key, { order: { lines: ['x', 'y'] } } as never)
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR')
    assert.equal(
      incident.errorMessage,
      "Expected result of the expression 'order.lines' to be 'ARRAY', but was 'STRING'."
    )
    assert.lengthOf(await h.activate('work'), 2)
  })

  test('it should complete when the completion condition holds, terminating the other instances', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const condition =
      '= numberOfInstances = 3 and numberOfCompletedInstances >= 2 and numberOfTerminatedInstances = 0 and numberOfActiveInstances = 1'
    await deploy(
      h,
      'mi_condition',
      around('mi_condition', miTask(loop({ element: 'item', condition })))
    )
    const key = await h.start('mi_condition', { items: [1, 2, 3], numberOfInstances: 'shadowed' })
    const jobs = await h.activate('work')

    // when two of three complete
    await h.engine.completeJob(jobs[0].jobKey)
    assert.equal(await h.state(key), 'ACTIVE')
    await h.engine.completeJob(jobs[2].jobKey)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    const inner = (await h.records(key)).filter(
      (r) => r.valueType === 'PROCESS_INSTANCE' && r.value.bpmnElementType === 'SERVICE_TASK'
    )
    assert.deepEqual(
      inner.filter((r) => r.intent === 'ELEMENT_TERMINATED').map((r) => r.key),
      [jobs[1].elementInstanceKey]
    )
    assert.lengthOf((await h.engine.searchJobs({ filter: { processInstanceKey: key } })).items, 0)
  })

  test('it should terminate every inner instance when a boundary event on the body interrupts', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const xml = around(
      'mi_timer',
      miTask(loop({ element: 'item' })),
      `<bpmn:boundaryEvent id="too_late" attachedToRef="mi"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('too_late', 'late_end')}<bpmn:endEvent id="late_end" />`
    )
    await deploy(h, 'mi_timer', xml)
    const key = await h.start('mi_timer', { items: ['a', 'b'] })
    const [first] = await h.activate('work')
    await h.engine.completeJob(first.jobKey)

    // when
    await h.advance(60 * 60 * 1000)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.completed(key), ['start', 'mi', 'too_late', 'late_end', 'mi_timer'])
    const trail = await h.trail(key)
    assert.isTrue(
      inOrder(trail, [
        'mi:ELEMENT_TERMINATING',
        'mi:ELEMENT_TERMINATING',
        'mi:ELEMENT_TERMINATED',
        'mi:ELEMENT_TERMINATED',
        'too_late:ELEMENT_ACTIVATING',
      ])
    )
    const timers = (await h.records(key)).filter((r) => r.valueType === 'TIMER')
    const body = (await h.records(key)).find(
      (r) => r.value.bpmnElementType === 'MULTI_INSTANCE_BODY'
    )!
    assert.equal(timers[0].value.elementInstanceKey, body.key)
  })

  test('it should run a sequential multi-instance sub-process with its own scope per item', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const sub = `<bpmn:subProcess id="mi">${loop({ sequential: true, element: 'item', output: 'sums', outputElement: '= sum' })}
      <bpmn:startEvent id="s_start" />${flow('s_start', 'calc')}
      <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="= item * 10 + loopCounter" resultVariable="sum" /></bpmn:extensionElements></bpmn:scriptTask>
      ${flow('calc', 's_end')}<bpmn:endEvent id="s_end" />
    </bpmn:subProcess>`
    await deploy(h, 'mi_sub', around('mi_sub', sub))

    // when
    const key = await h.start('mi_sub', { items: [1, 2, 3] })

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.variables(key)).sums, [11, 22, 33])
    assert.notProperty(await h.variables(key), 'sum')
    assert.equal(await h.timesCompleted(key, 'calc'), 3)
    const inner = await innerInstances(h, key)
    assert.deepEqual(
      inner.map((item) => [item.type, item.state]),
      [
        ['SUB_PROCESS', 'COMPLETED'],
        ['SUB_PROCESS', 'COMPLETED'],
        ['SUB_PROCESS', 'COMPLETED'],
      ]
    )
  })

  test('it should call a process once per item with a multi-instance call activity', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const child = bpmnProcess(
      'mi_child',
      `<bpmn:startEvent id="c_start" />${flow('c_start', 'c_work')}${serviceTask('c_work', 'child')}${flow('c_work', 'c_end')}<bpmn:endEvent id="c_end" />`
    )
    const call = `<bpmn:callActivity id="mi"><bpmn:extensionElements><zeebe:calledElement processId="mi_child" propagateAllChildVariables="false" />
      <zeebe:ioMapping><zeebe:output source="= answer" target="answer" /></zeebe:ioMapping></bpmn:extensionElements>
      ${loop({ element: 'unit', output: 'answers', outputElement: '= answer' })}</bpmn:callActivity>`
    await h.engine.deploy([
      resource('child.bpmn', child),
      resource('parent.bpmn', around('mi_calls', call)),
    ])
    const key = await h.start('mi_calls', { items: ['HN', 'HCM'] })

    // when
    const jobs = await h.activate('child')
    for (const job of jobs) {
      await h.engine.completeJob(job.jobKey, { answer: `ok-${job.variables.unit}` } as never)
    }

    // then
    assert.deepEqual(jobs.map((job) => job.variables.unit).sort(), ['HCM', 'HN'])
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.variables(key)).answers, ['ok-HN', 'ok-HCM'])
    const children = await h.engine.searchProcessInstances({
      filter: { parentProcessInstanceKey: key },
    })
    assert.lengthOf(children.items, 2)
  })
})

import { test } from '@japa/runner'
import { NotFoundError } from '../../src/errors.js'
import { storeGroup } from '../support/harness.js'

storeGroup('Incidents', ({ harness }) => {
  test('it should raise an IO mapping incident naming the input expression, and retry the activation', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('bad_input.bpmn')

    // when
    const key = await h.start('bad_input', { x: 2 })

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'IO_MAPPING_ERROR')
    assert.equal(incident.elementId, 'task')
    assert.match(incident.errorMessage, /^failed to evaluate expression 'missingFunction\(x\)': /)
    assert.deepEqual(await h.trail(key, ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']), [
      'bad_input:ELEMENT_ACTIVATING',
      'bad_input:ELEMENT_ACTIVATED',
      'start:ELEMENT_ACTIVATING',
      'start:ELEMENT_ACTIVATED',
      'task:ELEMENT_ACTIVATING',
    ])

    // when the function is registered and the incident resolved
    h.engine.registerFeelFunction('missingFunction', (value: number) => value * 10)
    await h.engine.resolveIncident(incident.incidentKey)

    // then the activation is retried and the job created
    const [job] = await h.activate('never')
    assert.deepEqual(job.variables, { x: 2, y: 20 })
  })

  test('it should raise an IO mapping incident on completion and retry the completion', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('bad_output.bpmn')
    const key = await h.start('bad_output', { x: 1 })

    // when
    await h.completeAll('output', { done: true })

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'IO_MAPPING_ERROR')
    assert.include(await h.trail(key), 'task:ELEMENT_COMPLETING')
    assert.equal(await h.state(key), 'ACTIVE')

    // when
    h.engine.registerFeelFunction('undefinedFunction', (value: number) => value + 1)
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual(await h.variables(key), { x: 1, y: 2 })
  })

  test('it should raise an incident when a job type expression gives no string', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('bad_job_type.bpmn')

    // when
    const key = await h.start('bad_job_type')

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR')
    assert.equal(
      incident.errorMessage,
      "Expected result of the expression 'jobType' to be 'STRING', but was 'NULL'. " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] Variable 'jobType' not found"
    )

    // when
    await h.engine.setVariables(key, { jobType: 'late' })
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.lengthOf(await h.activate('late'), 1)
  })

  test('it should raise an incident when a condition gives no boolean', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('bad_condition.bpmn')

    // when
    const key = await h.start('bad_condition')

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR')
    assert.match(
      incident.errorMessage,
      /^Expected result of the expression 'amount > 10' to be 'BOOLEAN', but was 'NULL'/
    )
  })

  test('it should raise an incident when a script fails', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('bad_script.bpmn')

    // when
    const key = await h.start('bad_script')

    // then
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR')
    assert.match(incident.errorMessage, /^failed to evaluate expression 'noSuchFunction\(1\)'/)
  })

  test('it should raise an incident when a variable produced by the process is too large', async ({
    assert,
  }) => {
    // given an engine accepting variables of at most 64 bytes
    const h = harness({ maxVariableBytes: 64 })
    await h.deploy('script_task.bpmn')

    // when the script produces a longer text
    const key = await h.start('script_task', { a: 1, b: 2 })
    await h.deploy('io_mapping.bpmn')
    const big = await h.start('io_mapping', { order: { total: 1 } })
    await h.completeAll('compute', { result: 'x'.repeat(50) })

    // then
    assert.lengthOf(await h.incidents(key), 0)
    const [incident] = await h.incidents(big)
    assert.equal(incident.errorType, 'IO_MAPPING_ERROR')
    assert.match(
      incident.errorMessage,
      /^Expected variable 'order' to be at most 64 bytes as JSON, but it is \d+ bytes$/
    )
  })

  test('it should resolve the incidents of an instance when it is canceled', async ({ assert }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_no_default.bpmn')
    const key = await h.start('exclusive_no_default', { amount: 50 })
    const [incident] = await h.incidents(key)

    // when
    await h.engine.cancelProcessInstance(key)

    // then
    assert.lengthOf(await h.incidents(key), 0)
    assert.equal((await h.engine.getIncident(incident.incidentKey)).state, 'RESOLVED')
    assert.equal(await h.state(key), 'TERMINATED')
  })

  test('it should refuse to resolve an incident that does not exist or is resolved', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await h.deploy('exclusive_no_default.bpmn')
    const key = await h.start('exclusive_no_default', { amount: 50 })
    const [incident] = await h.incidents(key)
    await h.engine.resolveIncident(incident.incidentKey)

    // then: resolved again (the retry raised a new incident instead)
    await assert.rejects(() => h.engine.resolveIncident(incident.incidentKey), NotFoundError)
    await assert.rejects(() => h.engine.resolveIncident('2251799813999999'), NotFoundError)
    assert.lengthOf(await h.incidents(key), 1)
  })
})

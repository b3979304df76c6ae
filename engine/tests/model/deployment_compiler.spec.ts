import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { SystemClock } from '../../src/clock.js'
import { ExpressionLanguage } from '../../src/feel/expression_language.js'
import { compileDeployment } from '../../src/model/deployment_compiler.js'

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url))
const language = () => new ExpressionLanguage(new SystemClock())

test.group('Deployment compiler', () => {
  test('it should compile an executable process into linked elements', async ({ assert }) => {
    // given
    const content = await fixture('three_tasks.bpmn')

    // when
    const result = await compileDeployment([{ name: 'three_tasks.bpmn', content }], language())

    // then
    assert.deepEqual(result.problems, [])
    const process = result.bpmn[0].processes[0]
    assert.equal(process.bpmnProcessId, 'three_tasks')
    assert.equal(process.root.noneStartEvent?.id, 'start')
    assert.deepEqual(
      process.elements.get('task_a')!.outgoing.map((flow) => flow.target.id),
      ['task_b']
    )
    assert.equal(process.elements.get('task_b')!.jobWorker?.type.staticValue, 'work')
  })

  test('it should list every problem of a rejected file by element id', async ({ assert }) => {
    // given
    const content = await fixture('invalid_elements.bpmn')

    // when
    const result = await compileDeployment([{ name: 'invalid.bpmn', content }], language())

    // then
    assert.deepEqual(
      result.problems.map((problem) => problem.elementId),
      ['no_type', 'call', 'f5', 'f4']
    )
    assert.match(result.problems[0].message, /^Expected the task to have a zeebe:taskDefinition/)
    assert.equal(
      result.problems[1].message,
      'Expected a call activity to have a zeebe:calledElement, but found none'
    )
  })

  test('it should reject a file without an executable process', async ({ assert }) => {
    // given
    const content = (await fixture('three_tasks.bpmn'))
      .toString()
      .replace('isExecutable="true"', 'isExecutable="false"')

    // when
    const result = await compileDeployment([{ name: 'x.bpmn', content }], language())

    // then
    assert.lengthOf(result.problems, 1)
    assert.match(result.problems[0].message, /^Expected at least one executable process/)
  })
})

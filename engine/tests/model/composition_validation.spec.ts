import { test } from '@japa/runner'
import { SystemClock } from '../../src/clock.js'
import { ExpressionLanguage } from '../../src/feel/expression_language.js'
import { compileDeployment } from '../../src/model/deployment_compiler.js'
import { bpmnProcess, flow } from '../support/bpmn_text.js'

const language = () => new ExpressionLanguage(new SystemClock())

/** Compiles start → `activity` (id `a`) → end; returns the problems as `id: message`. */
async function problemsOf(activity: string, extra = ''): Promise<string[]> {
  const xml = bpmnProcess(
    'composition',
    `<bpmn:startEvent id="start" />${flow('start', 'a')}${activity}${flow('a', 'end')}<bpmn:endEvent id="end" />${extra}`
  )
  const result = await compileDeployment(
    [{ name: 'c.bpmn', content: Buffer.from(xml) }],
    language()
  )
  return result.problems.map((problem) => `${problem.elementId}: ${problem.message}`)
}

test.group('Validation of call activities, multi-instance and compensation', () => {
  test('it should accept a call activity, a multi-instance activity and a compensation pair', async ({
    assert,
  }) => {
    // given
    const activity = `<bpmn:callActivity id="a">
      <bpmn:extensionElements><zeebe:calledElement processId="= target" bindingType="versionTag" versionTag="2026.1" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= units" inputElement="unit" outputCollection="answers" outputElement="= answer" /></bpmn:extensionElements>
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= numberOfCompletedInstances &gt;= 2</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>`
    const compensation = `<bpmn:boundaryEvent id="a_comp" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:task id="undo" isForCompensation="true" />
      <bpmn:association id="assoc" sourceRef="a_comp" targetRef="undo" />`

    // when
    const problems = await problemsOf(activity, compensation)

    // then
    assert.deepEqual(problems, [])
  })

  test('it should check the deployment-bound form of a multi-instance user task', async ({
    assert,
  }) => {
    const task = `<bpmn:userTask id="a"><bpmn:extensionElements><zeebe:formDefinition formId="opinion-form" bindingType="deployment" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= units" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`
    assert.deepEqual(await problemsOf(task), [
      "a: Expected to find a form with id 'opinion-form' in the same deployment (bindingType 'deployment'), but found none",
    ])
  })

  test('it should name what is wrong with a call activity', async ({ assert }) => {
    assert.deepEqual(await problemsOf('<bpmn:callActivity id="a" />'), [
      'a: Expected a call activity to have a zeebe:calledElement, but found none',
    ])
    assert.deepEqual(
      await problemsOf(
        '<bpmn:callActivity id="a"><bpmn:extensionElements><zeebe:calledElement processId="" bindingType="versionTag" /></bpmn:extensionElements></bpmn:callActivity>'
      ),
      [
        'a: Expected zeebe:calledElement to have a non-empty processId, but it is empty',
        "a: Expected zeebe:calledElement with bindingType 'versionTag' to have a versionTag, but it has none",
      ]
    )
    assert.deepEqual(
      await problemsOf(
        '<bpmn:callActivity id="a"><bpmn:extensionElements><zeebe:calledElement processId="p" bindingType="newest" /></bpmn:extensionElements></bpmn:callActivity>'
      ),
      [
        "a: Expected zeebe:calledElement bindingType to be 'latest', 'deployment' or 'versionTag', but found 'newest'",
      ]
    )
  })

  test('it should name what is wrong with loop characteristics', async ({ assert }) => {
    assert.deepEqual(
      await problemsOf('<bpmn:task id="a"><bpmn:standardLoopCharacteristics /></bpmn:task>'),
      [
        'a: Expected multi-instance loop characteristics, but found bpmn:StandardLoopCharacteristics, which Zeebe does not run',
      ]
    )
    assert.deepEqual(
      await problemsOf(
        '<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics outputCollection="out" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>'
      ),
      [
        'a: Expected a multi-instance activity to have zeebe:loopCharacteristics with an inputCollection, but found none',
        'a: Expected zeebe:loopCharacteristics to have both outputCollection and outputElement, but found only outputCollection',
      ]
    )
    assert.deepEqual(
      await problemsOf(
        '<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= (" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>'
      ).then((problems) => problems.map((problem) => problem.slice(0, 58))),
      ['a: Expected a valid FEEL expression as input collection, b']
    )
  })

  test('it should name what is wrong with compensation', async ({ assert }) => {
    const boundary =
      '<bpmn:boundaryEvent id="a_comp" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>'
    assert.deepEqual(
      await problemsOf(
        '<bpmn:task id="a" />',
        `${boundary}<bpmn:task id="undo" /><bpmn:association id="x" sourceRef="a_comp" targetRef="undo" />`
      ),
      [
        "a_comp: Expected a compensation boundary event to be associated with exactly one activity marked isForCompensation, but found 1 association(s) to 'undo', which is not for compensation",
      ]
    )
    assert.deepEqual(
      await problemsOf(
        '<bpmn:task id="a" />',
        `<bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s', 'x')}<bpmn:task id="x" />
        <bpmn:intermediateThrowEvent id="t"><bpmn:compensateEventDefinition activityRef="a" waitForCompletion="false" /></bpmn:intermediateThrowEvent></bpmn:subProcess>`
      ),
      [
        't: Expected a compensation event to wait for completion, but waitForCompletion is false',
        "t: Expected the activityRef 'a' of a compensation event to be an activity of the same scope, but it is not",
      ]
    )
    assert.deepEqual(
      await problemsOf('<bpmn:task id="a" />', '<bpmn:task id="undo" isForCompensation="true" />'),
      [
        'undo: Expected a compensation handler to be associated with a compensation boundary event, but none points to it',
      ]
    )
  })
})

import { describe, expect, it } from 'vitest'
import {
  engineProblems,
  hasErrors,
  lintDefinitions,
  problemsByElement,
  sortProblems,
  type ModelProblem,
} from '../../src/studio/lint/model_problems'
import { definitionsOf, fixture } from './support'

const WITHOUT_JOB_TYPE = fixture('dossier_v1.bpmn').replace(
  '<zeebe:taskDefinition type="archive" />',
  ''
)

describe('studio/lint/model_problems', () => {
  it('should find no error in a model that runs on Camunda 8', async () => {
    // given a start event, a user task with a unit and a form, a service task with a job type
    const definitions = await definitionsOf(fixture('dossier_v1.bpmn'))

    // when
    const problems = await lintDefinitions(definitions)

    // then
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([])
    expect(hasErrors(problems)).toBe(false)
  })

  it('should report a service task without a job type as an error on that element', async () => {
    // given
    const definitions = await definitionsOf(WITHOUT_JOB_TYPE)

    // when
    const problems = await lintDefinitions(definitions)

    // then
    const onArchive = problemsByElement(problems).get('archive') ?? []
    expect(
      onArchive.map((problem) => [problem.source, problem.severity, problem.rule])
    ).toContainEqual(['lint', 'error', 'implementation'])
    expect(hasErrors(problems)).toBe(true)
  })

  it('should find the same problems when the same model is linted again', async () => {
    // given a model linted once (rules that remember what they saw must start over)
    const definitions = await definitionsOf(fixture('dossier_v1.bpmn'))
    const first = await lintDefinitions(definitions)

    // when
    const second = await lintDefinitions(definitions)

    // then
    expect(second).toEqual(first)
    expect(hasErrors(second)).toBe(false)
  })

  it('should not ask for Camunda user tasks: Senflow keeps user tasks job-based', async () => {
    const problems = await lintDefinitions(await definitionsOf(fixture('dossier_v1.bpmn')))

    expect(problems.map((problem) => problem.rule)).not.toContain('zeebe-user-task')
  })

  it('should warn about a process without an end event and a disconnected task', async () => {
    // given a process whose end event was deleted
    const xml = fixture('dossier_v1.bpmn')
      .replace(/<bpmn:endEvent[\s\S]*?<\/bpmn:endEvent>/, '')
      .replace('<bpmn:sequenceFlow id="f3" sourceRef="archive" targetRef="done" />', '')

    // when
    const problems = await lintDefinitions(await definitionsOf(xml))

    // then
    expect(problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        rule: 'end-event-required',
        elementId: 'dossier',
      })
    )
  })

  it('should add the rules of a plugin made at run time (the connector templates)', async () => {
    // given a plugin whose rule reports every user task
    const plugin = {
      config: { rules: { 'senflow/every-user-task': 'error' } },
      resolver: {
        cache: {
          'rule:bpmnlint-plugin-senflow/every-user-task': () => ({
            check(
              node: { $type: string; id: string },
              reporter: { report(id: string, message: string): void }
            ) {
              if (node.$type === 'bpmn:UserTask') reporter.report(node.id, 'Reported')
            },
          }),
        },
      },
    }

    // when
    const problems = await lintDefinitions(await definitionsOf(fixture('dossier_v1.bpmn')), [
      plugin,
    ])

    // then
    expect(problems).toContainEqual(
      expect.objectContaining({
        elementId: 'check',
        severity: 'error',
        rule: 'senflow/every-user-task',
      })
    )
  })

  it('should list errors first and keep one of a message both checks found', () => {
    // given the same message from bpmnlint and the engine, and a warning
    const lint: ModelProblem[] = [
      { source: 'lint', severity: 'warning', elementId: 'a', message: 'Advice' },
      { source: 'lint', severity: 'error', elementId: 'b', message: 'Broken' },
    ]
    const engine = engineProblems([
      { elementId: 'b', message: 'Broken' },
      { message: 'Whole model' },
    ])

    // when
    const sorted = sortProblems([...lint, ...engine])

    // then
    expect(
      sorted.map((problem) => `${problem.severity}:${problem.elementId ?? ''}:${problem.source}`)
    ).toEqual(['error::engine', 'error:b:engine', 'warning:a:lint'])
  })
})

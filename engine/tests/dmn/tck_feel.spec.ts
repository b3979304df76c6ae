import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { ControllableClock } from '../../src/clock.js'
import { EmbeddedEngine } from '../../src/engine.js'
import { DeploymentRejectedError } from '../../src/errors.js'
import { MemoryStore } from '../../src/store/memory_store.js'

/**
 * The DMN TCK's FEEL test cases (`../shared/corpora/dmn-tck-feel`, Apache-2.0, see its README)
 * run through our DMN path: each TCK model deployed as it is (DMN 1.1–1.5, read as DMN 1.3),
 * each test case evaluated through `evaluateDecision` with its inputs, and its result compared
 * with the TCK's expected value. The oracle set is the cases Camunda's DMN engine (feel-scala,
 * as in Zeebe) and feelin both pass, whose values are JSON-shaped (numbers, strings, booleans,
 * lists, contexts, null): there, any difference is a fault of our decisions layer.
 */
const CORPUS = new URL('../../../../shared/corpora/dmn-tck-feel/', import.meta.url)

type Typed =
  | null
  | { type: 'list'; items: Typed[] }
  | { type: 'context'; entries: Record<string, Typed> }
  | { type: string; value: string }

interface TckCase {
  level: string
  suite: string
  model: string
  testCaseId: string
  resultNode: string
  errorResult: boolean
  expressionKind: string
  knowledgeRequirements: unknown[]
  inputs: Record<string, Typed>
  expected: Typed
  results: Record<string, string | null>
}

const NUMBER_TYPES = new Set(['decimal', 'double', 'integer', 'int', 'long', 'float'])

/** A TCK typed value as JSON, or `undefined` when it is not JSON-shaped (dates, durations …). */
function toJson(value: Typed): unknown {
  if (value === null) {
    return null
  }
  if (value.type === 'list') {
    const items = (value as { items: Typed[] }).items.map(toJson)
    return items.includes(undefined) ? undefined : items
  }
  if (value.type === 'context') {
    const entries = Object.entries((value as { entries: Record<string, Typed> }).entries)
    const converted = entries.map(([name, entry]) => [name, toJson(entry)] as const)
    return converted.some(([, entry]) => entry === undefined)
      ? undefined
      : Object.fromEntries(converted)
  }
  const { type, value: text } = value as { type: string; value: string }
  if (type === 'string') {
    return text
  }
  if (type === 'boolean') {
    return text === 'true'
  }
  if (NUMBER_TYPES.has(type)) {
    const number = Number(text)
    return Number.isFinite(number) ? number : undefined
  }
  return undefined
}

/** Deep equality with numbers compared to 1e-8 (the TCK writes decimals to 8 places). */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= 1e-8 * Math.max(1, Math.abs(expected))
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((item, i) => same(item, expected[i]))
  }
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    const keys = Object.keys(expected)
    return (
      Object.keys(actual).length === keys.length &&
      keys.every((key) => same((actual as never)[key], (expected as never)[key]))
    )
  }
  return actual === expected
}

test.group('DMN TCK FEEL cases through decisions', () => {
  test('it should evaluate every TCK case Camunda and feelin pass to the expected value', async ({
    assert,
  }) => {
    // given the oracle cases, by model
    const { cases } = JSON.parse(
      await readFile(new URL('tck-feel-cases.json', CORPUS), 'utf8')
    ) as { cases: TckCase[] }
    const oracle = cases.filter(
      (c) =>
        c.results['camunda-dmn-scala-1.9.0'] === 'SUCCESS' &&
        c.results['feelin-7.0.1'] === 'PASSED' &&
        !c.errorResult &&
        c.expressionKind === 'literalExpression' &&
        c.knowledgeRequirements.length === 0 &&
        toJson(c.expected) !== undefined &&
        Object.values(c.inputs).every((input) => toJson(input) !== undefined)
    )
    const byModel = new Map<string, TckCase[]>()
    for (const c of oracle) {
      const path = `TestCases/${c.level}/${c.suite}/${c.model}`
      byModel.set(path, [...(byModel.get(path) ?? []), c])
    }
    const engine = new EmbeddedEngine({ store: new MemoryStore(), clock: new ControllableClock() })
    const failures: string[] = []
    let evaluated = 0
    let unsupportedModels = 0

    try {
      for (const [path, modelCases] of byModel) {
        // when the model is deployed as it is
        let decisions: Map<string, string>
        try {
          const deployment = await engine.deploy([
            { name: path.split('/').pop()!, content: await readFile(new URL(path, CORPUS)) },
          ])
          decisions = new Map(deployment.decisions.map((d) => [d.name, d.decisionDefinitionId]))
        } catch (error) {
          if (!(error instanceof DeploymentRejectedError)) {
            throw error
          }
          // boxed contexts, invocations, decisions without ids: refused with problems, skipped
          unsupportedModels++
          continue
        }
        // and each case evaluated
        for (const c of modelCases) {
          const decisionId = decisions.get(c.resultNode) ?? c.resultNode
          const result = await engine.evaluateDecision({
            decisionDefinitionId: decisionId,
            variables: Object.fromEntries(
              Object.entries(c.inputs).map(([name, value]) => [name, toJson(value)])
            ) as never,
          })
          evaluated++
          const expected = toJson(c.expected)
          const actual = result.failureMessage ? result.failureMessage : JSON.parse(result.output)
          if (!same(actual, expected)) {
            failures.push(
              `${c.suite} #${c.testCaseId} (${c.resultNode}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
            )
          }
        }
      }
    } finally {
      await engine.stop()
    }

    // then every case evaluated as the TCK expects, and most models were deployable
    assert.deepEqual(failures, [])
    assert.isAbove(evaluated, 800, `only ${evaluated} TCK cases were evaluated`)
    assert.isBelow(unsupportedModels, byModel.size / 4)
  }).timeout(120_000)
})

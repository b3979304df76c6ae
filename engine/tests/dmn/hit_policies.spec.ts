import { test } from '@japa/runner'
import { ControllableClock } from '../../src/clock.js'
import { EmbeddedEngine } from '../../src/engine.js'
import { MemoryStore } from '../../src/store/memory_store.js'
import { decisionTableXml, type TableSpec } from './dmn_builder.js'

/** One case: a table, the variables, and the output (or the failure) expected. */
interface HitPolicyCase {
  title: string
  table: TableSpec
  variables: Record<string, unknown>
  output?: unknown
  matchedRules?: number[]
  failure?: RegExp
}

/** A table of scores: `score` picks rules; several rules overlap on purpose. */
const scores = (hitPolicy: string, aggregation?: string): TableSpec => ({
  hitPolicy,
  aggregation,
  inputs: ['score'],
  outputs: [{ name: 'level', values: '"high","medium","low"' }],
  rules: [
    ['< 50', '"low"'],
    ['>= 40', '"medium"'],
    ['>= 80', '"high"'],
  ],
})

const points: TableSpec = {
  hitPolicy: 'COLLECT',
  inputs: ['age', 'country'],
  outputs: ['points'],
  rules: [
    ['< 25', '-', '10'],
    ['>= 18', '"VN","LA"', '5'],
    ['-', 'not("VN")', '3'],
  ],
}

const CASES: HitPolicyCase[] = [
  {
    title: 'UNIQUE returns the output of the one matching rule',
    table: {
      inputs: ['score'],
      outputs: ['level'],
      rules: [
        ['< 50', '"low"'],
        ['>= 50', '"ok"'],
      ],
    },
    variables: { score: 70 },
    output: 'ok',
    matchedRules: [2],
  },
  {
    title: 'UNIQUE fails when several rules match',
    table: scores('UNIQUE'),
    variables: { score: 45 },
    failure:
      /2 rules matched \('rule1', 'rule2'\), while the hit policy UNIQUE expects exactly one/,
  },
  {
    title: 'UNIQUE fails when no rule matches',
    table: { inputs: ['score'], outputs: ['level'], rules: [['< 50', '"low"']] },
    variables: { score: 70 },
    failure: /no rule matched, while the hit policy UNIQUE expects exactly one/,
  },
  {
    title: 'FIRST returns the first matching rule in table order',
    table: scores('FIRST'),
    variables: { score: 90 },
    output: 'medium',
    matchedRules: [2],
  },
  {
    title: 'FIRST returns null when no rule matches',
    table: { hitPolicy: 'FIRST', inputs: ['score'], outputs: ['level'], rules: [['< 0', '"x"']] },
    variables: { score: 1 },
    output: null,
    matchedRules: [],
  },
  {
    title: 'PRIORITY returns the matching rule whose output ranks first in the output values',
    table: scores('PRIORITY'),
    variables: { score: 90 },
    output: 'high',
    matchedRules: [3],
  },
  {
    title: 'ANY returns the output when every matching rule agrees',
    table: {
      hitPolicy: 'ANY',
      inputs: ['score'],
      outputs: ['ok'],
      rules: [
        ['> 10', 'true'],
        ['> 20', 'true'],
        ['<= 10', 'false'],
      ],
    },
    variables: { score: 30 },
    output: true,
    matchedRules: [1],
  },
  {
    title: 'ANY fails when matching rules disagree',
    table: scores('ANY'),
    variables: { score: 45 },
    failure:
      /rules 'rule1', 'rule2' matched with different outputs, while the hit policy ANY expects equal outputs/,
  },
  {
    title: 'COLLECT returns every matching output in rule order',
    table: points,
    variables: { age: 20, country: 'VN' },
    output: [10, 5],
    matchedRules: [1, 2],
  },
  {
    title: 'COLLECT returns an empty list when no rule matches',
    table: { ...points, rules: [['< 0', '-', '1']] },
    variables: { age: 30, country: 'VN' },
    output: [],
    matchedRules: [],
  },
  {
    title: 'COLLECT SUM adds the matching outputs',
    table: { ...points, aggregation: 'SUM' },
    variables: { age: 20, country: 'LA' },
    output: 18,
    matchedRules: [1, 2, 3],
  },
  {
    title: 'COLLECT MIN returns the smallest matching output',
    table: { ...points, aggregation: 'MIN' },
    variables: { age: 20, country: 'LA' },
    output: 3,
  },
  {
    title: 'COLLECT MAX returns the largest matching output',
    table: { ...points, aggregation: 'MAX' },
    variables: { age: 20, country: 'LA' },
    output: 10,
  },
  {
    title: 'COLLECT COUNT counts the matching rules',
    table: { ...points, aggregation: 'COUNT' },
    variables: { age: 20, country: 'LA' },
    output: 3,
  },
  {
    title: 'COLLECT COUNT is 0 when no rule matches',
    table: { ...points, rules: [['< 0', '-', '1']], aggregation: 'COUNT' },
    variables: { age: 30, country: 'VN' },
    output: 0,
    matchedRules: [],
  },
  {
    title: 'COLLECT SUM is null when no rule matches',
    table: { ...points, rules: [['< 0', '-', '1']], aggregation: 'SUM' },
    variables: { age: 30, country: 'VN' },
    output: null,
    matchedRules: [],
  },
  {
    title: 'RULE ORDER returns every matching output in rule order',
    table: scores('RULE ORDER'),
    variables: { score: 90 },
    output: ['medium', 'high'],
    matchedRules: [2, 3],
  },
  {
    title: 'OUTPUT ORDER returns every matching output ranked by the output values',
    table: scores('OUTPUT ORDER'),
    variables: { score: 45 },
    output: ['medium', 'low'],
    matchedRules: [2, 1],
  },
  {
    title: 'several outputs make a context per rule',
    table: {
      hitPolicy: 'RULE ORDER',
      inputs: ['amount'],
      outputs: ['risk', 'riskLevel'],
      rules: [
        ['> 1000', '"large amount"', '"yellow"'],
        ['> 5000', '"very large"', '"red"'],
      ],
    },
    variables: { amount: 6000 },
    output: [
      { risk: 'large amount', riskLevel: 'yellow' },
      { risk: 'very large', riskLevel: 'red' },
    ],
  },
]

test.group('DMN hit policies', (group) => {
  let engine: EmbeddedEngine
  group.each.setup(async () => {
    const clock = new ControllableClock()
    engine = new EmbeddedEngine({ store: new MemoryStore(), clock })
    return () => engine.stop()
  })

  for (const example of CASES) {
    test(`it should apply the hit policy: ${example.title}`, async ({ assert }) => {
      // given
      await engine.deploy([{ name: 'decision.dmn', content: decisionTableXml(example.table) }])

      // when
      const result = await engine.evaluateDecision({
        decisionDefinitionId: 'decision',
        variables: example.variables as never,
      })

      // then
      if (example.failure) {
        assert.equal(result.failedDecisionDefinitionId, 'decision')
        assert.match(result.failureMessage, example.failure)
        assert.equal(result.output, 'null')
        return
      }
      assert.equal(result.failureMessage, '')
      assert.deepEqual(JSON.parse(result.output), example.output)
      if (example.matchedRules) {
        assert.deepEqual(
          result.evaluatedDecisions[0].matchedRules.map((rule) => rule.ruleIndex),
          example.matchedRules
        )
      }
    })
  }
})

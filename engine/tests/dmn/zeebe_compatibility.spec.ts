import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { ControllableClock } from '../../src/clock.js'
import { EmbeddedEngine } from '../../src/engine.js'
import { MemoryStore } from '../../src/store/memory_store.js'

/**
 * Zeebe's own DMN test resource and the answer `zbctl evaluate decision` printed for it
 * (`../shared/corpora/zeebe-apache-resources`, Apache-2.0): our DECISION_EVALUATION record
 * carries the same values under the same names, keys and versions aside.
 */
const ZBCTL = new URL(
  '../../../../shared/corpora/zeebe-apache-resources/clients/go/cmd/zbctl/testdata/',
  import.meta.url
)

/** Drops what depends on the cluster (keys, versions). */
function withoutKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutKeys)
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => !/Key$|Version$/.test(name))
        .map(([name, entry]) => [name, withoutKeys(entry)])
    )
  }
  return value
}

test.group('DMN as Zeebe evaluates it', () => {
  test('it should evaluate the force-user DRG as zbctl reports it', async ({ assert }) => {
    // given Zeebe's test DRG, deployed
    const engine = new EmbeddedEngine({ store: new MemoryStore(), clock: new ControllableClock() })
    const golden = JSON.parse(await readFile(new URL('evaluate_decision.golden', ZBCTL), 'utf8'))
    const variables = JSON.parse(await readFile(new URL('decision_variables.json', ZBCTL), 'utf8'))
    const deployment = await engine.deploy([
      { name: 'drg-force-user.dmn', content: await readFile(new URL('drg-force-user.dmn', ZBCTL)) },
    ])
    assert.sameMembers(
      deployment.decisions.map((d) => d.decisionDefinitionId),
      ['jedi_or_sith', 'force_user']
    )

    // when the decision zbctl evaluated is evaluated with the same variables
    const result = await engine.evaluateDecision({
      decisionDefinitionId: 'jedi_or_sith',
      variables,
    })
    const [record] = (await engine.searchRecords({ filter: { valueType: 'DECISION_EVALUATION' } }))
      .items
    await engine.stop()

    // then the answer and the record match zbctl's
    assert.equal(result.output, golden.decisionOutput)
    assert.equal(result.failureMessage, golden.failureMessage)
    const { failedDecisionId, failureMessage, ...expected } = withoutKeys(golden) as Record<
      string,
      unknown
    >
    assert.containSubset(record.value, expected)
    assert.equal(record.value.failedDecisionId ?? '', failedDecisionId)
    assert.equal(record.value.evaluationFailureMessage ?? '', failureMessage)
  })

  test('it should evaluate the decision requiring another one (FIRST hit policy)', async ({
    assert,
  }) => {
    // given
    const engine = new EmbeddedEngine({ store: new MemoryStore(), clock: new ControllableClock() })
    await engine.deploy([
      { name: 'drg-force-user.dmn', content: await readFile(new URL('drg-force-user.dmn', ZBCTL)) },
    ])

    // when
    const cases = [
      [{ lightsaberColor: 'blue', height: 195 }, 'Mace Windu'],
      [{ lightsaberColor: 'green', height: 66 }, 'Yoda'],
      [{ lightsaberColor: 'red', height: 202 }, 'Darth Vader'],
      [{ lightsaberColor: 'red', height: 180 }, 'Darth Sidius'],
    ] as const
    const outputs = []
    for (const [variables] of cases) {
      const result = await engine.evaluateDecision({
        decisionDefinitionId: 'force_user',
        variables: { ...variables },
      })
      outputs.push(JSON.parse(result.output))
    }
    // and with a colour no rule of "Jedi or Sith" (UNIQUE) knows
    const unknown = await engine.evaluateDecision({
      decisionDefinitionId: 'force_user',
      variables: { lightsaberColor: 'purple', height: 180 },
    })
    await engine.stop()

    // then
    assert.deepEqual(
      outputs,
      cases.map(([, expected]) => expected)
    )
    // the required decision fails (Senflow's rule: no match under UNIQUE is a failure, where
    // Zeebe answers null and the last rule of "force_user" would say "unknown")
    assert.equal(unknown.failedDecisionDefinitionId, 'jedi_or_sith')
    assert.equal(
      unknown.failureMessage,
      "Expected to evaluate decision 'jedi_or_sith', but no rule matched, while the hit policy UNIQUE expects exactly one"
    )
  })
})

import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import db from '@adonisjs/lucid/services/db'
import { camundaClient } from '#tests/helpers'

const DMN = fileURLToPath(new URL('../../fixtures/decisions/legalization_fee.dmn', import.meta.url))
const BPMN = fileURLToPath(
  new URL('../../fixtures/decisions/legalization_fee.bpmn', import.meta.url)
)

/** Our reads are consistent at once: no waiting for an exporter. */
const NOW = { consistency: { waitUpToMs: 0 } } as any

test.group('Decisions on the Camunda 8 REST API with the real client', () => {
  test('it should deploy a DMN with a process, evaluate the decision and keep every evaluation', async ({
    assert,
  }) => {
    const camunda = camundaClient()

    // given a DMN and a process with a business-rule task, deployed together
    const deployment: any = await camunda.deployResourcesFromFiles([DMN, BPMN])
    const decisions = deployment.deployments
      .filter((entry: any) => entry.decisionDefinition)
      .map((entry: any) => entry.decisionDefinition.decisionDefinitionId)
    assert.sameMembers(decisions, ['legalization_fee', 'urgency_surcharge'])
    const requirements = deployment.deployments.find((entry: any) => entry.decisionRequirements)
    assert.equal(requirements.decisionRequirements.decisionRequirementsId, 'legalization_fees')

    // when the decision is evaluated through the API
    const evaluated: any = await camunda.evaluateDecision({
      decisionDefinitionId: 'legalization_fee',
      variables: { documentKind: 'commercial', copies: 2, urgent: true },
    } as any)

    // then the fee sums the base fee and the urgency surcharge decided first
    assert.equal(JSON.parse(evaluated.output), 200000)
    assert.equal(evaluated.failureMessage, '')
    assert.deepEqual(
      evaluated.evaluatedDecisions.map((d: any) => d.decisionDefinitionId),
      ['urgency_surcharge', 'legalization_fee']
    )
    assert.deepEqual(
      evaluated.evaluatedDecisions[1].matchedRules.map((rule: any) => rule.ruleId),
      ['base_commercial', 'urgency']
    )

    // and the deployed decision can be found and read back
    const found: any = await camunda.searchDecisionDefinitions(
      { filter: { decisionDefinitionId: 'legalization_fee' } } as any,
      NOW
    )
    assert.equal(found.items.length, 1)
    const decisionKey = found.items[0].decisionDefinitionKey
    const definition: any = await camunda.getDecisionDefinition(
      { decisionDefinitionKey: decisionKey } as any,
      NOW
    )
    assert.equal(definition.name, 'Legalization fee')
    const xml: any = await camunda.getDecisionDefinitionXml(
      { decisionDefinitionKey: decisionKey } as any,
      NOW
    )
    assert.include(String(xml), '<decision id="legalization_fee"')

    // when a process instance runs the business-rule task
    const created: any = await camunda.createProcessInstance({
      processDefinitionId: 'legalization-fee',
      variables: { documentKind: 'civil', copies: 3, urgent: false },
    } as any)
    const instanceKey = String(created.processInstanceKey)

    // then it completes with the fee, and the evaluation is a pair of decision instances
    const instance: any = await camunda.getProcessInstance(
      { processInstanceKey: instanceKey } as any,
      NOW
    )
    assert.equal(instance.state, 'COMPLETED')
    const variables: any = await camunda.searchVariables(
      { filter: { processInstanceKey: instanceKey, name: 'fee' } } as any,
      NOW
    )
    assert.equal(JSON.parse(variables.items[0].value), 90000)
    const instances: any = await camunda.searchDecisionInstances(
      { filter: { processInstanceKey: instanceKey } } as any,
      NOW
    )
    assert.deepEqual(
      instances.items.map((item: any) => [item.decisionDefinitionId, item.state, item.result]),
      [
        ['urgency_surcharge', 'EVALUATED', '0'],
        ['legalization_fee', 'EVALUATED', '90000'],
      ]
    )
    const detail: any = await camunda.getDecisionInstance(
      { decisionEvaluationInstanceKey: instances.items[1].decisionEvaluationInstanceKey } as any,
      NOW
    )
    assert.deepEqual(
      detail.matchedRules.map((rule: any) => rule.ruleId),
      ['base_civil', 'urgency']
    )
    assert.equal(detail.evaluatedInputs[0].inputValue, '"civil"')

    // and the studio library mirrored the process, not the decisions
    const models = await db.from('process_models').where('process_id', 'legalization-fee')
    assert.lengthOf(models, 1)
  })

  test('it should answer an unknown decision with 404, and neither id nor key with 400', async ({
    client,
  }) => {
    // when / then
    const missing = await client
      .post('/v2/decision-definitions/evaluation')
      .basicAuth('admin@demo.senflow.local', 'senflow-demo')
      .json({ decisionDefinitionId: 'no_such_decision', variables: {} })
    missing.assertStatus(404)
    missing.assertBodyContains({
      errors: [
        { message: "Expected to evaluate a decision with id 'no_such_decision', but none found" },
      ],
    })
    const neither = await client
      .post('/v2/decision-definitions/evaluation')
      .basicAuth('admin@demo.senflow.local', 'senflow-demo')
      .json({ variables: {} })
    neither.assertStatus(400)
  })

  test('it should refuse an invalid DMN with every problem named', async ({ client, assert }) => {
    // when
    const response = await client
      .post('/v2/deployments')
      .basicAuth('admin@demo.senflow.local', 'senflow-demo')
      .file(
        'resources',
        Buffer.from(
          `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="n">
            <decision id="broken"><decisionTable hitPolicy="SOMETIMES"><input id="i"><inputExpression><text>x</text></inputExpression></input><output id="o" name="y"/></decisionTable></decision>
          </definitions>`
        ),
        { filename: 'broken.dmn' }
      )

    // then
    response.assertStatus(400)
    assert.include(
      JSON.stringify(response.body()),
      "Expected the hit policy of decision 'broken' to be one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER, but found 'SOMETIMES'"
    )
  })
})

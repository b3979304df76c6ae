import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { DeploymentRejectedError, NotFoundError } from '../../src/errors.js'
import type { EngineRecord } from '../../src/state/entities.js'
import { EngineHarness, storeGroup } from '../support/harness.js'

/** Reads a fixture of the DMN specs (beside them in `fixtures/`). */
function dmnFixture(name: string): Promise<Buffer> {
  return readFile(new URL(`./fixtures/${name}`, import.meta.url))
}

async function deployFixtures(h: EngineHarness, ...names: string[]) {
  return h.engine.deploy(
    await Promise.all(names.map(async (name) => ({ name, content: await dmnFixture(name) })))
  )
}

async function evaluations(h: EngineHarness, processInstanceKey: string): Promise<EngineRecord[]> {
  return (await h.records(processInstanceKey)).filter(
    (record) => record.valueType === 'DECISION_EVALUATION'
  )
}

async function rejection(promise: Promise<unknown>): Promise<DeploymentRejectedError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DeploymentRejectedError) {
      return error
    }
    throw error
  }
  throw new Error('Expected the deployment to be rejected, but it was accepted')
}

storeGroup('DMN decisions', ({ kind, harness, opened }) => {
  test('it should deploy a DMN resource with its decisions and requirements graph', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const deployment = await deployFixtures(h, 'loan_decisions.dmn')

    // then
    assert.deepEqual(
      deployment.decisions.map((d) => [d.decisionDefinitionId, d.version, d.name]),
      [
        ['loan_approval', 1, 'Loan approval'],
        ['risk_score', 1, 'Risk score'],
      ]
    )
    assert.lengthOf(deployment.decisionRequirements, 1)
    assert.include(deployment.decisionRequirements[0], {
      decisionRequirementsId: 'loan_decisions',
      decisionRequirementsName: 'Loan decisions',
      version: 1,
      resourceName: 'loan_decisions.dmn',
    })
    const found = await h.engine.searchDecisionDefinitions({
      filter: { decisionDefinitionId: 'loan_approval' },
    })
    assert.equal(found.page.totalItems, 1)
    const key = found.items[0].decisionDefinitionKey
    assert.equal(
      (await h.engine.getDecisionDefinition(key)).decisionRequirementsId,
      'loan_decisions'
    )
    assert.include(await h.engine.getDecisionDefinitionXml(key), '<decision id="loan_approval"')
  })

  test('it should version decisions per decision id and keep an identical resource', async ({
    assert,
  }) => {
    // given
    const h = harness()
    const first = await deployFixtures(h, 'loan_decisions.dmn')

    // when the same file is deployed again, then a changed one
    const again = await deployFixtures(h, 'loan_decisions.dmn')
    const changed = (await dmnFixture('loan_decisions.dmn'))
      .toString('utf8')
      .replace('"ok"', '"approved"')
    const second = await h.engine.deploy([{ name: 'loan_decisions.dmn', content: changed }])

    // then
    assert.deepEqual(again.decisions, first.decisions)
    assert.deepEqual(
      second.decisions.map((d) => d.version),
      [2, 2]
    )
    assert.equal(second.decisionRequirements[0].version, 2)
    const latest = await h.engine.searchDecisionDefinitions({
      filter: { decisionDefinitionId: 'loan_approval', isLatestVersion: true },
    })
    assert.deepEqual(
      latest.items.map((d) => d.version),
      [2]
    )
    const result = await h.engine.evaluateDecision({
      decisionDefinitionKey: first.decisions[0].decisionDefinitionKey,
      variables: { applicant: { age: 40 }, amount: 10_000 },
    })
    assert.equal(result.decisionDefinitionVersion, 1)
    assert.deepEqual(JSON.parse(result.output), { approved: true, reason: 'ok' })
  })

  test('it should evaluate required decisions first and pass their results as inputs', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployFixtures(h, 'loan_decisions.dmn')

    // when
    const result = await h.engine.evaluateDecision({
      decisionDefinitionId: 'loan_approval',
      variables: { applicant: { age: 22 }, amount: 40_000 },
    })

    // then the risk score (40 + 20) made the loan risky
    assert.deepEqual(JSON.parse(result.output), { approved: false, reason: 'risk 60' })
    assert.deepEqual(
      result.evaluatedDecisions.map((d) => [
        d.decisionDefinitionId,
        d.decisionDefinitionType,
        d.output,
      ]),
      [
        ['risk_score', 'LITERAL_EXPRESSION', '60'],
        ['loan_approval', 'DECISION_TABLE', '{"approved":false,"reason":"risk 60"}'],
      ]
    )
    assert.deepEqual(result.evaluatedDecisions[1].evaluatedInputs, [
      { inputId: 'in_age', inputName: 'Age', inputValue: '22' },
      { inputId: 'in_risk', inputName: 'Risk score', inputValue: '60' },
    ])
    assert.deepEqual(result.evaluatedDecisions[1].matchedRules, [
      {
        ruleId: 'risky',
        ruleIndex: 2,
        evaluatedOutputs: [
          { outputId: 'out_approved', outputName: 'approved', outputValue: 'false' },
          { outputId: 'out_reason', outputName: 'reason', outputValue: '"risk 60"' },
        ],
      },
    ])
    // and both evaluated decisions are decision instances
    const instances = await h.engine.searchDecisionInstances({
      filter: { decisionEvaluationKey: result.decisionEvaluationKey },
    })
    assert.deepEqual(
      instances.items.map((i) => [i.decisionDefinitionId, i.state, i.result]),
      [
        ['risk_score', 'EVALUATED', '60'],
        ['loan_approval', 'EVALUATED', '{"approved":false,"reason":"risk 60"}'],
      ]
    )
    const detail = await h.engine.getDecisionInstance(
      result.evaluatedDecisions[1].decisionEvaluationInstanceKey
    )
    assert.equal(detail.matchedRules[0].ruleId, 'risky')
    assert.equal(detail.evaluatedInputs.length, 2)
  })

  test('it should evaluate decisions deployed before a restart, from the database', async ({
    assert,
  }) => {
    if (!kind.durable) {
      return
    }
    // given decisions and a process deployed by a first engine, now stopped
    const before = harness()
    await deployFixtures(before, 'loan_decisions.dmn', 'business_rule_tasks.bpmn')
    await before.stop()

    // when a new engine on the same database runs the business-rule task and the API
    const after = new EngineHarness(await opened().reopen())
    try {
      const key = await after.start('loan', { applicant: { age: 30 }, amount: 5000 })
      const result = await after.engine.evaluateDecision({
        decisionDefinitionId: 'loan_approval',
        variables: { applicant: { age: 16 }, amount: 0 },
      })

      // then both evaluated the deployed decisions
      assert.deepEqual((await after.variables(key)).approval, { approved: true, reason: 'ok' })
      assert.deepEqual(JSON.parse(result.output), { approved: false, reason: 'too young' })
    } finally {
      await after.stop()
    }
  })

  test('it should answer a missing decision as not found', async ({ assert }) => {
    // given
    const h = harness()

    // when / then
    await assert.rejects(
      () => h.engine.evaluateDecision({ decisionDefinitionId: 'nowhere', variables: {} }),
      NotFoundError
    )
  })

  test('it should evaluate a business-rule task and keep the evaluation in the records', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployFixtures(h, 'loan_decisions.dmn', 'business_rule_tasks.bpmn')

    // when
    const key = await h.start('loan', { applicant: { age: 30 }, amount: 5000 })

    // then
    assert.equal(await h.state(key), 'COMPLETED')
    assert.deepEqual((await h.variables(key)).approval, { approved: true, reason: 'ok' })
    assert.deepEqual(await h.history(key, ['DECISION_EVALUATION', 'PROCESS_INSTANCE']), [
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:loan',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATED:loan',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:start',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATED:start',
      'PROCESS_INSTANCE:ELEMENT_COMPLETING:start',
      'PROCESS_INSTANCE:ELEMENT_COMPLETED:start',
      'PROCESS_INSTANCE:SEQUENCE_FLOW_TAKEN:f1',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:decide',
      'DECISION_EVALUATION:EVALUATED:decide',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATED:decide',
      'PROCESS_INSTANCE:ELEMENT_COMPLETING:decide',
      'PROCESS_INSTANCE:ELEMENT_COMPLETED:decide',
      'PROCESS_INSTANCE:SEQUENCE_FLOW_TAKEN:f2',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATING:end',
      'PROCESS_INSTANCE:ELEMENT_ACTIVATED:end',
      'PROCESS_INSTANCE:ELEMENT_COMPLETING:end',
      'PROCESS_INSTANCE:ELEMENT_COMPLETED:end',
      'PROCESS_INSTANCE:ELEMENT_COMPLETING:loan',
      'PROCESS_INSTANCE:ELEMENT_COMPLETED:loan',
    ])
    const [evaluation] = await evaluations(h, key)
    assert.include(evaluation.value, {
      decisionId: 'loan_approval',
      decisionOutput: '{"approved":true,"reason":"ok"}',
      elementId: 'decide',
      processInstanceKey: key,
    })
    const evaluated = evaluation.value.evaluatedDecisions as Array<Record<string, unknown>>
    assert.deepEqual(
      evaluated.map((d) => d.decisionId),
      ['risk_score', 'loan_approval']
    )
    assert.deepEqual(
      (evaluated[1].matchedRules as Array<{ ruleId: string }>).map((r) => r.ruleId),
      ['approved']
    )
    const instances = await h.engine.searchDecisionInstances({
      filter: { processInstanceKey: key },
    })
    assert.equal(instances.page.totalItems, 2)
    assert.equal(instances.items[1].elementId, 'decide')
  })

  test('it should pick the decision of the deployment, by an id given in FEEL, and map its result', async ({
    assert,
  }) => {
    // given version 1 deployed with the process, then a version 2 alone
    const h = harness()
    await deployFixtures(h, 'loan_decisions.dmn', 'business_rule_tasks.bpmn')
    const changed = (await dmnFixture('loan_decisions.dmn'))
      .toString('utf8')
      .replace(
        '<outputEntry><text>true</text></outputEntry>',
        '<outputEntry><text>null</text></outputEntry>'
      )
    await h.engine.deploy([{ name: 'loan_decisions.dmn', content: changed }])

    // when
    const key = await h.start('loan_mapped', {
      decisionName: 'loan_approval',
      applicant: { age: 30 },
      amount: 5000,
    })

    // then version 1 (bindingType deployment) approved, and only the mapped output is kept
    const variables = await h.variables(key)
    assert.equal(variables.approved, true)
    assert.notProperty(variables, 'result')
    const [evaluation] = await evaluations(h, key)
    assert.equal(evaluation.value.decisionVersion, 1)
  })

  test('it should pick the decision version with the version tag the task binds to', async ({
    assert,
  }) => {
    // given version 1 of the decisions tagged "2024", then an untagged version 2 that refuses all
    const h = harness()
    const original = (await dmnFixture('loan_decisions.dmn')).toString('utf8')
    const tagged = original
      .replace(
        '<decision id="loan_approval" name="Loan approval">',
        '<decision id="loan_approval" name="Loan approval"><extensionElements><zeebe:versionTag value="2024" /></extensionElements>'
      )
      .replace('<definitions ', '<definitions xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ')
    await h.engine.deploy([{ name: 'loan_decisions.dmn', content: tagged }])
    await h.engine.deploy([
      { name: 'loan_decisions.dmn', content: original.replace('"ok"', '"refused"') },
    ])
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="tagged_loan" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide">
      <bpmn:extensionElements><zeebe:calledDecision decisionId="loan_approval" resultVariable="approval" bindingType="versionTag" versionTag="2024" /></bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
    await h.engine.deploy([{ name: 'tagged_loan.bpmn', content: bpmn }])

    // when
    const key = await h.start('tagged_loan', { applicant: { age: 30 }, amount: 5000 })

    // then version 1, the tagged one, decided
    assert.deepEqual((await h.variables(key)).approval, { approved: true, reason: 'ok' })
    const tags = await h.engine.searchDecisionDefinitions({
      filter: { decisionDefinitionId: 'loan_approval' },
      sort: [{ field: 'version' }],
    })
    assert.deepEqual(
      tags.items.map((d) => [d.version, d.versionTag]),
      [
        [1, '2024'],
        [2, null],
      ]
    )
  })

  test('it should evaluate the decision once per element of a multi-instance business-rule task', async ({
    assert,
  }) => {
    // given the loan decisions and a business-rule task over a list of applicants
    const h = harness()
    await deployFixtures(h, 'loan_decisions.dmn')
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="loan_many" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide">
      <bpmn:extensionElements><zeebe:calledDecision decisionId="loan_approval" resultVariable="approval" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=applicants" inputElement="applicant" outputCollection="approvals" outputElement="=approval" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
    await h.engine.deploy([{ name: 'loan_many.bpmn', content: bpmn }])

    // when two applicants are decided on
    const key = await h.start('loan_many', { applicants: [{ age: 30 }, { age: 31 }], amount: 5000 })

    // then each inner instance evaluated the decision and the instance completed
    assert.equal((await h.engine.getProcessInstance(key)).state, 'COMPLETED')
    assert.deepEqual((await h.variables(key)).approvals, [
      { approved: true, reason: 'ok' },
      { approved: true, reason: 'ok' },
    ])
    assert.lengthOf(await evaluations(h, key), 2)
  })

  test('it should raise CALLED_DECISION_ERROR for a missing decision and continue once it is deployed', async ({
    assert,
  }) => {
    // given
    const h = harness()
    await deployFixtures(h, 'business_rule_tasks.bpmn')
    const key = await h.start('loan', { applicant: { age: 30 }, amount: 5000 })
    const [incident] = await h.incidents(key)
    assert.equal(incident.errorType, 'CALLED_DECISION_ERROR')
    assert.equal(
      incident.errorMessage,
      "Expected to evaluate decision 'loan_approval', but no decision found for id 'loan_approval'"
    )

    // when
    await deployFixtures(h, 'loan_decisions.dmn')
    await h.engine.resolveIncident(incident.incidentKey)

    // then
    assert.equal(await h.state(key), 'COMPLETED')
  })

  test('it should raise DECISION_EVALUATION_ERROR when no rule matches under UNIQUE, and on a FEEL error', async ({
    assert,
  }) => {
    // given the loan decisions, and a decision calling a function that does not exist
    const h = harness()
    const brokenFeel = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="broken" name="Broken" namespace="http://senflow.test/dmn">
      <decision id="broken_feel" name="Broken FEEL"><literalExpression><text>unknownfn(amount)</text></literalExpression></decision>
    </definitions>`
    await h.engine.deploy([
      { name: 'loan_decisions.dmn', content: await dmnFixture('loan_decisions.dmn') },
      { name: 'broken.dmn', content: brokenFeel },
      { name: 'business_rule_tasks.bpmn', content: await dmnFixture('business_rule_tasks.bpmn') },
    ])

    // when no rule matches (age 150 is outside every rule)
    const noMatch = await h.start('loan', { applicant: { age: 150 }, amount: 1000 })
    // and when the FEEL of a decision fails
    const feelError = await h.start('loan_mapped', { decisionName: 'broken_feel', amount: 1 })

    // then
    const [first] = await h.incidents(noMatch)
    assert.equal(first.errorType, 'DECISION_EVALUATION_ERROR')
    assert.equal(
      first.errorMessage,
      "Expected to evaluate decision 'loan_approval', but no rule matched, while the hit policy UNIQUE expects exactly one"
    )
    const [failed] = await evaluations(h, noMatch)
    assert.equal(failed.intent, 'FAILED')
    assert.equal(failed.value.failedDecisionId, 'loan_approval')
    assert.equal(await h.state(noMatch), 'ACTIVE')
    const failedInstances = await h.engine.searchDecisionInstances({
      filter: { processInstanceKey: noMatch, state: 'FAILED' },
    })
    assert.equal(failedInstances.items[0].evaluationFailure, first.errorMessage)
    const [second] = await h.incidents(feelError)
    assert.equal(second.errorType, 'DECISION_EVALUATION_ERROR')
    assert.match(
      second.errorMessage,
      /^Expected to evaluate decision 'broken_feel', but failed to evaluate expression 'unknownfn\(amount\)': .*\[NO_FUNCTION_FOUND\]/
    )
  })

  test('it should run a business-rule task with a task definition as a job', async ({ assert }) => {
    // given
    const h = harness()
    await deployFixtures(h, 'business_rule_tasks.bpmn')
    const key = await h.start('loan_by_job')

    // when
    const jobs = await h.completeAll('rules-worker', { approved: true })

    // then
    assert.lengthOf(jobs, 1)
    assert.equal(await h.state(key), 'COMPLETED')
    assert.lengthOf(await evaluations(h, key), 0)
  })

  test('it should reject invalid DMN with a problem naming each decision, rule and column', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const error = await rejection(deployFixtures(h, 'invalid_decisions.dmn'))

    // then
    const messages = error.problems.map((p) => `${p.elementId}: ${p.message}`)
    assert.includeMembers(messages, [
      "bad_table: Expected an aggregation only with the hit policy COLLECT, but decision 'bad_table' has SUM with PRIORITY",
      "bad_table: Expected the input expression of column 'Amount' of decision 'bad_table' to be a FEEL expression, but failed to parse expression 'amount +': unexpected end of expression",
      "bad_table: Expected output 2 of decision 'bad_table' to have a name, as the table has several outputs, but found none",
      "bad_table: Expected decision 'bad_table' with the aggregation SUM to have one output, but found 2",
      "bad_table: Expected decision 'bad_table' with the hit policy PRIORITY to list output values on an output, but found none",
      "bad_table: Expected rule 'r1' of decision 'bad_table' to have 2 output entries, but found 1",
      "needs_missing: Expected the required decision 'nowhere' of decision 'needs_missing' to be defined in the same file, but found none",
      'cycle_a: Expected the decision requirements to have no cycle, but found cycle_a → cycle_b → cycle_a',
      "unsupported: Expected decision 'unsupported' to have a decision table or a literal expression, but found a boxed expression of type Context, which is not supported",
    ])
    assert.isTrue(
      messages.some((m) =>
        m.startsWith(
          "bad_table: Expected the input entry of rule 'r1' in column 'Amount' of decision 'bad_table' to be FEEL unary tests, but failed to parse unary tests '[1..': unexpected end of expression"
        )
      ),
      messages.join('\n')
    )
    assert.isTrue(error.problems.every((p) => p.resourceName === 'invalid_decisions.dmn'))
    assert.equal((await h.engine.searchDecisionDefinitions()).page.totalItems, 0)
  })

  test('it should reject business-rule tasks without a result variable, version tag or implementation', async ({
    assert,
  }) => {
    // given
    const h = harness()

    // when
    const error = await rejection(deployFixtures(h, 'invalid_business_rule_tasks.bpmn'))

    // then
    assert.includeMembers(
      error.problems.map((p) => `${p.elementId}: ${p.message}`),
      [
        'no_result: Expected zeebe:calledDecision to have a resultVariable, but found none',
        "tag_missing: Expected zeebe:calledDecision with bindingType 'versionTag' to have a versionTag, but found none",
        'neither: Expected the task to have a zeebe:taskDefinition with a job type, but found none',
      ]
    )
  })

  test('it should reject a resource that is not DMN XML', async ({ assert }) => {
    // given
    const h = harness()

    // when
    const error = await rejection(
      h.engine.deploy([{ name: 'broken.dmn', content: '<definitions><decision' }])
    )

    // then
    assert.equal(error.problems[0].resourceName, 'broken.dmn')
    assert.match(error.problems[0].message, /^Expected (a DMN 1.3 XML document|valid DMN XML), but/)
  })
})

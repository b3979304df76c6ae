import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** One opinion per unit, asked of all units at once; the opinions are collected in order. */
const CONSULTATION = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_mi_inbox" targetNamespace="http://senflow.example/bpmn">
  <bpmn:process id="mi-consultation" name="Consultation of the divisions" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="opinion_task" />
    <bpmn:userTask id="opinion_task" name="Give the division's opinion">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="= unit" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= units" inputElement="unit" outputCollection="opinions" outputElement="= opinion" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="opinion_task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`

test.group('Multi-instance user tasks in the inbox', () => {
  test('it should offer one task per unit and collect each unit opinion at its position', async ({
    client,
    assert,
  }) => {
    // given
    const deployments = await app.container.make(DeploymentService)
    const owner = await demoUser('owner')
    await deployments.deploy(
      [{ name: 'mi_consultation.bpmn', content: Buffer.from(CONSULTATION) }],
      { id: owner.id, email: owner.email }
    )
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: 'mi-consultation',
      variables: { units: ['CONSULAR-LEGAL', 'CONSULAR-PASSPORT'], dossierCode: 'HS-MI-0001' },
    })
    const legal = await demoUser('staff')
    const passport = await demoUser('staff2')

    // when each division finds its own task and answers
    const answers: Array<[typeof legal, string]> = [
      [passport, 'no objection'],
      [legal, 'approve'],
    ]
    for (const [user, opinion] of answers) {
      const listed = await until(
        () => client.get('/api/tasks').qs({ queue: 'units', q: 'HS-MI-0001' }).loginAs(user),
        (response) => response.body().items.length > 0
      )
      assert.lengthOf(listed.body().items, 1)
      const task = listed.body().items[0]
      ;(await client.post(`/api/tasks/${task.id}/claim`).loginAs(user)).assertStatus(200)
      ;(
        await client
          .post(`/api/tasks/${task.id}/complete`)
          .json({ variables: { opinion } })
          .loginAs(user)
      ).assertStatus(200)
    }

    // then the instance completes with the opinions in the order of the units
    const done = await until(
      () => engine.getProcessInstance(created.processInstanceKey),
      (instance) => instance.state === 'COMPLETED'
    )
    assert.equal(done.state, 'COMPLETED')
    const opinions = await engine.searchVariables({
      filter: { processInstanceKey: created.processInstanceKey, name: 'opinions' },
    })
    assert.deepEqual(JSON.parse(opinions.items[0].value), ['approve', 'no objection'])
  })
})

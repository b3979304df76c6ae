import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { readFile } from 'node:fs/promises'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'

test.group('Monitor', () => {
  test('it should count instances per version, show where they wait, and give daily figures', async ({
    client,
    assert,
  }) => {
    // given three waiting instances of a fresh process, one with an incident
    const owner = await demoUser('owner')
    const xml = (await readFile(new URL('../fixtures/restart_wait.bpmn', import.meta.url), 'utf8'))
      .replaceAll('restart-wait', 'monitor-wait')
      .replaceAll('restart-work', 'monitor-work')
    const deployments = await app.container.make(DeploymentService)
    const deployment = await deployments.deploy([{ name: 'monitor_wait.bpmn', content: xml }], {
      id: owner.id,
      email: owner.email,
    })
    const key = deployment.processes[0].processDefinitionKey
    const engine = await app.container.make('senflow.engine')
    for (let index = 0; index < 3; index++) {
      await engine.createProcessInstance({
        processDefinitionId: 'monitor-wait',
        variables: { index },
      })
    }
    const [job] = await engine.activateJobs({
      type: 'monitor-work',
      worker: 't',
      maxJobsToActivate: 1,
      timeout: 60_000,
    })
    await engine.failJob(job.jobKey, { retries: 0, errorMessage: 'broken' })
    const leader = await demoUser('leader')

    // then the process list counts them
    const processes = await client.get('/api/monitor/processes').loginAs(leader)
    processes.assertStatus(200)
    const process = processes
      .body()
      .items.find((item: any) => item.processDefinitionId === 'monitor-wait')
    assert.deepInclude(process.versions[0], {
      version: 1,
      active: 3,
      completed: 0,
      withIncident: 1,
    })

    // and the heatmap shows where they wait
    const heatmap = await client.get(`/api/monitor/definitions/${key}/heatmap`).loginAs(leader)
    assert.deepInclude(heatmap.body().elements[0], { elementId: 'work', waiting: 3, incidents: 1 })

    // and today's figures include the three starts
    const statistics = await client
      .get('/api/monitor/statistics')
      .qs({ processDefinitionId: 'monitor-wait' })
      .loginAs(leader)
    statistics.assertStatus(200)
    const total = statistics.body().perDay.reduce((sum: number, day: any) => sum + day.started, 0)
    assert.equal(total, 3)

    // and staff may not watch
    ;(await client.get('/api/monitor/processes').loginAs(await demoUser('staff'))).assertStatus(403)
  }).timeout(30_000)

  test('it should let a leader fix a variable and retry an incident, cancel an instance, and read the history', async ({
    client,
    assert,
  }) => {
    // given an instance stuck at a gateway that needs `amount`
    const owner = await demoUser('owner')
    const id = `monitor-retry-${Date.now().toString(36)}`
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:exclusiveGateway id="check" name="Amount" />
    <bpmn:sequenceFlow id="high" sourceRef="check" targetRef="wait"><bpmn:conditionExpression>= amount &gt; 100</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="low" sourceRef="check" targetRef="done"><bpmn:conditionExpression>= amount &lt;= 100</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:receiveTask id="wait" messageRef="m" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
  <bpmn:message id="m" name="never"><bpmn:extensionElements><zeebe:subscription correlationKey='= "none"' /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`
    const deployments = await app.container.make(DeploymentService)
    const deployed = await deployments.deploy([{ name: `${id}.bpmn`, content: xml }], {
      id: owner.id,
      email: owner.email,
    })
    const engine = await app.container.make('senflow.engine')
    const stuck = await engine.createProcessInstance({ processDefinitionId: id, variables: {} })
    const waiting = await engine.createProcessInstance({
      processDefinitionId: id,
      variables: { amount: 500 },
    })
    const [incident] = (
      await engine.searchIncidents({ filter: { processInstanceKey: stuck.processInstanceKey } })
    ).items
    assert.exists(incident)
    const leader = await demoUser('leader')

    // then auditors watch but may not act, and staff may not read the history
    ;(
      await client
        .post(`/api/monitor/incidents/${incident.incidentKey}/retry`)
        .json({})
        .loginAs(await demoUser('auditor'))
    ).assertStatus(403)
    ;(
      await client
        .get(`/api/monitor/instances/${stuck.processInstanceKey}/history`)
        .loginAs(await demoUser('staff'))
    ).assertStatus(403)

    // and setting no variable is refused, naming the field
    const empty = await client
      .put(`/api/monitor/instances/${stuck.processInstanceKey}/variables`)
      .json({ variables: {} })
      .loginAs(leader)
    empty.assertStatus(422)
    assert.equal(empty.body().errors[0].field, 'variables')

    // when the leader retries with the missing amount
    ;(
      await client
        .post(`/api/monitor/incidents/${incident.incidentKey}/retry`)
        .json({ variables: { amount: 50 } })
        .loginAs(leader)
    ).assertStatus(204)

    // then the instance goes on and completes, and the incident is resolved
    const done = await engine.getProcessInstance(stuck.processInstanceKey)
    assert.equal(done.state, 'COMPLETED')
    assert.isFalse(done.hasIncident)
    ;(
      await client
        .post(`/api/monitor/incidents/${incident.incidentKey}/retry`)
        .json({})
        .loginAs(leader)
    ).assertStatus(409)

    // and the history has the steps, the incident and the retry by the leader
    const history = await client
      .get(`/api/monitor/instances/${stuck.processInstanceKey}/history`)
      .loginAs(leader)
    history.assertStatus(200)
    const items = history.body().items as {
      kind: string
      type: string
      elementId: string
      actor: string
    }[]
    assert.deepInclude(
      items.map((item) => `${item.kind}:${item.type}:${item.elementId ?? ''}`),
      'element:incident:check'
    )
    assert.isTrue(
      items.some((item) => item.type === 'incident.resolve' && item.actor === leader.email)
    )
    assert.isTrue(items.some((item) => item.type === 'variables.set'))
    assert.isTrue(items.some((item) => item.type === 'left' && item.elementId === 'done'))

    // and the heatmap counts the instance waiting for its message at the receive task
    const heatmap = await client
      .get(`/api/monitor/definitions/${deployed.processes[0].processDefinitionKey}/heatmap`)
      .loginAs(leader)
    assert.deepInclude(heatmap.body().elements, {
      elementId: 'wait',
      waiting: 1,
      incidents: 0,
      byState: { MESSAGE: 1 },
    })

    // when the leader cancels the waiting instance
    ;(
      await client
        .post(`/api/monitor/instances/${waiting.processInstanceKey}/cancellation`)
        .loginAs(leader)
    ).assertStatus(204)
    assert.equal((await engine.getProcessInstance(waiting.processInstanceKey)).state, 'TERMINATED')
    // and a finished instance can be neither cancelled nor changed
    ;(
      await client
        .post(`/api/monitor/instances/${waiting.processInstanceKey}/cancellation`)
        .loginAs(leader)
    ).assertStatus(409)
    ;(
      await client
        .put(`/api/monitor/instances/${stuck.processInstanceKey}/variables`)
        .json({ variables: { amount: 1 } })
        .loginAs(leader)
    ).assertStatus(409)
  }).timeout(30_000)
})

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
})

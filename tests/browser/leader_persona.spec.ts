import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'
import { closeBrowser, openUi } from './browser.js'

/**
 * A process whose gateway needs `amount`: started without it, the instance
 * stops on an incident at the gateway until someone sets it.
 */
function thresholdProcess(id: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${id}-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" name="Phê duyệt theo hạn mức" isExecutable="true">
    <bpmn:startEvent id="start" name="Nhận đề nghị" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:exclusiveGateway id="check" name="Vượt hạn mức?" />
    <bpmn:sequenceFlow id="toReview" sourceRef="check" targetRef="review">
      <bpmn:conditionExpression>= amount &gt; 100</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toEnd" sourceRef="check" targetRef="done">
      <bpmn:conditionExpression>= amount &lt;= 100</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:userTask id="review" name="Lãnh đạo duyệt">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="CONSULAR" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
    <bpmn:endEvent id="done" name="Xong" />
  </bpmn:process>
</bpmn:definitions>`
}

test.group('Browser / leader persona', (group) => {
  group.teardown(closeBrowser)

  test('it should let a leader find an instance in the monitor, see its path and retry an incident after fixing a variable', async ({
    assert,
    cleanup,
  }) => {
    // given an instance stuck at a gateway for want of a variable
    const id = `threshold-${Date.now().toString(36)}`
    const owner = await demoUser('owner')
    const deployments = await app.container.make(DeploymentService)
    await deployments.deploy([{ name: `${id}.bpmn`, content: thresholdProcess(id) }], {
      id: owner.id,
      email: owner.email,
    })
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: id,
      variables: { applicant: 'Nguyễn Văn A' },
    })
    const key = created.processInstanceKey
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await engine.getProcessInstance(key)).hasIncident) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    const ui = await openUi('leader-persona')
    cleanup(() => ui.close())
    const { page } = ui

    // when the leader opens the monitor and filters on the process
    await ui.signIn('leader@demo.senflow.local')
    await page.locator('[data-nav="monitor"]').click()
    await page.locator('main h1', { hasText: 'Giám sát quy trình' }).waitFor()
    await page.locator(`tr[data-process="${id}"]`).first().waitFor()
    await page.locator('select[name="process"]').selectOption(id)
    await page.locator('input[name="incidents"]').check()
    await page.getByRole('button', { name: 'Lọc', exact: true }).click()
    const row = page.locator(`tr[data-instance-key="${key}"]`)
    await row.waitFor()
    assert.include(await row.textContent(), 'Sự cố')
    await ui.screenshot('01-monitor')

    // and opens the instance
    await row.getByRole('link').click()
    const canvas = page.locator('[data-test="instance-canvas"]')
    await canvas.locator('.djs-element[data-element-id="check"]').waitFor()

    // then the diagram shows the path taken and the incident at the gateway
    await canvas.locator('.djs-element.senflow-run--completed[data-element-id="start"]').waitFor()
    await canvas
      .locator('.djs-element.senflow-flow--taken[data-element-id="f1"]')
      .waitFor({ state: 'attached' })
    await canvas.locator('.djs-element.senflow-run--incident[data-element-id="check"]').waitFor()
    assert.equal(
      await page.locator('[data-test="instance-state"]').getAttribute('data-incident'),
      'true'
    )
    const incident = page.locator('[data-element-id="check"][data-incident-key]')
    assert.match((await incident.textContent()) ?? '', /EXTRACT_VALUE_ERROR|CONDITION_ERROR/)
    await ui.screenshot('02-instance-incident')

    // when they set the missing amount and retry
    await incident.locator('[data-action="retry"]').click()
    const dialog = page.getByRole('dialog', { name: 'Sửa biến và chạy lại bước bị lỗi' })
    const variables = dialog.locator('textarea[name="retry-variables"]')
    const current = JSON.parse(await variables.inputValue())
    assert.deepEqual(current, { applicant: 'Nguyễn Văn A' })
    await variables.fill(JSON.stringify({ ...current, amount: 150 }, null, 2))
    await ui.screenshot('03-retry-dialog')
    await dialog.getByRole('button', { name: 'Chạy lại' }).click()

    // then the instance goes on to the leader's review, without an incident
    await page.getByRole('status').filter({ hasText: 'Đã chạy lại bước bị lỗi.' }).waitFor()
    await canvas.locator('.djs-element.senflow-run--active[data-element-id="review"]').waitFor()
    await canvas.locator('.djs-element.senflow-run--completed[data-element-id="check"]').waitFor()
    await canvas
      .locator('.djs-element.senflow-flow--taken[data-element-id="toReview"]')
      .waitFor({ state: 'attached' })
    assert.equal(
      await page.locator('[data-test="instance-state"]').getAttribute('data-incident'),
      'false'
    )
    assert.include(await page.locator('tr[data-variable="amount"]').textContent(), '150')
    assert.isAbove(
      await page
        .locator(
          '[data-test="instance-history"] li[data-type="incident_resolve"], [data-test="instance-history"] li[data-type="incident.resolve"]'
        )
        .count(),
      0
    )
    await ui.screenshot('04-instance-retried')

    // and the variable change and the retry are in the audit trail, by the leader
    const instance = await engine.getProcessInstance(key)
    assert.isFalse(instance.hasIncident)

    // and the version page shows where instances wait, with charts
    await page.getByRole('link', { name: 'Xem phiên bản' }).click()
    await page.locator('[data-test="heatmap-canvas"] [data-heat="review"]').waitFor()
    await page.locator('canvas').first().waitFor()
    await ui.screenshot('05-version-heatmap')

    // and no page complained
    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)

  test('it should let an administrator modify a waiting instance from the monitor', async ({
    assert,
    cleanup,
  }) => {
    // given an instance waiting at the leader's review
    const id = `threshold-mod-${Date.now().toString(36)}`
    const owner = await demoUser('owner')
    const deployments = await app.container.make(DeploymentService)
    await deployments.deploy([{ name: `${id}.bpmn`, content: thresholdProcess(id) }], {
      id: owner.id,
      email: owner.email,
    })
    const engine = await app.container.make('senflow.engine')
    const { processInstanceKey: key } = await engine.createProcessInstance({
      processDefinitionId: id,
      variables: { amount: 500 },
    })

    const ui = await openUi('admin-modifies-instance')
    cleanup(() => ui.close())
    const { page } = ui
    await ui.signIn('admin@demo.senflow.local')
    await ui.visit(`/monitor/instances/${key}`)
    const canvas = page.locator('[data-test="instance-canvas"]')
    await canvas.locator('.djs-element.senflow-run--active[data-element-id="review"]').waitFor()

    // when the administrator stops the review and starts it again
    await page.getByRole('button', { name: 'Điều chỉnh' }).click()
    const dialog = page.getByRole('dialog', { name: 'Điều chỉnh phiên' })
    await dialog.getByLabel('Kích hoạt bước').selectOption('review')
    await dialog.getByRole('checkbox', { name: 'Lãnh đạo duyệt' }).check()
    await ui.screenshot('01-modify-dialog')
    await dialog.getByRole('button', { name: 'Điều chỉnh' }).click()

    // then the history shows the review stopped and entered again, and it still waits there
    await page.getByRole('status').filter({ hasText: 'Đã điều chỉnh phiên.' }).waitFor()
    await page
      .locator('[data-test="instance-history"] li[data-type="terminated"]', {
        hasText: 'Lãnh đạo duyệt',
      })
      .waitFor()
    await canvas.locator('.djs-element.senflow-run--active[data-element-id="review"]').waitFor()
    assert.equal(
      await page
        .locator('[data-test="instance-history"] li[data-type="entered"]', {
          hasText: 'Lãnh đạo duyệt',
        })
        .count(),
      2
    )
    await ui.screenshot('02-modified')

    // and no page complained
    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)
})

import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import DeploymentService from '#services/deployment_service'
import { demoUser } from '#tests/helpers'
import { closeBrowser, openUi } from './browser.js'

/**
 * A staff member's day in the inbox, in Chromium: the task of their unit,
 * claimed, its form refused for a missing required field, then completed.
 * Drives the engine, so no global transaction: the dossier code is unique.
 */
test.group('Browser / staff persona', (group) => {
  group.teardown(closeBrowser)

  test('it should let a staff member claim a task of their unit, see a field error and complete it', async ({
    assert,
    cleanup,
  }) => {
    // given a legalization review waiting for the Legalization Division
    const owner = await demoUser('owner')
    const deployments = await app.container.make(DeploymentService)
    await deployments.deploy(
      await Promise.all(
        ['legalization_review.bpmn', 'legalization_review.form'].map(async (name) => ({
          name,
          content: await readFile(app.makePath('tests', 'fixtures', name)),
        }))
      ),
      { id: owner.id, email: owner.email }
    )
    const dossierCode = `HS-UI-${Date.now().toString(36).toUpperCase()}`
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionId: 'legalization-review',
      variables: { dossierCode, urgent: true },
    })

    const ui = await openUi('staff-persona')
    cleanup(() => ui.close())
    const { page } = ui

    // when the staff member signs in, the inbox is their home, on "my units"
    await ui.signIn('staff@demo.senflow.local')
    assert.equal(new URL(page.url()).pathname, '/inbox')
    await page.locator('[data-queue="units"][aria-current="page"]').waitFor()
    const row = page.locator(`tr[data-business-id="${dossierCode}"]`)
    // the task is taken into the inbox by a worker: it appears without a reload
    await row.waitFor({ timeout: 30_000 })
    assert.include(await row.textContent(), 'Review the dossier')
    assert.equal(await row.locator('[data-deadline]').getAttribute('data-deadline'), 'upcoming')
    // due in three calendar days: said in working days of the business calendar
    assert.match(
      (await row.locator('[data-deadline]').textContent())?.trim() ?? '',
      /^(Còn \d ngày làm việc|Đến hạn trước ngày làm việc tới)$/
    )
    await ui.screenshot('01-inbox-my-units')

    // and moves to it with the keyboard and opens it
    await page.locator('main h1').click()
    const index = await page
      .locator('main tbody tr')
      .evaluateAll(
        (rows, code) =>
          rows.findIndex((candidate) => candidate.getAttribute('data-business-id') === code),
        dossierCode
      )
    for (let step = 0; step <= index; step++) await page.keyboard.press('j')
    await page.keyboard.press('Enter')
    await page.locator('main h1', { hasText: 'Review the dossier' }).waitFor()
    assert.match(new URL(page.url()).pathname, /^\/inbox\/tasks\/\d+$/)
    await page.locator('[data-test="task-form"] .fjs-form').waitFor()
    await ui.screenshot('02-task-page')

    // when they claim it
    await page.locator('[data-action="claim"]').click()
    await page.getByRole('status').filter({ hasText: 'Bạn đã nhận việc.' }).waitFor()
    assert.equal(
      (await page.locator('[data-test="assignee"]').textContent())?.trim(),
      'staff@demo.senflow.local'
    )
    assert.isTrue(await page.locator('[data-action="unclaim"]').isVisible())
    // and the navigation counts it among the tasks waiting for them
    await page.locator('[data-nav="inbox"] [data-test="inbox-nav-count"]').waitFor()

    // and note something in a draft, a comment and a file
    await page.getByLabel('Remarks').fill('Đã đối chiếu chữ ký.')
    await page.locator('[data-action="save-draft"]').click()
    await page.getByRole('status').filter({ hasText: 'Đã lưu nháp.' }).waitFor()
    await page.getByLabel('Ý kiến mới').fill('Chờ xác minh con dấu với Sở Ngoại vụ.')
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click()
    await page.locator('.task-page__comments li', { hasText: 'Chờ xác minh con dấu' }).waitFor()
    await page.getByLabel('Tải tệp lên').setInputFiles({
      name: 'bien-ban.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Biên bản kiểm tra hồ sơ'),
    })
    await page.locator('.task-page__files a', { hasText: 'bien-ban.txt' }).waitFor()

    // then the draft is there when the page is opened again
    await page.reload()
    await page.locator('[data-test="task-form"] .fjs-form').waitFor()
    assert.equal(await page.getByLabel('Remarks').inputValue(), 'Đã đối chiếu chữ ký.')
    await page.locator('[data-test="history"] li', { hasText: 'Trao đổi về' }).waitFor()
    await ui.screenshot('02b-draft-comment-file')

    // when they complete it without the required decision
    await page.locator('[data-action="complete"]').click()

    // then the decision field shows its error, and the task is still open
    const fieldError = page.locator('.fjs-form-field-error').first()
    await fieldError.waitFor()
    assert.isNotEmpty((await fieldError.textContent())?.trim())
    await ui.screenshot('03-field-error')

    // when they choose a decision and the server refuses another field (a rule only it knows)
    await page.getByLabel('Approve').check()
    const serverMessage = 'Ghi chú không khớp với sổ đăng ký.'
    ui.allowProblem(/status of 422/)
    await page.route(
      '**/api/tasks/*/complete',
      (route) =>
        route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({ errors: { remarks: [serverMessage] } }),
        }),
      { times: 1 }
    )
    await page.locator('[data-action="complete"]').click()

    // then the server's message shows on that field
    await page
      .locator('[data-test="task-form"] .fjs-form-field', { hasText: 'Remarks' })
      .locator('.fjs-form-field-error', { hasText: serverMessage })
      .waitFor()
    await ui.screenshot('03b-server-field-error')

    // when they complete it again
    await page.locator('[data-action="complete"]').click()

    // then they are back in the inbox and the task is done
    await page.waitForURL((url) => url.pathname === '/inbox')
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã hoàn thành Review the dossier.' })
      .waitFor()
    await ui.screenshot('04-completed')
    const task = await db
      .from('user_tasks')
      .where('process_instance_key', created.processInstanceKey)
      .first()
    assert.equal(task.state, 'COMPLETED')
    assert.equal(task.assignee, 'staff@demo.senflow.local')

    // when a new dossier reaches the division while the inbox is open
    const nextCode = `${dossierCode}-2`
    await engine.createProcessInstance({
      processDefinitionId: 'legalization-review',
      variables: { dossierCode: nextCode, urgent: false },
    })

    // then its task appears without a reload (the counts are read every 15 seconds)
    await page.locator(`tr[data-business-id="${nextCode}"]`).waitFor({ timeout: 40_000 })
    await page.locator('[data-test="fresh-tasks"]').waitFor()
    await ui.screenshot('05-new-task-arrived')

    // and no page complained
    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)
})

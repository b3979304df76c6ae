import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { request, type Page } from 'playwright-core'
import { baseUrl } from '#tests/helpers'
import { closeBrowser, DEMO_PASSWORD, openUi, type UiSession } from './browser.js'

/**
 * The process owner's studio, driven as a process owner would: the
 * modeler, the pickers, the connector palette, the form designer,
 * publishing and a test run. These tests run the engine, so they do not
 * wrap in a global transaction: every name they create is unique.
 */

/** A name no earlier run used. */
function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}`
}

/** Creates a blank process from the library and waits for the modeler. */
async function createProcess(ui: UiSession, name: string) {
  const { page } = ui
  await page.locator('[data-nav="studio-processes"]').click()
  await page.locator('main h1', { hasText: 'Thư viện quy trình' }).waitFor()
  await page.locator('[data-test="new-process"]').click()
  const dialog = page.getByRole('dialog', { name: 'Quy trình mới' })
  await dialog.getByLabel('Tên').fill(name)
  await dialog.getByRole('button', { name: 'Tạo' }).click()
  await page.locator('main h1', { hasText: name }).waitFor()
  await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor()
}

/** Appends an element to the selected one through its context pad, naming it. */
async function append(page: Page, action: string, name?: string) {
  await page.locator(`.djs-context-pad [data-action="${action}"]`).click()
  if (name !== undefined) {
    await page.locator('.djs-direct-editing-parent').waitFor()
    await page.keyboard.type(name)
    await page.keyboard.press('Enter')
  } else if (await page.locator('.djs-direct-editing-parent').isVisible()) {
    await page.keyboard.press('Enter')
  }
}

/** Waits until the draft is saved on the server. */
async function saved(page: Page) {
  await page.locator('[data-test="autosave"][data-state="saved"]').waitFor()
}

/** Waits until both checks ran on the current model and answers the error count shown. */
async function errorCount(page: Page) {
  await page.getByRole('button', { name: 'Kiểm tra ngay' }).click()
  await page.locator('[data-test="problems"][data-checking="false"]').waitFor()
  const text = await page.locator('[data-test="problem-errors"]').textContent()
  return Number(/\d+/.exec(text ?? '')?.[0])
}

test.group('Browser / studio: the process owner', (group) => {
  group.teardown(closeBrowser)

  test('it should model, check, publish and test-run a procedure with a form and a connector', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('studio-process-owner')
    cleanup(() => ui.close())
    const { page } = ui
    const processName = unique('Hợp pháp hóa giấy tờ')
    const formName = unique('Tờ khai hợp pháp hóa')

    // given a process owner in the library, with a new process
    await ui.signIn('owner@demo.senflow.local')
    assert.equal(new URL(page.url()).pathname, '/studio/processes')
    await createProcess(ui, processName)
    const modelerUrl = page.url()

    // when they append a task, make it a user task and offer it to the Legalization Division
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').click()
    await append(page, 'append.append-task', 'Kiểm tra hồ sơ')
    await page.locator('.djs-context-pad [data-action="replace"]').click()
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click()
    await page.locator('[data-test="pick-assignment"]').click()
    const assignment = page.getByRole('dialog', { name: 'Ai thực hiện tác vụ' })
    await assignment.locator('[data-unit-code="CONSULAR-LEGAL"]').check()
    await assignment.getByRole('button', { name: 'Áp dụng' }).click()
    await page
      .locator('[data-test="assignment-summary"] .badge', { hasText: 'Phòng Hợp pháp hóa lãnh sự' })
      .waitFor()

    // and link a new form to it
    await page.locator('[data-test="pick-form"]').click()
    const formDialog = page.getByRole('dialog', { name: 'Chọn biểu mẫu' })
    await formDialog.locator('[data-test="new-form"]').click()
    await formDialog.getByLabel('Tên biểu mẫu').fill(formName)
    await formDialog.locator('[data-test="create-form"]').click()
    await page.locator('[data-test="form-summary"] strong', { hasText: formName }).waitFor()

    // and append a task that uses the national portal connector from the palette's templates
    await append(page, 'append.append-task', 'Tra cứu hồ sơ trên Cổng DVC')
    await page.locator('[data-test="pick-connector"]').click()
    const connectors = page.getByRole('dialog', { name: 'Chọn kết nối' })
    await connectors.getByLabel(/Cổng Dịch vụ công quốc gia/).check()
    await connectors.getByRole('button', { name: 'Sử dụng' }).click()
    await page
      .locator('[data-test="connector-summary"] strong', { hasText: 'Cổng Dịch vụ công quốc gia' })
      .waitFor()
    await page
      .locator('.bio-properties-panel-group-header', { hasText: 'Dữ liệu nghiệp vụ' })
      .click()
    await page.getByLabel('Dossier number (mã hồ sơ)').fill('=dossierCode')
    assert.isTrue(
      await page
        .locator('.djs-palette .senflow-palette-connector[data-action$="national-portal"]')
        .isVisible()
    )

    // and end the process
    await append(page, 'append.end-event')
    await page.getByRole('button', { name: 'Vừa khung nhìn' }).click()
    await saved(page)

    // then the only error left is the new form, not published yet
    assert.equal(await errorCount(page), 1)
    await page
      .locator('[data-test="problems"] li', { hasText: 'Biểu mẫu được gắn chưa được phát hành' })
      .waitFor({ state: 'attached' })

    await ui.screenshot('01-modeler')

    // when they design the form: a field, its English translation, then publish it
    await page.locator('.djs-element', { hasText: 'Kiểm tra hồ sơ' }).first().click()
    await page.getByRole('button', { name: 'Mở trong trình thiết kế biểu mẫu' }).click()
    await page.locator('[data-test="form-editor"] .fjs-palette-field').first().waitFor()
    const source = page.locator('.fjs-palette-field[data-field-type="textfield"]')
    const target = page.locator('.fjs-drop-container-vertical').first()
    const from = (await source.boundingBox())!
    const to = (await target.boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 4 })
    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 20 })
    await page.mouse.up()
    // (the dropped field is selected; its properties start folded)
    await page
      .locator('[data-test="form-editor"] .bio-properties-panel-header-type', {
        hasText: /text field/i,
      })
      .waitFor()
    const label = page.locator('[data-test="form-editor"] #bio-properties-panel-label')
    if (!(await label.isVisible())) {
      await page
        .locator('[data-test="form-editor"] .bio-properties-panel-group-header', {
          hasText: 'General',
        })
        .click()
    }
    await label.fill('Họ và tên người đề nghị')
    await page
      .locator('[data-test="form-editor"] .fjs-form-field-label', {
        hasText: 'Họ và tên người đề nghị',
      })
      .waitFor()
    await page.locator('[data-test="autosave"][data-state="saved"]').waitFor()
    await ui.screenshot('02-form-designer')
    await page.locator('[data-tab="translations"]').click()
    await page.locator('[data-test="translations"] textarea').first().fill('Applicant’s full name')
    await page.locator('[data-test="missing-translations"]', { hasText: 'Thiếu 0' }).waitFor()
    await page.locator('[data-tab="preview"]').click()
    await page.locator('#preview-locale').selectOption('en')
    await page
      .locator('[data-test="form-preview"] .fjs-form-field-label', {
        hasText: 'Applicant’s full name',
      })
      .waitFor()
    await ui.screenshot('03-form-preview-english')
    await page.locator('[data-test="publish-form"]').click()
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã phát hành phiên bản 1 của biểu mẫu.' })
      .waitFor()

    // then, back in the modeler, the model has no error (bpmnlint with Camunda 8 rules,
    // the engine's validation, the linked form)
    await page.goto(modelerUrl)
    await page.locator('.djs-element', { hasText: 'Kiểm tra hồ sơ' }).first().waitFor()
    assert.equal(await errorCount(page), 0)
    await ui.screenshot('04-modeler-checked')

    // when they publish the process
    await page.locator('[data-test="publish"]').click()
    const publishDialog = page.getByRole('dialog', { name: 'Phát hành phiên bản mới' })
    await publishDialog.locator('[data-test="publish-note"]').fill('Phiên bản đầu tiên')
    await publishDialog.getByRole('button', { name: 'Phát hành' }).click()
    await page.getByRole('status').filter({ hasText: 'Đã phát hành phiên bản 1.' }).waitFor()
    await page.locator('.badge', { hasText: 'Đã phát hành: phiên bản 1' }).waitFor()

    // and start a test instance with its dossier code
    await page.locator('[data-test="test-run"]').click()
    const start = page.getByRole('dialog', { name: 'Khởi tạo hồ sơ chạy thử' })
    await start.locator('[data-test="variables"]').fill('{ "dossierCode": "HS-2026-0001" }')
    await start.getByRole('button', { name: 'Khởi tạo' }).click()

    // then they follow it: the instance waits at the user task
    await page.locator('main h1', { hasText: 'hồ sơ' }).waitFor()
    const instanceKey = new URL(page.url()).pathname.split('/').pop()!
    const waiting = page.locator('[data-test="run-canvas"] .senflow-run--active', {
      hasText: 'Kiểm tra hồ sơ',
    })
    await waiting.waitFor()
    assert.equal(await page.locator('[data-test="run-state"]').getAttribute('data-state'), 'ACTIVE')
    await page
      .locator('[data-test="waiting-for"]', { hasText: 'Phòng Hợp pháp hóa lãnh sự' })
      .waitFor()
    await ui.screenshot('05-test-run')

    // and the task is offered to the Legalization Division's staff, with its form
    const staff = await request.newContext({ baseURL: baseUrl() })
    cleanup(() => staff.dispose())
    const login = await staff.post('/api/auth/login', {
      data: { email: 'staff@demo.senflow.local', password: DEMO_PASSWORD },
    })
    assert.equal(login.status(), 200)
    let task: { id: number; name: string; processInstanceKey: string } | undefined
    for (let attempt = 0; attempt < 40 && !task; attempt++) {
      const answer = await staff.get('/api/tasks?queue=units&state=open&perPage=100')
      const { items } = (await answer.json()) as {
        items: { id: number; name: string; processInstanceKey: string }[]
      }
      task = items.find((item) => String(item.processInstanceKey) === instanceKey)
      if (!task) await page.waitForTimeout(250)
    }
    assert.exists(task, 'the user task reached the unit’s inbox')
    assert.equal(task!.name, 'Kiểm tra hồ sơ')
    const detail = (await (await staff.get(`/api/tasks/${task!.id}`)).json()) as {
      form: { schema: { components: { label?: string }[] } } | null
    }
    assert.include(
      JSON.stringify(detail.form?.schema ?? {}),
      'Họ và tên người đề nghị',
      'the task shows the form the owner designed'
    )

    // and no page complained
    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(180_000)

  test('it should refuse to publish a model with errors and show them on the canvas', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('studio-invalid-model')
    cleanup(() => ui.close())
    const { page } = ui
    const processName = unique('Quy trình chưa hoàn chỉnh')

    // given a process with a service task that names no job type and no connector
    await ui.signIn('owner@demo.senflow.local')
    await createProcess(ui, processName)
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').click()
    await append(page, 'append.append-task', 'Gửi kết quả')
    await page.locator('.djs-context-pad [data-action="replace"]').click()
    await page.locator('.djs-popup [data-id="replace-with-service-task"]').click()
    await append(page, 'append.end-event')
    await saved(page)

    // when they publish
    await page.locator('[data-test="publish"]').click()

    // then publishing is refused with the problems listed and marked on the canvas
    await page
      .getByRole('alert')
      .filter({ hasText: /Chưa phát hành: cần sửa \d+ lỗi trước/ })
      .waitFor()
    assert.isAbove(
      Number(
        /\d+/.exec((await page.locator('[data-test="problem-errors"]').textContent()) ?? '')?.[0]
      ),
      0
    )
    const badge = page.locator('.senflow-problem-badge--error')
    await badge.first().waitFor()
    const serviceTaskId = await page
      .locator('.djs-element.senflow-problem--error', { hasText: 'Gửi kết quả' })
      .getAttribute('data-element-id')
    assert.exists(serviceTaskId)
    await page
      .locator(`[data-test="problems"] li[data-element-id="${serviceTaskId}"]`)
      .first()
      .waitFor()
    assert.isFalse(await page.getByRole('dialog', { name: 'Phát hành phiên bản mới' }).isVisible())
    await ui.screenshot('01-refused')

    // and nothing was deployed
    const modelId = new URL(page.url()).pathname.split('/').pop()
    const versions = (await page.evaluate(
      async (id) => (await fetch(`/api/process-models/${id}/versions`)).json(),
      modelId
    )) as { items: unknown[] }
    assert.deepEqual(versions.items, [])
    assert.isTrue(await page.locator('.badge', { hasText: 'Bản nháp' }).first().isVisible())

    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)

  test('it should lay out an imported file without a diagram, and compare two published versions', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('studio-import-versions')
    cleanup(() => ui.close())
    const { page } = ui
    const processId = `passport_renewal_${Date.now().toString(36)}`

    // given a generated procedure with no diagram information
    const generated = readFileSync(
      app.makePath('admin-ui/tests/studio/fixtures/generated_without_diagram.bpmn'),
      'utf8'
    ).replaceAll('passport_renewal', processId)
    assert.notInclude(generated, 'BPMNShape')

    // when the process owner imports it
    await ui.signIn('owner@demo.senflow.local')
    await page.locator('[data-test="import-file"]').setInputFiles({
      name: 'passport_renewal.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(generated),
    })

    // then it opens laid out, every step drawn
    await page
      .getByRole('status')
      .filter({ hasText: 'Tệp không có sơ đồ nên đã được tự động sắp xếp bố cục.' })
      .waitFor()
    for (const id of ['apply', 'review', 'decision', 'ask', 'issue', 'issued']) {
      await page.locator(`[data-test="canvas"] .djs-element[data-element-id="${id}"]`).waitFor()
    }
    await saved(page)
    assert.equal(await errorCount(page), 0)
    await ui.screenshot('01-imported')

    // when they publish it, rename a step, and publish again
    const publish = async (note: string, version: number) => {
      await page.locator('[data-test="publish"]').click()
      const dialog = page.getByRole('dialog', { name: 'Phát hành phiên bản mới' })
      await dialog.locator('[data-test="publish-note"]').fill(note)
      await dialog.getByRole('button', { name: 'Phát hành' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: `Đã phát hành phiên bản ${version}.` })
        .waitFor()
    }
    await publish('Nhập từ mô tả thủ tục', 1)
    await page.locator('[data-test="canvas"] .djs-element[data-element-id="review"]').click()
    const name = page.locator('#bio-properties-panel-name')
    if (!(await name.isVisible())) {
      await page.locator('.bio-properties-panel-group-header', { hasText: 'Chung' }).click()
    }
    await name.fill('Thẩm định hồ sơ')
    // the label may wrap over lines (its words then touch in the text): compare without spaces
    const review = page.locator('[data-test="canvas"] .djs-element[data-element-id="review"]')
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await review.textContent())?.replace(/\s+/g, '') === 'Thẩmđịnhhồsơ') break
      await page.waitForTimeout(100)
    }
    assert.equal((await review.textContent())?.replace(/\s+/g, ''), 'Thẩmđịnhhồsơ')
    await saved(page)
    await publish('Đổi tên bước thẩm định', 2)

    // then the history lists both versions with their notes
    await page.locator('[data-test="versions-tab"]').click()
    const versions = page.locator('[data-test="versions"]')
    await versions.getByText('Đổi tên bước thẩm định').waitFor()
    await versions.getByText('Nhập từ mô tả thủ tục').waitFor()

    // and comparing them shows the renamed step as changed, on both diagrams
    await versions.getByLabel('Từ').selectOption('1')
    await versions.getByLabel('Đến').selectOption('2')
    await versions.locator('[data-test="compare"]').click()
    await page.locator('[data-test="diff-summary"]', { hasText: '1 được sửa' }).waitFor()
    assert.equal(
      await page
        .locator('li[data-change="changed"]')
        .textContent()
        .then((text) => text?.includes('tên')),
      true
    )
    await page
      .locator('[data-test="diff-before"] .senflow-diff--changed[data-element-id="review"]')
      .waitFor()
    await page
      .locator('[data-test="diff-after"] .senflow-diff--changed[data-element-id="review"]')
      .waitFor()
    await ui.screenshot('02-compare')

    // and version 1 opens read-only, with its old name
    await page.goBack()
    await page.locator('[data-test="versions-tab"]').click()
    await page
      .locator('[data-test="versions"] li', { hasText: 'Phiên bản 1' })
      .getByRole('link', { name: 'Mở' })
      .click()
    await page.locator('main h1', { hasText: 'phiên bản 1' }).waitFor()
    await page
      .locator('[data-test="version-canvas"] .djs-element', { hasText: 'Review the application' })
      .waitFor()
    assert.isFalse(await page.locator('.djs-palette').isVisible())
    await ui.screenshot('03-version-1')

    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)

  test('it should tell the owner when someone else saved the draft meanwhile, and reload it', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('studio-draft-conflict')
    cleanup(() => ui.close())
    const { page } = ui

    // given a process open in the modeler
    await ui.signIn('owner@demo.senflow.local')
    await createProcess(ui, unique('Quy trình sửa song song'))
    await saved(page)
    const modelId = new URL(page.url()).pathname.split('/').pop()

    // when someone else saves the draft (a second tab, another owner)
    const saveElsewhere = await page.evaluate(async (id) => {
      const model = (await (await fetch(`/api/process-models/${id}`)).json()) as {
        xml: string
        draftRevision: number
      }
      // (the page's cookies, as the app's own requests send them)
      const cookies = (globalThis as unknown as { document: { cookie: string } }).document.cookie
      const token = decodeURIComponent(/XSRF-TOKEN=([^;]+)/.exec(cookies)![1])
      const answer = await fetch(`/api/process-models/${id}/draft`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': token },
        body: JSON.stringify({
          xml: model.xml.replace(
            '<bpmn:startEvent id="StartEvent_1"',
            '<bpmn:startEvent id="StartEvent_1" name="Nhận hồ sơ"'
          ),
          revision: model.draftRevision,
        }),
      })
      return answer.status
    }, modelId)
    assert.equal(saveElsewhere, 200)

    // and the owner changes the model here
    ui.allowProblem(/status of 409/)
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').click()
    await append(page, 'append.end-event')

    // then the page says the change was not saved, and offers to reload the saved draft
    await page.locator('[data-test="autosave"][data-state="conflict"]').waitFor()
    const notice = page.getByRole('alert').filter({ hasText: 'Người khác đã lưu quy trình này' })
    await notice.waitFor()
    assert.isTrue(await page.locator('[data-test="publish"]').isDisabled())
    await ui.screenshot('01-conflict')
    await notice.getByRole('button', { name: 'Tải lại bản đã lưu' }).click()
    await page.locator('[data-test="canvas"] .djs-element', { hasText: 'Nhận hồ sơ' }).waitFor()
    await saved(page)
    assert.isFalse(await notice.isVisible())

    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(120_000)
})

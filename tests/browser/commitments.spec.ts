import { test } from '@japa/runner'
import { loadDemoCommitments } from '#services/demo_commitments'
import { closeBrowser, openUi } from './browser.js'

test.group('Browser / commitments, dashboards and the working calendar', (group) => {
  group.setup(async () => {
    await loadDemoCommitments({ force: true })
  })
  group.teardown(closeBrowser)

  test('a leader follows commitments and reads the dashboards; an administrator reads the calendar', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('commitments')
    cleanup(() => ui.close())
    const { page } = ui

    // the register, filtered to overdue commitments
    await ui.signIn('leader@demo.senflow.local')
    await ui.visit('/commitments?statusClass=overdue')
    await page.locator('main h1', { hasText: 'Theo dõi nhiệm vụ, cam kết' }).waitFor()
    const rows = page.locator('[data-test="commitment-table"] tbody tr')
    await rows.first().waitFor()
    assert.include(await rows.first().textContent(), 'Quá hạn')
    await ui.screenshot('01-register')

    // one commitment with its timeline
    await rows.first().getByRole('link').click()
    await page.locator('.timeline li').first().waitFor()
    assert.include(await page.locator('.timeline').textContent(), 'Ghi nhận cam kết')
    await ui.screenshot('02-commitment')

    // the dashboards with their charts and the overdue list
    await ui.visit('/dashboards')
    await page.locator('[data-test="commitment-dashboard"] canvas').first().waitFor()
    await page.locator('[data-test="overdue-list"] tbody tr').first().waitFor()
    assert.isAbove(await page.locator('[data-test="dossier-dashboard"] canvas').count(), 0)
    await ui.screenshot('03-dashboards')
    await ui.signOut()

    // the calendar of 2025 for an administrator, with the deadline calculator
    await ui.signIn('admin@demo.senflow.local')
    await ui.visit('/admin/calendar')
    await page.locator('#calendar-year').fill('2025')
    await page.getByRole('button', { name: 'Lọc', exact: true }).click()
    await page.locator('[data-test="calendar-year"] input[type="date"]').first().waitFor()
    assert.equal(
      await page.locator('[data-test="calendar-year"] input[type="date"]').first().inputValue(),
      '2025-01-01'
    )
    await page.locator('#calc-from').fill('2025-01-24')
    await page.locator('#calc-days').fill('1')
    await page.getByRole('button', { name: 'Tính', exact: true }).click()
    await page.locator('[data-test="calendar-answer"]', { hasText: '2025-02-03' }).waitFor()
    await ui.screenshot('04-calendar')

    assert.deepEqual(ui.unexpectedProblems(), [])
  }).timeout(180_000)
})

import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { closeBrowser, hasFocus, openUi } from './browser.js'

test.group('Browser / shell', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(closeBrowser)

  test('it should send a signed-out visitor to sign-in and back to the page asked for', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('shell-redirect')
    cleanup(() => ui.close())
    const { page } = ui
    // the wrong password below is refused by the server, which the browser logs
    ui.allowProblem(/status of 401/)

    // given a visitor opening the audit log
    await page.goto('/administration/audit-log?action=auth.')
    await page.locator('input[name="email"]').waitFor()
    assert.equal(
      new URL(page.url()).searchParams.get('redirect'),
      '/administration/audit-log?action=auth.'
    )

    // when the password is wrong, the form says so
    await page.locator('input[name="email"]').fill('auditor@demo.senflow.local')
    await page.locator('input[name="password"]').fill('not-the-password')
    await page.locator('form button[type="submit"]').click()
    const error = page.locator('[data-test="sign-in-error"]')
    await error.waitFor()
    assert.equal(
      await error.textContent().then((t) => t?.trim()),
      'Email hoặc mật khẩu không đúng.'
    )
    await ui.screenshot('01-wrong-password')

    // when the password is right, the audit log opens with its filter
    await ui.signIn('auditor@demo.senflow.local')
    assert.equal(new URL(page.url()).pathname, '/administration/audit-log')
    assert.equal(await page.locator('#audit-action').inputValue(), 'auth.')
    await page.locator('[data-test="audit-table"]').waitFor()
    await ui.screenshot('02-audit-log')

    // and its CSV export holds the same entries
    const csvPath = await page.locator('[data-test="audit-csv"]').getAttribute('href')
    assert.equal(csvPath, '/api/audit-logs?action=auth.&format=csv')
    const csv = await page.evaluate(async (path) => {
      const response = await fetch(path!)
      return { type: response.headers.get('content-type'), text: await response.text() }
    }, csvPath)
    assert.match(csv.type ?? '', /^text\/csv/)
    assert.include(csv.text, 'auth.login')

    assert.deepEqual(ui.unexpectedProblems(), [])
  })

  test('it should fold the navigation away on a tablet and open it on demand', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('shell-tablet', { viewport: { width: 900, height: 1100 } })
    cleanup(() => ui.close())
    const { page } = ui

    // given an administrator on a tablet: the navigation is folded away
    await ui.signIn('admin@demo.senflow.local')
    const toggle = page.locator('button[aria-controls="app-nav"]')
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    assert.isFalse(await page.locator('#app-nav').isVisible())
    await ui.screenshot('01-folded')

    // when the menu button opens it, it lies over the page
    await toggle.click()
    assert.isTrue(await page.locator('#app-nav').isVisible())
    await ui.screenshot('02-open')

    // when Escape is pressed, it folds and the focus returns to the button
    await page.keyboard.press('Escape')
    assert.isFalse(await page.locator('#app-nav').isVisible())
    assert.isTrue(await hasFocus(toggle))

    // when a page is chosen from it, it folds again
    await toggle.click()
    await page.locator('[data-nav="users"]').click()
    await page.locator('main h1', { hasText: 'Người dùng' }).waitFor()
    assert.isFalse(await page.locator('#app-nav').isVisible())
    await ui.screenshot('03-users')

    assert.deepEqual(ui.unexpectedProblems(), [])
  })
})

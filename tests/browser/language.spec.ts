import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { closeBrowser, openUi } from './browser.js'

test.group('Browser / language', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(closeBrowser)

  test('it should switch the UI language and remember it after a reload', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('language-switch')
    cleanup(() => ui.close())
    const { page } = ui

    // given a first visit: Vietnamese
    await page.goto('/')
    await page.locator('main h1').waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi')
    assert.equal(await page.locator('main h1').textContent(), 'Đăng nhập vào Senflow')
    await ui.signIn('leader@demo.senflow.local')
    assert.equal(await page.locator('main h1').textContent(), 'Hộp công việc')
    await ui.screenshot('01-vietnamese')

    // when the user picks English
    await page.getByRole('button', { name: 'English' }).click()

    // then the page, the navigation, the title and <html lang> are English
    await page.locator('main h1', { hasText: 'Inbox' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    assert.equal(
      await page
        .locator('[data-nav="users"]')
        .textContent()
        .then((t) => t?.trim()),
      'Users'
    )
    assert.equal(await page.title(), 'Inbox · Senflow')
    assert.equal(
      await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'),
      'true'
    )
    await ui.screenshot('02-english')

    // when the page is reloaded
    await page.reload()
    await page.locator('main h1').waitFor()

    // then it is still English, and the choice is saved in the profile
    assert.equal(await page.locator('main h1').textContent(), 'Inbox')
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    const saved = await page.evaluate(async () => {
      const answer = (await (await fetch('/api/auth/me')).json()) as { user: { locale: string } }
      return answer.user.locale
    })
    assert.equal(saved, 'en')
    await ui.screenshot('03-english-after-reload')

    // and after signing out the sign-in page stays English
    await ui.signOut()
    assert.equal(await page.locator('main h1').textContent(), 'Sign in to Senflow')
    await ui.screenshot('04-english-sign-in')

    assert.deepEqual(ui.unexpectedProblems(), [])
  })
})

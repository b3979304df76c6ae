import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { baseUrl } from '#tests/helpers'
import { closeBrowser, hasFocus, openUi } from './browser.js'

test.group('Browser / access tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(closeBrowser)

  test('it should show a new token once, and rename and revoke it from the keyboard', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('tokens')
    cleanup(() => ui.close())
    const { page, context } = ui
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() })

    // given a staff member on their tokens page
    await ui.signIn('staff@demo.senflow.local')
    await page.locator('[data-nav="tokens"]').click()
    await page.getByText('Chưa có mã truy cập nào.').waitFor()

    // when they create a token
    const create = page.getByRole('button', { name: 'Tạo mã truy cập' })
    await create.click()
    const dialog = page.getByRole('dialog', { name: 'Tạo mã truy cập' })
    await dialog.getByLabel('Tên mã').fill('Máy quét hồ sơ')
    await dialog.getByLabel('Thời hạn').selectOption('90')
    await dialog.getByRole('button', { name: 'Tạo' }).click()

    // then its value is shown once, and can be copied
    const value = page.locator('[data-test="token-value"]')
    await value.waitFor()
    const token = await value.inputValue()
    assert.match(token, /^sfl_|^oat_|\S{20,}/)
    await page.getByRole('button', { name: 'Sao chép' }).click()
    await page.getByText('Đã sao chép mã vào bộ nhớ tạm.').waitFor()
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), token)
    await ui.screenshot('01-value-shown-once')

    // and the token works for the API
    const me = await fetch(`${baseUrl()}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(me.status, 200)

    // when Escape closes the dialog, the value is gone and the focus is back on the page
    await page.keyboard.press('Escape')
    await value.waitFor({ state: 'detached' })
    const row = page.locator('[data-test="tokens-table"] tbody tr')
    assert.equal(await row.count(), 1)
    assert.include(await row.textContent(), 'Máy quét hồ sơ')
    assert.notInclude(await page.content(), token)
    assert.isTrue(await hasFocus(create))

    // when they rename it with the keyboard
    await row.getByRole('button', { name: /Đổi tên/ }).focus()
    await page.keyboard.press('Enter')
    const rename = page.getByRole('dialog', { name: 'Đổi tên mã truy cập' })
    await rename.getByLabel('Tên mã').fill('Máy quét hồ sơ tầng 1')
    await page.keyboard.press('Enter')
    await page.getByText('Đã đổi tên mã truy cập.').waitFor()
    assert.include(await row.textContent(), 'Máy quét hồ sơ tầng 1')

    // when they start revoking it, Escape cancels and returns the focus
    const revoke = row.getByRole('button', { name: /Thu hồi/ })
    await revoke.click()
    const confirm = page.getByRole('dialog', { name: 'Thu hồi mã truy cập?' })
    await confirm.waitFor()
    assert.isTrue(await hasFocus(confirm.getByRole('button', { name: 'Hủy' })))
    await ui.screenshot('02-confirm-revoke')
    await page.keyboard.press('Escape')
    await confirm.waitFor({ state: 'hidden' })
    assert.isTrue(await hasFocus(revoke))

    // when they confirm, the token is revoked and stops working
    await revoke.click()
    await confirm.getByRole('button', { name: 'Thu hồi' }).click()
    await page.getByText('Chưa có mã truy cập nào.').waitFor()
    const after = await fetch(`${baseUrl()}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(after.status, 401)
    await ui.screenshot('03-revoked')

    assert.deepEqual(ui.unexpectedProblems(), [])
  })
})

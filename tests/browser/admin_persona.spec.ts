import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { closeBrowser, openUi } from './browser.js'

test.group('Browser / administrator persona', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(closeBrowser)

  test('it should let an administrator create a unit and a user who can then sign in', async ({
    assert,
    cleanup,
  }) => {
    const ui = await openUi('admin-persona')
    cleanup(() => ui.close())
    const { page } = ui

    // given an administrator signed in
    await ui.signIn('admin@demo.senflow.local')
    const adminNav = await page
      .locator('nav.side-nav a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))
    assert.includeMembers(adminNav as string[], [
      'inbox',
      'studio-processes',
      'studio-forms',
      'monitor',
      'units',
      'users',
      'connectors',
      'audit-log',
      'profile',
      'tokens',
    ])
    await ui.screenshot('01-admin-signed-in')

    // when they add a division under the Consular Department
    await page.locator('[data-nav="units"]').click()
    await page.locator('[role="treeitem"]', { hasText: 'CONSULAR' }).first().waitFor()
    // (a tree item holds its sub-units: click its own row)
    await page
      .getByRole('treeitem', { name: /Cục Lãnh sự/ })
      .locator(':scope > .tree-item__row')
      .click()
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click()
    const unitDialog = page.getByRole('dialog', { name: /Đơn vị mới trực thuộc Cục Lãnh sự/ })
    await unitDialog.getByLabel('Mã đơn vị').fill('consular-visa')
    await unitDialog.getByLabel('Tên tiếng Việt').fill('Phòng Thị thực')
    await unitDialog.getByLabel('Tên tiếng Anh').fill('Visa Division')
    await ui.screenshot('02-unit-form')
    await unitDialog.getByRole('button', { name: 'Tạo' }).click()

    // then the tree shows it, selected, under its parent
    const created = page.getByRole('treeitem', { name: /Phòng Thị thực/ })
    await created.waitFor()
    assert.equal(await created.getAttribute('aria-selected'), 'true')
    assert.equal(await created.getAttribute('aria-level'), '3')
    assert.equal(await page.locator('main h2#units-detail-title').textContent(), 'Phòng Thị thực')
    await page.getByRole('status').filter({ hasText: 'Đã tạo đơn vị CONSULAR-VISA.' }).waitFor()
    await ui.screenshot('03-unit-created')

    // when they create a staff member in that division
    await page.locator('[data-nav="users"]').click()
    await page.getByRole('button', { name: 'Thêm người dùng' }).click()
    const userDialog = page.getByRole('dialog', { name: 'Thêm người dùng' })
    await userDialog.getByLabel('Họ và tên').fill('Đặng Thị Hoa')
    await userDialog.getByLabel('Email').fill('hoa.dang@demo.senflow.local')
    await userDialog.getByLabel('Mật khẩu ban đầu').fill('mat-khau-tam-1')
    await userDialog.getByLabel('Nhập lại mật khẩu').fill('mat-khau-tam-1')
    await userDialog.getByRole('checkbox', { name: /Phòng Thị thực/ }).check()
    assert.isTrue(await userDialog.getByRole('checkbox', { name: 'Chuyên viên' }).isChecked())
    await ui.screenshot('04-user-form')
    await userDialog.getByRole('button', { name: 'Tạo' }).click()

    // then the directory lists them
    const row = page.locator('tr[data-user-email="hoa.dang@demo.senflow.local"]')
    await row.waitFor()
    assert.include(await row.textContent(), 'Phòng Thị thực')
    assert.include(await row.textContent(), 'Chuyên viên')
    await ui.screenshot('05-user-created')

    // when they store a secret for a connector on the connectors page
    await page.locator('[data-nav="connectors"]').click()
    await page.locator('main h1', { hasText: 'Kết nối' }).waitFor()
    await page.getByRole('button', { name: 'Khóa bí mật mới' }).click()
    const secretDialog = page.getByRole('dialog', { name: 'Khóa bí mật mới' })
    await secretDialog.getByLabel('Tên').fill('VISA_PORTAL_TOKEN')
    await secretDialog.getByLabel('Giá trị').fill('s3cr3t-value-never-shown')
    assert.equal(await secretDialog.getByLabel('Giá trị').getAttribute('type'), 'password')
    await secretDialog.getByRole('button', { name: 'Lưu' }).click()

    // then it is listed by name, its value nowhere on the page
    await page.getByRole('status').filter({ hasText: 'Đã lưu khóa VISA_PORTAL_TOKEN.' }).waitFor()
    await page.locator('main td', { hasText: 'VISA_PORTAL_TOKEN' }).waitFor()
    assert.notInclude(await page.locator('main').textContent(), 's3cr3t-value-never-shown')
    await ui.screenshot('05b-connectors')

    // and the audit log finds it by subject type, with a CSV export of what it shows
    await page.locator('[data-nav="audit-log"]').click()
    await page.locator('main h1').waitFor()
    await page.getByLabel('Loại đối tượng').selectOption('secret')
    await page.locator('form.filters button[type="submit"]').click()
    await page.locator('main tbody tr', { hasText: 'VISA_PORTAL_TOKEN' }).first().waitFor()
    assert.match(
      (await page.locator('[data-test="audit-csv"]').getAttribute('href')) ?? '',
      /subjectType=secret.*format=csv|format=csv.*subjectType=secret/
    )
    await ui.screenshot('05c-audit-log')

    // when the administrator signs out and the new user signs in
    await ui.signOut()
    await page.getByText('Bạn đã đăng xuất.').waitFor()
    await ui.screenshot('06-signed-out')
    await ui.signIn('hoa.dang@demo.senflow.local', 'mat-khau-tam-1')

    // then they see the navigation of a staff member, and their unit
    const staffNav = await page
      .locator('nav.side-nav a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))
    assert.includeMembers(staffNav as string[], ['inbox', 'units', 'profile', 'tokens'])
    assert.notInclude(staffNav, 'monitor')
    assert.equal(new URL(page.url()).pathname, '/inbox')
    assert.equal(
      await page.locator('button[aria-haspopup="menu"]').getAttribute('aria-label'),
      'Tài khoản: Đặng Thị Hoa'
    )
    await ui.screenshot('07-new-user-home')
    await page.locator('[data-nav="profile"]').click()
    await page.locator('main h1', { hasText: 'Hồ sơ cá nhân' }).waitFor()
    assert.include(await page.locator('.profile__units').textContent(), 'Phòng Thị thực')
    await ui.screenshot('08-new-user-profile')

    // and no page complained
    assert.deepEqual(ui.unexpectedProblems(), [])
  })
})

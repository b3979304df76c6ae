import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { demoUser } from '#tests/helpers'

test.group('Organisation / units', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should list the demo unit tree', async ({ client, assert }) => {
    const staff = await demoUser('staff')
    const response = await client.get('/api/units').qs({ tree: true }).loginAs(staff)
    response.assertStatus(200)
    const [mofa] = response.body().items
    assert.equal(mofa.code, 'MOFA')
    const consular = mofa.children.find((unit: any) => unit.code === 'CONSULAR')
    assert.sameMembers(
      consular.children.map((unit: any) => unit.code),
      ['CONSULAR-LEGAL', 'CONSULAR-PASSPORT']
    )
  })

  test('it should let an admin create a unit under a parent', async ({ client }) => {
    const admin = await demoUser('admin')
    const parent = await db.from('units').where('code', 'CONSULAR').first()
    const response = await client
      .post('/api/units')
      .json({
        code: 'consular-visa',
        nameVi: 'Phòng Thị thực',
        nameEn: 'Visa Division',
        parentId: parent.id,
      })
      .loginAs(admin)
    response.assertStatus(201)
    response.assertBodyContains({ code: 'CONSULAR-VISA', parentId: parent.id, active: true })
  })

  test('it should refuse a duplicate code and an unknown parent with 422', async ({ client }) => {
    const admin = await demoUser('admin')
    const response = await client
      .post('/api/units')
      .json({ code: 'OFFICE', nameVi: 'x', nameEn: 'x', parentId: 9999 })
      .loginAs(admin)
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'code' }, { field: 'parentId' }] })
  })

  test('it should refuse to make a unit its own ancestor', async ({ client }) => {
    const admin = await demoUser('admin')
    const consular = await db.from('units').where('code', 'CONSULAR').first()
    const legal = await db.from('units').where('code', 'CONSULAR-LEGAL').first()
    const response = await client
      .patch(`/api/units/${consular.id}`)
      .json({ parentId: legal.id })
      .loginAs(admin)
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'parentId', code: 'E_UNIT_CYCLE' }] })
  })

  test('it should forbid staff to create units', async ({ client }) => {
    const staff = await demoUser('staff')
    const response = await client
      .post('/api/units')
      .json({ code: 'X', nameVi: 'x', nameEn: 'x' })
      .loginAs(staff)
    response.assertStatus(403)
    response.assertBodyContains({ errors: [{ code: 'E_AUTHORIZATION_FAILURE' }] })
  })
})

test.group('Organisation / users', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should let an admin create a user with units and roles, who can then sign in', async ({
    client,
  }) => {
    const admin = await demoUser('admin')
    const created = await client
      .post('/api/users')
      .json({
        email: 'New.Person@Demo.Senflow.Local',
        fullName: 'Đỗ Thị Hoa',
        password: 'a-long-password',
        unitCodes: ['INTL-LAW'],
        roles: ['staff', 'leader'],
      })
      .loginAs(admin)
    created.assertStatus(201)
    created.assertBodyContains({
      email: 'new.person@demo.senflow.local',
      roles: ['leader', 'staff'],
      units: [{ code: 'INTL-LAW', primary: true }],
    })

    const login = await client
      .post('/api/auth/login')
      .json({ email: 'new.person@demo.senflow.local', password: 'a-long-password' })
    login.assertStatus(200)
  })

  test('it should refuse a duplicate email, an unknown unit and a malformed body and store nothing', async ({
    client,
    assert,
  }) => {
    const admin = await demoUser('admin')
    const before = await db.from('users').count('* as total').first()

    const duplicate = await client
      .post('/api/users')
      .json({ email: 'staff@demo.senflow.local', fullName: 'X', password: 'a-long-password' })
      .loginAs(admin)
    duplicate.assertStatus(422)
    duplicate.assertBodyContains({ errors: [{ field: 'email', code: 'E_VALIDATION_ERROR' }] })

    const unknownUnit = await client
      .post('/api/users')
      .json({
        email: 'x@demo.senflow.local',
        fullName: 'X',
        password: 'a-long-password',
        unitIds: [424242],
      })
      .loginAs(admin)
    unknownUnit.assertStatus(422)
    unknownUnit.assertBodyContains({ errors: [{ field: 'unitIds.0' }] })

    const malformed = await client
      .post('/api/users')
      .json({ email: 42, roles: ['emperor'] })
      .loginAs(admin)
    malformed.assertStatus(422)
    const fields = malformed.body().errors.map((error: any) => error.field)
    assert.includeMembers(fields, ['email', 'fullName', 'password', 'roles.0'])

    const after = await db.from('users').count('* as total').first()
    assert.equal(Number(after.total), Number(before.total))
  })

  test('it should replace roles and units on update and deactivate a user', async ({ client }) => {
    const admin = await demoUser('admin')
    const staff2 = await demoUser('staff2')
    const updated = await client
      .patch(`/api/users/${staff2.id}`)
      .json({ roles: ['staff', 'leader'], unitCodes: ['CONSULAR-LEGAL'] })
      .loginAs(admin)
    updated.assertStatus(200)
    updated.assertBodyContains({ roles: ['leader', 'staff'], units: [{ code: 'CONSULAR-LEGAL' }] })

    const deactivated = await client.delete(`/api/users/${staff2.id}`).loginAs(admin)
    deactivated.assertBodyContains({ active: false })
    const login = await client
      .post('/api/auth/login')
      .json({ email: 'staff2@demo.senflow.local', password: 'senflow-demo' })
    login.assertStatus(401)
  })

  test('it should refuse a time zone that is not an IANA name', async ({ client }) => {
    const admin = await demoUser('admin')
    const staff = await demoUser('staff')
    const response = await client
      .patch(`/api/users/${staff.id}`)
      .json({ timeZone: 'Mars/Olympus' })
      .loginAs(admin)
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'timeZone', rule: 'timeZone' }] })
    ;(
      await client.patch(`/api/users/${staff.id}`).json({ timeZone: 'Europe/Paris' }).loginAs(admin)
    ).assertStatus(200)
  })

  test('it should filter users by unit and role', async ({ client, assert }) => {
    const owner = await demoUser('owner')
    const response = await client
      .get('/api/users')
      .qs({ unit: 'CONSULAR-LEGAL', role: 'staff' })
      .loginAs(owner)
    response.assertStatus(200)
    assert.deepEqual(
      response.body().items.map((user: any) => user.email),
      ['staff@demo.senflow.local']
    )
  })

  test('it should give staff 403 on the user directory and anonymous callers 401', async ({
    client,
  }) => {
    const staff = await demoUser('staff')
    ;(await client.get('/api/users').loginAs(staff)).assertStatus(403)
    ;(await client.post('/api/users').json({}).loginAs(staff)).assertStatus(403)
    ;(await client.get('/api/users')).assertStatus(401)
  })

  test('it should record admin changes in the audit log', async ({ client, assert }) => {
    const admin = await demoUser('admin')
    await client
      .post('/api/units')
      .json({ code: 'AUDITED', nameVi: 'x', nameEn: 'x' })
      .loginAs(admin)
    const entry = await db
      .from('audit_logs')
      .where('action', 'unit.create')
      .orderBy('id', 'desc')
      .first()
    assert.equal(entry.actor_email, 'admin@demo.senflow.local')
    assert.include(entry.details, 'AUDITED')
  })
})

test.group('Audit log', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should let auditors filter the audit log and export it as CSV, and not staff', async ({
    client,
    assert,
  }) => {
    const admin = await demoUser('admin')
    const auditor = await demoUser('auditor')
    const staff = await demoUser('staff')
    await client
      .post('/api/units')
      .json({ code: 'CSV-UNIT', nameVi: 'Đơn vị, "mới"', nameEn: 'x' })
      .loginAs(admin)

    const listed = await client.get('/api/audit-logs').qs({ action: 'unit.' }).loginAs(auditor)
    listed.assertStatus(200)
    assert.equal(listed.body().items[0].action, 'unit.create')
    assert.equal(listed.body().items[0].actorEmail, 'admin@demo.senflow.local')

    const csv = await client
      .get('/api/audit-logs')
      .qs({ format: 'csv', action: 'unit.' })
      .loginAs(auditor)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    assert.include(csv.text(), 'unit.create')

    ;(await client.get('/api/audit-logs').loginAs(staff)).assertStatus(403)
  })
})

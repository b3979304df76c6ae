import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { demoUser } from '#tests/helpers'

test.group('Access tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should create a token shown once, stored hashed, usable as Bearer, then revoked', async ({
    client,
    assert,
  }) => {
    // given
    const staff = await demoUser('staff')
    const created = await client.post('/api/tokens').json({ name: 'my worker' }).loginAs(staff)
    created.assertStatus(201)
    const { id, token } = created.body()
    assert.match(token, /^sfl_/)

    // then only a hash is stored
    const row = await db.from('auth_access_tokens').where('id', id).first()
    assert.notInclude(row.hash, token)
    assert.notInclude(token, row.hash)

    // and the token authenticates
    const me = await client.get('/api/auth/me').bearerToken(token)
    me.assertStatus(200)
    me.assertBodyContains({ user: { email: 'staff@demo.senflow.local' } })

    // and the list never shows the value
    const listed = await client.get('/api/tokens').loginAs(staff)
    assert.notProperty(listed.body().items[0], 'token')
    assert.equal(listed.body().items[0].name, 'my worker')

    // when revoked
    const renamed = await client.patch(`/api/tokens/${id}`).json({ name: 'renamed' }).loginAs(staff)
    renamed.assertBodyContains({ name: 'renamed' })
    ;(await client.delete(`/api/tokens/${id}`).loginAs(staff)).assertStatus(204)

    // then it stops working
    ;(await client.get('/api/auth/me').bearerToken(token)).assertStatus(401)
  })

  test("it should keep users away from other users' tokens; admins create worker tokens", async ({
    client,
  }) => {
    const staff = await demoUser('staff')
    const staff2 = await demoUser('staff2')
    const admin = await demoUser('admin')
    const created = await client.post('/api/tokens').json({ name: 'mine' }).loginAs(staff)

    ;(await client.delete(`/api/tokens/${created.body().id}`).loginAs(staff2)).assertStatus(403)
    ;(
      await client.post('/api/tokens').json({ name: 'x', userId: staff.id }).loginAs(staff2)
    ).assertStatus(403)

    const forWorker = await client
      .post('/api/tokens')
      .json({ name: 'worker', userId: staff2.id })
      .loginAs(admin)
    forWorker.assertStatus(201)
    forWorker.assertBodyContains({ userId: staff2.id })
  })

  test('it should refuse a garbage bearer token with 401', async ({ client }) => {
    ;(await client.get('/api/auth/me').bearerToken('sfl_nope.nope')).assertStatus(401)
  })
})

import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import UserService from '#services/user_service'
import { baseUrl, demoUser } from '#tests/helpers'

test.group('Auth / sign-in', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should sign in a demo user and return them with roles and units', async ({
    client,
    assert,
  }) => {
    // when
    const response = await client.post('/api/auth/login').json({
      email: 'staff@demo.senflow.local',
      password: 'senflow-demo',
    })

    // then
    response.assertStatus(200)
    response.assertBodyContains({
      user: {
        email: 'staff@demo.senflow.local',
        roles: ['staff'],
        units: [{ code: 'CONSULAR-LEGAL' }],
      },
    })
    response.assertCookie('senflow-session')
    assert.notProperty(response.body().user, 'password')
  })

  test('it should keep the session for the next request, as a browser does', async ({ assert }) => {
    // given a sign-in over real HTTP
    const login = await fetch(`${baseUrl()}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.senflow.local', password: 'senflow-demo' }),
    })
    assert.equal(login.status, 200)
    const cookie = login.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ')

    // when
    const me = await fetch(`${baseUrl()}/api/auth/me`, { headers: { cookie } })

    // then
    assert.equal(me.status, 200)
    assert.equal(((await me.json()) as any).user.email, 'admin@demo.senflow.local')

    // and after logout the session is gone
    const xsrf = decodeURIComponent(/XSRF-TOKEN=([^;]+)/.exec(cookie)?.[1] ?? '')
    const logout = await fetch(`${baseUrl()}/api/auth/logout`, {
      method: 'POST',
      headers: {
        cookie,
        'x-xsrf-token': xsrf,
        'origin': baseUrl(),
        'sec-fetch-site': 'same-origin',
      },
    })
    assert.equal(logout.status, 204)
  })

  test('it should refuse a wrong password with 401', async ({ client }) => {
    const response = await client.post('/api/auth/login').json({
      email: 'auditor@demo.senflow.local',
      password: 'nope',
    })
    response.assertStatus(401)
    response.assertBodyContains({ errors: [{ code: 'E_INVALID_CREDENTIALS' }] })
  })

  test('it should throttle repeated wrong passwords', async ({ client, assert }) => {
    // given a user of its own (the limiter outlives the test's transaction)
    const email = `throttled-${Date.now()}@demo.senflow.local`
    await (
      await app.container.make(UserService)
    ).create(
      { email, fullName: 'Throttled', password: 'senflow-demo', roles: ['staff'] },
      { id: null, email: 'test' }
    )

    // and ten wrong passwords in a row
    const statuses: number[] = []
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await client
        .post('/api/auth/login')
        .json({ email, password: `wrong-${attempt}` })
      statuses.push(response.status())
    }

    // then the last ones are throttled
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401])
    assert.deepEqual(statuses.slice(5), [429, 429, 429, 429, 429])

    // and even the right password is refused while blocked
    const right = await client.post('/api/auth/login').json({ email, password: 'senflow-demo' })
    right.assertStatus(429)
    assert.exists(right.header('retry-after'))
  })

  test('it should name the fields of a malformed sign-in', async ({ client }) => {
    const response = await client.post('/api/auth/login').json({ email: 'not-an-email' })
    response.assertStatus(422)
    response.assertBodyContains({
      errors: [
        { field: 'email', code: 'E_VALIDATION_ERROR' },
        { field: 'password', code: 'E_VALIDATION_ERROR' },
      ],
    })
  })

  test('it should refuse a deactivated user', async ({ client }) => {
    // given
    const user = await demoUser('staff2')
    user.active = false
    await user.save()

    // when
    const response = await client.post('/api/auth/login').json({
      email: 'staff2@demo.senflow.local',
      password: 'senflow-demo',
    })

    // then
    response.assertStatus(401)
    response.assertBodyContains({ errors: [{ code: 'E_ACCOUNT_DEACTIVATED' }] })
  })

  test('it should answer the session without a 401 and hand out the XSRF cookie', async ({
    client,
    assert,
  }) => {
    const anonymous = await client.get('/api/auth/session')
    anonymous.assertStatus(200)
    assert.isNull(anonymous.body().user)
    assert.exists(anonymous.cookie('XSRF-TOKEN'))
    const signedIn = await client.get('/api/auth/session').loginAs(await demoUser('staff'))
    assert.equal(signedIn.body().user.email, 'staff@demo.senflow.local')
  })

  test('it should answer 401 to an anonymous call', async ({ client }) => {
    const anonymous = await client.get('/api/auth/me')
    anonymous.assertStatus(401)
    anonymous.assertBodyContains({ errors: [{ code: 'E_UNAUTHORIZED_ACCESS' }] })
  })

  test('it should refuse a browser request without the CSRF token', async ({ client }) => {
    const admin = await demoUser('admin')
    const response = await client
      .post('/api/units')
      .header('origin', 'http://evil.example')
      .header('sec-fetch-site', 'cross-site')
      .json({ code: 'EVIL', nameVi: 'x', nameEn: 'x' })
      .loginAs(admin)
    response.assertStatus(403)
    response.assertBodyContains({ errors: [{ code: 'E_BAD_CSRF_TOKEN' }] })
  })
})

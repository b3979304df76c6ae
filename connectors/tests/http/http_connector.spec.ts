import { test } from '@japa/runner'
import { ConnectorConfigurationError } from '../../src/errors.js'
import { jobTypeFor } from '../../src/runtime/connector_configuration.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type {
  HttpConnectorConfiguration,
  JobCompletion,
  SessionLoginAuthentication,
} from '../../src/types.js'
import { jobOf } from '../helpers/jobs.js'
import { json, startLoopbackServer, type LoopbackServer } from '../helpers/loopback_server.js'

/**
 * A treaty register behind a session login, configured by an administrator
 * and called by process owners with business fields only.
 */

const secrets: Record<string, string> = { TREATY_USER: 'lanhsu', TREATY_PASSWORD: 'Hiệp-định#2025' }

interface TreatyServer extends LoopbackServer {
  logins: number
  sessions: Set<string>
}

async function startTreatyRegister(): Promise<TreatyServer> {
  const sessions = new Set<string>()
  let logins = 0
  const server = await startLoopbackServer((request, response) => {
    if (request.path === '/auth/login') {
      const body = JSON.parse(request.body) as { user: string; password: string }
      if (body.user !== secrets.TREATY_USER || body.password !== secrets.TREATY_PASSWORD)
        return json(response, 401, { error: 'bad credentials' })
      logins++
      const token = `session-${logins}`
      sessions.add(token)
      return json(response, 200, { data: { accessToken: token, expiresIn: 600 } })
    }
    const token =
      request.headers['x-session'] ??
      (request.body
        ? (JSON.parse(request.body) as { auth?: { token?: string } }).auth?.token
        : undefined)
    if (typeof token !== 'string' || !sessions.has(token))
      return json(response, 401, { error: 'session expired' })
    const treaty = /^\/treaties\/([^/]+)$/.exec(request.path)
    if (treaty && request.method === 'GET') {
      return json(response, 200, {
        id: decodeURIComponent(treaty[1]),
        title: 'Hiệp định về miễn thị thực',
        lang: request.query.get('lang'),
      })
    }
    if (request.path === '/treaties' && request.method === 'POST') {
      return json(response, 201, { created: JSON.parse(request.body) })
    }
    return json(response, 404, {})
  })
  return Object.defineProperties(server, {
    sessions: { value: sessions },
    logins: { get: () => logins },
  }) as TreatyServer
}

function configurationFor(
  server: LoopbackServer,
  overrides: Partial<HttpConnectorConfiguration> = {}
): HttpConnectorConfiguration {
  const session: SessionLoginAuthentication = {
    type: 'session',
    loginUrl: `${server.url}/auth/login`,
    loginBody: { user: '{{secrets.TREATY_USER}}', password: '{{secrets.TREATY_PASSWORD}}' },
    tokenPath: 'data.accessToken',
    expiresInPath: 'data.expiresIn',
    inject: { location: 'header', name: 'X-Session' },
  }
  return {
    id: 'treaty-register',
    name: 'Treaty register',
    kind: 'http',
    baseUrl: server.url,
    allowedHosts: [server.hostAndPort],
    authentication: session,
    operations: [
      {
        id: 'get-treaty',
        name: 'Look up a treaty',
        method: 'GET',
        path: '/treaties/{treatyId}',
        queryParameters: { lang: '{{language}}' },
        fields: [
          { name: 'treatyId', label: 'Treaty number', required: true },
          {
            name: 'language',
            label: 'Language',
            type: 'dropdown',
            choices: [
              { name: 'Tiếng Việt', value: 'vi' },
              { name: 'English', value: 'en' },
            ],
            defaultValue: 'vi',
          },
        ],
      },
      {
        id: 'register-treaty',
        name: 'Register a treaty',
        method: 'POST',
        path: '/treaties',
        body: { title: '{{title}}', parties: '{{parties}}', note: 'Ghi chú: {{title}}' },
        fields: [
          { name: 'title', label: 'Title', required: true },
          { name: 'parties', label: 'Number of parties', type: 'number', required: true },
        ],
      },
    ],
    ...overrides,
  }
}

function runtimeWith(configuration: HttpConnectorConfiguration) {
  const registry = new ConnectorRegistry()
  const jobType = registry.configure(configuration)
  const runtime = new ConnectorRuntime({
    registry,
    secretProvider: { get: async (name) => secrets[name] },
    environment: {},
  })
  return { runtime, jobType }
}

test.group('HttpConnector (configured)', (group) => {
  let server: TreatyServer
  group.each.setup(async () => {
    server = await startTreatyRegister()
    return () => server.close()
  })

  test('it should log in once, call the operation with the business fields and reuse the session', async ({
    assert,
  }) => {
    // given
    const { runtime, jobType } = runtimeWith(configurationFor(server))

    // when
    const first = await runtime.execute(
      jobOf(
        jobType,
        { operation: 'get-treaty', fields: { treatyId: 'VN/FR 2025-01' } },
        { resultExpression: '= { title: body.title, lang: body.lang }' }
      )
    )
    const second = await runtime.execute(
      jobOf(
        jobType,
        { operation: 'register-treaty', fields: { title: 'Hiệp định thương mại', parties: '2' } },
        { resultVariable: 'registered' }
      )
    )

    // then
    assert.equal(jobType, 'senflow:connector:treaty-register')
    assert.deepEqual(first, {
      kind: 'complete',
      variables: { title: 'Hiệp định về miễn thị thực', lang: 'vi' },
    })
    assert.equal(server.requests[1].path, '/treaties/VN%2FFR%202025-01')
    const registered = (second as Extract<JobCompletion, { kind: 'complete' }>).variables
      .registered as { status: number; body: unknown }
    assert.equal(registered.status, 201)
    assert.deepEqual(registered.body, {
      created: { title: 'Hiệp định thương mại', parties: 2, note: 'Ghi chú: Hiệp định thương mại' },
    })
    assert.equal(server.logins, 1)
  })

  test('it should log in again when the API answers 401', async ({ assert }) => {
    // given
    const { runtime, jobType } = runtimeWith(configurationFor(server))
    const job = () => jobOf(jobType, { operation: 'get-treaty', fields: { treatyId: 'T-1' } })
    await runtime.execute(job())
    server.sessions.clear()

    // when
    const completion = await runtime.execute(job())

    // then
    assert.equal(completion.kind, 'complete')
    assert.equal(server.logins, 2)
  })

  test('it should log in again when the session expires', async ({ assert }) => {
    // given
    const configuration = configurationFor(server)
    const authentication = {
      ...(configuration.authentication as SessionLoginAuthentication),
      expiresInPath: undefined,
      ttlSeconds: 1,
    }
    const { runtime, jobType } = runtimeWith({ ...configuration, authentication })
    const job = () => jobOf(jobType, { operation: 'get-treaty', fields: { treatyId: 'T-1' } })
    await runtime.execute(job())

    // when
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await runtime.execute(job())

    // then
    assert.equal(server.logins, 2)
    assert.lengthOf(
      server.requests.filter((request) => request.path.startsWith('/treaties')),
      2
    )
  })

  test('it should put the session token in a body field when configured so', async ({ assert }) => {
    // given
    const configuration = configurationFor(server)
    const authentication: SessionLoginAuthentication = {
      ...(configuration.authentication as SessionLoginAuthentication),
      tokenPath: undefined,
      tokenExpression: '= response.body.data.accessToken',
      inject: { location: 'body', name: 'auth.token' },
    }
    const { runtime, jobType } = runtimeWith({ ...configuration, authentication })

    // when
    const completion = await runtime.execute(
      jobOf(
        jobType,
        { operation: 'register-treaty', fields: { title: 'A', parties: 3 } },
        { resultVariable: 'r' }
      )
    )

    // then
    assert.equal(completion.kind, 'complete')
    assert.deepEqual(JSON.parse(server.requests[1].body).auth, { token: 'session-1' })
  })

  test('it should refuse unknown or missing fields clearly, without retrying', async ({
    assert,
  }) => {
    const { runtime, jobType } = runtimeWith(configurationFor(server))
    const completion = await runtime.execute(
      jobOf(jobType, { operation: 'register-treaty', fields: { parties: 'two', colour: 'red' } })
    )
    assert.equal(completion.kind, 'fail')
    const failure = completion as Extract<JobCompletion, { kind: 'fail' }>
    assert.equal(failure.retries, 0)
    assert.include(failure.errorMessage, 'Treaty register: ')
    assert.include(failure.errorMessage, 'unknown field colour')
    assert.include(
      failure.errorMessage,
      'Expected field title (Title) to be filled, but it is missing'
    )
    assert.include(failure.errorMessage, 'Expected field parties to be a number, but got "two"')
    assert.lengthOf(server.requests, 0)
  })

  test('it should not resolve secrets written into business fields', async ({ assert }) => {
    const { runtime, jobType } = runtimeWith(configurationFor(server))
    await runtime.execute(
      jobOf(jobType, {
        operation: 'register-treaty',
        fields: { title: '{{secrets.TREATY_PASSWORD}}', parties: 1 },
      })
    )
    const sent = server.requests.find((request) => request.path === '/treaties')!
    assert.equal(JSON.parse(sent.body).title, '{{secrets.TREATY_PASSWORD}}')
  })

  test('it should refuse a read-only configuration with a writing operation, listing the problems', ({
    assert,
  }) => {
    const configuration = configurationFor(server, { readOnly: true, baseUrl: 'ftp://x' })
    try {
      new ConnectorRegistry().configure(configuration)
      assert.fail('expected the configuration to be refused')
    } catch (error) {
      assert.instanceOf(error, ConnectorConfigurationError)
      assert.deepEqual((error as ConnectorConfigurationError).problems, [
        'Expected baseUrl to be an http(s) URL, but got "ftp://x"',
        'Expected only GET and HEAD operations on a read-only connector, but register-treaty is POST',
      ])
    }
  })

  test('it should give every configuration its own job type', ({ assert }) => {
    assert.equal(jobTypeFor({ id: 'treaty-register' }), 'senflow:connector:treaty-register')
  })
})

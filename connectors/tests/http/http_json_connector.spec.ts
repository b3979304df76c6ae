import { test } from '@japa/runner'
import {
  CAMUNDA_HTTP_JSON_JOB_TYPE,
  HttpJsonConnector,
} from '../../src/http/http_json_connector.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type { JobCompletion, SecretProvider } from '../../src/types.js'
import { jobOf } from '../helpers/jobs.js'
import { json, startLoopbackServer, type LoopbackServer } from '../helpers/loopback_server.js'

/**
 * Camunda's REST connector (io.camunda:http-json:1) run by the runtime
 * against real servers on 127.0.0.1, with Camunda's input names.
 */

const secrets: Record<string, string> = {
  API_PASSWORD: 'Mật-khẩu:42',
  API_TOKEN: 'tok-6f1c2b',
  API_KEY: 'key+/=7Q',
  CLIENT_SECRET: 'cl13nt-s3cr3t',
}
const secretProvider: SecretProvider = { get: async (name) => secrets[name] }

function runtimeFor(server: LoopbackServer, extraAllowed: string[] = []) {
  const registry = new ConnectorRegistry()
  const runtime = new ConnectorRuntime({
    registry,
    secretProvider,
    environment: { CONNECTORS_ALLOWED_HOSTS: [server.hostAndPort, ...extraAllowed].join(',') },
  })
  return { registry, runtime }
}

function restJob(
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  retries = 3
) {
  return jobOf(CAMUNDA_HTTP_JSON_JOB_TYPE, variables, headers, retries)
}

function assertFailed(
  assert: { equal(a: unknown, b: unknown): void },
  completion: JobCompletion
): asserts completion is Extract<JobCompletion, { kind: 'fail' }> {
  assert.equal(completion.kind, 'fail')
}

test.group('REST connector (io.camunda:http-json:1): requests', (group) => {
  let server: LoopbackServer
  group.each.setup(async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.path === '/text') {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Xin chào')
        return
      }
      json(response, 200, {
        method: request.method,
        query: Object.fromEntries(request.query),
        contentType: request.headers['content-type'] ?? null,
        header: request.headers['x-unit'] ?? null,
        body: request.body,
      })
    })
    return () => server.close()
  })

  test('it should send a GET with query parameters and headers and map the response', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const job = restJob(
      {
        method: 'get',
        url: `${server.url}/dossiers`,
        queryParameters: { status: 'đang xử lý', page: 2, tag: ['a', 'b'] },
        headers: { 'X-Unit': 'cuc-lanh-su' },
      },
      {
        resultVariable: 'dossierResponse',
        resultExpression: '= { shownPage: body.query.page, method: response.body.method }',
      }
    )

    // when
    const completion = await runtime.execute(job)

    // then
    assert.equal(completion.kind, 'complete')
    const variables = (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
    assert.equal(variables.shownPage, '2')
    assert.equal(variables.method, 'GET')
    const response = variables.dossierResponse as {
      status: number
      body: { query: Record<string, string>; header: string }
    }
    assert.equal(response.status, 200)
    assert.equal(response.body.query.status, 'đang xử lý')
    assert.equal(response.body.header, 'cuc-lanh-su')
    assert.include(server.requests[0].url, 'tag=a&tag=b')
  })

  test('it should refuse a header value that HTTP cannot carry, without retrying', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/x`, headers: { 'X-Unit': 'Cục Lãnh sự' } })
    )
    assertFailed(assert, completion)
    assert.equal(completion.retries, 0)
    assert.include(
      completion.errorMessage,
      'Expected the value of header x-unit to hold only Latin-1 characters'
    )
    assert.lengthOf(server.requests, 0)
  })

  test('it should send JSON and form-urlencoded bodies', async ({ assert }) => {
    // given
    const { runtime } = runtimeFor(server)

    // when
    const asJson = await runtime.execute(
      restJob(
        {
          method: 'POST',
          url: `${server.url}/json`,
          body: { name: 'Trần Thị B', note: null },
          ignoreNullValues: true,
        },
        { resultVariable: 'r' }
      )
    )
    const asForm = await runtime.execute(
      restJob(
        {
          method: 'POST',
          url: `${server.url}/form`,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: { name: 'Trần Thị B', count: 2 },
        },
        { resultVariable: 'r' }
      )
    )

    // then
    const jsonBody = (
      (asJson as Extract<JobCompletion, { kind: 'complete' }>).variables.r as {
        body: Record<string, string>
      }
    ).body
    assert.equal(jsonBody.contentType, 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(jsonBody.body), { name: 'Trần Thị B' })
    const formBody = (
      (asForm as Extract<JobCompletion, { kind: 'complete' }>).variables.r as {
        body: Record<string, string>
      }
    ).body
    assert.equal(formBody.contentType, 'application/x-www-form-urlencoded')
    assert.equal(formBody.body, 'name=Tr%E1%BA%A7n+Th%E1%BB%8B+B&count=2')
  })

  test('it should return text responses as strings', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob(
        { method: 'GET', url: `${server.url}/text` },
        { resultExpression: '= { greeting: response.body }' }
      )
    )
    assert.deepEqual(completion, { kind: 'complete', variables: { greeting: 'Xin chào' } })
  })

  test('it should read the reserved settings from the inputs when the headers do not have them', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({
        method: 'GET',
        url: `${server.url}/x`,
        resultExpression: '= { s: response.status }',
      })
    )
    assert.deepEqual(completion, { kind: 'complete', variables: { s: 200 } })
  })
})

test.group('REST connector (io.camunda:http-json:1): authentication', (group) => {
  let server: LoopbackServer
  let tokenRequests: string[]
  let currentToken: string
  let tokenLifetime: number
  group.each.setup(async () => {
    tokenRequests = []
    currentToken = 'access-1'
    tokenLifetime = 3600
    server = await startLoopbackServer((request, response) => {
      const authorization = request.headers.authorization ?? ''
      switch (request.path) {
        case '/basic':
          return authorization ===
            `Basic ${Buffer.from(`cuc-lanh-su:${secrets.API_PASSWORD}`).toString('base64')}`
            ? json(response, 200, { ok: true })
            : json(response, 401, { error: 'unauthorized' })
        case '/bearer':
          return authorization === `Bearer ${secrets.API_TOKEN}`
            ? json(response, 200, { ok: true })
            : json(response, 401, {})
        case '/api-key':
          return request.headers['x-api-key'] === secrets.API_KEY ||
            request.query.get('api_key') === secrets.API_KEY
            ? json(response, 200, { ok: true })
            : json(response, 401, {})
        case '/oauth/token': {
          tokenRequests.push(request.body)
          const form = new URLSearchParams(request.body)
          const basic = authorization.startsWith('Basic ')
            ? Buffer.from(authorization.slice(6), 'base64')
                .toString()
                .split(':')
                .map(decodeURIComponent)
            : [form.get('client_id'), form.get('client_secret')]
          if (
            form.get('grant_type') !== 'client_credentials' ||
            basic[0] !== 'senflow' ||
            basic[1] !== secrets.CLIENT_SECRET
          ) {
            return json(response, 401, { error: 'invalid_client' })
          }
          return json(response, 200, {
            access_token: currentToken,
            token_type: 'Bearer',
            expires_in: tokenLifetime,
          })
        }
        case '/oauth/api':
          return authorization === `Bearer ${currentToken}`
            ? json(response, 200, { token: 'accepted' })
            : json(response, 401, {})
        default:
          return json(response, 404, {})
      }
    })
    return () => server.close()
  })

  const oauth = (clientAuthentication = 'credentialsBody') => ({
    type: 'oauth-client-credentials-flow',
    oauthTokenEndpoint: `${server.url}/oauth/token`,
    clientId: 'senflow',
    clientSecret: '{{secrets.CLIENT_SECRET}}',
    audience: 'treaties',
    scopes: 'read',
    clientAuthentication,
  })

  test('it should authenticate with Basic, Bearer and API keys in headers or query', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const jobs = [
      {
        url: `${server.url}/basic`,
        authentication: {
          type: 'basic',
          username: 'cuc-lanh-su',
          password: '{{secrets.API_PASSWORD}}',
        },
      },
      {
        url: `${server.url}/bearer`,
        authentication: { type: 'bearer', token: '{{secrets.API_TOKEN}}' },
      },
      {
        url: `${server.url}/api-key`,
        authentication: {
          type: 'apiKey',
          name: 'X-Api-Key',
          value: '{{secrets.API_KEY}}',
          apiKeyLocation: 'headers',
        },
      },
      {
        url: `${server.url}/api-key`,
        authentication: {
          type: 'apiKey',
          name: 'api_key',
          value: '{{secrets.API_KEY}}',
          apiKeyLocation: 'query',
        },
      },
    ]

    // when
    const completions = await Promise.all(
      jobs.map((variables) =>
        runtime.execute(
          restJob(
            { method: 'GET', ...variables },
            { resultExpression: '= { ok: response.body.ok }' }
          )
        )
      )
    )

    // then
    for (const completion of completions)
      assert.deepEqual(completion, { kind: 'complete', variables: { ok: true } })
  })

  test('it should fetch an OAuth 2.0 token once and reuse it until it expires', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const job = () =>
      restJob(
        { method: 'GET', url: `${server.url}/oauth/api`, authentication: oauth() },
        { resultExpression: '= { token: response.body.token }' }
      )

    // when
    const first = await runtime.execute(job())
    const second = await runtime.execute(job())

    // then
    assert.deepEqual(first, { kind: 'complete', variables: { token: 'accepted' } })
    assert.deepEqual(second, first)
    assert.lengthOf(tokenRequests, 1)
    const form = new URLSearchParams(tokenRequests[0])
    assert.equal(form.get('audience'), 'treaties')
    assert.equal(form.get('scope'), 'read')
  })

  test('it should send the OAuth 2.0 client credentials in a Basic header when asked', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({
        method: 'GET',
        url: `${server.url}/oauth/api`,
        authentication: oauth('basicAuthHeader'),
      })
    )
    assert.equal(completion.kind, 'complete')
    assert.isNull(new URLSearchParams(tokenRequests[0]).get('client_secret'))
  })

  test('it should fetch a new OAuth 2.0 token once when the API answers 401', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const job = () =>
      restJob({ method: 'GET', url: `${server.url}/oauth/api`, authentication: oauth() })
    await runtime.execute(job())
    currentToken = 'access-2'

    // when
    const completion = await runtime.execute(job())

    // then
    assert.equal(completion.kind, 'complete')
    assert.lengthOf(tokenRequests, 2)
    assert.deepEqual(
      server.requests
        .filter((request) => request.path === '/oauth/api')
        .map((request) => request.headers.authorization),
      ['Bearer access-1', 'Bearer access-1', 'Bearer access-2']
    )
  })

  test('it should fetch a new OAuth 2.0 token when the cached one expires', async ({ assert }) => {
    // given
    tokenLifetime = 1
    const { runtime } = runtimeFor(server)
    const job = () =>
      restJob({ method: 'GET', url: `${server.url}/oauth/api`, authentication: oauth() })
    await runtime.execute(job())

    // when
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const completion = await runtime.execute(job())

    // then
    assert.equal(completion.kind, 'complete')
    assert.lengthOf(tokenRequests, 2)
  })

  test('it should fail without retries when the token endpoint refuses the client and say so', async ({
    assert,
  }) => {
    // given
    secrets.WRONG = 'not-the-secret'
    const { runtime } = runtimeFor(server)

    // when
    const completion = await runtime.execute(
      restJob({
        method: 'GET',
        url: `${server.url}/oauth/api`,
        authentication: { ...oauth(), clientSecret: '{{secrets.WRONG}}' },
      })
    )

    // then
    assertFailed(assert, completion)
    assert.include(completion.errorMessage, 'OAuth 2.0 token request')
    assert.include(completion.errorMessage, 'HTTP 401')
    assert.notInclude(completion.errorMessage, 'not-the-secret')
  })
})

test.group('REST connector (io.camunda:http-json:1): failures and retries', (group) => {
  let server: LoopbackServer
  let attempts: number
  group.each.setup(async () => {
    attempts = 0
    server = await startLoopbackServer((request, response) => {
      if (request.path === '/flaky') {
        attempts++
        if (attempts === 1) return json(response, 500, { error: 'database unavailable' })
        if (attempts === 2) return // never answers: the read timeout must end it
        return json(response, 200, { registered: true })
      }
      if (request.path === '/missing')
        return json(response, 404, { id: 'HS-404', status: 'missing' })
      if (request.path === '/failed')
        return json(response, 200, { status: 'failed', reason: 'Thiếu giấy tờ' })
      return json(response, 503, {})
    })
    return () => server.close()
  })

  test('it should fail with 500, then time out, then complete, spending one retry each time', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const variables = {
      method: 'POST',
      url: `${server.url}/flaky`,
      body: { id: 1 },
      readTimeoutInSeconds: 1,
    }

    // when
    const first = await runtime.execute(restJob(variables, { retryBackoff: 'PT10S' }, 3))
    const second = await runtime.execute(restJob(variables, { retryBackoff: 'PT10S' }, 2))
    const third = await runtime.execute(
      restJob(variables, { retryBackoff: 'PT10S', resultVariable: 'registration' }, 1)
    )

    // then
    assertFailed(assert, first)
    assert.equal(first.retries, 2)
    assert.equal(first.retryBackOffMs, 10_000)
    assert.include(first.errorMessage, 'REST (io.camunda:http-json:1)')
    assert.include(
      first.errorMessage,
      `HTTP 500 Internal Server Error from POST ${server.url}/flaky`
    )
    assertFailed(assert, second)
    assert.equal(second.retries, 1)
    assert.include(second.errorMessage, 'timed out after 1000 ms')
    assert.equal(third.kind, 'complete')
    assert.equal(attempts, 3)
  }).timeout(10_000)

  test('it should use no back-off when retryBackoff is absent, as Camunda', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/unavailable` })
    )
    assertFailed(assert, completion)
    assert.equal(completion.retryBackOffMs, 0)
    assert.equal(completion.retries, 2)
    assert.include(completion.errorMessage, 'HTTP 503')
  })

  test('it should refuse an invalid retryBackoff without calling the system', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/flaky` }, { retryBackoff: '30 seconds' })
    )
    assertFailed(assert, completion)
    assert.equal(completion.retries, 0)
    assert.include(completion.errorMessage, 'retryBackoff')
    assert.equal(attempts, 0)
  })

  test('it should turn an HTTP error into a BPMN error with errorExpression', async ({
    assert,
  }) => {
    // given
    const { runtime } = runtimeFor(server)
    const errorExpression =
      '= if error.code = "404" then bpmnError("DOSSIER_NOT_FOUND", "Không tìm thấy hồ sơ " + error.response.body.id, { lookedUp: error.response.body.id }) else null'

    // when
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/missing` }, { errorExpression })
    )

    // then
    assert.deepEqual(completion, {
      kind: 'throwError',
      errorCode: 'DOSSIER_NOT_FOUND',
      errorMessage: 'Không tìm thấy hồ sơ HS-404',
      variables: { lookedUp: 'HS-404' },
    })
  })

  test('it should turn a successful response into a BPMN error with errorExpression', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob(
        { method: 'GET', url: `${server.url}/failed` },
        {
          resultVariable: 'answer',
          errorExpression:
            'if response.body.status = "failed" then bpmnError("REJECTED", answer.body.reason) else null',
        }
      )
    )
    assert.deepEqual(completion, {
      kind: 'throwError',
      errorCode: 'REJECTED',
      errorMessage: 'Thiếu giấy tờ',
      variables: {},
    })
  })

  test('it should fail the job as jobError says', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob(
        { method: 'GET', url: `${server.url}/unavailable` },
        {
          errorExpression:
            'if error.code = "503" then jobError("Portal busy", {busy: true}, job.retries - 2, @"PT1M") else null',
        }
      )
    )
    assert.deepEqual(completion, {
      kind: 'fail',
      retries: 1,
      errorMessage: 'Portal busy',
      retryBackOffMs: 60_000,
      variables: { busy: true },
    })
  })

  test('it should complete when errorExpression yields null', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob(
        { method: 'GET', url: `${server.url}/failed` },
        { errorExpression: 'if response.status = 500 then bpmnError("X", "y") else null' }
      )
    )
    assert.equal(completion.kind, 'complete')
  })

  test('it should fail without retries when resultExpression does not parse', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/failed` }, { resultExpression: '= { a: ' })
    )
    assertFailed(assert, completion)
    assert.equal(completion.retries, 0)
    assert.include(
      completion.errorMessage,
      'Expected resultExpression to be a valid FEEL expression'
    )
  })
})

test.group('REST connector (io.camunda:http-json:1): outbound safety', (group) => {
  let server: LoopbackServer
  let other: LoopbackServer
  group.each.setup(async () => {
    other = await startLoopbackServer((request, response) =>
      json(response, 200, {
        reached: 'other',
        authorization: request.headers.authorization ?? null,
      })
    )
    server = await startLoopbackServer((request, response) => {
      if (request.path === '/to-localhost') {
        response.writeHead(302, { location: `http://localhost:${other.port}/secret-admin` }).end()
      } else if (request.path === '/to-allowed') {
        response.writeHead(307, { location: `${other.url}/landing` }).end()
      } else if (request.path === '/loop') {
        response.writeHead(302, { location: '/loop' }).end()
      } else if (request.path === '/big') {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ data: 'x'.repeat(4096) }))
      } else if (request.path === '/big-chunked') {
        response.writeHead(200, { 'content-type': 'text/plain' })
        for (let index = 0; index < 8; index++) response.write('y'.repeat(1024))
        response.end()
      } else {
        json(response, 200, { reached: 'server' })
      }
    })
    return async () => {
      await server.close()
      await other.close()
    }
  })

  test('it should refuse a loopback server that is not allow-listed', async ({ assert }) => {
    // given
    const runtime = new ConnectorRuntime({ registry: new ConnectorRegistry(), environment: {} })

    // when
    const completion = await runtime.execute(restJob({ method: 'GET', url: `${server.url}/x` }))

    // then
    assertFailed(assert, completion)
    assert.equal(completion.retries, 0)
    assert.include(completion.errorMessage, `Refused to call 127.0.0.1:${server.port}`)
    assert.include(completion.errorMessage, 'loopback')
    assert.lengthOf(server.requests, 0)
  })

  test('it should refuse an allow-listed host on another port', async ({ assert }) => {
    const runtime = new ConnectorRuntime({
      registry: new ConnectorRegistry(),
      environment: { CONNECTORS_ALLOWED_HOSTS: `127.0.0.1:${other.port}` },
    })
    const completion = await runtime.execute(restJob({ method: 'GET', url: `${server.url}/x` }))
    assertFailed(assert, completion)
    assert.include(completion.errorMessage, 'Refused')
  })

  test('it should refuse a hostname that DNS resolves to a private address', async ({ assert }) => {
    // given
    const registry = new ConnectorRegistry({
      resolver: async () => [{ address: '10.20.30.40', family: 4 }],
    })
    const runtime = new ConnectorRuntime({ registry, environment: {} })

    // when
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: 'https://treaties.mofa.example/api' })
    )

    // then
    assertFailed(assert, completion)
    assert.include(completion.errorMessage, 'it resolves to 10.20.30.40, a private address')
  })

  test('it should check every redirect again and refuse one to a host that is not allow-listed', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server, [`127.0.0.1:${other.port}`])
    const completion = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/to-localhost` })
    )
    assertFailed(assert, completion)
    assert.include(completion.errorMessage, `Refused to call localhost:${other.port}`)
    assert.lengthOf(other.requests, 0)
  })

  test('it should follow a redirect to an allowed host and drop the credentials on the way', async ({
    assert,
  }) => {
    const { runtime } = runtimeFor(server, [other.hostAndPort])
    const completion = await runtime.execute(
      restJob(
        {
          method: 'GET',
          url: `${server.url}/to-allowed`,
          authentication: { type: 'bearer', token: '{{secrets.API_TOKEN}}' },
        },
        {
          resultExpression:
            '= { reached: response.body.reached, authorization: response.body.authorization }',
        }
      )
    )
    assert.deepEqual(completion, {
      kind: 'complete',
      variables: { reached: 'other', authorization: null },
    })
  })

  test('it should stop after too many redirects', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(restJob({ method: 'GET', url: `${server.url}/loop` }))
    assertFailed(assert, completion)
    assert.include(completion.errorMessage, 'Expected at most 5 redirects')
    assert.lengthOf(server.requests, 6)
  })

  test('it should return the redirect itself when followRedirects is false', async ({ assert }) => {
    const { runtime } = runtimeFor(server)
    const completion = await runtime.execute(
      restJob(
        { method: 'GET', url: `${server.url}/loop`, followRedirects: false },
        { resultExpression: '= { status: response.status }' }
      )
    )
    assert.deepEqual(completion, { kind: 'complete', variables: { status: 302 } })
  })

  test('it should refuse responses larger than the limit, declared or streamed', async ({
    assert,
  }) => {
    // given
    const registry = new ConnectorRegistry({ camundaHttpJson: false })
    registry.register(CAMUNDA_HTTP_JSON_JOB_TYPE, new HttpJsonConnector({ maxResponseBytes: 2048 }))
    const runtime = new ConnectorRuntime({
      registry,
      environment: { CONNECTORS_ALLOWED_HOSTS: server.hostAndPort },
    })

    // when
    const declared = await runtime.execute(restJob({ method: 'GET', url: `${server.url}/big` }))
    const streamed = await runtime.execute(
      restJob({ method: 'GET', url: `${server.url}/big-chunked` })
    )
    const small = await runtime.execute(restJob({ method: 'GET', url: `${server.url}/small` }))

    // then
    for (const completion of [declared, streamed]) {
      assertFailed(assert, completion)
      assert.include(completion.errorMessage, 'Expected a response of at most 2048 bytes')
      assert.equal(completion.retries, 0)
    }
    assert.equal(small.kind, 'complete')
  })
})

import { test } from '@japa/runner'
import { CAMUNDA_HTTP_JSON_JOB_TYPE } from '../../src/http/http_json_connector.js'
import { startPortalSimulator } from '../../src/portal/portal_simulator.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type { ConnectorJob, JobCompletion } from '../../src/types.js'
import { jobOf, recordingJobClient, recordingLogger } from '../helpers/jobs.js'
import { json, startLoopbackServer } from '../helpers/loopback_server.js'

/**
 * Every text the runtime emits (failure messages, BPMN errors, variables,
 * log lines) is searched for the secrets a battery of jobs used, in every
 * form they could take on the way: as is, URL-encoded, base64.
 */

const secrets: Record<string, string> = {
  API_PASSWORD: 'Pa ss/wörd+1',
  API_TOKEN: 'tok:en@2025',
  API_KEY: 'k3y with spaces&=',
  CLIENT_SECRET: 'client-secret-42',
  PORTAL_PASSWORD: 'Cổng-bí-mật',
}
/** Tokens servers hand out; they are secrets too once issued. */
const issuedTokens = ['oauth-access-token-77', 'session-token-88']

function formsOf(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    encodeURI(value),
    Buffer.from(value).toString('base64'),
    new URLSearchParams({ v: value }).toString().slice(2),
  ]
}

test.group('Secrets never leave the runtime', () => {
  test('it should redact every secret from every outcome and log line of a battery of jobs', async ({
    assert,
  }) => {
    // given: a server that echoes what it receives, hands out tokens and fails on demand
    const server = await startLoopbackServer((request, response) => {
      const echo = {
        url: request.url,
        authorization: request.headers.authorization ?? null,
        apiKey: request.headers['x-api-key'] ?? null,
        body: request.body,
      }
      if (request.path === '/oauth/token')
        return json(response, 200, { access_token: issuedTokens[0], expires_in: 60 })
      if (request.path === '/login') return json(response, 200, { token: issuedTokens[1] })
      if (request.path.startsWith('/fail'))
        return json(response, 500, { echo: `${echo.url} ${echo.authorization} ${echo.body}` })
      if (request.path.startsWith('/hang')) return
      return json(response, 200, echo)
    })
    const simulator = await startPortalSimulator({
      host: '127.0.0.1',
      username: 'mofa',
      password: secrets.PORTAL_PASSWORD,
    })
    const registry = new ConnectorRegistry()
    const portalType = registry.configure({
      id: 'portal',
      name: 'Portal',
      kind: 'portal',
      adapterUrl: simulator.url,
      dstcode: 'VN:GOV',
      madonvi: 'M1',
      username: 'mofa',
      password: '{{secrets.PORTAL_PASSWORD}}',
      allowedHosts: [new URL(simulator.url).host],
    })
    const sessionType = registry.configure({
      id: 'session',
      name: 'Session API',
      kind: 'http',
      baseUrl: server.url,
      allowedHosts: [server.hostAndPort],
      authentication: {
        type: 'session',
        loginUrl: `${server.url}/login`,
        loginBody: { password: '{{secrets.API_PASSWORD}}' },
      },
      operations: [
        { id: 'echo', name: 'Echo', method: 'POST', path: '/echo', body: { note: 'hello' } },
        { id: 'fail', name: 'Fail', method: 'GET', path: '/fail' },
      ],
    })
    const logger = recordingLogger()
    const runtime = new ConnectorRuntime({
      registry,
      secretProvider: { get: async (name) => secrets[name] },
      environment: { CONNECTORS_ALLOWED_HOSTS: server.hostAndPort },
      logger,
    })
    const rest = (variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
      jobOf(
        CAMUNDA_HTTP_JSON_JOB_TYPE,
        { method: 'GET', ...variables },
        { resultVariable: 'response', ...headers }
      )
    const jobs: ConnectorJob[] = [
      rest({
        url: `${server.url}/echo`,
        authentication: { type: 'basic', username: 'u', password: '{{secrets.API_PASSWORD}}' },
      }),
      rest({
        url: `${server.url}/echo`,
        authentication: { type: 'bearer', token: '{{secrets.API_TOKEN}}' },
      }),
      rest({
        url: `${server.url}/echo`,
        authentication: {
          type: 'apiKey',
          name: 'api_key',
          value: '{{secrets.API_KEY}}',
          apiKeyLocation: 'query',
        },
      }),
      rest({
        url: `${server.url}/echo`,
        authentication: { type: 'apiKey', name: 'X-Api-Key', value: '{{secrets.API_KEY}}' },
      }),
      rest({
        method: 'POST',
        url: `${server.url}/echo`,
        body: { password: '{{secrets.API_PASSWORD}}', note: 'x {{secrets.API_TOKEN}} y' },
      }),
      rest({
        url: `${server.url}/echo`,
        authentication: {
          type: 'oauth-client-credentials-flow',
          oauthTokenEndpoint: `${server.url}/oauth/token`,
          clientId: 'c',
          clientSecret: '{{secrets.CLIENT_SECRET}}',
        },
      }),
      rest({
        url: `${server.url}/fail/{{secrets.API_KEY}}`,
        headers: { 'X-Trace': '{{secrets.API_TOKEN}}' },
      }),
      rest(
        {
          url: `${server.url}/fail/x`,
          authentication: { type: 'bearer', token: '{{secrets.API_TOKEN}}' },
        },
        {
          errorExpression:
            'bpmnError("ECHO", error.response.body.echo, { echoed: error.response.body.echo })',
        }
      ),
      rest(
        { url: `${server.url}/fail/y?key={{secrets.API_KEY}}` },
        {
          errorExpression:
            'jobError("Echo: " + error.response.body.echo + " " + error.message, { m: error.message })',
        }
      ),
      rest({ url: `${server.url}/hang/{{secrets.API_PASSWORD}}`, readTimeoutInSeconds: 0.2 }),
      rest({ url: `http://127.0.0.2:1/{{secrets.API_TOKEN}}` }),
      rest({
        url: `${server.url}/echo`,
        resultExpression: '= { leaked: "{{secrets.API_TOKEN}}" }',
      }),
      jobOf(sessionType, { operation: 'echo' }, { resultVariable: 'response' }),
      jobOf(
        sessionType,
        { operation: 'fail' },
        { errorExpression: 'bpmnError("S", error.response.body.echo)' }
      ),
      jobOf(
        portalType,
        { operation: 'TraCuuHoSo', fields: { dossierNumber: 'X' } },
        { resultVariable: 'response' }
      ),
    ]

    // when
    const client = recordingJobClient()
    const completions: JobCompletion[] = []
    for (const job of jobs) completions.push(await runtime.handle(job, client))
    await registry.close()
    await server.close()
    await simulator.close()

    // then: the jobs did reach the servers with the secrets...
    assert.isTrue(
      server.requests.some((request) => request.headers['x-api-key'] === secrets.API_KEY)
    )
    assert.isTrue(
      server.requests.some(
        (request) => request.headers.authorization === `Bearer ${issuedTokens[0]}`
      )
    )
    assert.includeMembers(
      completions.map((completion) => completion.kind),
      ['complete', 'fail', 'throwError']
    )
    // ...and nothing the runtime emitted carries them
    const emitted = [
      JSON.stringify(completions),
      JSON.stringify(client.reports),
      ...logger.lines,
    ].join('\n')
    for (const value of [...Object.values(secrets), ...issuedTokens]) {
      for (const form of formsOf(value))
        assert.notInclude(emitted, form, `a form of a secret leaked: ${form.slice(0, 3)}…`)
    }
    assert.include(emitted, '***')
  }).timeout(20_000)
})

/**
 * Real servers on 127.0.0.1 that the connector tests call, as a ministry's
 * systems would be called: an API behind OAuth 2.0 client credentials and
 * an SMTP server that keeps what it receives.
 */
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'

/**
 * A request the API received.
 */
export interface ApiRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A running consular verification API.
 */
export interface OAuthApi {
  url: string
  /** `127.0.0.1:<port>`, for allow-lists. */
  host: string
  requests: ApiRequest[]
  /** Tokens issued so far. */
  tokens: string[]
  /** The next verification calls answer: a status, or `hang` (never answers). */
  script: (number | 'hang')[]
  close(): Promise<void>
}

/**
 * Starts an API that demands OAuth 2.0 client credentials: `POST /oauth/token`
 * (form body, `grant_type=client_credentials`, the client id and secret in
 * the body or as HTTP Basic) issues bearer tokens; `POST /verifications`
 * checks a passport number and answers only to a valid token.
 */
export async function startOAuthApi(client: { id: string; secret: string }): Promise<OAuthApi> {
  const requests: ApiRequest[] = []
  const tokens: string[] = []
  const script: (number | 'hang')[] = []
  const hanging = new Set<http.ServerResponse>()
  const send = (response: http.ServerResponse, status: number, body: unknown) =>
    response
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(body))

  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const request: ApiRequest = {
        method: incoming.method ?? 'GET',
        path: new URL(incoming.url ?? '/', 'http://api').pathname,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      if (request.path === '/oauth/token' && request.method === 'POST') {
        const form = new URLSearchParams(request.body)
        const basic = /^Basic (.+)$/.exec(incoming.headers.authorization ?? '')
        const [id, secret] = basic
          ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')
          : [form.get('client_id'), form.get('client_secret')]
        if (form.get('grant_type') !== 'client_credentials')
          return send(response, 400, { error: 'unsupported_grant_type' })
        if (id !== client.id || secret !== client.secret)
          return send(response, 401, { error: 'invalid_client' })
        const token = randomBytes(24).toString('hex')
        tokens.push(token)
        return send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 })
      }
      const bearer = /^Bearer (.+)$/.exec(incoming.headers.authorization ?? '')?.[1]
      if (!bearer || !tokens.includes(bearer))
        return send(response, 401, { error: 'invalid_token' })
      if (request.path === '/verifications' && request.method === 'POST') {
        const next = script.shift()
        if (next === 'hang') {
          hanging.add(response)
          return
        }
        if (typeof next === 'number' && next >= 400)
          return send(response, next, { error: 'verification service unavailable' })
        const payload = JSON.parse(request.body || '{}') as { passportNumber?: string }
        return send(response, 200, {
          verified: true,
          passportNumber: payload.passportNumber,
          reference: `VR-${payload.passportNumber}`,
        })
      }
      if (request.path === '/' && request.method === 'GET') return send(response, 200, { ok: true })
      return send(response, 404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    tokens,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The SMTP server the connector library's own tests use (smtp-server on
 * 127.0.0.1, demanding a login when given credentials, keeping every
 * message) and its MIME reader.
 */
export {
  parseMime,
  startSmtpSink,
  type SmtpSink,
} from '../../connectors/tests/helpers/smtp_sink.js'

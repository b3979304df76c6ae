/**
 * Real HTTP servers on 127.0.0.1 for connector tests (not fakes of the
 * connectors: the connectors talk to them over loopback as they would to a
 * ministry system). Each records the requests it received.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the server received it. */
export interface RecordedRequest {
  method: string
  url: string
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: string
}

/** A running loopback server. */
export interface LoopbackServer {
  url: string
  port: number
  /** `127.0.0.1:<port>`, for allow-lists. */
  hostAndPort: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** What a handler answers. */
export type Handler = (
  request: RecordedRequest,
  response: http.ServerResponse
) => void | Promise<void>

/** Starts a server on 127.0.0.1 and a free port. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = []
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const parsed = new URL(incoming.url ?? '/', 'http://loopback')
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      Promise.resolve(handler(request, response)).catch((error: Error) => {
        if (!response.headersSent) response.writeHead(500).end(error.message)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hostAndPort: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Answers JSON. */
export function json(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body))
}

import { ConnectorInputError } from '../errors.js'
import { isRecord } from '../feel/feel_expression.js'
import type { Connector, ConnectorContext } from '../types.js'
import { HttpAuthenticator } from './http_authentication.js'
import {
  appendQueryParameters,
  normalizeHeaders,
  normalizeMethod,
  parseUrl,
  withoutNullValues,
  type HttpCall,
} from './http_call.js'
import {
  performHttpRequest,
  secondsToMilliseconds,
  type HttpConnectorResponse,
  type HttpLimits,
} from './http_request.js'

/** The job type of Camunda 8's REST connector, which Camunda models use. */
export const CAMUNDA_HTTP_JSON_JOB_TYPE = 'io.camunda:http-json:1'

/**
 * Camunda 8's REST connector (`io.camunda:http-json:1`) for the embedded
 * engine, so that Camunda models run unchanged: it reads Camunda's input
 * names (`method`, `url`, `headers`, `queryParameters`, `body`,
 * `authentication.*`, `connectionTimeoutInSeconds`, `readTimeoutInSeconds`,
 * `followRedirects`, `ignoreNullValues`, `documentReturnFormat`) and
 * returns `{ status, reason, headers, body }`. `{{secrets.NAME}}` in any
 * input is resolved, as in Camunda. Private addresses are refused unless
 * allow-listed (`CONNECTORS_ALLOWED_HOSTS` or `allowedHosts`).
 */
export class HttpJsonConnector implements Connector {
  readonly name: string
  readonly resolvesSecretsInInputs = true
  readonly timeoutMs?: number
  readonly #limits: HttpLimits
  readonly #authenticator = new HttpAuthenticator()

  constructor(options: HttpLimits & { name?: string; timeoutMs?: number } = {}) {
    this.name = options.name ?? `REST (${CAMUNDA_HTTP_JSON_JOB_TYPE})`
    this.timeoutMs = options.timeoutMs
    this.#limits = options
  }

  async execute(context: ConnectorContext): Promise<HttpConnectorResponse> {
    const inputs = context.inputs
    const method = normalizeMethod(inputs.method ?? 'GET')
    const url = parseUrl(inputs.url)
    appendQueryParameters(url, inputs.queryParameters)
    const headers = normalizeHeaders(inputs.headers)
    let body = inputs.body
    if (body !== undefined && body !== null && inputs.ignoreNullValues === true)
      body = withoutNullValues(body)
    const call: HttpCall = {
      method,
      url,
      headers,
      body: body === null ? undefined : body,
      bodyType: (headers['content-type'] ?? '').includes('x-www-form-urlencoded') ? 'form' : 'json',
    }
    const returnFormat = isRecord(inputs.documentReturnFormat)
      ? inputs.documentReturnFormat.choice
      : undefined
    if (returnFormat === 'DOCUMENT') {
      throw new ConnectorInputError(
        'Expected documentReturnFormat JSON or TEXT, but DOCUMENT is not supported by Senflow'
      )
    }
    return performHttpRequest(
      {
        call,
        authentication: inputs.authentication,
        connectionTimeoutMs: secondsToMilliseconds(
          inputs.connectionTimeoutInSeconds,
          'connectionTimeoutInSeconds'
        ),
        readTimeoutMs: secondsToMilliseconds(inputs.readTimeoutInSeconds, 'readTimeoutInSeconds'),
        followRedirects:
          typeof inputs.followRedirects === 'boolean' ? inputs.followRedirects : undefined,
        asText: returnFormat === 'TEXT',
      },
      this.#limits,
      this.#authenticator,
      context
    )
  }
}

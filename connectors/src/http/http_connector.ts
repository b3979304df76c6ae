import { ConnectorConfigurationError, ConnectorInputError } from '../errors.js'
import { renderJsonTemplate, renderText } from '../feel/text_template.js'
import {
  readFields,
  selectOperation,
  validateCommonConfiguration,
} from '../runtime/connector_configuration.js'
import type {
  Connector,
  ConnectorContext,
  HttpConnectorConfiguration,
  HttpOperation,
} from '../types.js'
import { HttpAuthenticator } from './http_authentication.js'
import { appendQueryParameters, normalizeHeaders, parseUrl, type HttpCall } from './http_call.js'
import { performHttpRequest, type HttpConnectorResponse } from './http_request.js'
import type { HostResolver } from './outbound_guard.js'

/** Methods a read-only HTTP connector allows. */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD'])

/** Problems with an HTTP configuration; empty when valid. */
export function validateHttpConfiguration(configuration: HttpConnectorConfiguration): string[] {
  const problems = validateCommonConfiguration(configuration, configuration.operations)
  if (
    typeof configuration.baseUrl !== 'string' ||
    !/^(https?:\/\/|\{\{\s*secrets\.)/.test(configuration.baseUrl)
  ) {
    problems.push(
      `Expected baseUrl to be an http(s) URL, but got ${JSON.stringify(configuration.baseUrl)}`
    )
  }
  for (const operation of configuration.operations ?? []) {
    if (configuration.readOnly && !READ_ONLY_METHODS.has(operation.method)) {
      problems.push(
        `Expected only GET and HEAD operations on a read-only connector, but ${operation.id} is ${operation.method}`
      )
    }
    if (typeof operation.path !== 'string' || !operation.path.startsWith('/')) {
      problems.push(
        `Expected the path of operation ${operation.id} to start with /, but got ${JSON.stringify(operation.path)}`
      )
      continue
    }
    const fieldNames = new Set((operation.fields ?? []).map((field) => field.name))
    for (const [, name] of operation.path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      if (!fieldNames.has(name))
        problems.push(
          `Expected path parameter {${name}} of ${operation.id} to be a field, but no field has that name`
        )
    }
  }
  return problems
}

/**
 * An HTTP/REST system configured by an administrator: process owners pick
 * one of its operations and fill business fields; the configuration
 * supplies the base URL, the credentials (secrets resolved at execution),
 * the method and the path. Inputs of the job never resolve secrets.
 */
export class HttpConnector implements Connector {
  readonly name: string
  readonly resolvesSecretsInInputs = false
  readonly timeoutMs?: number
  readonly #configuration: HttpConnectorConfiguration
  readonly #authenticator = new HttpAuthenticator()
  readonly #resolver?: HostResolver

  /** @throws ConnectorConfigurationError listing every problem of the configuration. */
  constructor(
    configuration: HttpConnectorConfiguration,
    options: { resolver?: HostResolver } = {}
  ) {
    const problems = validateHttpConfiguration(configuration)
    if (problems.length > 0) throw new ConnectorConfigurationError(configuration.id, problems)
    this.#configuration = configuration
    this.name = configuration.name
    this.timeoutMs = configuration.timeoutMs
    this.#resolver = options.resolver
  }

  async execute(context: ConnectorContext): Promise<HttpConnectorResponse> {
    const configuration = this.#configuration
    const operation = selectOperation(configuration.operations, context.inputs)
    if (configuration.readOnly && !READ_ONLY_METHODS.has(operation.method)) {
      throw new ConnectorInputError(
        `Refused ${operation.method}: ${configuration.name} is read-only`
      )
    }
    const fields = readFields(operation.fields ?? [], context.inputs)
    const [baseUrl, configuredHeaders, authentication] = await Promise.all([
      context.resolveSecrets(configuration.baseUrl),
      context.resolveSecrets(configuration.headers ?? {}),
      context.resolveSecrets(configuration.authentication),
    ])
    const call = await this.#call(operation, baseUrl, configuredHeaders, fields, context)
    return performHttpRequest(
      {
        call,
        authentication,
        connectionTimeoutMs: configuration.connectionTimeoutMs,
        readTimeoutMs: configuration.readTimeoutMs,
        followRedirects: configuration.followRedirects,
      },
      {
        allowedHosts: configuration.allowedHosts,
        resolver: this.#resolver,
        maxResponseBytes: configuration.maxResponseBytes,
        maxRedirects: configuration.maxRedirects,
      },
      this.#authenticator,
      context
    )
  }

  async #call(
    operation: HttpOperation,
    baseUrl: string,
    configuredHeaders: Record<string, string>,
    fields: Record<string, unknown>,
    context: ConnectorContext
  ): Promise<HttpCall> {
    const path = operation.path.replace(
      /\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
      (_placeholder, name: string) => {
        const value = fields[name]
        if (value === null || value === undefined || value === '') {
          throw new ConnectorInputError(
            `Expected field ${name} for the path of ${operation.name}, but it is missing`
          )
        }
        return encodeURIComponent(String(value))
      }
    )
    const url = parseUrl(`${baseUrl.replace(/\/+$/, '')}${path}`, 'baseUrl + path')
    const [operationHeaders, queryParameters] = await Promise.all([
      context.resolveSecrets(operation.headers ?? {}),
      context.resolveSecrets(operation.queryParameters ?? {}),
    ])
    const renderedQuery: Record<string, string> = {}
    for (const [name, template] of Object.entries(queryParameters)) {
      const value = renderText(template, fields, { purpose: `query parameter ${name}` })
      if (value !== '') renderedQuery[name] = value
    }
    appendQueryParameters(url, renderedQuery)
    const headers = normalizeHeaders(configuredHeaders)
    for (const [name, template] of Object.entries(operationHeaders)) {
      headers[name.toLowerCase()] = renderText(template, fields, { purpose: `header ${name}` })
    }
    const body =
      operation.body === undefined
        ? undefined
        : renderJsonTemplate(await context.resolveSecrets(operation.body), fields)
    return { method: operation.method, url, headers, body, bodyType: operation.bodyType ?? 'json' }
  }
}

import { createHash } from 'node:crypto'
import { ConnectorError, ConnectorInputError } from '../errors.js'
import { evaluateFeel, isRecord } from '../feel/feel_expression.js'
import type { HttpAuthentication, SessionLoginAuthentication } from '../types.js'
import { setValueAtPath, valueAtPath } from '../json_path.js'
import { cloneCall, decodeBody, serializeCall, type HttpCall } from './http_call.js'
import {
  describeUrl,
  sendHttpRequest,
  type IncomingResponse,
  type TransportOptions,
} from './http_transport.js'
import { TokenCache, type IssuedToken } from './token_cache.js'

/**
 * Authentication of HTTP calls: Camunda's REST connector types (`noAuth`,
 * `basic`, `bearer`, `apiKey`, `oauth-client-credentials-flow`,
 * `oauth-refresh-token`) and Senflow's `session` login. Tokens obtained
 * from an authorization server or a login are cached per connector until
 * they expire and renewed once when the API answers 401.
 */

/** What a strategy needs besides the call: how to reach token endpoints and how to hide tokens. */
export interface AuthenticationContext {
  transport: TransportOptions
  registerSensitive(value: string): void
}

/** Adds credentials to a call; renewable strategies can drop their token when the API rejects it. */
export interface AuthenticationStrategy {
  /** Whether the credentials can be renewed (a cached token), so that a rejected call is worth one retry. */
  readonly renewable: boolean
  apply(call: HttpCall): Promise<void>
  /** Whether the API rejected the credentials (401 by default). */
  isRejected(response: IncomingResponse): boolean
  /** Drops the token the last `apply` used. */
  invalidate(): void
}

/** Decides, besides HTTP 401, whether an answer means "log in again" (the portal's envelope codes). */
export type RejectionPredicate = (response: IncomingResponse) => boolean

const isUnauthorized: RejectionPredicate = (response) => response.status === 401

/**
 * Builds authentication strategies for one connector and keeps its token
 * caches, so that tokens outlive a job but never cross connectors.
 */
export class HttpAuthenticator {
  readonly #tokens: TokenCache

  constructor(tokens: TokenCache = new TokenCache()) {
    this.#tokens = tokens
  }

  /**
   * The strategy for resolved authentication settings.
   *
   * @throws ConnectorInputError for an unknown type or a missing setting.
   */
  strategyFor(
    authentication: unknown,
    context: AuthenticationContext,
    isRejected: RejectionPredicate = isUnauthorized
  ): AuthenticationStrategy {
    if (authentication === undefined || authentication === null) return noAuthentication
    if (!isRecord(authentication))
      throw new ConnectorInputError('Expected authentication to be a context, but it is not')
    const settings = authentication as unknown as HttpAuthentication
    switch (settings.type) {
      case undefined:
      case 'noAuth':
        return noAuthentication
      case 'basic': {
        const username = requireText(settings.username, 'authentication.username')
        const password = typeof settings.password === 'string' ? settings.password : ''
        const value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
        context.registerSensitive(value)
        return fixedHeader('authorization', value)
      }
      case 'bearer': {
        const value = `Bearer ${requireText(settings.token, 'authentication.token')}`
        context.registerSensitive(value)
        return fixedHeader('authorization', value)
      }
      case 'apiKey':
        return apiKey(settings.name, settings.value, settings.apiKeyLocation)
      case 'oauth-client-credentials-flow':
      case 'oauth-refresh-token':
        return this.#oauth(settings, context, isRejected)
      case 'session':
        return this.#session(settings, context, isRejected)
      default:
        throw new ConnectorInputError(
          `Expected authentication.type to be noAuth, basic, bearer, apiKey, oauth-client-credentials-flow, ` +
            `oauth-refresh-token or session, but got ${JSON.stringify((settings as { type: unknown }).type)}`
        )
    }
  }

  #oauth(
    settings: Extract<
      HttpAuthentication,
      { type: 'oauth-client-credentials-flow' | 'oauth-refresh-token' }
    >,
    context: AuthenticationContext,
    isRejected: RejectionPredicate
  ): AuthenticationStrategy {
    const endpoint = requireText(settings.oauthTokenEndpoint, 'authentication.oauthTokenEndpoint')
    const clientId = requireText(settings.clientId, 'authentication.clientId')
    const form: Record<string, string> = {}
    const headers: Record<string, string> = {}
    if (settings.type === 'oauth-client-credentials-flow') {
      const clientSecret = requireText(settings.clientSecret, 'authentication.clientSecret')
      form.grant_type = 'client_credentials'
      if (settings.audience) form.audience = settings.audience
      if (settings.scopes) form.scope = settings.scopes
      if (settings.clientAuthentication === 'basicAuthHeader') {
        const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`
        headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
        context.registerSensitive(headers.authorization)
      } else {
        form.client_id = clientId
        form.client_secret = clientSecret
      }
    } else {
      form.grant_type = 'refresh_token'
      form.refresh_token = requireText(settings.refreshToken, 'authentication.refreshToken')
      form.client_id = clientId
      if (settings.clientSecret) form.client_secret = settings.clientSecret
      if (settings.scopes) form.scope = settings.scopes
    }
    const key = cacheKey(settings)
    const issue = async (): Promise<IssuedToken> => {
      const response = await post(
        endpoint,
        form,
        'form',
        headers,
        context,
        'OAuth 2.0 token request'
      )
      const body = decodeBody(response)
      const token = isRecord(body) ? body.access_token : undefined
      if (typeof token !== 'string' || token === '') {
        throw new ConnectorError(
          `Expected the OAuth 2.0 token response of ${describeUrl(new URL(endpoint))} to contain access_token, but it does not`,
          { retryable: false }
        )
      }
      const expiresIn = isRecord(body) ? Number(body.expires_in) : Number.NaN
      return {
        token,
        expiresInMs: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : undefined,
      }
    }
    return this.#tokenStrategy(key, issue, context, isRejected, (call, token) => {
      call.headers.authorization = `Bearer ${token}`
    })
  }

  #session(
    settings: SessionLoginAuthentication,
    context: AuthenticationContext,
    isRejected: RejectionPredicate
  ): AuthenticationStrategy {
    const loginUrl = requireText(settings.loginUrl, 'authentication.loginUrl')
    if (!isRecord(settings.loginBody)) {
      throw new ConnectorInputError(
        'Expected authentication.loginBody to be a context with the credentials, but it is not'
      )
    }
    const inject = settings.inject ?? { location: 'header', name: 'Authorization' }
    const prefix =
      inject.prefix ??
      (inject.location === 'header' && inject.name.toLowerCase() === 'authorization'
        ? 'Bearer '
        : '')
    const issue = async (): Promise<IssuedToken> => {
      const loginHeaders: Record<string, string> = {}
      for (const [name, value] of Object.entries(settings.loginHeaders ?? {}))
        loginHeaders[name.toLowerCase()] = value
      const response = await post(
        loginUrl,
        settings.loginBody,
        settings.loginBodyType ?? 'json',
        loginHeaders,
        context,
        'Session login'
      )
      const body = decodeBody(response)
      const token = settings.tokenExpression
        ? evaluateFeel(
            settings.tokenExpression,
            { response: { status: response.status, headers: response.headers, body } },
            'authentication.tokenExpression'
          )
        : valueAtPath(body, settings.tokenPath ?? 'token')
      if (typeof token !== 'string' || token === '') {
        throw new ConnectorError(
          `Expected the login response of ${describeUrl(new URL(loginUrl))} to contain a token at ` +
            `${settings.tokenExpression ? 'tokenExpression' : (settings.tokenPath ?? 'token')}, but it does not`,
          { retryable: false }
        )
      }
      const expiresIn = settings.expiresInPath
        ? Number(valueAtPath(body, settings.expiresInPath))
        : Number.NaN
      const seconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : settings.ttlSeconds
      return { token, expiresInMs: seconds === undefined ? undefined : seconds * 1000 }
    }
    return this.#tokenStrategy(cacheKey(settings), issue, context, isRejected, (call, token) => {
      const value = `${prefix}${token}`
      if (inject.location === 'header') call.headers[inject.name.toLowerCase()] = value
      else if (inject.location === 'query') call.url.searchParams.set(inject.name, value)
      else {
        const body = isRecord(call.body) ? call.body : {}
        setValueAtPath(body, inject.name, value)
        call.body = body
      }
    })
  }

  #tokenStrategy(
    key: string,
    issue: () => Promise<IssuedToken>,
    context: AuthenticationContext,
    isRejected: RejectionPredicate,
    place: (call: HttpCall, token: string) => void
  ): AuthenticationStrategy {
    const tokens = this.#tokens
    let used: string | undefined
    return {
      renewable: true,
      async apply(call) {
        used = await tokens.get(key, issue)
        context.registerSensitive(used)
        place(call, used)
      },
      isRejected,
      invalidate() {
        tokens.invalidate(key, used)
      },
    }
  }
}

const noAuthentication: AuthenticationStrategy = {
  renewable: false,
  async apply() {},
  isRejected: () => false,
  invalidate() {},
}

function fixedHeader(name: string, value: string): AuthenticationStrategy {
  return {
    renewable: false,
    async apply(call) {
      call.headers[name] = value
    },
    isRejected: () => false,
    invalidate() {},
  }
}

function apiKey(name: unknown, value: unknown, location: unknown): AuthenticationStrategy {
  const keyName = requireText(name, 'authentication.name')
  const keyValue = requireText(value, 'authentication.value')
  if (location !== undefined && location !== 'headers' && location !== 'query') {
    throw new ConnectorInputError(
      `Expected authentication.apiKeyLocation to be headers or query, but got ${JSON.stringify(location)}`
    )
  }
  return {
    renewable: false,
    async apply(call) {
      if (location === 'query') call.url.searchParams.set(keyName, keyValue)
      else call.headers[keyName.toLowerCase()] = keyValue
    },
    isRejected: () => false,
    invalidate() {},
  }
}

/**
 * Sends a call with its credentials; when the API rejects renewable
 * credentials, drops the token and tries once more with a fresh one.
 */
export async function sendAuthenticated(
  call: HttpCall,
  strategy: AuthenticationStrategy,
  transport: TransportOptions
): Promise<IncomingResponse> {
  for (let attempt = 0; ; attempt++) {
    const prepared = cloneCall(call)
    await strategy.apply(prepared)
    const response = await sendHttpRequest(serializeCall(prepared), transport)
    if (attempt === 0 && strategy.renewable && strategy.isRejected(response)) {
      strategy.invalidate()
      continue
    }
    return response
  }
}

async function post(
  url: string,
  body: Record<string, unknown>,
  bodyType: 'json' | 'form',
  headers: Record<string, string>,
  context: AuthenticationContext,
  what: string
): Promise<IncomingResponse> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConnectorInputError(
      `Expected the ${what} URL to be an http(s) URL, but it does not parse`
    )
  }
  const call: HttpCall = { method: 'POST', url: parsed, headers: { ...headers }, body, bodyType }
  const response = await sendHttpRequest(serializeCall(call), {
    ...context.transport,
    followRedirects: false,
  })
  if (response.status >= 400) {
    throw new ConnectorError(
      `${what} to ${describeUrl(parsed)} failed: HTTP ${response.status} ${response.reason}`.trim(),
      {
        code: String(response.status),
        retryable: response.status >= 500 || response.status === 429 || response.status === 401,
      }
    )
  }
  return response
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConnectorInputError(
      `Expected ${name} to be a non-empty string, but it is ${value === undefined ? 'missing' : JSON.stringify(typeof value)}`
    )
  }
  return value
}

function cacheKey(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex')
}

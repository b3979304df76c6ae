import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import vine from '@vinejs/vine'
import { FeelExpressionError, evaluateFeel } from '@senflow/connectors'
import { toPlainValue } from '@senflow/connectors/feel/feel_expression'
import type { JsonObject, WorkflowEngine } from '@senflow/engine'
import AuditService, { type AuditActor } from '#services/audit_service'
import SecretStore from '#services/secret_store'
import { isoTime, sqlTime } from '#services/sql_time'
import { insertedId } from '#services/inserted_id'
import {
  ApiException,
  BadRequestException,
  ConflictException,
  NotFoundException,
  UnprocessableException,
} from '#exceptions/api_exception'

/**
 * The header carrying `sha256=<hex>`: HMAC-SHA256 of the raw body with the webhook's secret.
 */
export const SIGNATURE_HEADER = 'x-senflow-signature'

/**
 * The header carrying the webhook's shared secret itself.
 */
export const TOKEN_HEADER = 'x-senflow-token'

/**
 * Headers that name a delivery; the same value twice is one delivery.
 */
export const REQUEST_ID_HEADERS = ['idempotency-key', 'x-request-id']

/**
 * Headers a variables or correlation-key expression never sees.
 */
const HIDDEN_HEADERS = new Set([SIGNATURE_HEADER, TOKEN_HEADER, 'authorization', 'cookie'])

/**
 * A stored webhook.
 */
export interface WebhookRow {
  id: number
  public_id: string
  name: string
  kind: 'start' | 'correlate'
  process_definition_id: string | null
  message_name: string | null
  correlation_key_expression: string | null
  variables_expression: string | null
  required_fields: string | null
  auth_mode: 'hmac' | 'shared_secret'
  secret_name: string
  enabled: boolean | number
  created_at: string | Date
  updated_at: string | Date | null
  created_by_email?: string | null
  updated_by_email?: string | null
}

/**
 * What an administrator sets on a webhook.
 */
export interface WebhookInput {
  name?: string
  kind?: 'start' | 'correlate'
  processDefinitionId?: string | null
  messageName?: string | null
  correlationKeyExpression?: string | null
  variablesExpression?: string | null
  requiredFields?: string[] | null
  authMode?: 'hmac' | 'shared_secret'
  secretName?: string
  enabled?: boolean
}

/**
 * An inbound request as the receiver needs it.
 */
export interface InboundRequest {
  /** The body exactly as received (what the signature covers). */
  rawBody: string | null
  /** The parsed JSON body. */
  body: unknown
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>
  /** The request id as the client sent it (not one the server generated). */
  requestId: string | null
}

/**
 * What the receiver answers: 202 with the instance or message key.
 */
export interface DeliveryOutcome {
  replayed: boolean
  body: { processInstanceKey: string } | { messageKey: string }
}

/**
 * A webhook as the API shows it (the secret by name only).
 */
export function presentWebhook(row: WebhookRow) {
  return {
    id: Number(row.id),
    publicId: row.public_id,
    path: `/hooks/${row.public_id}`,
    name: row.name,
    kind: row.kind,
    processDefinitionId: row.process_definition_id,
    messageName: row.message_name,
    correlationKeyExpression: row.correlation_key_expression,
    variablesExpression: row.variables_expression,
    requiredFields: row.required_fields ? (JSON.parse(row.required_fields) as string[]) : [],
    authMode: row.auth_mode,
    secretName: row.secret_name,
    enabled: Boolean(row.enabled),
    createdBy: row.created_by_email ?? null,
    updatedBy: row.updated_by_email ?? null,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  }
}

function presentDelivery(row: Record<string, any>) {
  return {
    id: Number(row.id),
    requestId: row.request_id,
    status: row.status as 'processing' | 'accepted' | 'failed',
    processInstanceKey: row.process_instance_key ?? null,
    messageKey: row.message_key ?? null,
    errorMessage: row.error_message ?? null,
    receivedAt: isoTime(row.received_at),
    completedAt: isoTime(row.completed_at),
  }
}

function sha256(text: string | Buffer) {
  return createHash('sha256').update(text).digest()
}

/**
 * Compares two texts in constant time (by their digests, so lengths do not leak).
 */
function sameText(given: string, expected: string) {
  return timingSafeEqual(sha256(given), sha256(expected))
}

function headerValue(headers: InboundRequest['headers'], name: string) {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Inbound webhooks: an administrator creates one (its URL carries a random
 * public id); an external system calls it to start a process or to
 * correlate a message. Each call is authenticated (HMAC-SHA256 signature of
 * the raw body, or the shared secret), idempotent by its request id
 * (`Idempotency-Key` or `X-Request-Id`), validated, and answered 202 with
 * the key of what it started.
 */
@inject()
export default class WebhookService {
  readonly #bodyValidators = new Map<string, ReturnType<typeof vine.compile>>()

  constructor(
    protected audit: AuditService,
    protected secrets: SecretStore
  ) {}

  /**
   * Every webhook, by name.
   */
  async list(): Promise<WebhookRow[]> {
    return this.#query().orderBy('w.name')
  }

  /**
   * One webhook.
   *
   * @throws NotFoundException when there is none with that id.
   */
  async find(id: number): Promise<WebhookRow> {
    const row = await this.#query().where('w.id', id).first()
    if (!row) throw new NotFoundException(`Webhook ${id} not found`)
    return row
  }

  /**
   * Creates a webhook with a fresh random public id.
   *
   * @throws ApiException (422) when its settings do not fit together.
   */
  async create(
    input: WebhookInput & { name: string; kind: 'start' | 'correlate'; secretName: string },
    actor: AuditActor
  ) {
    const settings = await this.#check({ authMode: 'hmac', enabled: true, ...input })
    const publicId = randomBytes(18).toString('base64url')
    const id = await db.transaction(async (trx) => {
      const [inserted] = await trx
        .table('webhooks')
        .insert({
          public_id: publicId,
          ...settings,
          created_by: actor.id,
          updated_by: actor.id,
          created_at: sqlTime(),
          updated_at: sqlTime(),
        })
        .returning('id')
      const newId = insertedId(inserted)
      await this.audit.record(
        actor,
        {
          action: 'webhook.create',
          subjectType: 'webhook',
          subjectId: newId,
          details: { name: input.name, kind: input.kind, secret: input.secretName },
        },
        trx
      )
      return newId
    })
    return this.find(id)
  }

  /**
   * Changes a webhook.
   *
   * @throws ApiException (422) when its settings do not fit together.
   */
  async update(row: WebhookRow, input: WebhookInput, actor: AuditActor) {
    const current = presentWebhook(row)
    const merged: WebhookInput = {
      name: current.name,
      kind: current.kind,
      processDefinitionId: current.processDefinitionId,
      messageName: current.messageName,
      correlationKeyExpression: current.correlationKeyExpression,
      variablesExpression: current.variablesExpression,
      requiredFields: current.requiredFields,
      authMode: current.authMode,
      secretName: current.secretName,
      enabled: current.enabled,
      ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
    }
    const settings = await this.#check(merged)
    await db.transaction(async (trx) => {
      await trx
        .from('webhooks')
        .where('id', row.id)
        .update({ ...settings, updated_by: actor.id, updated_at: sqlTime() })
      await this.audit.record(
        actor,
        {
          action: 'webhook.update',
          subjectType: 'webhook',
          subjectId: row.id,
          details: {
            changed: Object.keys(input).filter((key) => (input as any)[key] !== undefined),
          },
        },
        trx
      )
    })
    return this.find(row.id)
  }

  /**
   * Deletes a webhook and its deliveries; its URL answers 404 from then on.
   */
  async delete(row: WebhookRow, actor: AuditActor) {
    await db.transaction(async (trx) => {
      await trx.from('webhook_deliveries').where('webhook_id', row.id).delete()
      await trx.from('webhooks').where('id', row.id).delete()
      await this.audit.record(
        actor,
        {
          action: 'webhook.delete',
          subjectType: 'webhook',
          subjectId: row.id,
          details: { name: row.name },
        },
        trx
      )
    })
  }

  /**
   * The latest deliveries of a webhook, newest first.
   */
  async deliveries(row: WebhookRow, limit = 50) {
    const rows = await db
      .from('webhook_deliveries')
      .where('webhook_id', row.id)
      .orderBy('id', 'desc')
      .limit(limit)
    return rows.map(presentDelivery)
  }

  /**
   * Handles one inbound call: authenticates it, validates the body,
   * takes the request id (a repeated id answers what the first call
   * started), and starts the process or publishes the message.
   *
   * @throws NotFoundException for an unknown or disabled webhook.
   * @throws ApiException 401 for a bad signature or token (nothing starts).
   * @throws UnprocessableException for a missing request id or an invalid body.
   * @throws ConflictException for a request id reused with another body or still in progress.
   */
  async receive(
    publicId: string,
    request: InboundRequest,
    engine: WorkflowEngine
  ): Promise<DeliveryOutcome> {
    const webhook: WebhookRow | undefined = await db
      .from('webhooks')
      .where('public_id', publicId)
      .first()
    if (!webhook || !webhook.enabled) throw new NotFoundException('Webhook not found')

    // 1. Authenticate before anything else is looked at.
    await this.#authenticate(webhook, request)

    // 2. The request id and the body.
    const requestId = request.requestId?.trim()
    if (!requestId || requestId.length > 255) {
      throw new UnprocessableException(
        'Expected an Idempotency-Key (or X-Request-Id) header of at most 255 characters, but there is none',
        'Idempotency-Key'
      )
    }
    if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) {
      throw new BadRequestException(
        'Expected a JSON object as the body (Content-Type: application/json)'
      )
    }
    const body = request.body as Record<string, unknown>
    await this.#validateBody(webhook, body)
    const { variables, correlationKey } = this.#evaluate(webhook, body, request, requestId)

    // 3. One delivery per request id.
    const bodyHash = sha256(request.rawBody ?? JSON.stringify(body)).toString('hex')
    const claimed = await this.#claim(webhook, requestId, bodyHash)
    if ('replay' in claimed) return { replayed: true, body: claimed.replay }

    // 4. Start or correlate.
    try {
      let answer: DeliveryOutcome['body']
      if (webhook.kind === 'start') {
        const created = await engine.createProcessInstance({
          processDefinitionId: webhook.process_definition_id!,
          variables,
        })
        answer = { processInstanceKey: created.processInstanceKey }
      } else {
        const published = await engine.publishMessage({
          name: webhook.message_name!,
          correlationKey: correlationKey!,
          messageId: `${webhook.public_id}:${requestId}`,
          variables,
        })
        answer = { messageKey: published.messageKey }
      }
      await db
        .from('webhook_deliveries')
        .where('id', claimed.deliveryId)
        .update({
          status: 'accepted',
          process_instance_key: 'processInstanceKey' in answer ? answer.processInstanceKey : null,
          message_key: 'messageKey' in answer ? answer.messageKey : null,
          error_message: null,
          completed_at: sqlTime(),
        })
      return { replayed: false, body: answer }
    } catch (error) {
      await db
        .from('webhook_deliveries')
        .where('id', claimed.deliveryId)
        .update({
          status: 'failed',
          error_message: String((error as Error).message ?? error).slice(0, 2000),
          completed_at: sqlTime(),
        })
      throw error
    }
  }

  async #authenticate(webhook: WebhookRow, request: InboundRequest) {
    const secret = await this.secrets.reveal(webhook.secret_name, {
      purpose: 'webhook',
      webhook: webhook.public_id,
    })
    if (!secret) {
      logger.error(
        { webhook: webhook.public_id, secret: webhook.secret_name },
        'the secret of a webhook is missing'
      )
      throw new ApiException('The webhook cannot authenticate requests: its secret is missing', {
        status: 503,
        code: 'E_WEBHOOK_SECRET_MISSING',
      })
    }
    let reason: string | null = null
    if (webhook.auth_mode === 'hmac') {
      const signature = headerValue(request.headers, SIGNATURE_HEADER)?.trim() ?? ''
      const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature)
      const expected = createHmac('sha256', secret.value)
        .update(request.rawBody ?? '')
        .digest('hex')
      if (!match) reason = `Expected an X-Senflow-Signature header of the form sha256=<hex>`
      else if (!sameText(match[1].toLowerCase(), expected)) reason = 'Invalid webhook signature'
    } else {
      const token = headerValue(request.headers, TOKEN_HEADER) ?? ''
      if (!token) reason = 'Expected an X-Senflow-Token header'
      else if (!sameText(token, secret.value)) reason = 'Invalid webhook token'
    }
    if (reason) {
      await this.audit.record(
        { id: null, email: null },
        {
          action: 'webhook.reject',
          subjectType: 'webhook',
          subjectId: webhook.id,
          details: { reason },
        }
      )
      throw new ApiException(reason, { status: 401, code: 'E_UNAUTHORIZED_ACCESS' })
    }
  }

  async #validateBody(webhook: WebhookRow, body: Record<string, unknown>) {
    const required: string[] = webhook.required_fields ? JSON.parse(webhook.required_fields) : []
    if (required.length === 0) return
    const key = `${webhook.id}:${webhook.required_fields}`
    let validator = this.#bodyValidators.get(key)
    if (!validator) {
      validator = vine.compile(
        vine
          .object(Object.fromEntries(required.map((name) => [name, vine.any()])))
          .allowUnknownProperties()
      )
      this.#bodyValidators.set(key, validator)
    }
    await validator.validate(body)
  }

  #evaluate(
    webhook: WebhookRow,
    body: Record<string, unknown>,
    request: InboundRequest,
    requestId: string
  ) {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !HIDDEN_HEADERS.has(name))
    )
    const context = { request: { body, headers, requestId }, body }
    let variables: JsonObject = body as JsonObject
    let correlationKey: string | undefined
    try {
      if (webhook.variables_expression) {
        const value = toPlainValue(
          evaluateFeel(webhook.variables_expression, context, 'variablesExpression')
        )
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new UnprocessableException(
            'Expected the webhook’s variablesExpression to yield a context for this body, but it does not',
            'body'
          )
        }
        variables = value as JsonObject
      }
      if (webhook.kind === 'correlate') {
        const value = toPlainValue(
          evaluateFeel(
            webhook.correlation_key_expression ?? '',
            context,
            'correlationKeyExpression'
          )
        )
        if (typeof value !== 'string' && typeof value !== 'number') {
          throw new UnprocessableException(
            'Expected the webhook’s correlationKeyExpression to yield a text or a number for this body, but it yields none',
            'body'
          )
        }
        correlationKey = String(value)
      }
    } catch (error) {
      if (error instanceof FeelExpressionError)
        throw new UnprocessableException(error.message, 'body')
      throw error
    }
    return { variables, correlationKey }
  }

  /**
   * Takes the request id for this call, or finds what an earlier call with
   * the same id did.
   */
  async #claim(
    webhook: WebhookRow,
    requestId: string,
    bodyHash: string
  ): Promise<{ deliveryId: number } | { replay: DeliveryOutcome['body'] }> {
    try {
      const [inserted] = await db
        .table('webhook_deliveries')
        .insert({
          webhook_id: webhook.id,
          request_id: requestId,
          body_sha256: bodyHash,
          status: 'processing',
          received_at: sqlTime(),
        })
        .returning('id')
      return { deliveryId: insertedId(inserted) }
    } catch (error) {
      const existing = await db
        .from('webhook_deliveries')
        .where('webhook_id', webhook.id)
        .where('request_id', requestId)
        .first()
      if (!existing) throw error
      if (existing.body_sha256 !== bodyHash) {
        throw new ConflictException(
          `Expected request id ${requestId} to come with the body of its first delivery, but the body differs`,
          'Idempotency-Key'
        )
      }
      if (existing.status === 'accepted') {
        return {
          replay: existing.process_instance_key
            ? { processInstanceKey: existing.process_instance_key }
            : { messageKey: existing.message_key },
        }
      }
      if (existing.status === 'failed') {
        const retaken = await db
          .from('webhook_deliveries')
          .where('id', existing.id)
          .where('status', 'failed')
          .update({ status: 'processing', error_message: null, received_at: sqlTime() })
        if (Number(retaken)) return { deliveryId: Number(existing.id) }
      }
      throw new ConflictException(
        `Expected request id ${requestId} to be new or finished, but its first delivery is still being processed`,
        'Idempotency-Key'
      )
    }
  }

  /**
   * Checks that a webhook's settings fit together and returns its columns.
   */
  async #check(input: WebhookInput) {
    const problems: { message: string; field: string }[] = []
    if (input.kind === 'start' && !input.processDefinitionId) {
      problems.push({
        message:
          'Expected processDefinitionId for a webhook that starts a process, but it is missing',
        field: 'processDefinitionId',
      })
    }
    if (input.kind === 'correlate') {
      if (!input.messageName) {
        problems.push({
          message:
            'Expected messageName for a webhook that correlates a message, but it is missing',
          field: 'messageName',
        })
      }
      if (!input.correlationKeyExpression) {
        problems.push({
          message:
            'Expected correlationKeyExpression (FEEL over body, e.g. =body.dossierNumber) for a webhook that correlates a message, but it is missing',
          field: 'correlationKeyExpression',
        })
      }
    }
    for (const [field, expression] of [
      ['correlationKeyExpression', input.correlationKeyExpression],
      ['variablesExpression', input.variablesExpression],
    ] as const) {
      if (!expression) continue
      try {
        evaluateFeel(expression, { request: { body: {}, headers: {} }, body: {} }, field)
      } catch (error) {
        if (!(error instanceof FeelExpressionError)) throw error
        problems.push({ message: error.message, field })
      }
    }
    if (input.secretName && !(await this.secrets.exists(input.secretName))) {
      problems.push({
        message: `Expected secret ${input.secretName} to exist (create it under /api/secrets), but it does not`,
        field: 'secretName',
      })
    }
    if (problems.length > 0) {
      throw new ApiException(problems[0].message, {
        status: 422,
        code: 'E_VALIDATION_ERROR',
        entries: problems.map((problem) => ({ ...problem, code: 'E_VALIDATION_ERROR' })),
      })
    }
    return {
      name: input.name,
      kind: input.kind,
      process_definition_id: input.kind === 'start' ? input.processDefinitionId : null,
      message_name: input.kind === 'correlate' ? input.messageName : null,
      correlation_key_expression:
        input.kind === 'correlate' ? input.correlationKeyExpression : null,
      variables_expression: input.variablesExpression ?? null,
      required_fields: input.requiredFields?.length ? JSON.stringify(input.requiredFields) : null,
      auth_mode: input.authMode,
      secret_name: input.secretName,
      enabled: input.enabled,
    }
  }

  #query() {
    return db
      .from('webhooks as w')
      .leftJoin('users as c', 'c.id', 'w.created_by')
      .leftJoin('users as u', 'u.id', 'w.updated_by')
      .select('w.*', 'c.email as created_by_email', 'u.email as updated_by_email')
  }
}

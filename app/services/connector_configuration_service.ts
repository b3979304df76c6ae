import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import {
  ConnectorConfigurationError,
  SECRET_PLACEHOLDER,
  createConnector,
  elementTemplateFor,
  jobTypeFor,
  type ConnectorConfiguration,
  type ConnectorKind,
  type ElementTemplate,
} from '@senflow/connectors'
import AuditService, { type AuditActor } from '#services/audit_service'
import SecretStore from '#services/secret_store'
import { isoTime, sqlTime } from '#services/sql_time'
import { insertedId } from '#services/inserted_id'
import {
  ApiException,
  ConflictException,
  NotFoundException,
  type ApiErrorEntry,
} from '#exceptions/api_exception'

/**
 * A stored connector configuration, as the table holds it.
 */
export interface ConnectorConfigurationRow {
  id: number
  code: string
  name: string
  kind: ConnectorKind
  description: string | null
  configuration: string
  enabled: boolean | number
  revision: number
  created_by: number | null
  updated_by: number | null
  created_at: string | Date
  updated_at: string | Date | null
  disabled_at: string | Date | null
  created_by_email?: string | null
  updated_by_email?: string | null
}

/**
 * What an administrator sends to create or change a configuration.
 */
export interface ConnectorConfigurationInput {
  code?: string
  name?: string
  kind: ConnectorKind
  description?: string | null
  enabled?: boolean
  configuration?: Record<string, unknown>
}

/**
 * The library's configuration (what the connector runtime and the element
 * templates read) of a stored row; `version` is the row's revision so that
 * the modeler sees a new template version after each change.
 */
export function toConnectorConfiguration(row: ConnectorConfigurationRow): ConnectorConfiguration {
  const settings = JSON.parse(row.configuration) as Record<string, unknown>
  return {
    ...settings,
    id: row.code,
    name: row.name,
    kind: row.kind,
    ...(row.description ? { description: row.description } : {}),
    version: Number(row.revision),
  } as ConnectorConfiguration
}

/**
 * The names of the secrets a configuration references (`{{secrets.NAME}}`).
 */
export function referencedSecrets(configuration: unknown): string[] {
  const text = JSON.stringify(configuration ?? {})
  return [...new Set([...text.matchAll(SECRET_PLACEHOLDER)].map((match) => match[1]))].sort()
}

/**
 * A configuration as the API shows it: its settings hold secret
 * references only, never a value.
 */
export function presentConnector(row: ConnectorConfigurationRow) {
  const configuration = JSON.parse(row.configuration) as Record<string, unknown>
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    kind: row.kind,
    description: row.description,
    enabled: Boolean(row.enabled),
    jobType: jobTypeFor({ id: row.code }),
    elementTemplateId: `senflow.connector.${row.code}`,
    revision: Number(row.revision),
    configuration,
    secrets: referencedSecrets(configuration),
    createdBy: row.created_by_email ?? null,
    updatedBy: row.updated_by_email ?? null,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    disabledAt: isoTime(row.disabled_at),
  }
}

/**
 * A setting whose value must be a secret reference, by kind (paths under
 * `configuration`). Header, query and login-body entries are checked by
 * name (see {@link SENSITIVE_NAME}).
 */
const SENSITIVE_PATHS: Record<ConnectorKind, string[][]> = {
  http: [
    ['authentication', 'password'],
    ['authentication', 'token'],
    ['authentication', 'value'],
    ['authentication', 'clientSecret'],
    ['authentication', 'refreshToken'],
  ],
  sql: [['connection', 'password']],
  mail: [['smtp', 'password']],
  portal: [['password']],
}

/**
 * Names of headers, query parameters and login fields that carry credentials.
 */
const SENSITIVE_NAME =
  /^(authorization|proxy-authorization|cookie)$|token|secret|pass(word|wd)?$|api[-_]?key|credential|^pin$|otp/i

/**
 * Whether a value is made of secret references (with at most a scheme word
 * such as `Bearer` beside them).
 */
function isSecretReference(value: string) {
  SECRET_PLACEHOLDER.lastIndex = 0
  if (!SECRET_PLACEHOLDER.test(value)) return false
  SECRET_PLACEHOLDER.lastIndex = 0
  const rest = value.replace(SECRET_PLACEHOLDER, '').trim()
  return rest === '' || /^[A-Za-z][A-Za-z0-9-]*$/.test(rest)
}

/**
 * Problems of settings that hold a literal credential where a
 * `{{secrets.NAME}}` reference belongs.
 */
function literalSecretProblems(
  kind: ConnectorKind,
  settings: Record<string, any>
): ApiErrorEntry[] {
  const problems: ApiErrorEntry[] = []
  const check = (path: string[], value: unknown) => {
    if (typeof value !== 'string' || isSecretReference(value)) return
    const field = ['configuration', ...path].join('.')
    problems.push({
      message: `Expected ${field} to be a secret reference such as {{secrets.NAME}}, but it is a literal value`,
      field,
      code: 'E_LITERAL_SECRET',
    })
  }
  for (const path of SENSITIVE_PATHS[kind]) {
    check(
      path,
      path.reduce<any>((value, key) => value?.[key], settings)
    )
  }
  const checkNamed = (prefix: string[], entries: unknown) => {
    if (!entries || typeof entries !== 'object') return
    for (const [name, value] of Object.entries(entries)) {
      if (SENSITIVE_NAME.test(name)) check([...prefix, name], value)
    }
  }
  if (kind === 'http') {
    checkNamed(['headers'], settings.headers)
    checkNamed(['authentication', 'loginBody'], settings.authentication?.loginBody)
    checkNamed(['authentication', 'loginHeaders'], settings.authentication?.loginHeaders)
    for (const [index, operation] of (settings.operations ?? []).entries()) {
      checkNamed(['operations', String(index), 'headers'], operation.headers)
      checkNamed(['operations', String(index), 'queryParameters'], operation.queryParameters)
    }
  }
  return problems
}

/**
 * Connector configurations: what an administrator sets once per external
 * system. A configuration is checked three ways before it is stored: its
 * shape (VineJS, in the controller), its credentials (only secret
 * references, naming secrets that exist) and the connector library's own
 * rules (the connector and its element template must build).
 */
@inject()
export default class ConnectorConfigurationService {
  constructor(
    protected audit: AuditService,
    protected secrets: SecretStore
  ) {}

  /**
   * Every configuration, by code.
   */
  async list(): Promise<ConnectorConfigurationRow[]> {
    return this.#query().orderBy('cc.code')
  }

  /**
   * One configuration.
   *
   * @throws NotFoundException when there is none with that id.
   */
  async find(id: number): Promise<ConnectorConfigurationRow> {
    const row = await this.#query().where('cc.id', id).first()
    if (!row) throw new NotFoundException(`Connector ${id} not found`)
    return row
  }

  /**
   * The library configurations of every enabled connector.
   */
  async enabledConfigurations(): Promise<ConnectorConfiguration[]> {
    const rows = await this.#query().where('cc.enabled', true).orderBy('cc.code')
    return rows.map(toConnectorConfiguration)
  }

  /**
   * The Camunda 8 element templates of every enabled connector, for the
   * modeler's palette (a configuration that no longer builds is left out).
   */
  async elementTemplates(): Promise<ElementTemplate[]> {
    const templates: ElementTemplate[] = []
    for (const configuration of await this.enabledConfigurations()) {
      try {
        templates.push(elementTemplateFor(configuration))
      } catch (error) {
        if (!(error instanceof ConnectorConfigurationError)) throw error
      }
    }
    return templates
  }

  /**
   * Stores a new configuration.
   *
   * @throws ConflictException when the code is taken.
   * @throws ApiException (422) listing every problem of the settings.
   */
  async create(
    input: ConnectorConfigurationInput & { code: string; name: string },
    actor: AuditActor
  ): Promise<ConnectorConfigurationRow> {
    const settings = input.configuration ?? {}
    await this.#check({
      id: 0,
      code: input.code,
      name: input.name,
      kind: input.kind,
      description: input.description ?? null,
      configuration: JSON.stringify(settings),
      enabled: true,
      revision: 1,
    } as ConnectorConfigurationRow)
    const id = await db.transaction(async (trx) => {
      const existing = await trx.from('connector_configurations').where('code', input.code).first()
      if (existing) throw new ConflictException(`Connector ${input.code} already exists`, 'code')
      const enabled = input.enabled ?? true
      const [inserted] = await trx
        .table('connector_configurations')
        .insert({
          code: input.code,
          name: input.name,
          kind: input.kind,
          description: input.description ?? null,
          configuration: JSON.stringify(settings),
          enabled,
          revision: 1,
          created_by: actor.id,
          updated_by: actor.id,
          created_at: sqlTime(),
          updated_at: sqlTime(),
          disabled_at: enabled ? null : sqlTime(),
        })
        .returning('id')
      const newId = insertedId(inserted)
      await this.audit.record(
        actor,
        {
          action: 'connector.create',
          subjectType: 'connector',
          subjectId: input.code,
          details: { kind: input.kind, secrets: referencedSecrets(settings) },
        },
        trx
      )
      return newId
    })
    return this.find(id)
  }

  /**
   * Changes a configuration (a new revision); a given `configuration`
   * replaces the settings.
   *
   * @throws ApiException (422) listing every problem of the settings.
   */
  async update(
    row: ConnectorConfigurationRow,
    input: ConnectorConfigurationInput,
    actor: AuditActor
  ): Promise<ConnectorConfigurationRow> {
    const next = {
      ...row,
      name: input.name ?? row.name,
      description: input.description === undefined ? row.description : input.description,
      configuration:
        input.configuration === undefined ? row.configuration : JSON.stringify(input.configuration),
    }
    await this.#check(next)
    const enabled = input.enabled ?? Boolean(row.enabled)
    await db.transaction(async (trx) => {
      await trx
        .from('connector_configurations')
        .where('id', row.id)
        .update({
          name: next.name,
          description: next.description,
          configuration: next.configuration,
          enabled,
          revision: trx.knexRawQuery('revision + 1'),
          updated_by: actor.id,
          updated_at: sqlTime(),
          disabled_at: enabled ? null : (row.disabled_at ?? sqlTime()),
        })
      await this.audit.record(
        actor,
        {
          action: 'connector.update',
          subjectType: 'connector',
          subjectId: row.code,
          details: {
            changed: Object.keys(input).filter(
              (key) =>
                key !== 'kind' && input[key as keyof ConnectorConfigurationInput] !== undefined
            ),
            secrets: referencedSecrets(JSON.parse(next.configuration)),
          },
        },
        trx
      )
    })
    return this.find(row.id)
  }

  /**
   * Enables or disables a configuration: a disabled connector takes no
   * jobs (they wait) and leaves the palette.
   */
  async setEnabled(
    row: ConnectorConfigurationRow,
    enabled: boolean,
    actor: AuditActor
  ): Promise<ConnectorConfigurationRow> {
    if (enabled) await this.#check(row)
    await db.transaction(async (trx) => {
      await trx
        .from('connector_configurations')
        .where('id', row.id)
        .update({
          enabled,
          revision: trx.knexRawQuery('revision + 1'),
          updated_by: actor.id,
          updated_at: sqlTime(),
          disabled_at: enabled ? null : sqlTime(),
        })
      await this.audit.record(
        actor,
        {
          action: enabled ? 'connector.enable' : 'connector.disable',
          subjectType: 'connector',
          subjectId: row.code,
        },
        trx
      )
    })
    return this.find(row.id)
  }

  /**
   * The connectors and webhooks that reference a secret, by name.
   */
  async usersOfSecret(name: string): Promise<string[]> {
    const connectors = (
      await db.from('connector_configurations').select('code', 'configuration')
    ).filter((row) => referencedSecrets(JSON.parse(row.configuration)).includes(name))
    const webhooks = await db.from('webhooks').where('secret_name', name).select('name')
    return [
      ...connectors.map((row) => `connector ${row.code}`),
      ...webhooks.map((row) => `webhook ${row.name}`),
    ]
  }

  /**
   * Refuses settings with a literal credential, a reference to a secret
   * that does not exist, or a problem the connector library finds.
   */
  async #check(row: ConnectorConfigurationRow) {
    const settings = JSON.parse(row.configuration) as Record<string, unknown>
    const problems = literalSecretProblems(row.kind, settings)
    if (problems.length === 0) {
      for (const name of referencedSecrets(settings)) {
        if (!(await this.secrets.exists(name))) {
          problems.push({
            message: `Expected secret ${name} to exist (create it under /api/secrets or set SENFLOW_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}), but it does not`,
            field: 'configuration',
            code: 'E_UNKNOWN_SECRET',
          })
        }
      }
    }
    if (problems.length === 0) {
      const configuration = toConnectorConfiguration(row)
      try {
        await createConnector(configuration).close?.()
        elementTemplateFor(configuration)
      } catch (error) {
        if (!(error instanceof ConnectorConfigurationError)) throw error
        problems.push(
          ...error.problems.map((message) => ({
            message,
            field: 'configuration',
            code: 'E_VALIDATION_ERROR',
          }))
        )
      }
    }
    if (problems.length > 0) {
      throw new ApiException(problems[0].message, {
        status: 422,
        code: problems[0].code,
        entries: problems,
      })
    }
  }

  #query() {
    return db
      .from('connector_configurations as cc')
      .leftJoin('users as c', 'c.id', 'cc.created_by')
      .leftJoin('users as u', 'u.id', 'cc.updated_by')
      .select('cc.*', 'c.email as created_by_email', 'u.email as updated_by_email')
  }
}

import { AsyncLocalStorage } from 'node:async_hooks'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { EnvironmentSecretProvider, type SecretProvider } from '@senflow/connectors'
import AuditService, { type AuditActor } from '#services/audit_service'
import { isoTime, sqlTime } from '#services/sql_time'
import { ConflictException, NotFoundException } from '#exceptions/api_exception'

/**
 * A secret's name: what `{{secrets.NAME}}` placeholders may name (letters,
 * digits, `_`, `.` and `-`), starting with a letter.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/

/**
 * Why a secret is being read: recorded with every use in the audit log.
 */
export interface SecretUse {
  purpose: 'job' | 'webhook' | 'connection-test'
  /** The connector configuration's code (or the Camunda job type). */
  connector?: string
  jobKey?: string
  processInstanceKey?: string
  elementId?: string
  /** The webhook's public id. */
  webhook?: string
}

/**
 * Where a secret's value came from.
 */
export type SecretSource = 'store' | 'environment'

/**
 * A stored secret as the API shows it: metadata only, never the value.
 */
export interface SecretMetadata {
  name: string
  description: string | null
  version: number
  createdAt: string | null
  rotatedAt: string | null
  lastUsedAt: string | null
  createdBy: string | null
  rotatedBy: string | null
}

/**
 * The actor recorded for secret uses by the connector runtime.
 */
export const CONNECTOR_RUNTIME_ACTOR: AuditActor = { id: null, email: 'system:connectors' }

const METADATA_COLUMNS = [
  's.name',
  's.description',
  's.version',
  's.created_at',
  's.rotated_at',
  's.last_used_at',
  'c.email as created_by_email',
  'r.email as rotated_by_email',
]

function present(row: Record<string, any>): SecretMetadata {
  return {
    name: row.name,
    description: row.description ?? null,
    version: Number(row.version),
    createdAt: isoTime(row.created_at),
    rotatedAt: isoTime(row.rotated_at),
    lastUsedAt: isoTime(row.last_used_at),
    createdBy: row.created_by_email ?? null,
    rotatedBy: row.rotated_by_email ?? null,
  }
}

/**
 * The connectors' secrets: stored encrypted with the app key (AdonisJS's
 * encryption service, bound to the secret's name so that a ciphertext
 * cannot be moved to another name), written but never read back by the
 * API, revealed only to the connector runtime when a job runs or to the
 * webhook receiver when it checks a signature. Operators may supply a
 * secret as the environment variable `SENFLOW_SECRET_<NAME>` instead.
 * Every reveal is recorded in the audit log (name, purpose, connector,
 * job), never the value.
 */
export default class SecretStore {
  static readonly #scope = new AsyncLocalStorage<SecretUse>()

  /**
   * Runs `work` with `use` as the reason for every secret it reveals
   * through {@link SecretStore.provider} (the connector runtime resolves
   * secrets deep inside a job, where only the async context knows the job).
   */
  static withUse<T>(use: SecretUse, work: () => Promise<T>): Promise<T> {
    return SecretStore.#scope.run(use, work)
  }

  constructor(
    protected audit: AuditService = new AuditService(),
    protected environment: NodeJS.ProcessEnv = process.env
  ) {}

  /**
   * The connector runtime's `SecretProvider`: the store, then the
   * environment, each use audited with the reason set by {@link withUse}.
   */
  provider(): SecretProvider {
    return {
      get: (name) =>
        this.reveal(name, SecretStore.#scope.getStore() ?? { purpose: 'job' }).then(
          (found) => found?.value
        ),
    }
  }

  /**
   * Every stored secret's metadata, by name.
   */
  async list(): Promise<SecretMetadata[]> {
    const rows = await this.#metadataQuery().orderBy('s.name')
    return rows.map(present)
  }

  /**
   * One stored secret's metadata.
   *
   * @throws NotFoundException when no secret has that name.
   */
  async show(name: string): Promise<SecretMetadata> {
    const row = await this.#metadataQuery().where('s.name', name).first()
    if (!row) throw new NotFoundException(`Secret ${name} not found`)
    return present(row)
  }

  /**
   * Stores a new secret.
   *
   * @throws ConflictException when the name is taken.
   */
  async create(
    input: { name: string; value: string; description?: string | null },
    actor: AuditActor
  ): Promise<SecretMetadata> {
    await db.transaction(async (trx) => {
      const existing = await trx.from('connector_secrets').where('name', input.name).first()
      if (existing) throw new ConflictException(`Secret ${input.name} already exists`, 'name')
      await trx.table('connector_secrets').insert({
        name: input.name,
        description: input.description ?? null,
        encrypted_value: this.#encrypt(input.name, input.value),
        version: 1,
        created_by: actor.id,
        created_at: sqlTime(),
      })
      await this.audit.record(
        actor,
        { action: 'secret.create', subjectType: 'secret', subjectId: input.name },
        trx
      )
    })
    return this.show(input.name)
  }

  /**
   * Replaces a secret's value (and optionally its description); the next
   * job uses the new value without a restart.
   *
   * @throws NotFoundException when no secret has that name.
   */
  async rotate(
    name: string,
    input: { value: string; description?: string | null },
    actor: AuditActor
  ): Promise<SecretMetadata> {
    await db.transaction(async (trx) => {
      const updated = await trx
        .from('connector_secrets')
        .where('name', name)
        .update({
          encrypted_value: this.#encrypt(name, input.value),
          version: trx.knexRawQuery('version + 1'),
          ...(input.description !== undefined ? { description: input.description } : {}),
          rotated_by: actor.id,
          rotated_at: sqlTime(),
        })
      if (!Number(updated)) throw new NotFoundException(`Secret ${name} not found`)
      const row = await trx.from('connector_secrets').where('name', name).select('version').first()
      await this.audit.record(
        actor,
        {
          action: 'secret.rotate',
          subjectType: 'secret',
          subjectId: name,
          details: { version: Number(row.version) },
        },
        trx
      )
    })
    return this.show(name)
  }

  /**
   * Deletes a secret that nothing references any more.
   *
   * @throws NotFoundException when no secret has that name.
   * @throws ConflictException when a connector configuration or a webhook uses it.
   */
  async delete(name: string, usedBy: string[], actor: AuditActor): Promise<void> {
    if (usedBy.length > 0) {
      throw new ConflictException(
        `Expected secret ${name} to be unused before deleting it, but ${usedBy.join(', ')} use it`
      )
    }
    await db.transaction(async (trx) => {
      const deleted = await trx.from('connector_secrets').where('name', name).delete()
      if (!Number(deleted)) throw new NotFoundException(`Secret ${name} not found`)
      await this.audit.record(
        actor,
        { action: 'secret.delete', subjectType: 'secret', subjectId: name },
        trx
      )
    })
  }

  /**
   * Whether a secret can be revealed: stored, or supplied by the environment.
   */
  async exists(name: string): Promise<boolean> {
    const row = await db.from('connector_secrets').where('name', name).select('id').first()
    if (row) return true
    return (await new EnvironmentSecretProvider(this.environment).get(name)) !== undefined
  }

  /**
   * Reveals a secret for one use and records the use in the audit log
   * (never the value). Undefined when neither the store nor the
   * environment knows the name.
   *
   * @throws Error when the stored value cannot be decrypted (the app key changed).
   */
  async reveal(
    name: string,
    use: SecretUse
  ): Promise<{ value: string; source: SecretSource } | undefined> {
    const row = await db.from('connector_secrets').where('name', name).first()
    let found: { value: string; source: SecretSource } | undefined
    if (row) {
      const value = encryption.decrypt<string>(row.encrypted_value, purposeOf(name))
      if (typeof value !== 'string') {
        throw new Error(
          `Expected secret ${name} to decrypt with the app key, but it does not (was APP_KEY changed?)`
        )
      }
      found = { value, source: 'store' }
    } else {
      const value = await new EnvironmentSecretProvider(this.environment).get(name)
      if (value !== undefined) found = { value, source: 'environment' }
    }
    if (!found) return undefined
    await this.audit.record(CONNECTOR_RUNTIME_ACTOR, {
      action: 'secret.use',
      subjectType: 'secret',
      subjectId: name,
      details: {
        source: found.source,
        purpose: use.purpose,
        ...(use.connector ? { connector: use.connector } : {}),
        ...(use.jobKey ? { jobKey: use.jobKey } : {}),
        ...(use.processInstanceKey ? { processInstanceKey: use.processInstanceKey } : {}),
        ...(use.elementId ? { elementId: use.elementId } : {}),
        ...(use.webhook ? { webhook: use.webhook } : {}),
      },
    })
    if (row) {
      await db.from('connector_secrets').where('id', row.id).update({ last_used_at: sqlTime() })
    }
    return found
  }

  #encrypt(name: string, value: string): string {
    return encryption.encrypt(value, undefined, purposeOf(name))
  }

  #metadataQuery() {
    return db
      .from('connector_secrets as s')
      .leftJoin('users as c', 'c.id', 's.created_by')
      .leftJoin('users as r', 'r.id', 's.rotated_by')
      .select(METADATA_COLUMNS)
  }
}

/**
 * Binds a ciphertext to its secret's name.
 */
function purposeOf(name: string) {
  return `senflow.connector-secret:${name}`
}

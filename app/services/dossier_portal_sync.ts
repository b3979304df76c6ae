import db from '@adonisjs/lucid/services/db'
import {
  ConnectorRegistry,
  ConnectorRuntime,
  jobTypeFor,
  type ConnectorConfiguration,
  type PortalConnectorConfiguration,
} from '@senflow/connectors'
import type Dossier from '#models/dossier'
import type Procedure from '#models/procedure'
import SecretStore from '#services/secret_store'
import { connectorLogger } from '#services/connector_workers'
import { DOSSIER_STATUSES, DOSSIER_STATUS_NAMES } from '#services/dossier_status'

/** The portal connector dossiers use unless their procedure names another. */
export const DEFAULT_PORTAL_CONNECTOR = 'national-portal'

/**
 * Thrown when the portal could not take a change: the job that made it
 * fails with this message (retried with back-off when `retryable`).
 */
export class PortalSyncError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
  }
}

/** What one synchronisation sends. */
export interface PortalChange {
  /** What the progress step says (NoiDungXuLy). */
  content: string
  /** Who handled it (NguoiXuLy). */
  handler: string
  /** Also resend the whole record (the dates changed). */
  record: boolean
  /** Overrides the procedure's connector code. */
  connector?: string | null
  /** A key for the connector's log lines. */
  key: string
  /** Where the change comes from, for the log lines. */
  elementId?: string
}

/** How a synchronisation ended. */
export interface PortalSyncOutcome {
  state: 'sent' | 'skipped'
  message: string
}

interface CachedRuntime {
  revision: number
  enabled: boolean
  runtime: ConnectorRuntime
  registry: ConnectorRegistry
  jobType: string
}

/**
 * Sends dossier changes to the National Public Service Portal through a
 * configured portal connector (the same code, secrets, session handling,
 * outbound checks and redaction as a portal connector task), in this
 * process: `DongBoHoSoMC` the first time, then `CapNhatTienDoHoSoMC` per
 * status change (and `DongBoHoSoMC` again when dates changed). Our status
 * names and procedure codes go through the connector's mapping tables;
 * entries the tables lack are filled with the portal codes of
 * dossier_status.ts and the procedure's `portalProcedureCode`. Calls for
 * one dossier are serialised, so the portal sees its statuses in order.
 */
export default class DossierPortalSync {
  readonly #runtimes = new Map<string, CachedRuntime>()
  readonly #locks = new Map<number, Promise<unknown>>()

  constructor(protected secrets: SecretStore) {}

  /**
   * Runs `work` after every earlier synchronisation of the same dossier.
   */
  serialised<T>(dossierId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(dossierId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(work)
    const tracked = next.catch(() => undefined)
    this.#locks.set(dossierId, tracked)
    void tracked.then(() => {
      if (this.#locks.get(dossierId) === tracked) this.#locks.delete(dossierId)
    })
    return next
  }

  /**
   * Synchronises the dossier's current state.
   *
   * @throws PortalSyncError when the connector is disabled or the portal refused or failed.
   */
  async sync(
    dossier: Dossier,
    procedure: Procedure,
    change: PortalChange
  ): Promise<PortalSyncOutcome> {
    const code =
      change.connector === undefined ? procedure.portalConnector : change.connector || null
    if (!code) return { state: 'skipped', message: 'no portal connector for this procedure' }
    const cached = await this.#runtime(code, procedure)
    if (!cached) return { state: 'skipped', message: `no connector "${code}" is configured` }
    if (!cached.enabled)
      throw new PortalSyncError(
        `Expected the portal connector "${code}" to be enabled, but it is disabled`,
        true
      )
    const calls: { operation: string; fields: Record<string, unknown> }[] = []
    if (!dossier.portalSyncedAt) {
      calls.push({
        operation: 'DongBoHoSoMC',
        fields: { ...this.#record(dossier, procedure), mode: 'auto' },
      })
    } else {
      calls.push({
        operation: 'CapNhatTienDoHoSoMC',
        fields: {
          dossierNumber: dossier.code,
          handler: change.handler,
          handledAt: new Date().toISOString(),
          department: dossier.unitCode,
          content: change.content,
          status: dossier.status,
          stepDueAt: dossier.effectiveDueAt.toISO(),
        },
      })
      if (change.record)
        calls.push({
          operation: 'DongBoHoSoMC',
          fields: { ...this.#record(dossier, procedure), mode: 'update' },
        })
    }
    const messages: string[] = []
    for (const call of calls) {
      const completion = await SecretStore.withUse(
        {
          purpose: 'job',
          connector: code,
          jobKey: change.key,
          processInstanceKey: dossier.processInstanceKey ?? '',
          elementId: change.elementId ?? 'dossier',
        },
        () =>
          cached.runtime.execute({
            key: change.key,
            type: cached.jobType,
            processInstanceKey: dossier.processInstanceKey ?? '',
            elementId: change.elementId ?? 'dossier',
            retries: 2,
            customHeaders: { resultVariable: 'response' },
            variables: call,
          })
      )
      if (completion.kind === 'complete') {
        const response = completion.variables.response as { message?: string } | undefined
        messages.push(`${call.operation}: ${response?.message ?? 'ok'}`)
        continue
      }
      throw new PortalSyncError(
        completion.kind === 'fail'
          ? completion.errorMessage
          : `${completion.errorCode} ${completion.errorMessage}`,
        completion.kind === 'fail' && completion.retries > 0
      )
    }
    return { state: 'sent', message: messages.join('; ') }
  }

  /** Closes the cached connectors. */
  async close() {
    const cached = [...this.#runtimes.values()]
    this.#runtimes.clear()
    await Promise.all(cached.map((entry) => entry.registry.close()))
  }

  #record(dossier: Dossier, procedure: Procedure): Record<string, unknown> {
    return {
      dossierNumber: dossier.code,
      procedureCode: procedure.code,
      procedureName: procedure.nameVi,
      fieldCode: procedure.fieldCode ?? undefined,
      fieldName: procedure.fieldNameVi ?? undefined,
      applicantName: dossier.applicantName,
      applicantType: dossier.applicantKind === 'citizen' ? 'citizen' : 'organisation',
      applicantIdNumber: dossier.identityNumber ?? dossier.taxCode ?? undefined,
      email: dossier.applicantEmail ?? undefined,
      phone: dossier.applicantPhone ?? undefined,
      summary: dossier.summary ?? undefined,
      receivedAt: dossier.receivedAt.toISO(),
      dueAt: dossier.effectiveDueAt.toISO(),
      status: dossier.status,
      returnedAt: dossier.returnedAt?.toISO() ?? undefined,
      handlingUnit: dossier.unitCode,
      channel: dossier.channel === 'post' ? 'post' : 'counter',
    }
  }

  /**
   * The runtime of a stored connector (rebuilt when its revision changed),
   * with the mapping tables completed for this procedure; null when no
   * such connector exists.
   */
  async #runtime(code: string, procedure: Procedure): Promise<CachedRuntime | null> {
    const row = await db.from('connector_configurations').where('code', code).first()
    if (!row) return null
    if (row.kind !== 'portal')
      throw new PortalSyncError(
        `Expected connector "${code}" to be a portal connector, but it is of kind ${row.kind}`,
        false
      )
    const cacheKey = `${code}\u0000${procedure.code}\u0000${procedure.portalProcedureCode ?? ''}`
    const revision = Number(row.revision)
    const enabled = Boolean(row.enabled)
    const known = this.#runtimes.get(cacheKey)
    if (known && known.revision === revision) return { ...known, enabled }
    if (known) await known.registry.close()
    const { toConnectorConfiguration } = await import('#services/connector_configuration_service')
    const stored = toConnectorConfiguration(row) as PortalConnectorConfiguration
    const statusCodes: Record<string, number> = { ...(stored.statusCodes ?? {}) }
    for (const status of DOSSIER_STATUS_NAMES)
      statusCodes[status] ??= DOSSIER_STATUSES[status].portalCode
    const procedureCodes: Record<string, string> = { ...(stored.procedureCodes ?? {}) }
    if (procedure.portalProcedureCode && !procedureCodes[procedure.code])
      procedureCodes[procedure.code] = procedure.portalProcedureCode
    const configuration = {
      ...stored,
      statusCodes,
      procedureCodes: Object.keys(procedureCodes).length > 0 ? procedureCodes : undefined,
      allowedServices: undefined,
    } as ConnectorConfiguration
    const registry = new ConnectorRegistry({ camundaHttpJson: false })
    try {
      registry.configure(configuration)
    } catch (error) {
      throw new PortalSyncError(
        `Expected the portal connector "${code}" to be usable, but: ${(error as Error).message}`,
        false
      )
    }
    const entry: CachedRuntime = {
      revision,
      enabled,
      registry,
      jobType: jobTypeFor(configuration),
      runtime: new ConnectorRuntime({
        registry,
        secretProvider: this.secrets.provider(),
        logger: connectorLogger(),
      }),
    }
    this.#runtimes.set(cacheKey, entry)
    return entry
  }
}

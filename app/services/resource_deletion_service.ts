import app from '@adonisjs/core/services/app'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import AuditService, { type AuditActor } from '#services/audit_service'
import { sqlTime } from '#services/sql_time'

/**
 * A library that mirrors the engine's deployed versions (see
 * `DeploymentService.mirrorVersion`): its versions table, and the columns
 * naming a version's engine key and the library's latest one.
 */
const LIBRARIES = [
  {
    library: 'process_models',
    versions: 'process_model_versions',
    parentColumn: 'process_model_id',
    keyColumn: 'definition_key',
    latestKeyColumn: 'latest_definition_key',
  },
  {
    library: 'forms',
    versions: 'form_versions',
    parentColumn: 'form_id',
    keyColumn: 'form_key',
    latestKeyColumn: 'latest_form_key',
  },
] as const

/**
 * Deletes a deployed resource (a process definition, a decision
 * requirements graph with its decisions, or a form) from the engine, the
 * way `POST /v2/resources/{key}/deletion` and Zeebe's `DeleteResource` do,
 * then marks its mirrored version in the process or form library deleted
 * (its "latest" pointer moves back to the version before) and records it
 * in the audit log. The engine refuses a process definition that still has
 * running instances, and nothing changes then.
 */
@inject()
export default class ResourceDeletionService {
  constructor(protected audit: AuditService) {}

  async delete(resourceKey: string, actor: AuditActor): Promise<void> {
    const engine = await app.container.make('senflow.engine')
    await engine.deleteResource(resourceKey)
    const versions = await this.unmirror(resourceKey)
    await this.audit.record(actor, {
      action: 'resource.delete',
      subjectType: 'resource',
      subjectId: resourceKey,
      details: { versions },
    })
  }

  /**
   * Marks the library version of a deleted resource deleted and points
   * its library at the latest version left (none when it was the only one).
   * Returns what it marked, as `id@version`.
   */
  protected async unmirror(resourceKey: string): Promise<string[]> {
    const marked: string[] = []
    const now = sqlTime()
    for (const target of LIBRARIES) {
      await db.transaction(async (trx) => {
        const version = await trx
          .from(target.versions)
          .where(target.keyColumn, resourceKey)
          .whereNull('deleted_at')
          .first()
        if (!version) return
        await trx.from(target.versions).where('id', version.id).update({ deleted_at: now })
        const parentId = version[target.parentColumn]
        const latest = await trx
          .from(target.versions)
          .where(target.parentColumn, parentId)
          .whereNull('deleted_at')
          .orderBy('version', 'desc')
          .first()
        await trx
          .from(target.library)
          .where('id', parentId)
          .update({
            latest_version: latest?.version ?? null,
            [target.latestKeyColumn]: latest?.[target.keyColumn] ?? null,
            updated_at: now,
          })
        marked.push(`${target.library}:${parentId}@${version.version}`)
      })
    }
    return marked
  }
}

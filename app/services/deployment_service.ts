import app from '@adonisjs/core/services/app'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import { ControllableClock, type Deployment, type DeploymentResource } from '@senflow/engine'
import { compileDeployment } from '@senflow/engine/model/deployment_compiler'
import { ExpressionLanguage } from '@senflow/engine/feel/expression_language'
import type { FormTranslations } from '@senflow/forms'
import AuditService, { type AuditActor } from '#services/audit_service'
import { feelFunctions } from '#services/feel_functions'
import { sqlTime } from '#services/sql_time'

/**
 * A problem that keeps a model from deploying, by resource and element.
 */
export interface ModelProblem {
  resourceName: string
  elementId: string | null
  message: string
}

/**
 * Extra things a deployment from the studio carries: the translations
 * of each form (by form id), which the engine does not keep.
 */
export interface DeploymentExtras {
  translations?: Record<string, FormTranslations>
  defaultLocale?: Record<string, string>
}

let language: ExpressionLanguage | null = null

/**
 * The engine's own deploy validation, without deploying: every problem
 * of every resource ("Expected …, but …") by element id.
 */
export async function validateResources(resources: DeploymentResource[]): Promise<ModelProblem[]> {
  if (!language) {
    language = new ExpressionLanguage(new ControllableClock())
    for (const [name, fn] of Object.entries(feelFunctions)) language.registerFunction(name, fn)
  }
  const compiled = await compileDeployment(resources, language)
  return compiled.problems
}

/**
 * Deploys resources to the engine (from the studio or `POST /v2/deployments`)
 * and mirrors what was deployed into the process and form libraries: a
 * model for every process id (created if new) with a read-only version per
 * deployed version, and likewise for forms (DMN decisions stay in the engine:
 * the studio has no decision library yet); recorded in the audit log.
 */
@inject()
export default class DeploymentService {
  constructor(protected audit: AuditService) {}

  async deploy(resources: DeploymentResource[], actor: AuditActor, extras: DeploymentExtras = {}) {
    const engine = await app.container.make('senflow.engine')
    const deployment = await engine.deploy(resources)
    await this.mirror(deployment, resources, actor, extras)
    await this.audit.record(actor, {
      action: 'deployment.create',
      subjectType: 'deployment',
      subjectId: deployment.deploymentKey,
      details: {
        resources: resources.map((resource) => resource.name),
        processes: deployment.processes.map(
          (p) => `${p.processDefinitionId}@${p.processDefinitionVersion}`
        ),
        forms: deployment.forms.map((f) => `${f.formId}@${f.version}`),
        decisions: deployment.decisions.map((d) => `${d.decisionDefinitionId}@${d.version}`),
      },
    })
    return deployment
  }

  protected async mirror(
    deployment: Deployment,
    resources: DeploymentResource[],
    actor: AuditActor,
    extras: DeploymentExtras
  ) {
    const engine = await app.container.make('senflow.engine')
    const text = (name: string) => {
      const resource = resources.find((item) => item.name === name)
      return resource
        ? typeof resource.content === 'string'
          ? resource.content
          : resource.content.toString('utf8')
        : ''
    }
    for (const process of deployment.processes) {
      const xml = text(process.resourceName)
      const definition = await engine.getProcessDefinition(process.processDefinitionKey)
      await this.mirrorVersion(actor, {
        library: 'process_models',
        versions: 'process_model_versions',
        identity: ['process_id', process.processDefinitionId],
        parentColumn: 'process_model_id',
        version: process.processDefinitionVersion,
        draft: { name: definition.name ?? process.processDefinitionId, draft_xml: xml },
        published: { definition_key: process.processDefinitionKey, xml },
        latest: { latest_definition_key: process.processDefinitionKey },
      })
    }
    for (const form of deployment.forms) {
      const schema = JSON.parse(text(form.resourceName) || '{}')
      const document = JSON.stringify({
        id: form.formId,
        version: form.version,
        name: schema.name ?? form.formId,
        defaultLocale: extras.defaultLocale?.[form.formId] ?? 'vi',
        schema,
        translations: extras.translations?.[form.formId] ?? {},
      })
      await this.mirrorVersion(actor, {
        library: 'forms',
        versions: 'form_versions',
        identity: ['form_id', form.formId],
        parentColumn: 'form_id',
        version: form.version,
        draft: { name: schema.name ?? form.formId, draft_document: document },
        published: { form_key: form.formKey, document },
        latest: { latest_form_key: form.formKey },
      })
    }
  }

  /**
   * Records one deployed version in a library (process models or forms):
   * creates the library row with the deployed content as its draft when the
   * id is new, adds the read-only version row once, and moves the
   * library's "latest" pointer forward.
   */
  protected async mirrorVersion(
    actor: AuditActor,
    target: {
      library: 'process_models' | 'forms'
      versions: 'process_model_versions' | 'form_versions'
      identity: [column: string, value: string]
      parentColumn: string
      version: number
      draft: Record<string, unknown>
      published: Record<string, unknown>
      latest: Record<string, unknown>
    }
  ) {
    const now = sqlTime()
    await db.transaction(async (trx) => {
      let row = await trx
        .from(target.library)
        .where(...target.identity)
        .forUpdate()
        .first()
      if (!row) {
        const [id] = await trx
          .table(target.library)
          .insert({
            [target.identity[0]]: target.identity[1],
            ...target.draft,
            draft_revision: 1,
            draft_updated_by: actor.id,
            draft_updated_at: now,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
        row = { id: typeof id === 'object' ? (id as { id: number }).id : id, latest_version: null }
      }
      const known = await trx
        .from(target.versions)
        .where(target.parentColumn, row.id)
        .where('version', target.version)
        .first()
      if (!known) {
        await trx.table(target.versions).insert({
          [target.parentColumn]: row.id,
          version: target.version,
          ...target.published,
          published_by: actor.id,
          published_at: now,
        })
      }
      if (!row.latest_version || target.version >= row.latest_version) {
        await trx
          .from(target.library)
          .where('id', row.id)
          .update({ latest_version: target.version, ...target.latest, updated_at: now })
      }
    })
  }
}

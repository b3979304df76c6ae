import type { HttpContext } from '@adonisjs/core/http'
import { personOf } from '#services/presenters'
import { inject } from '@adonisjs/core'
import ProcessModel from '#models/process_model'
import ProcessModelVersion from '#models/process_model_version'
import ProcessModelService from '#services/process_model_service'
import ProcessTemplateService from '#services/process_template_service'
import AuditService from '#services/audit_service'
import {
  createProcessModelValidator,
  listProcessModelsValidator,
  saveDraftValidator,
} from '#validators/process_model_validator'
import { ApiException, NotFoundException } from '#exceptions/api_exception'
import DeploymentService, { validateResources } from '#services/deployment_service'
import vine from '@vinejs/vine'

/**
 * Publishing: an optional note kept with the version.
 */
const publishValidator = vine.compile(
  vine.object({ note: vine.string().trim().maxLength(2000).optional() })
)

/**
 * Validating: the XML to check (the draft when omitted).
 */
const validateValidator = vine.compile(
  vine.object({ xml: vine.string().maxLength(5_000_000).optional() })
)

/**
 * The model as the library lists it.
 */
function summary(model: ProcessModel) {
  return {
    id: model.id,
    processId: model.processId,
    name: model.name,
    description: model.description,
    status: model.latestVersion ? 'published' : 'draft',
    latestVersion: model.latestVersion ?? null,
    latestDefinitionKey: model.latestDefinitionKey ?? null,
    draftRevision: model.draftRevision,
    template: model.template,
    updatedBy: personOf(model.$preloaded.editor ? model.editor : null),
    updatedAt: model.draftUpdatedAt.toISO(),
    createdAt: model.createdAt.toISO(),
  }
}

/**
 * The studio's process library: list, create (blank, template, import),
 * read and autosave drafts, export, delete drafts, version history.
 */
@inject()
export default class ProcessModelsController {
  constructor(
    protected models: ProcessModelService,
    protected templates: ProcessTemplateService,
    protected deployments: DeploymentService
  ) {}

  /**
   * Lints a model with the engine's own deploy validation: the problems
   * by element id, for the canvas and the list.
   */
  async validate(ctx: HttpContext) {
    const model = await this.find(ctx.params.id)
    const { xml } = await ctx.request.validateUsing(validateValidator)
    const problems = await validateResources([
      { name: `${model.processId}.bpmn`, content: xml ?? model.draftXml },
    ])
    return { valid: problems.length === 0, problems }
  }

  /**
   * Deploys the draft as a new version (an unchanged draft keeps the
   * latest version). A model with problems is refused with the list (422)
   * and nothing is deployed.
   */
  async publish(ctx: HttpContext) {
    const model = await this.find(ctx.params.id)
    const { note } = await ctx.request.validateUsing(publishValidator)
    const resource = { name: `${model.processId}.bpmn`, content: model.draftXml }
    const problems = await validateResources([resource])
    if (problems.length) {
      throw new ApiException('The model has problems; fix them before publishing', {
        status: 422,
        code: 'E_MODEL_INVALID',
        entries: problems.map((problem) => ({
          message: problem.message,
          code: 'E_MODEL_INVALID',
          field: 'xml',
          ...(problem.elementId ? { elementId: problem.elementId } : {}),
        })),
      })
    }
    const previous = model.latestVersion
    const deployment = await this.deployments.deploy([resource], AuditService.actorOf(ctx))
    const process = deployment.processes.find(
      (item) => item.processDefinitionId === model.processId
    )!
    if (note) {
      await ProcessModelVersion.query()
        .where('process_model_id', model.id)
        .where('version', process.processDefinitionVersion)
        .whereNull('note')
        .update({ note })
    }
    return {
      version: process.processDefinitionVersion,
      definitionKey: process.processDefinitionKey,
      unchanged: previous === process.processDefinitionVersion,
    }
  }

  async index({ request }: HttpContext) {
    const filters = await request.validateUsing(listProcessModelsValidator, { data: request.qs() })
    const query = ProcessModel.query().preload('editor').orderBy('name')
    if (filters.q) {
      const like = `%${filters.q.toLowerCase()}%`
      query.where((where) =>
        where.whereRaw('lower(name) like ?', [like]).orWhereRaw('lower(process_id) like ?', [like])
      )
    }
    if (filters.status === 'draft') query.whereNull('latest_version')
    if (filters.status === 'published') query.whereNotNull('latest_version')
    return { items: (await query).map(summary) }
  }

  async show({ params }: HttpContext) {
    const model = await this.find(params.id)
    return { ...summary(model), xml: model.draftXml }
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createProcessModelValidator)
    const model = await this.models.create(payload, AuditService.actorOf(ctx))
    await model.load('editor')
    return ctx.response.created({ ...summary(model), xml: model.draftXml })
  }

  /**
   * Autosave: `{ xml, revision }`; 409 when the revision is stale.
   */
  async saveDraft(ctx: HttpContext) {
    const model = await this.find(ctx.params.id)
    const payload = await ctx.request.validateUsing(saveDraftValidator)
    const saved = await this.models.saveDraft(model, payload, AuditService.actorOf(ctx))
    await saved.load('editor')
    return summary(saved)
  }

  async destroy(ctx: HttpContext) {
    const model = await this.find(ctx.params.id)
    await this.models.deleteDraft(model, AuditService.actorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * The draft (or `?version=N`) as a `.bpmn` download.
   */
  async export({ params, request, response }: HttpContext) {
    const model = await this.find(params.id)
    let xml = model.draftXml
    const version = request.input('version')
    if (version) {
      const row = await ProcessModelVersion.query()
        .where('process_model_id', model.id)
        .where('version', Number(version))
        .first()
      if (!row) throw new NotFoundException(`Version ${version} of ${model.processId} not found`)
      xml = row.xml
    }
    response.header('content-type', 'application/xml; charset=utf-8')
    response.header('content-disposition', `attachment; filename="${model.processId}.bpmn"`)
    return xml
  }

  async versions({ params }: HttpContext) {
    const model = await this.find(params.id)
    const rows = await ProcessModelVersion.query()
      .where('process_model_id', model.id)
      .preload('publisher')
      .orderBy('version', 'desc')
    return {
      items: rows.map((row) => ({
        version: row.version,
        definitionKey: row.definitionKey,
        note: row.note,
        publishedAt: row.publishedAt.toISO(),
        publishedBy: personOf(row.publisher),
        deletedAt: row.deletedAt?.toISO() ?? null,
      })),
    }
  }

  async showVersion({ params }: HttpContext) {
    const model = await this.find(params.id)
    const row = await ProcessModelVersion.query()
      .where('process_model_id', model.id)
      .where('version', Number(params.version))
      .preload('publisher')
      .first()
    if (!row)
      throw new NotFoundException(`Version ${params.version} of ${model.processId} not found`)
    return {
      version: row.version,
      definitionKey: row.definitionKey,
      note: row.note,
      publishedAt: row.publishedAt.toISO(),
      publishedBy: personOf(row.publisher),
      xml: row.xml,
    }
  }

  /**
   * The shipped procedures a new model can start from.
   */
  async templateIndex() {
    const templates = await this.templates.list()
    return {
      items: templates.map(({ slug, name, description, processId }) => ({
        slug,
        name,
        description,
        processId,
      })),
    }
  }

  protected async find(id: string | number) {
    const model = await ProcessModel.query().where('id', Number(id)).preload('editor').first()
    if (!model) throw new NotFoundException(`Process model ${id} not found`)
    return model
  }
}

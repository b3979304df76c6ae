import type { HttpContext } from '@adonisjs/core/http'
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
import { NotFoundException } from '#exceptions/api_exception'

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
    updatedBy: model.$preloaded.editor
      ? { id: model.editor.id, email: model.editor.email, fullName: model.editor.fullName }
      : null,
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
    protected templates: ProcessTemplateService
  ) {}

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
        publishedBy: row.publisher
          ? { id: row.publisher.id, email: row.publisher.email, fullName: row.publisher.fullName }
          : null,
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
      publishedBy: row.publisher
        ? { id: row.publisher.id, email: row.publisher.email, fullName: row.publisher.fullName }
        : null,
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

import type { HttpContext } from '@adonisjs/core/http'
import { personOf } from '#services/presenters'
import { inject } from '@adonisjs/core'
import { dataDictionary, formPages, translatableStrings, validateSubmission } from '@senflow/forms'
import Form from '#models/form'
import FormVersion from '#models/form_version'
import FormLibraryService, { draftOf } from '#services/form_library_service'
import AuditService from '#services/audit_service'
import {
  createFormValidator,
  saveFormDraftValidator,
  tryFormValidator,
} from '#validators/form_validator'
import { NotFoundException } from '#exceptions/api_exception'
import DeploymentService from '#services/deployment_service'

function summary(form: Form) {
  return {
    id: form.id,
    formId: form.formId,
    name: form.name,
    status: form.latestVersion ? 'published' : 'draft',
    latestVersion: form.latestVersion ?? null,
    latestFormKey: form.latestFormKey ?? null,
    draftRevision: form.draftRevision,
    updatedBy: personOf(form.$preloaded.editor ? form.editor : null),
    updatedAt: form.draftUpdatedAt.toISO(),
    createdAt: form.createdAt.toISO(),
  }
}

/**
 * The form library: list, create, read and autosave drafts, try a
 * submission against a draft, the data dictionary, versions.
 */
@inject()
export default class FormsController {
  constructor(
    protected forms: FormLibraryService,
    protected deployments: DeploymentService
  ) {}

  /**
   * Publishes the draft: its form-js schema is deployed to the engine (so
   * user tasks can link to it by id) and the version keeps its translations.
   */
  async publish(ctx: HttpContext) {
    const form = await this.find(ctx.params.id)
    const document = draftOf(form)
    const previous = form.latestVersion
    const deployment = await this.deployments.deploy(
      [
        {
          name: `${form.formId}.form`,
          content: JSON.stringify({ ...document.schema, id: form.formId }),
        },
      ],
      AuditService.actorOf(ctx),
      {
        translations: { [form.formId]: document.translations },
        defaultLocale: { [form.formId]: document.defaultLocale },
      }
    )
    const deployed = deployment.forms.find((item) => item.formId === form.formId)!
    return {
      version: deployed.version,
      formKey: deployed.formKey,
      unchanged: previous === deployed.version,
    }
  }

  async index({ request }: HttpContext) {
    const query = Form.query().preload('editor').orderBy('name')
    const q = String(request.input('q', '')).trim().toLowerCase()
    if (q) {
      query.where((where) =>
        where
          .whereRaw('lower(name) like ?', [`%${q}%`])
          .orWhereRaw('lower(form_id) like ?', [`%${q}%`])
      )
    }
    return { items: (await query).map(summary) }
  }

  /**
   * A form with its draft document, its pages and the translatable
   * strings still missing per language.
   */
  async show({ params }: HttpContext) {
    const form = await this.find(params.id)
    const document = draftOf(form)
    const strings = translatableStrings(document.schema)
    const missing = Object.fromEntries(
      ['vi', 'en']
        .filter((locale) => locale !== document.defaultLocale)
        .map((locale) => [
          locale,
          strings
            .filter((entry) => !document.translations[locale]?.[entry.key])
            .map((entry) => entry.key),
        ])
    )
    return {
      ...summary(form),
      document,
      pages: formPages(document.schema).map((page) => ({
        index: page.index,
        id: page.id,
        title: page.title ?? null,
        keys: page.keys,
      })),
      missingTranslations: missing,
    }
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createFormValidator)
    const form = await this.forms.create(payload, AuditService.actorOf(ctx))
    await form.load('editor')
    return ctx.response.created({ ...summary(form), document: draftOf(form) })
  }

  async saveDraft(ctx: HttpContext) {
    const form = await this.find(ctx.params.id)
    const payload = await ctx.request.validateUsing(saveFormDraftValidator)
    const saved = await this.forms.saveDraft(form, payload, AuditService.actorOf(ctx))
    return summary(saved)
  }

  async destroy(ctx: HttpContext) {
    const form = await this.find(ctx.params.id)
    await this.forms.deleteDraft(form, AuditService.actorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * Validates a trial submission against the draft the way a task
   * completion will be validated; answers the errors per field and the
   * variables a valid submission would write.
   */
  async try({ params, request }: HttpContext) {
    const form = await this.find(params.id)
    const payload = await request.validateUsing(tryFormValidator)
    const document = draftOf(form)
    const result = validateSubmission(document.schema, payload.data, {
      variables: payload.variables as any,
      locale: payload.locale ?? document.defaultLocale,
      translations: document.translations,
      page: payload.page,
      timeZone: 'Asia/Ho_Chi_Minh',
    })
    return { valid: result.valid, errors: result.errors, values: result.values }
  }

  /**
   * The variables the draft reads and writes.
   */
  async dictionary({ params }: HttpContext) {
    const form = await this.find(params.id)
    return { items: dataDictionary(draftOf(form).schema) }
  }

  async versions({ params }: HttpContext) {
    const form = await this.find(params.id)
    const rows = await FormVersion.query()
      .where('form_id', form.id)
      .preload('publisher')
      .orderBy('version', 'desc')
    return {
      items: rows.map((row) => ({
        version: row.version,
        formKey: row.formKey,
        publishedAt: row.publishedAt.toISO(),
        publishedBy: personOf(row.publisher),
        deletedAt: row.deletedAt?.toISO() ?? null,
      })),
    }
  }

  async showVersion({ params }: HttpContext) {
    const form = await this.find(params.id)
    const row = await FormVersion.query()
      .where('form_id', form.id)
      .where('version', Number(params.version))
      .first()
    if (!row)
      throw new NotFoundException(`Version ${params.version} of form ${form.formId} not found`)
    return { version: row.version, formKey: row.formKey, document: JSON.parse(row.document) }
  }

  protected async find(id: string | number) {
    const form = await Form.query().where('id', Number(id)).preload('editor').first()
    if (!form) throw new NotFoundException(`Form ${id} not found`)
    return form
  }
}

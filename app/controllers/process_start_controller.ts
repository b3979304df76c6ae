import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import vine from '@vinejs/vine'
import { localizeSchema } from '@senflow/forms'
import StartFormService from '#services/start_form_service'
import AuditService from '#services/audit_service'

const startValidator = vine.compile(
  vine.object({
    variables: vine.object({}).allowUnknownProperties().optional(),
    businessId: vine.string().trim().maxLength(255).optional(),
    locale: vine.enum(['vi', 'en']).optional(),
  })
)

/**
 * Starting a procedure from the app: its start form, and a start that
 * validates the form on the server.
 */
@inject()
export default class ProcessStartController {
  constructor(protected starts: StartFormService) {}

  async form({ params, auth }: HttpContext) {
    const { definition, form } = await this.starts.latest(params.processId)
    const locale = auth.user?.locale === 'en' ? 'en' : 'vi'
    return {
      processDefinitionKey: definition.processDefinitionKey,
      processDefinitionId: definition.processDefinitionId,
      version: definition.version,
      name: definition.name,
      form: form
        ? {
            id: form.id,
            version: form.version,
            schema: localizeSchema(form.schema, form.translations, locale),
          }
        : null,
    }
  }

  async start(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(startValidator)
    const created = await this.starts.start(ctx.params.processId, payload.variables ?? {}, {
      businessId: payload.businessId,
      locale: payload.locale ?? (ctx.auth.user?.locale === 'en' ? 'en' : 'vi'),
    })
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'process_instance.create',
      subjectType: 'process_instance',
      subjectId: created.processInstanceKey,
      details: {
        processDefinitionId: created.processDefinitionId,
        version: created.processDefinitionVersion,
      },
    })
    return ctx.response.created({
      processInstanceKey: created.processInstanceKey,
      processDefinitionKey: created.processDefinitionKey,
      processDefinitionId: created.processDefinitionId,
      processDefinitionVersion: created.processDefinitionVersion,
      businessId: created.businessId,
      variables: created.variables,
    })
  }

  /**
   * `GET /v2/process-definitions/{key}/form`: the start form in Camunda's shape.
   */
  async camundaForm({ params }: HttpContext) {
    const { default: engine } = await import('#services/engine')
    const definition = await engine.getProcessDefinition(params.key)
    const form = await this.starts.formOf(
      definition.processDefinitionKey,
      definition.processDefinitionId
    )
    if (!form) {
      const { NotFoundException } = await import('#exceptions/api_exception')
      throw new NotFoundException(`Process definition ${params.key} has no start form`)
    }
    return {
      formId: form.id,
      version: form.version,
      schema: JSON.stringify(form.schema),
      tenantId: '<default>',
    }
  }
}

import { inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { validateSubmission, type FormDocument } from '@senflow/forms'
import DefinitionCatalog from '#services/definition_catalog'
import { asFormDocument } from '#services/task_form_resolver'
import { FormValidationException } from '#exceptions/form_validation_exception'
import { NotFoundException } from '#exceptions/api_exception'

/**
 * Starting a procedure with its start form: the form linked to the none
 * start event of the latest version, checked on the server before the
 * instance is created (so only the form's fields get in).
 */
@inject()
export default class StartFormService {
  constructor(protected catalog: DefinitionCatalog) {}

  /**
   * The latest version of a process and its start form (null without one).
   */
  async latest(processDefinitionId: string) {
    const engine = await app.container.make('senflow.engine')
    const found = await engine.searchProcessDefinitions({
      filter: { processDefinitionId, isLatestVersion: true },
      page: { limit: 1 },
    })
    const definition = found.items[0]
    if (!definition)
      throw new NotFoundException(`No published process with id "${processDefinitionId}"`)
    return {
      definition,
      form: await this.formOf(definition.processDefinitionKey, processDefinitionId),
    }
  }

  /**
   * The start form of a definition, from the form library or the engine.
   */
  async formOf(
    processDefinitionKey: string,
    processDefinitionId: string
  ): Promise<FormDocument | null> {
    const { startForm } = await this.catalog.labels(processDefinitionKey, processDefinitionId)
    if (!startForm) return null
    if (startForm.formId) {
      const form = await db.from('forms').where('form_id', startForm.formId).first()
      if (form) {
        const version = await db
          .from('form_versions')
          .where('form_id', form.id)
          .whereNull('deleted_at')
          .orderBy('version', 'desc')
          .first()
        if (version) return asFormDocument(version.document, startForm.formId)
      }
    }
    if (startForm.formKey) {
      const engine = await app.container.make('senflow.engine')
      try {
        const form = await engine.getForm(startForm.formKey, processDefinitionKey)
        return asFormDocument(form.schema, form.formId)
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error
      }
    }
    throw new NotFoundException(
      `The start form "${startForm.formId ?? startForm.formKey}" of ${processDefinitionId} is not published`
    )
  }

  /**
   * Validates the submitted start data and creates the instance with
   * exactly the form's fields (422 per field otherwise). Without a start
   * form, the variables are taken as given.
   */
  async start(
    processDefinitionId: string,
    data: Record<string, unknown>,
    options: { businessId?: string; locale?: string } = {}
  ) {
    const { definition, form } = await this.latest(processDefinitionId)
    let variables = data
    if (form) {
      const result = validateSubmission(form.schema, data, {
        locale: options.locale ?? 'vi',
        translations: form.translations,
        timeZone: 'Asia/Ho_Chi_Minh',
      })
      if (!result.valid) throw new FormValidationException(result.errors)
      variables = result.values
    }
    const engine = await app.container.make('senflow.engine')
    const created = await engine.createProcessInstance({
      processDefinitionKey: definition.processDefinitionKey,
      variables: variables as any,
      businessId: options.businessId,
    })
    return { ...created, variables }
  }
}

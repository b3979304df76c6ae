import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Binds how the inbox finds a task's form: the form library first (it
 * keeps translations), then the engine (forms embedded in deployed BPMN).
 */
export default class TaskProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { TaskFormResolver } = await import('#services/task_service')
    const { default: LibraryTaskFormResolver } = await import('#services/task_form_resolver')
    const container = this.app.container
    container.singleton(TaskFormResolver as any, () => {
      return new LibraryTaskFormResolver(async (formKey, processDefinitionKey) => {
        const engine = await container.make('senflow.engine')
        try {
          const form = await engine.getForm(formKey, processDefinitionKey)
          return {
            id: form.formId,
            version: form.version,
            defaultLocale: 'vi',
            schema: JSON.parse(form.schema),
            translations: {},
          }
        } catch (error) {
          if ((error as { status?: number }).status === 404) return null
          throw error
        }
      })
    })
  }
}

import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Mails notifications through the configured mail connector, and binds
 * how the inbox finds a task's form: the form library first (it
 * keeps translations), then the engine (forms embedded in deployed BPMN).
 */
export default class TaskProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const emitter = await this.app.container.make('emitter')
    emitter.on('notification:created', async (notification) => {
      const { default: NotificationMailer } = await import('#services/notification_mailer')
      const { default: logger } = await import('@adonisjs/core/services/logger')
      try {
        await new NotificationMailer().send(notification)
      } catch (error) {
        logger.error({ err: error }, 'a notification mail failed')
      }
    })

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

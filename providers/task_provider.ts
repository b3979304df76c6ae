import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Binds how the inbox finds a task's form: the form library (and forms
 * embedded in deployed BPMN, once the engine provider supplies them). The
 * engine provider binds the gateway the task service completes jobs through.
 */
export default class TaskProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { TaskFormResolver } = await import('#services/task_service')
    const { default: LibraryTaskFormResolver } = await import('#services/task_form_resolver')
    this.app.container.singleton(TaskFormResolver as any, () => new LibraryTaskFormResolver())
  }
}

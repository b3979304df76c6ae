import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Builds the WorkflowEngine once: the embedded engine, persisted in the
 * app's database through the same connection pool (`ENGINE=embedded`, the
 * default). Binds the inbox's gateway to it. The web server starts its
 * background work and the app's workers when it is ready (tests do so
 * after migrating); everything stops with the app.
 */
export default class EngineProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('senflow.embeddedEngine', async () => {
      const { EmbeddedEngine, SqlStore, ControllableClock } = await import('@senflow/engine')
      const db = await this.app.container.make('lucid.db')
      const { feelFunctions } = await import('#services/feel_functions')
      return new EmbeddedEngine({
        store: new SqlStore(db.connection().getWriteClient() as any),
        clock: new ControllableClock(),
        feelFunctions,
      })
    })
    this.app.container.singleton('senflow.engine', async () => {
      const embedded = await this.app.container.make('senflow.embeddedEngine')
      if (!embedded) throw new Error('No engine configured')
      return embedded
    })
  }

  async boot() {
    const { TaskEngineGateway } = await import('#services/task_service')
    const { default: DefinitionCatalog } = await import('#services/definition_catalog')
    const container = this.app.container
    container.singleton(
      DefinitionCatalog,
      async () => new DefinitionCatalog(await container.make('senflow.engine'))
    )
    container.singleton(TaskEngineGateway as any, async () => {
      const engine = await container.make('senflow.engine')
      return { completeJob: (key: string, variables: any) => engine.completeJob(key, variables) }
    })
  }

  async ready() {
    if (this.app.getEnvironment() === 'web') {
      const { startEngineRuntime } = await import('#services/engine_runtime')
      await startEngineRuntime()
    }
  }

  async shutdown() {
    const { stopEngineRuntime } = await import('#services/engine_runtime')
    await stopEngineRuntime()
  }
}

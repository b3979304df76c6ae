import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Builds the WorkflowEngine once: the embedded engine, persisted in the
 * app's database (`ENGINE=embedded`, the default): through the app's pool on
 * SQLite, through its own pool on MySQL/MariaDB. Binds the inbox's gateway to
 * it. The web server starts its background work and the app's workers when it
 * is ready (tests do so after migrating); everything stops with the app.
 */
export default class EngineProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('senflow.embeddedEngine', async () => {
      const { default: env } = await import('#start/env')
      if (env.get('ENGINE', 'embedded') === 'zeebe') return null
      const { EmbeddedEngine, SqlStore, ControllableClock } = await import('@senflow/engine')
      const db = await this.app.container.make('lucid.db')
      const { feelFunctions } = await import('#services/feel_functions')
      // on MySQL/MariaDB the engine has its own pool (config/database.ts: mysql_engine)
      const connection = db.connection().dialect.name === 'mysql' ? 'mysql_engine' : undefined
      return new EmbeddedEngine({
        store: new SqlStore(db.connection(connection).getWriteClient() as any),
        clock: new ControllableClock(),
        feelFunctions,
      })
    })
    this.app.container.singleton('senflow.engine', async () => {
      const { default: env } = await import('#start/env')
      if (env.get('ENGINE', 'embedded') === 'zeebe') return this.#zeebeEngine()
      const embedded = await this.app.container.make('senflow.embeddedEngine')
      if (!embedded) throw new Error('No engine configured')
      return embedded
    })
  }

  /**
   * The engine on a Zeebe cluster (`ENGINE=zeebe`, docs/zeebe.md): commands through
   * zeebe-node, deployed resources recorded in the app's database, searches through
   * Camunda's REST API when CAMUNDA_REST_ADDRESS is set.
   */
  async #zeebeEngine() {
    const { default: env } = await import('#start/env')
    const { ZeebeEngine, SqlResourceCatalog } = await import('@senflow/zeebe')
    const address = env.get('ZEEBE_ADDRESS')
    if (!address) {
      throw new Error(
        'Expected ZEEBE_ADDRESS (host:port of the Zeebe gateway) with ENGINE=zeebe, but it is not set'
      )
    }
    const db = await this.app.container.make('lucid.db')
    const clientId = env.get('ZEEBE_CLIENT_ID')
    const clientSecret = env.get('ZEEBE_CLIENT_SECRET')
    const url = env.get('ZEEBE_AUTHORIZATION_SERVER_URL')
    return new ZeebeEngine({
      address,
      useTLS: env.get('ZEEBE_SECURE'),
      oAuth:
        clientId && clientSecret && url
          ? { url, clientId, clientSecret, audience: env.get('ZEEBE_TOKEN_AUDIENCE') }
          : undefined,
      accessToken: env.get('ZEEBE_ACCESS_TOKEN'),
      restAddress: env.get('CAMUNDA_REST_ADDRESS'),
      catalog: new SqlResourceCatalog(db.connection().getWriteClient() as any),
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

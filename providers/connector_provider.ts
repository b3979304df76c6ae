import type { ApplicationService } from '@adonisjs/core/types'
import type { PortalSimulator } from '@senflow/connectors'

/**
 * Wires the connectors into the app: binds the secret store, the connector
 * workers and the connection probe, and starts the workers with the
 * engine runtime (one in-process job worker per connector job type, on the
 * embedded engine or Zeebe alike). In development (never in production or
 * tests) the web server also starts the National Public Service Portal
 * simulator that the demo's portal connector calls.
 */
export default class ConnectorProvider {
  #simulator: PortalSimulator | null = null

  constructor(protected app: ApplicationService) {}

  async boot() {
    const container = this.app.container
    const { default: SecretStore } = await import('#services/secret_store')
    const { default: AuditService } = await import('#services/audit_service')
    const { default: ConnectorWorkers, connectorLogger } =
      await import('#services/connector_workers')
    const { default: ConnectorProbe } = await import('#services/connector_probe')
    const { default: TaskAttachmentProvider } = await import('#services/task_attachment_provider')
    const { extendEngineRuntime } = await import('#services/engine_runtime')

    container.singleton(SecretStore, () => new SecretStore(new AuditService()))
    container.singleton(ConnectorWorkers, async () => {
      return new ConnectorWorkers(await container.make(SecretStore), new TaskAttachmentProvider())
    })
    container.singleton(ConnectorProbe, async () => {
      return new ConnectorProbe(
        await container.make(SecretStore),
        connectorLogger(),
        new TaskAttachmentProvider()
      )
    })

    await extendEngineRuntime(async (engine) => {
      const workers = await container.make(ConnectorWorkers)
      await workers.start(engine)
      return () => workers.stop()
    })
  }

  /**
   * The development server's portal simulator starts before the preload files (the engine
   * runtime, whose living demo dossiers call the portal at once).
   */
  async start() {
    if (this.app.getEnvironment() !== 'web' || this.app.inProduction || this.app.inTest) return
    // a server that only hosts the engine (SENFLOW_ENGINE_ONLY) calls no portal
    const { engineOnly } = await import('#services/engine_runtime')
    if (await engineOnly()) return
    const { startDemoPortalSimulator } = await import('#services/demo_connectors')
    this.#simulator = await startDemoPortalSimulator()
  }

  async shutdown() {
    await this.#simulator?.close()
    this.#simulator = null
  }
}

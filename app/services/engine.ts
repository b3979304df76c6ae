import app from '@adonisjs/core/services/app'
import type { EmbeddedEngine, WorkflowEngine } from '@senflow/engine'

/**
 * The process engine the app talks to (the `WorkflowEngine` port: the
 * embedded engine by default), bound by providers/engine_provider.ts.
 */
let engine: WorkflowEngine

await app.booted(async () => {
  engine = await app.container.make('senflow.engine')
})

export { engine as default }

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    'senflow.engine': WorkflowEngine
    'senflow.embeddedEngine': EmbeddedEngine | null
  }
}

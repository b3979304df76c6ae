import { TaskEngineGateway } from '#services/task_service'

/**
 * Stands in for the engine in inbox tests that feed tasks directly:
 * records each job completion, and can be told a job is gone (404).
 */
export class RecordingTaskGateway extends TaskEngineGateway {
  completed: { key: string; variables: Record<string, unknown> }[] = []
  gone = new Set<string>()

  async completeJob(key: string, variables: Record<string, unknown>) {
    if (this.gone.has(key)) {
      throw Object.assign(new Error(`Job ${key} not found`), { status: 404 })
    }
    this.completed.push({ key, variables })
  }
}

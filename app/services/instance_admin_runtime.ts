import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { EngineRecord, WorkflowEngine } from '@senflow/engine'
import { USER_TASK_JOB_TYPE } from '#services/user_task_headers'
import DefinitionCatalog from '#services/definition_catalog'
import { sqlTime } from '#services/sql_time'

/**
 * Keeps the inbox in step with instance administration: when the engine
 * migrates an instance to another version, its user task jobs keep their
 * keys (`JOB MIGRATED`), so the open `user_tasks` rows follow: definition
 * key and version, element id, task and process names, with a `migrated`
 * event in the task's history. Started with the engine runtime.
 */
export async function startInstanceAdminRuntime(engine: WorkflowEngine) {
  const catalog = await app.container.make(DefinitionCatalog)
  let pending: Promise<void> = Promise.resolve()
  const unsubscribe = engine.onRecords((records: EngineRecord[]) => {
    const migrated = records.filter(
      (record) =>
        record.valueType === 'JOB' &&
        record.intent === 'MIGRATED' &&
        record.value.type === USER_TASK_JOB_TYPE
    )
    if (migrated.length === 0) return
    // one after the other, so a later migration of the same task wins
    pending = pending
      .then(() => followMigratedTasks(catalog, migrated))
      .catch((error) => logger.error({ err: error }, 'could not follow migrated user tasks'))
  })
  return async () => {
    unsubscribe()
    await pending
  }
}

/** Moves the rows of migrated user task jobs to their new definition and element. */
export async function followMigratedTasks(catalog: DefinitionCatalog, records: EngineRecord[]) {
  for (const record of records) {
    const value = record.value
    const processDefinitionKey = String(value.processDefinitionKey)
    const processDefinitionId = String(value.bpmnProcessId)
    const elementId = String(value.elementId)
    const labels = await catalog.labels(processDefinitionKey, processDefinitionId).catch(() => null)
    await db.transaction(async (trx) => {
      const task = await trx.from('user_tasks').where('task_key', record.key).forUpdate().first()
      if (!task) return
      const now = sqlTime()
      await trx
        .from('user_tasks')
        .where('id', task.id)
        .update({
          process_definition_key: processDefinitionKey,
          process_definition_id: processDefinitionId,
          process_definition_version: Number(value.processDefinitionVersion),
          element_id: elementId,
          name: labels?.elementNames.get(elementId) ?? task.name,
          process_name: labels?.processName ?? task.process_name,
          updated_at: now,
        })
      await trx.table('user_task_events').insert({
        task_id: task.id,
        type: 'migrated',
        actor_id: null,
        actor_email: null,
        details: JSON.stringify({
          from: {
            processDefinitionKey: String(task.process_definition_key),
            version: Number(task.process_definition_version),
            elementId: task.element_id,
          },
          to: {
            processDefinitionKey,
            version: Number(value.processDefinitionVersion),
            elementId,
          },
        }),
        created_at: now,
      })
    })
  }
}

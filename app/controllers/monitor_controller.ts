import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import MonitorService, { instanceHistory, MonitorOperations } from '#services/monitor_service'
import AuditService from '#services/audit_service'
import TaskService from '#services/task_service'
import { taskViewerOf } from '#services/task_viewer'

const statisticsValidator = vine.compile(
  vine.object({
    from: vine.date({ formats: { utc: true } }).optional(),
    to: vine.date({ formats: { utc: true } }).optional(),
    processDefinitionId: vine.string().trim().maxLength(255).optional(),
  })
)

const variablesValidator = vine.compile(
  vine.object({
    variables: vine.record(vine.any()).use(
      vine.createRule((value, _options, field) => {
        if (Object.keys(value as object).length === 0) {
          field.report('Expected at least one variable to set', 'required', field)
        }
      })()
    ),
  })
)

const retryValidator = vine.compile(vine.object({ variables: vine.record(vine.any()).optional() }))

/**
 * The monitor's figures for leaders and administrators: processes and
 * versions with their instance counts, the heatmap of one version, and
 * statistics over a period (30 days by default).
 */
export default class MonitorController {
  protected monitor = new MonitorService()

  async processes() {
    return { items: await this.monitor.processes() }
  }

  async heatmap({ params }: HttpContext) {
    return { processDefinitionKey: params.key, elements: await this.monitor.heatmap(params.key) }
  }

  async statistics({ request }: HttpContext) {
    const filters = await request.validateUsing(statisticsValidator, { data: request.qs() })
    const to = filters.to ?? new Date()
    const from = filters.from ?? new Date(to.getTime() - 30 * 86_400_000)
    return this.monitor.statistics({ from, to, processDefinitionId: filters.processDefinitionId })
  }

  /**
   * The history of one instance: steps, human task events and what was
   * done to it, oldest first.
   */
  async history({ params }: HttpContext) {
    return { processInstanceKey: params.key, items: await instanceHistory(params.key) }
  }

  /**
   * The history of a task's instance, for whoever may see the task (the
   * inbox's task page): steps and human task events; what was done from
   * the monitor is left to those who monitor.
   */
  async taskHistory(ctx: HttpContext) {
    const tasks = await app.container.make(TaskService)
    const task = await tasks.findVisible(await taskViewerOf(ctx.auth.user!), ctx.params.id)
    const items = await instanceHistory(task.process_instance_key)
    return { items: items.filter((entry) => entry.kind !== 'audit') }
  }

  /**
   * What business record a task's instance belongs to: a dossier, a
   * commitment or none (`kind: null`), so the task page asks for the
   * record only when there is one.
   */
  async taskContext(ctx: HttpContext) {
    const tasks = await app.container.make(TaskService)
    const task = await tasks.findVisible(await taskViewerOf(ctx.auth.user!), ctx.params.id)
    for (const [kind, table] of [
      ['dossier', 'dossiers'],
      ['commitment', 'commitments'],
    ] as const) {
      if (!(await db.connection().schema.hasTable(table))) continue
      const row = await db
        .from(table)
        .where('process_instance_key', task.process_instance_key)
        .select('id')
        .first()
      if (row) return { kind, processInstanceKey: task.process_instance_key }
    }
    return { kind: null, processInstanceKey: task.process_instance_key }
  }

  /**
   * Sets variables on an active instance (`{ variables: { name: value } }`).
   */
  async setVariables(ctx: HttpContext) {
    const { variables } = await ctx.request.validateUsing(variablesValidator)
    await new MonitorOperations(AuditService.actorOf(ctx)).setVariables(
      ctx.params.key,
      variables as never
    )
    return ctx.response.noContent()
  }

  /**
   * Retries the step an incident stopped, after setting the corrected
   * variables when given (`{ variables? }`).
   */
  async retryIncident(ctx: HttpContext) {
    const { variables } = await ctx.request.validateUsing(retryValidator)
    await new MonitorOperations(AuditService.actorOf(ctx)).retryIncident(
      ctx.params.key,
      variables as never
    )
    return ctx.response.noContent()
  }

  /**
   * Cancels an active instance.
   */
  async cancel(ctx: HttpContext) {
    await new MonitorOperations(AuditService.actorOf(ctx)).cancel(ctx.params.key)
    return ctx.response.noContent()
  }
}

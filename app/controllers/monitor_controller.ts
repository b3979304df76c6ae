import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import MonitorService from '#services/monitor_service'

const statisticsValidator = vine.compile(
  vine.object({
    from: vine.date({ formats: { utc: true } }).optional(),
    to: vine.date({ formats: { utc: true } }).optional(),
    processDefinitionId: vine.string().trim().maxLength(255).optional(),
  })
)

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
}

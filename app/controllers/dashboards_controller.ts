import type { HttpContext } from '@adonisjs/core/http'
import DashboardService from '#services/dashboard_service'
import { exportFile } from '#services/export_tables'
import { UnprocessableException } from '#exceptions/api_exception'
import { dashboardValidator } from '#validators/dashboard_validator'

/**
 * Leaders' dashboards: dossier statistics (the national service index's figures) and the
 * follow-up of commitments, with CSV and XLSX exports.
 */
export default class DashboardsController {
  protected dashboards = new DashboardService()

  protected async filters({ request }: HttpContext) {
    const filters = await request.validateUsing(dashboardValidator, { data: request.qs() })
    if (filters.from && filters.to && filters.from > filters.to) {
      throw new UnprocessableException('The period ends before it starts', 'to')
    }
    return filters
  }

  async dossiers(ctx: HttpContext) {
    return this.dashboards.dossiers(await this.filters(ctx))
  }

  async commitments(ctx: HttpContext) {
    return this.dashboards.commitments(await this.filters(ctx))
  }

  async exportDossiers(ctx: HttpContext) {
    const filters = await this.filters(ctx)
    const data = await this.dashboards.dossiers(filters)
    const locale = filters.locale ?? (ctx.auth.user?.locale === 'en' ? 'en' : 'vi')
    return this.send(
      ctx,
      filters.format ?? 'csv',
      `dossiers-${data.from}-${data.to}`,
      this.dashboards.dossierTables(data, locale)
    )
  }

  async exportCommitments(ctx: HttpContext) {
    const filters = await this.filters(ctx)
    const data = await this.dashboards.commitments(filters)
    const locale = filters.locale ?? (ctx.auth.user?.locale === 'en' ? 'en' : 'vi')
    return this.send(
      ctx,
      filters.format ?? 'csv',
      `commitments-${data.from}-${data.to}`,
      this.dashboards.commitmentTables(data, locale)
    )
  }

  protected async send(
    ctx: HttpContext,
    format: 'csv' | 'xlsx',
    name: string,
    tables: Parameters<typeof exportFile>[1]
  ) {
    const file = await exportFile(format, tables)
    ctx.response.header('Content-Type', file.contentType)
    ctx.response.header('Content-Disposition', `attachment; filename="${name}.${file.extension}"`)
    return ctx.response.send(file.body)
  }
}

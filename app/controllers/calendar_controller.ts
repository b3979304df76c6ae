import type { HttpContext } from '@adonisjs/core/http'
import AuditService from '#services/audit_service'
import { businessCalendar, CALENDAR_YEARS } from '#services/business_calendar'
import { UnprocessableException } from '#exceptions/api_exception'
import { calendarComputeValidator, calendarYearValidator } from '#validators/calendar_validator'

function yearOf(params: Record<string, string>): number {
  const year = Number(params.year)
  if (!Number.isInteger(year) || year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) {
    throw new UnprocessableException(
      `Expected the year to be between ${CALENDAR_YEARS.min} and ${CALENDAR_YEARS.max}`,
      'year'
    )
  }
  return year
}

/**
 * The business calendar: each year's days off and make-up working days
 * (everyone reads; administrators change them), and working-day arithmetic.
 */
export default class CalendarController {
  async show({ params }: HttpContext) {
    return businessCalendar.year(yearOf(params))
  }

  async update(ctx: HttpContext) {
    const year = yearOf(ctx.params)
    const payload = await ctx.request.validateUsing(calendarYearValidator)
    return businessCalendar.configureYear(year, payload, AuditService.actorOf(ctx))
  }

  async destroy(ctx: HttpContext) {
    return businessCalendar.resetYear(yearOf(ctx.params), AuditService.actorOf(ctx))
  }

  /**
   * `from` + `days` working days, and/or the working days from `from` to `to`.
   */
  async compute({ request }: HttpContext) {
    const payload = await request.validateUsing(calendarComputeValidator, {
      data: request.qs(),
    })
    try {
      const result: Record<string, unknown> = {
        from: payload.from,
        isWorkingDay: await businessCalendar.isWorkingDay(payload.from),
      }
      if (payload.days !== undefined) {
        const due = await businessCalendar.addWorkingDays(payload.from, payload.days)
        result.days = payload.days
        result.result = payload.from.length === 10 ? due.toISODate() : due.toISO()
      }
      if (payload.to !== undefined) {
        result.to = payload.to
        result.workingDaysBetween = await businessCalendar.workingDaysBetween(
          payload.from,
          payload.to
        )
      }
      return result
    } catch (error) {
      if (error instanceof UnprocessableException) throw error
      throw new UnprocessableException((error as Error).message, 'from')
    }
  }
}

import { DateTime } from 'luxon'
import { engineClock } from '#services/engine_clock'
import { businessCalendar } from '#services/business_calendar'

/**
 * `date` plus `days` working days of the business calendar (Vietnamese
 * public holidays and make-up working days, Asia/Ho_Chi_Minh), keeping the
 * time of day: the legal "within N working days" (the start day does not
 * count).
 */
export async function addWorkingDays(date: DateTime, days: number): Promise<DateTime> {
  return (await businessCalendar.addWorkingDays(date, days)).toUTC()
}

/** The working days in (from, to]; 0 when `to` is not later. */
export async function workingDaysBetween(from: DateTime, to: DateTime): Promise<number> {
  if (to <= from) return 0
  return businessCalendar.workingDaysBetween(from, to)
}

/**
 * Now, by the engine's clock (so a clock moved in a test or a demo moves
 * the dossiers' dates and queues with it).
 */
export async function dossierNow(): Promise<DateTime> {
  return DateTime.fromMillis((await engineClock()).now(), { zone: 'utc' })
}

import { request } from './http'

/** A day of the business calendar with why it is special. */
export interface CalendarDay {
  date: string
  name: string
}

/** A year of the business calendar as it applies. */
export interface CalendarYear {
  year: number
  source: 'configured' | 'default' | 'rules'
  provisional: boolean
  basis: string | null
  note: string | null
  daysOff: CalendarDay[]
  workingDays: CalendarDay[]
  workingDayCount: number
  revision: number
  updatedBy: string | null
  updatedAt: string | null
}

/** `GET /api/calendar/{year}`. */
export function getCalendarYear(year: number) {
  return request<CalendarYear>('GET', `/api/calendar/${year}`)
}

/** `PUT /api/calendar/{year}`: replaces the year's days (administrators). */
export function saveCalendarYear(
  year: number,
  body: {
    daysOff: CalendarDay[]
    workingDays: CalendarDay[]
    note?: string | null
    revision?: number
  }
) {
  return request<CalendarYear>('PUT', `/api/calendar/${year}`, body)
}

/** `DELETE /api/calendar/{year}`: back to the shipped defaults. */
export function resetCalendarYear(year: number) {
  return request<CalendarYear>('DELETE', `/api/calendar/${year}`)
}

/** `GET /api/calendar/working-days`: from + days, working days from → to. */
export function computeWorkingDays(query: { from: string; days?: number; to?: string }) {
  const params = new URLSearchParams({ from: query.from })
  if (query.days !== undefined) params.set('days', String(query.days))
  if (query.to) params.set('to', query.to)
  return request<{
    from: string
    isWorkingDay: boolean
    result?: string
    workingDaysBetween?: number
  }>('GET', `/api/calendar/working-days?${params}`)
}

import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIME_ZONE,
  formatDateTime,
  isValidTimeZone,
  timeZoneOffsetMinutes,
  timeZoneOptions,
  zonedDayStart,
} from '../src/format/date_time'

describe('format/date_time', () => {
  const instant = '2026-03-05T17:30:00.000Z' // 00:30 on 6 March in Hanoi

  it('should show an instant in Asia/Ho_Chi_Minh by default, in the UI language', () => {
    expect(formatDateTime(instant, { locale: 'vi' })).toBe('00:30 06/03/2026')
    expect(formatDateTime(instant, { locale: 'en' })).toBe('06/03/2026, 00:30')
  })

  it('should show an instant in the time zone the user chose', () => {
    expect(formatDateTime(instant, { locale: 'en', timeZone: 'Europe/Paris' })).toBe(
      '05/03/2026, 18:30'
    )
    expect(formatDateTime(instant, { locale: 'en', timeZone: 'UTC', style: 'date' })).toBe(
      '05/03/2026'
    )
    expect(formatDateTime(instant, { locale: 'vi', style: 'time' })).toBe('00:30')
  })

  it('should fall back to the default zone for an unknown one, and show nothing for no value', () => {
    expect(formatDateTime(instant, { locale: 'vi', timeZone: 'Mars/Olympus' })).toBe(
      '00:30 06/03/2026'
    )
    expect(formatDateTime(null, { locale: 'vi' })).toBe('')
    expect(formatDateTime('not a date', { locale: 'vi' })).toBe('')
  })

  it('should know the offset of a zone at an instant', () => {
    expect(timeZoneOffsetMinutes(new Date(instant), DEFAULT_TIME_ZONE)).toBe(420)
    expect(timeZoneOffsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris')).toBe(120)
    expect(timeZoneOffsetMinutes(new Date('2026-01-01T12:00:00Z'), 'America/New_York')).toBe(-300)
  })

  it('should turn a calendar day in a zone into the instant it starts', () => {
    expect(zonedDayStart('2026-03-06', DEFAULT_TIME_ZONE)).toBe('2026-03-05T17:00:00.000Z')
    expect(zonedDayStart('2026-03-06', DEFAULT_TIME_ZONE, 1)).toBe('2026-03-06T17:00:00.000Z')
    // the day daylight saving starts in Paris
    expect(zonedDayStart('2026-03-29', 'Europe/Paris', 1)).toBe('2026-03-29T22:00:00.000Z')
    expect(zonedDayStart('06/03/2026', DEFAULT_TIME_ZONE)).toBeUndefined()
  })

  it('should offer every zone with its offset, the default included', () => {
    const options = timeZoneOptions('Europe/Paris', new Date('2026-01-15T00:00:00Z'))
    expect(options.find((option) => option.value === DEFAULT_TIME_ZONE)?.label).toBe(
      'Asia/Ho_Chi_Minh (GMT+7)'
    )
    expect(options.find((option) => option.value === 'Europe/Paris')?.label).toBe(
      'Europe/Paris (GMT+1)'
    )
    expect(
      options.find((option) => option.value === 'Asia/Kolkata' || option.value === 'Asia/Calcutta')
        ?.label
    ).toMatch(/GMT\+5:30/)
    expect(isValidTimeZone('Nowhere/City')).toBe(false)
  })
})

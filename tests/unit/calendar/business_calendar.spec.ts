import { test } from '@japa/runner'
import { evaluate } from 'feelin'
import { DateTime } from 'luxon'
import { WorkingCalendar, solarHolidaysOf } from '#services/calendar/working_calendar'
import { VN_HOLIDAYS } from '#services/calendar/vn_holidays'
import { businessCalendar } from '#services/business_calendar'
import { feelFunctions } from '#services/feel_functions'
import { ApiException } from '#exceptions/api_exception'

const shipped = () =>
  new WorkingCalendar(new Map(Object.values(VN_HOLIDAYS).map((year) => [year.year, year])))

/** Evaluates FEEL with the product's functions, as the engine does. */
const feel = (expression: string, variables: Record<string, unknown> = {}) => {
  const result = evaluate(expression, { ...feelFunctions, ...variables })
  return { value: result.value, warnings: result.warnings }
}

test.group('Working calendar', () => {
  test('Tết 2025: five weekdays off, the swapped Monday worked on Saturday 15 February', ({
    assert,
  }) => {
    // given the shipped 2025 calendar
    const calendar = shipped()

    // then
    for (const day of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']) {
      assert.isFalse(calendar.isWorkingDay(day), day)
    }
    assert.isTrue(calendar.isWorkingDay('2025-01-24'))
    assert.isTrue(calendar.isWorkingDay('2025-02-03'))
    assert.isTrue(calendar.isWorkingDay('2025-02-15'), 'the make-up Saturday')
    assert.isFalse(calendar.isWorkingDay('2025-02-22'), 'an ordinary Saturday')
  })

  test('adding working days skips Tết and counts the make-up Saturday', ({ assert }) => {
    const calendar = shipped()

    // Friday 24/1/2025 + 1 → Monday 3/2 (25/1–2/2 off)
    assert.equal(calendar.addWorkingDays('2025-01-24', 1), '2025-02-03')
    // + 5 from Friday 24/1: 3, 4, 5, 6, 7 February
    assert.equal(calendar.addWorkingDays('2025-01-24', 5), '2025-02-07')
    // Friday 14/2 + 1 → Saturday 15/2, a make-up working day
    assert.equal(calendar.addWorkingDays('2025-02-14', 1), '2025-02-15')
    assert.equal(calendar.addWorkingDays('2025-02-14', 2), '2025-02-17')
    // backwards across Tết: T−1 of Monday 3/2 is Friday 24/1
    assert.equal(calendar.addWorkingDays('2025-02-03', -1), '2025-01-24')
    assert.equal(calendar.addWorkingDays('2025-02-03', 0), '2025-02-03')
  })

  test('counts working days in (a, b], negative backwards, consistent with adding', ({
    assert,
  }) => {
    const calendar = shipped()

    assert.equal(calendar.workingDaysBetween('2025-01-24', '2025-02-03'), 1)
    assert.equal(calendar.workingDaysBetween('2025-02-03', '2025-01-24'), -1)
    assert.equal(calendar.workingDaysBetween('2025-02-14', '2025-02-17'), 2)
    assert.equal(calendar.workingDaysBetween('2025-03-03', '2025-03-03'), 0)
    for (const start of ['2025-01-20', '2025-04-25', '2025-08-29', '2026-02-12', '2027-02-04']) {
      for (const n of [1, 3, 7, 15, 30]) {
        assert.equal(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)), n)
      }
    }
  })

  test('30/4–1/5/2025 with the swap, National Day 2025, Tết 2026 and Hùng Kings 2026', ({
    assert,
  }) => {
    const calendar = shipped()

    // Friday 25/4/2025 + 1 → Saturday 26/4 (worked for Friday 2/5)
    assert.equal(calendar.addWorkingDays('2025-04-25', 1), '2025-04-26')
    // Tuesday 29/4 + 1 → Monday 5/5 (30/4, 1/5, 2/5 off)
    assert.equal(calendar.addWorkingDays('2025-04-29', 1), '2025-05-05')
    assert.equal(calendar.addWorkingDays('2025-08-29', 1), '2025-09-03')
    // Tết Bính Ngọ: 14/2–22/2/2026
    assert.equal(calendar.addWorkingDays('2026-02-13', 1), '2026-02-23')
    assert.equal(calendar.workingDaysBetween('2026-02-13', '2026-02-23'), 1)
    // Hùng Kings' day on Sunday 26/4/2026: Monday 27/4 off
    assert.isFalse(calendar.isWorkingDay('2026-04-27'))
    assert.equal(calendar.addWorkingDays('2026-04-24', 1), '2026-04-28')
    // 2027 Tết Đinh Mùi (provisional): 5–11 February off
    assert.equal(calendar.addWorkingDays('2027-02-04', 1), '2027-02-12')
  })

  test('a year without data falls back to solar holidays moved off weekends', ({ assert }) => {
    // 2028: 30/4 is a Sunday, 1/5 a Monday → 30/4 moves to Tuesday 2/5
    const days = solarHolidaysOf(2028).daysOff.map((day) => day.date)
    assert.deepEqual(days, ['2028-01-03', '2028-05-01', '2028-05-02', '2028-09-04'])
  })

  test('refuses what is not a date or too many days', ({ assert }) => {
    const calendar = shipped()
    assert.throws(() => calendar.addWorkingDays('2025-02-30', 1), /not a date of the calendar/)
    assert.throws(() => calendar.addWorkingDays('24/01/2025', 1), /expected YYYY-MM-DD/)
    assert.throws(() => calendar.addWorkingDays('2025-01-24', 1.5), /integer/)
    assert.throws(() => calendar.addWorkingDays('2025-01-24', 20_000), /between/)
  })
})

test.group('Business calendar service and FEEL functions', (group) => {
  group.each.setup(async () => {
    await businessCalendar.load()
  })

  test('keeps the time of day in Asia/Ho_Chi_Minh', async ({ assert }) => {
    const due = await businessCalendar.addWorkingDays('2025-01-24T09:30:00+07:00', 2)
    assert.equal(due.toISO(), '2025-02-04T09:30:00.000+07:00')
    // 20:00 UTC on Friday 24/1 is already Saturday 25/1 in Hà Nội: not a working day
    assert.isFalse(await businessCalendar.isWorkingDay(new Date('2025-01-24T20:00:00Z')))
    assert.isTrue(await businessCalendar.isWorkingDay(DateTime.fromISO('2025-02-15')))
    assert.equal(await businessCalendar.workingDaysBetween('2025-01-24', '2025-02-15'), 11)
  })

  test('FEEL: dates give dates, date-times keep their zone, strings work', ({ assert }) => {
    assert.equal(String(feel('add working days(date("2025-01-24"), 1)').value), '2025-02-03')
    assert.equal(
      String(
        feel('add working days(date and time("2025-01-24T10:00:00@Asia/Ho_Chi_Minh"), 3)').value
      ),
      '2025-02-05T10:00:00@Asia/Ho_Chi_Minh'
    )
    assert.equal(
      String(feel('add working days(date and time("2025-01-24T01:00:00Z"), -1)').value),
      '2025-01-23T01:00:00Z'
    )
    assert.equal(
      String(
        feel('add working days(received, 5)', { received: '2025-04-25T08:00:00+07:00' }).value
      ),
      '2025-05-06T08:00:00+07:00'
    )
    assert.equal(feel('working days between(date("2025-01-24"), date("2025-02-15"))').value, 11)
    assert.isFalse(feel('is working day(date("2025-01-29"))').value)
    assert.isTrue(feel('is working day(d)', { d: '2025-02-15' }).value)
    assert.isTrue(
      feel('add working days(date("2025-01-24"), 1) > date("2025-02-02")').value,
      'usable in conditions'
    )
    assert.isNull(feel('add working days(null, 1)').value)
    assert.throws(() => feel('add working days("tomorrow", 1)'), /must be a date/)
  })

  test('an administrator configured year replaces the defaults, validated', async ({ assert }) => {
    const actor = { id: null, email: 'test@demo.senflow.local' }
    try {
      // given 2027 configured with an extra day off and a make-up Saturday
      const view = await businessCalendar.configureYear(
        2027,
        {
          daysOff: [
            { date: '2027-02-05', name: 'Tết' },
            { date: '2027-02-12', name: 'Tết (hoán đổi)' },
          ],
          workingDays: [{ date: '2027-02-20', name: 'Làm bù' }],
          note: 'test',
        },
        actor
      )

      // then
      assert.equal(view.source, 'configured')
      assert.equal(view.revision, 1)
      assert.isFalse(businessCalendar.isWorkingDaySync('2027-02-12'))
      assert.isTrue(businessCalendar.isWorkingDaySync('2027-02-08'), 'defaults no longer apply')
      assert.isTrue(businessCalendar.isWorkingDaySync('2027-02-20'))
      assert.equal(String(feel('add working days(date("2027-02-19"), 1)').value), '2027-02-20')

      // a stale revision, a weekday as make-up, a date of another year: refused
      await assert.rejects(
        () =>
          businessCalendar.configureYear(
            2027,
            { daysOff: [], workingDays: [], revision: 0 },
            actor
          ),
        /changed meanwhile/
      )
      for (const input of [
        { daysOff: [], workingDays: [{ date: '2027-02-22', name: 'x' }] },
        { daysOff: [{ date: '2026-02-22', name: 'x' }], workingDays: [] },
        { daysOff: [{ date: '2027-02-20', name: 'x' }], workingDays: [] },
        {
          daysOff: [
            { date: '2027-02-08', name: 'x' },
            { date: '2027-02-08', name: 'y' },
          ],
          workingDays: [],
        },
      ]) {
        try {
          await businessCalendar.configureYear(2027, input, actor)
          assert.fail('accepted an invalid calendar')
        } catch (error) {
          assert.instanceOf(error, ApiException)
          assert.equal((error as ApiException).status, 422)
        }
      }
    } finally {
      const reset = await businessCalendar.resetYear(2027, actor)
      assert.equal(reset.source, 'default')
      assert.isFalse(businessCalendar.isWorkingDaySync('2027-02-08'))
    }
  })
})

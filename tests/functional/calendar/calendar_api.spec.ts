import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { demoUser } from '#tests/helpers'

test.group('Business calendar API', (group) => {
  group.each.teardown(async () => {
    await db.from('calendar_years').where('year', 2027).delete()
    const { businessCalendar } = await import('#services/business_calendar')
    await businessCalendar.load()
  })

  test('everyone reads a year; the shipped defaults with Tết and make-up days', async ({
    client,
    assert,
  }) => {
    const staff = await demoUser('staff')
    const response = await client.get('/api/calendar/2025').loginAs(staff)
    response.assertStatus(200)
    const year = response.body()
    assert.equal(year.source, 'default')
    assert.isFalse(year.provisional)
    assert.includeMembers(
      year.daysOff.map((day: any) => day.date),
      ['2025-01-27', '2025-01-31', '2025-04-07', '2025-05-02', '2025-09-01']
    )
    assert.deepEqual(
      year.workingDays.map((day: any) => day.date),
      ['2025-02-15', '2025-04-26']
    )
    // 261 weekdays − 12 days off + 2 make-up Saturdays
    assert.equal(year.workingDayCount, 251)

    const computed = await client
      .get('/api/calendar/working-days')
      .qs({ from: '2025-01-24', days: 5, to: '2025-02-15' })
      .loginAs(staff)
    computed.assertStatus(200)
    assert.deepInclude(computed.body(), {
      result: '2025-02-07',
      workingDaysBetween: 11,
      isWorkingDay: true,
    })
    ;(await client.get('/api/calendar/1999').loginAs(staff)).assertStatus(422)
    ;(
      await client.get('/api/calendar/working-days').qs({ from: 'soon' }).loginAs(staff)
    ).assertStatus(422)
  })

  test('an administrator sets a year, audited; staff may not; invalid days named', async ({
    client,
    assert,
  }) => {
    const admin = await demoUser('admin')
    const staff = await demoUser('staff')
    const body = {
      daysOff: [
        { date: '2027-02-05', name: 'Tết Nguyên Đán' },
        { date: '2027-02-12', name: 'Tết Nguyên Đán (hoán đổi)' },
      ],
      workingDays: [{ date: '2027-02-20', name: 'Làm bù cho thứ Sáu 12/02' }],
      note: 'Theo thông báo của Bộ Nội vụ',
    }
    ;(await client.put('/api/calendar/2027').json(body).loginAs(staff)).assertStatus(403)

    const saved = await client.put('/api/calendar/2027').json(body).loginAs(admin)
    saved.assertStatus(200)
    assert.equal(saved.body().source, 'configured')
    assert.equal(saved.body().revision, 1)
    assert.equal(saved.body().updatedBy, 'admin@demo.senflow.local')
    const audit = await db
      .from('audit_logs')
      .where('action', 'calendar.configure')
      .orderBy('id', 'desc')
      .first()
    assert.equal(audit.subject_id, '2027')
    assert.equal(audit.actor_email, 'admin@demo.senflow.local')

    // the new calendar applies at once
    const computed = await client
      .get('/api/calendar/working-days')
      .qs({ from: '2027-02-19', days: 1 })
      .loginAs(staff)
    assert.equal(computed.body().result, '2027-02-20')

    const stale = await client
      .put('/api/calendar/2027')
      .json({ ...body, revision: 0 })
      .loginAs(admin)
    stale.assertStatus(409)
    const weekday = await client
      .put('/api/calendar/2027')
      .json({ daysOff: [], workingDays: [{ date: '2027-02-22', name: 'x' }] })
      .loginAs(admin)
    weekday.assertStatus(422)
    assert.equal(weekday.body().errors[0].field, 'workingDays.0.date')
    const missing = await client.put('/api/calendar/2027').json({ daysOff: [] }).loginAs(admin)
    missing.assertStatus(422)

    const reset = await client.delete('/api/calendar/2027').loginAs(admin)
    reset.assertStatus(200)
    assert.equal(reset.body().source, 'default')
  })
})

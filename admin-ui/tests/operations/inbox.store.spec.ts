import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useInboxStore } from '../../src/stores/inbox.store'
import { fakeServer, freshPinia } from '../support/fake_server'

const COUNTS = { mine: 1, units: 2, candidate: 0, dueSoon: 0, overdue: 0 }

describe('stores/inbox', () => {
  beforeEach(() => freshPinia())
  afterEach(() => vi.unstubAllGlobals())

  it('should count the queues, bump its version when a count changes, read the dossier queues and the calendar the server has', async () => {
    let counts = COUNTS
    const server = fakeServer({
      'GET /api/openapi.json': () => ({
        body: {
          paths: {
            '/api/dossiers/queues': { get: {} },
            '/api/calendar/{year}': { get: {} },
          },
        },
      }),
      'GET /api/tasks/counts': () => ({ body: counts }),
      'GET /api/dossiers/queues': () => ({
        body: { data: [{ queue: 'awaiting-supplement', count: 4 }] },
      }),
      'GET /api/calendar/2025': () => ({ body: { year: 2025, daysOff: [], workingDays: [] } }),
      'GET /api/calendar/2026': () => ({
        body: {
          year: 2026,
          daysOff: [{ date: '2026-09-02', name: 'Quốc khánh' }],
          workingDays: [],
        },
      }),
      'GET /api/calendar/2027': () => ({ body: { year: 2027, daysOff: [], workingDays: [] } }),
    })
    const inbox = useInboxStore()

    // the first read sets the counts without a change to report
    await inbox.refresh()
    expect(inbox.counts).toEqual(COUNTS)
    expect(inbox.version).toBe(0)
    expect(inbox.dossiers).toEqual([{ queue: 'awaiting-supplement', count: 4 }])

    // the same counts again: nothing new
    await inbox.refresh()
    expect(inbox.version).toBe(0)

    // a new task in my units: the version goes up
    counts = { ...COUNTS, units: 3 }
    await inbox.refresh()
    expect(inbox.counts?.units).toBe(3)
    expect(inbox.version).toBe(1)

    // the business calendar is read once, for last, this and next year
    await inbox.loadCalendar(new Date('2026-11-24T03:00:00Z'))
    await inbox.loadCalendar(new Date('2026-11-24T03:00:00Z'))
    expect(server.calls('GET /api/calendar/2026')).toHaveLength(1)
    expect(inbox.isWorkingDay?.('2026-09-02')).toBe(false)
    expect(inbox.isWorkingDay?.('2026-09-03')).toBe(true)
    expect(inbox.isWorkingDay?.('2026-09-05')).toBe(false)
  })
})

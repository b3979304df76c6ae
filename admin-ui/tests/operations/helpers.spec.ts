import { describe, expect, it } from 'vitest'
import {
  deadlineMessage,
  deadlineStatus,
  deleteView,
  fieldErrorsById,
  readSavedViews,
  saveView,
  workingDayTest,
} from '../../src/views/inbox/inbox_helpers'
import {
  diagramMarks,
  formatDuration,
  parseVariableValue,
} from '../../src/views/monitor/monitor_helpers'
import type { ElementInstance, Incident } from '../../src/api/process_runs'

describe('the deadline of a task', () => {
  // 10:00 in Hanoi on Tuesday 24 November 2026
  const now = new Date('2026-11-24T03:00:00Z')

  it('should count calendar days in Asia/Ho_Chi_Minh', () => {
    // due Thursday 08:00 Hanoi time: two days away, a warning
    expect(deadlineStatus('2026-11-26T01:00:00Z', now)).toEqual({
      kind: 'upcoming',
      days: 2,
      tone: 'warning',
      workingDays: false,
    })
    // due at 23:30 Hanoi on the 24th (16:30 UTC): today
    expect(deadlineStatus('2026-11-24T16:30:00Z', now).kind).toBe('today')
    // 00:30 Hanoi on the 25th is already tomorrow, though still the 24th in UTC
    expect(deadlineStatus('2026-11-24T17:30:00Z', now).days).toBe(1)
    // a week away: neutral
    expect(deadlineStatus('2026-12-01T03:00:00Z', now).tone).toBe('neutral')
  })

  it('should say how long a task is overdue', () => {
    expect(deadlineStatus('2026-11-21T03:00:00Z', now)).toMatchObject({
      kind: 'overdue',
      days: 3,
      tone: 'danger',
    })
    expect(deadlineStatus('2026-11-24T02:00:00Z', now)).toMatchObject({
      kind: 'overdue',
      days: 0,
      tone: 'danger',
    })
  })

  it('should count working days with the business calendar', () => {
    // 2026-11-24 is a Tuesday; the 26th a day off, Saturday the 28th a make-up working day
    const isWorkingDay = workingDayTest([
      {
        daysOff: [{ date: '2026-11-26' }],
        workingDays: [{ date: '2026-11-28' }],
      },
    ])
    // due Monday 30th: Wed 25, Fri 27, Sat 28 (make-up), Mon 30
    expect(deadlineStatus('2026-11-30T03:00:00Z', now, 'Asia/Ho_Chi_Minh', isWorkingDay)).toEqual({
      kind: 'upcoming',
      days: 4,
      tone: 'neutral',
      workingDays: true,
    })
    // due the previous Friday: overdue by Mon 23 and Tue 24
    const late = deadlineStatus('2026-11-20T03:00:00Z', now, 'Asia/Ho_Chi_Minh', isWorkingDay)
    expect(late).toMatchObject({ kind: 'overdue', days: 2 })
    expect(deadlineMessage(late)).toEqual({
      key: 'operations.inbox.deadline.overdueWorking',
      params: { days: 2 },
    })
    // due on Sunday from a Saturday that is not worked: before the next working day
    const saturday = new Date('2026-12-05T03:00:00Z')
    const dueSunday = deadlineStatus(
      '2026-12-06T03:00:00Z',
      saturday,
      'Asia/Ho_Chi_Minh',
      isWorkingDay
    )
    expect(dueSunday.days).toBe(0)
    expect(deadlineMessage(dueSunday).key).toBe('operations.inbox.deadline.nextWorkingDay')
  })

  it('should have no status without a readable due date', () => {
    expect(deadlineStatus(null, now).kind).toBe('none')
    expect(deadlineStatus('not a date', now).kind).toBe('none')
  })

  it('should pick the message and its parameters', () => {
    expect(deadlineMessage({ kind: 'upcoming', days: 2, tone: 'warning' })).toEqual({
      key: 'operations.inbox.deadline.due',
      params: { days: 2 },
    })
    expect(deadlineMessage({ kind: 'upcoming', days: 1, tone: 'warning' }).key).toBe(
      'operations.inbox.deadline.dueOne'
    )
    expect(deadlineMessage({ kind: 'overdue', days: 3, tone: 'danger' })).toEqual({
      key: 'operations.inbox.deadline.overdue',
      params: { days: 3 },
    })
    expect(deadlineMessage({ kind: 'overdue', days: 0, tone: 'danger' }).key).toBe(
      'operations.inbox.deadline.overdueToday'
    )
  })
})

describe('server validation errors on form fields', () => {
  const schema = {
    components: [
      { id: 'Field_decision', key: 'decision', type: 'radio' },
      {
        id: 'Group_applicant',
        type: 'group',
        path: 'applicant',
        components: [{ id: 'Field_name', key: 'name', type: 'textfield' }],
      },
    ],
  }

  it('should map field keys and group paths to form-js ids, and keep the rest', () => {
    const { byId, unmatched } = fieldErrorsById(schema, {
      'decision': ['Bắt buộc'],
      'applicant.name': ['Too long'],
      'unknown': ['?'],
    })
    expect(byId).toEqual({ Field_decision: ['Bắt buộc'], Field_name: ['Too long'] })
    expect(unmatched).toEqual({ unknown: ['?'] })
  })
})

describe('saved inbox views', () => {
  it('should save, replace by name, list sorted and delete per user', () => {
    const storage = new Map<string, string>()
    const fake = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    } as unknown as Storage
    saveView(7, { name: 'Urgent', queue: 'units', filters: { priorityMin: 80 } }, fake)
    saveView(7, { name: 'Mine', queue: 'mine', filters: {} }, fake)
    saveView(7, { name: 'Urgent', queue: 'all', filters: { priorityMin: 90 } }, fake)
    expect(readSavedViews(7, fake).map((view) => `${view.name}:${view.queue}`)).toEqual([
      'Mine:mine',
      'Urgent:all',
    ])
    expect(readSavedViews(8, fake)).toEqual([])
    expect(deleteView(7, 'Mine', fake).map((view) => view.name)).toEqual(['Urgent'])
  })
})

describe('the instance diagram', () => {
  const element = (elementId: string, state: ElementInstance['state']): ElementInstance => ({
    elementInstanceKey: `${elementId}-${state}`,
    processInstanceKey: '1',
    elementId,
    elementName: elementId,
    type: 'TASK',
    state,
    startDate: '2026-11-24T00:00:00Z',
    hasIncident: false,
  })

  it('should mark the path taken, active steps with counts and incidents', () => {
    const incident = { elementId: 'check', state: 'ACTIVE' } as Incident
    const { marks, badges } = diagramMarks(
      [
        element('start', 'COMPLETED'),
        element('review', 'ACTIVE'),
        element('review', 'ACTIVE'),
        element('check', 'ACTIVE'),
      ],
      [incident],
      [
        { id: 'f1', source: 'start', target: 'review' },
        { id: 'f2', source: 'review', target: 'end' },
      ]
    )
    expect(marks).toEqual([
      { id: 'start', marker: 'senflow-run--completed' },
      { id: 'review', marker: 'senflow-run--active' },
      { id: 'check', marker: 'senflow-run--incident' },
      { id: 'f1', marker: 'senflow-flow--taken' },
    ])
    expect(badges).toEqual([
      { id: 'review', count: 2, incident: false },
      { id: 'check', count: 1, incident: true },
    ])
  })

  it('should read JSON values and format durations', () => {
    expect(parseVariableValue('{"a":1}')).toEqual({ ok: true, value: { a: 1 } })
    expect(parseVariableValue('plain')).toEqual({ ok: false })
    expect(formatDuration(45_000)).toBe('45 s')
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h')
  })
})

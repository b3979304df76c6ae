import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/http'
import { exportUrl } from '../src/api/dashboards'
import {
  classBadge,
  fieldErrorsOf,
  splitList,
  todayInVietnam,
} from '../src/views/commitments/commitment_helpers'

describe('commitment pages helpers', () => {
  it('should split typed lists of codes and e-mails', () => {
    expect(splitList(' INTL-LAW, CY-IT;;\nOFFICE ,')).toEqual(['INTL-LAW', 'CY-IT', 'OFFICE'])
    expect(splitList('')).toEqual([])
  })

  it('should tell today in Hà Nội, not in UTC', () => {
    // 20:00 UTC on 24 January is already 25 January in Hà Nội
    expect(todayInVietnam(new Date('2025-01-24T20:00:00Z'))).toBe('2025-01-25')
    expect(todayInVietnam(new Date('2025-01-24T10:00:00Z'))).toBe('2025-01-24')
  })

  it('should show field errors next to fields and other failures as toasts', () => {
    const fields = new ApiError(422, [
      {
        message: 'No active unit with the code NOPE',
        field: 'leadUnit',
        code: 'E_VALIDATION_ERROR',
      },
      { message: 'second', field: 'leadUnit', code: 'E_VALIDATION_ERROR' },
    ])
    expect(fieldErrorsOf(fields)).toEqual({ leadUnit: 'No active unit with the code NOPE' })
    expect(fieldErrorsOf(new ApiError(409, [{ message: 'busy', code: 'E_CONFLICT' }]))).toBeNull()
    expect(fieldErrorsOf(new Error('offline'))).toBeNull()
  })

  it('should colour the report classes and build export addresses', () => {
    expect(classBadge('overdue')['badge--danger']).toBe(true)
    expect(classBadge('completed_on_time')['badge--success']).toBe(true)
    expect(classBadge(null)['badge--muted']).toBe(true)
    expect(exportUrl('commitments', { from: '2026-01-01', unit: '' }, 'xlsx', 'en')).toBe(
      '/api/dashboards/commitments/export?from=2026-01-01&format=xlsx&locale=en'
    )
  })
})

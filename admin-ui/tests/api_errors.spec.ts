import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/http'
import { describeEntry, describeError, normalizeField } from '../src/i18n/api_errors'

describe('i18n/api_errors', () => {
  it('should explain a known code in the UI words', () => {
    expect(describeEntry({ message: 'Invalid', code: 'E_INVALID_CREDENTIALS' })).toEqual({
      key: 'errors.codes.E_INVALID_CREDENTIALS',
    })
  })

  it('should say in minutes how long a throttled sign-in waits', () => {
    expect(
      describeEntry({ message: 'Too many', code: 'E_TOO_MANY_REQUESTS', retryAfterSeconds: 61 })
    ).toEqual({ key: 'errors.codes.E_TOO_MANY_REQUESTS', params: { minutes: 2 } })
  })

  it('should explain a field error by its rule, or keep the server words', () => {
    expect(
      describeEntry({
        message: 'taken',
        field: 'email',
        code: 'E_VALIDATION_ERROR',
        rule: 'database.unique',
      })
    ).toEqual({ key: 'errors.rules.database_unique' })
    expect(
      describeEntry({ message: 'Wrong', field: 'currentPassword', code: 'E_VALIDATION_ERROR' })
    ).toEqual({ key: 'errors.fields.currentPassword' })
    expect(
      describeEntry({ message: 'Odd', field: 'x', code: 'E_VALIDATION_ERROR', rule: 'someRule' })
    ).toEqual({ raw: 'Odd' })
    expect(describeEntry({ message: 'Teapot', code: 'E_TEAPOT' })).toEqual({ raw: 'Teapot' })
  })

  it('should point to the fields when a rejected form named some', () => {
    const error = new ApiError(422, [
      { message: 'bad', field: 'unitIds.0', code: 'E_VALIDATION_ERROR', rule: 'database.exists' },
    ])
    expect(describeError(error)).toEqual({ key: 'errors.codes.E_VALIDATION_ERROR' })
    expect(describeError(new Error('boom'))).toEqual({ key: 'errors.unknown' })
    expect(
      describeError(new ApiError(0, [{ message: 'fetch failed', code: 'E_NETWORK' }]))
    ).toEqual({
      key: 'errors.codes.E_NETWORK',
    })
  })

  it('should map API field paths to form fields', () => {
    expect(normalizeField('unitIds.0')).toBe('unitIds')
    expect(normalizeField('unitCodes.1')).toBe('unitIds')
    expect(normalizeField('email')).toBe('email')
  })
})

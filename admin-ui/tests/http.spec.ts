import { describe, expect, it } from 'vitest'
import { ApiError, xsrfToken } from '../src/api/http'

describe('api/http', () => {
  it('should read the XSRF token from the cookies', () => {
    expect(xsrfToken('a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==')
    expect(xsrfToken('a=1')).toBeUndefined()
  })

  it('should index field errors by field', () => {
    const error = new ApiError(422, [
      { message: 'taken', field: 'email', code: 'E_VALIDATION_ERROR' },
      { message: 'too short', field: 'password', code: 'E_VALIDATION_ERROR' },
      { message: 'also bad', field: 'email', code: 'E_VALIDATION_ERROR' },
      { message: 'general', code: 'E_CONFLICT' },
    ])
    expect(error.fieldErrors).toEqual({ email: ['taken', 'also bad'], password: ['too short'] })
    expect(error.message).toContain('general')
  })
})

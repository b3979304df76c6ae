import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../src/api/http'
import { MAX_TOASTS, TOAST_TIMEOUT_MS, useToastsStore } from '../src/stores/toasts.store'
import { freshPinia } from './support/fake_server'

describe('stores/toasts', () => {
  beforeEach(() => {
    freshPinia()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('should let confirmations go by themselves and keep errors until dismissed', () => {
    const toasts = useToastsStore()
    toasts.success('units.created', { code: 'VISA' })
    const errorId = toasts.error(
      new ApiError(403, [{ message: 'no', code: 'E_AUTHORIZATION_FAILURE' }])
    )

    vi.advanceTimersByTime(TOAST_TIMEOUT_MS + 1)

    expect(toasts.list.map((toast) => toast.text)).toEqual([
      { key: 'errors.codes.E_AUTHORIZATION_FAILURE' },
    ])
    toasts.dismiss(errorId!)
    expect(toasts.list).toEqual([])
  })

  it('should show at most a few toasts, the newest', () => {
    const toasts = useToastsStore()
    for (let index = 0; index < MAX_TOASTS + 2; index++) toasts.push('info', { raw: `n${index}` })
    expect(toasts.list.map((toast) => toast.text)).toEqual(
      Array.from({ length: MAX_TOASTS }, (_, index) => ({ raw: `n${index + 2}` }))
    )
  })

  it('should not toast an ended session (the sign-in page says it)', () => {
    const toasts = useToastsStore()
    toasts.error(new ApiError(401, [{ message: 'no', code: 'E_UNAUTHORIZED_ACCESS' }]))
    expect(toasts.list).toEqual([])
  })
})

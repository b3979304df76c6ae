import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useDraftAutosave } from '../../src/studio/use_draft_autosave'

function setup(save: () => Promise<void>, isConflict = (_error: unknown) => false) {
  const scope = effectScope()
  const autosave = scope.run(() => useDraftAutosave({ save, isConflict, delayMs: 1000 }))!
  return { autosave, scope }
}

describe('studio/use_draft_autosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('should save once after the edits pause', async () => {
    // given
    const save = vi.fn(async () => {})
    const { autosave } = setup(save)

    // when three quick edits
    autosave.changed()
    await vi.advanceTimersByTimeAsync(500)
    autosave.changed()
    autosave.changed()
    expect(autosave.state.value).toBe('pending')
    await vi.advanceTimersByTimeAsync(1000)

    // then one save
    expect(save).toHaveBeenCalledTimes(1)
    expect(autosave.state.value).toBe('saved')
    expect(autosave.savedAt.value).toBeInstanceOf(Date)
  })

  it('should save again when an edit came in during a save', async () => {
    // given a slow save
    let release: () => void = () => {}
    const save = vi.fn(() => new Promise<void>((resolve) => (release = resolve)))
    const { autosave } = setup(save)
    autosave.changed()
    await vi.advanceTimersByTimeAsync(1000)
    expect(autosave.state.value).toBe('saving')

    // when an edit arrives before it finishes
    autosave.changed()
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(autosave.state.value).toBe('pending')
    await vi.advanceTimersByTimeAsync(1000)
    release()
    await vi.advanceTimersByTimeAsync(0)

    // then
    expect(save).toHaveBeenCalledTimes(2)
    expect(autosave.state.value).toBe('saved')
  })

  it('should save at once on flush, and say whether the server has everything', async () => {
    const save = vi.fn(async () => {})
    const { autosave } = setup(save)
    autosave.changed()

    expect(await autosave.flush()).toBe(true)
    expect(save).toHaveBeenCalledTimes(1)
    expect(await autosave.flush()).toBe(true)
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('should stop on a conflict and retry other failures', async () => {
    // given a failing save, then a stale revision
    const conflict = new Error('stale')
    const save = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockRejectedValueOnce(conflict)
    const { autosave } = setup(save, (error) => error === conflict)

    // when
    autosave.changed()
    expect(await autosave.flush()).toBe(false)
    expect(autosave.state.value).toBe('failed')
    expect(await autosave.flush()).toBe(false)

    // then
    expect(autosave.state.value).toBe('conflict')
    autosave.changed()
    await vi.advanceTimersByTimeAsync(2000)
    expect(save).toHaveBeenCalledTimes(2)
    autosave.reset()
    expect(autosave.state.value).toBe('saved')
  })
})

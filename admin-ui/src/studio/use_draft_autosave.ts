import { computed, onScopeDispose, ref } from 'vue'

/**
 * Where a draft stands with the server:
 * - `saved`: the server has what the editor shows;
 * - `pending`: changed, a save is scheduled;
 * - `saving`: a save is on its way;
 * - `failed`: the last save failed (retried on the next change or `flush`);
 * - `conflict`: someone else saved a newer revision; saving stops until
 *   the editor reloads.
 */
export type AutosaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'conflict'

/**
 * Options of {@link useDraftAutosave}.
 */
export interface DraftAutosaveOptions {
  /** Saves what the editor shows now (reads it at call time). */
  save: () => Promise<void>
  /** Whether a failed save means a newer revision exists (409). */
  isConflict: (error: unknown) => boolean
  /** Quiet time after the last change before saving, in milliseconds. */
  delayMs?: number
}

/**
 * Autosave for an editor (the modeler, the form designer): call `changed()`
 * on every edit; the draft is saved once the edits pause, one save at a
 * time, and again if edits came in while saving. `flush()` saves at once
 * (before publishing, before leaving) and resolves whether the server now
 * has everything. The state is for the "saved / saving / not saved"
 * indicator.
 */
export function useDraftAutosave(options: DraftAutosaveOptions) {
  const delayMs = options.delayMs ?? 1200
  const state = ref<AutosaveState>('saved')
  const savedAt = ref<Date | null>(null)
  const lastError = ref<unknown>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | null = null
  let changedWhileSaving = false

  const unsaved = computed(() => state.value !== 'saved')

  function changed() {
    if (state.value === 'conflict') return
    if (running) {
      changedWhileSaving = true
      return
    }
    state.value = 'pending'
    clearTimeout(timer)
    timer = setTimeout(() => void run(), delayMs)
  }

  async function run(): Promise<void> {
    clearTimeout(timer)
    if (running) return running
    if (state.value === 'conflict') return
    state.value = 'saving'
    changedWhileSaving = false
    running = (async () => {
      try {
        await options.save()
        lastError.value = null
        savedAt.value = new Date()
        state.value = 'saved'
      } catch (error) {
        lastError.value = error
        state.value = options.isConflict(error) ? 'conflict' : 'failed'
      } finally {
        running = null
      }
    })()
    await running
    // (the save above may have changed the state)
    if (changedWhileSaving && (state.value as AutosaveState) === 'saved') {
      changedWhileSaving = false
      changed()
    }
  }

  /**
   * Saves now if anything is unsaved (waiting for a save on its way);
   * resolves true when the server has the editor's content.
   */
  async function flush(): Promise<boolean> {
    if (running) await running
    if (state.value === 'pending' || state.value === 'failed' || changedWhileSaving) {
      changedWhileSaving = false
      await run()
    }
    return state.value === 'saved'
  }

  /**
   * Starts over after the editor (re)loaded the server's draft.
   */
  function reset() {
    clearTimeout(timer)
    changedWhileSaving = false
    lastError.value = null
    state.value = 'saved'
  }

  onScopeDispose(() => clearTimeout(timer))

  return { state, savedAt, lastError, unsaved, changed, flush, reset }
}

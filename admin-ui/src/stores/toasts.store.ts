import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { ApiError } from '../api/http'
import { describeError, type LocalizedText } from '../i18n/api_errors'

/**
 * How a toast looks and how long it stays: errors stay until dismissed.
 */
export type ToastKind = 'success' | 'info' | 'error'

/**
 * A short message shown in the corner (and read by screen readers).
 */
export interface Toast {
  id: number
  kind: ToastKind
  text: LocalizedText
}

/**
 * How long a success or info toast stays, in milliseconds.
 */
export const TOAST_TIMEOUT_MS = 6000

/**
 * The most toasts shown at once; older ones give way.
 */
export const MAX_TOASTS = 4

/**
 * Toasts: confirmations of what was done and errors from the API that no
 * form field can show. Texts are message keys, translated when shown, so
 * a language switch translates the toasts already on screen.
 */
export const useToastsStore = defineStore('toasts', () => {
  const byId = ref<Record<number, Toast>>({})
  const nextId = ref(1)
  const timers = new Map<number, ReturnType<typeof setTimeout>>()

  const list = computed(() => Object.values(byId.value).sort((a, b) => a.id - b.id))

  /**
   * Shows a toast; returns its id.
   */
  function push(kind: ToastKind, text: LocalizedText) {
    const id = nextId.value++
    byId.value[id] = { id, kind, text }
    const ids = list.value.map((toast) => toast.id)
    for (const old of ids.slice(0, Math.max(0, ids.length - MAX_TOASTS))) dismiss(old)
    if (kind !== 'error') {
      timers.set(
        id,
        setTimeout(() => dismiss(id), TOAST_TIMEOUT_MS)
      )
    }
    return id
  }

  /**
   * A confirmation: `key` is a message key, `params` its values.
   */
  function success(key: string, params?: Record<string, unknown>) {
    return push('success', { key, params })
  }

  /**
   * An error, from an {@link ApiError} or anything thrown. A 401 is not
   * shown: the session ended, and the sign-in page says so.
   */
  function error(cause: unknown) {
    if (cause instanceof ApiError && cause.status === 401) return undefined
    return push('error', describeError(cause))
  }

  function dismiss(id: number) {
    const timer = timers.get(id)
    if (timer) clearTimeout(timer)
    timers.delete(id)
    delete byId.value[id]
  }

  return { byId, nextId, list, push, success, error, dismiss }
})

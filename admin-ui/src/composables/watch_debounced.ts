import { onScopeDispose, watch, type WatchSource } from 'vue'

/**
 * Watches `source` and calls `callback` once it has stopped changing for
 * `delayMs` (typing in a search box); a pending call is dropped when the
 * component goes away. Returns a function that cancels a pending call.
 */
export function watchDebounced<T>(
  source: WatchSource<T>,
  callback: (value: T) => void,
  delayMs = 300
) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => clearTimeout(timer)
  watch(source, (value) => {
    cancel()
    timer = setTimeout(() => callback(value), delayMs)
  })
  onScopeDispose(cancel)
  return cancel
}

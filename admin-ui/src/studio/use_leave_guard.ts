import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'

/**
 * Keeps an editor's work when the user leaves: leaving for another page of
 * the app saves first (`flush`), and asks `confirmLeave()` when that
 * failed; closing or reloading the tab while something is `unsaved` makes
 * the browser ask.
 */
export function useLeaveGuard(options: {
  unsaved: Readonly<Ref<boolean>>
  flush: () => Promise<boolean>
  confirmLeave: () => boolean
}) {
  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!options.unsaved.value) return
    event.preventDefault()
    event.returnValue = ''
  }

  onBeforeRouteLeave(async () => {
    if (await options.flush()) return true
    return options.confirmLeave()
  })
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}

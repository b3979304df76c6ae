import { ref } from 'vue'
import { useToastsStore } from '../stores/toasts.store'

/**
 * Runs one-click actions (deactivate, reactivate, revoke): marks them
 * busy while they run and shows a failure as a toast. `run` resolves true
 * when the action succeeded.
 */
export function useAction() {
  const toasts = useToastsStore()
  const busy = ref(false)

  async function run(action: () => Promise<void>): Promise<boolean> {
    busy.value = true
    try {
      await action()
      return true
    } catch (error) {
      toasts.error(error)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, run }
}

import { defineStore } from 'pinia'
import { ref } from 'vue'
import { dossierQueues, taskCounts, type DossierQueue, type TaskCounts } from '../api/tasks'

/** How often the counts are read again while a page watches them, in milliseconds. */
export const COUNTS_REFRESH_MS = 15_000

/**
 * The inbox's counts (the user's queues, and the dossier queues when the
 * server has them), read again every {@link COUNTS_REFRESH_MS} while a
 * page watches and the tab is visible; `version` goes up whenever a count
 * changed, so a list can reload without the user asking.
 */
export const useInboxStore = defineStore('inbox', () => {
  const counts = ref<TaskCounts | null>(null)
  const dossiers = ref<DossierQueue[] | null>(null)
  const version = ref(0)
  let watchers = 0
  let timer: ReturnType<typeof setInterval> | undefined

  async function refresh() {
    const [next, queues] = await Promise.all([taskCounts(), dossierQueues().catch(() => null)])
    if (JSON.stringify(next) !== JSON.stringify(counts.value)) {
      if (counts.value !== null) version.value++
      counts.value = next
    }
    dossiers.value = queues
  }

  function tick() {
    if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return
    refresh().catch(() => undefined)
  }

  /**
   * Starts watching (the first watcher starts the polling); answers the
   * function that stops.
   */
  function watch() {
    watchers++
    if (watchers === 1) timer = setInterval(tick, COUNTS_REFRESH_MS)
    return () => {
      watchers = Math.max(0, watchers - 1)
      if (watchers === 0) clearInterval(timer)
    }
  }

  /** Applies counts read along with a list. */
  function applyCounts(next: TaskCounts) {
    counts.value = next
  }

  return { counts, dossiers, version, refresh, watch, applyCounts }
})

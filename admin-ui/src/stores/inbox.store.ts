import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import {
  calendarYears,
  dossierQueues,
  taskCounts,
  type DossierQueue,
  type TaskCounts,
} from '../api/tasks'
import { workingDayTest, type WorkingDayTest } from '../views/inbox/inbox_helpers'

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
  /** Whether a day is worked (the business calendar), or null: deadlines count calendar days. */
  const isWorkingDay = shallowRef<WorkingDayTest | null>(null)
  let calendarRead: Promise<void> | undefined
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

  /**
   * Reads the business calendar of last, this and next year once; without
   * it (no calendar on the server, or it failed) deadlines stay in
   * calendar days.
   */
  function loadCalendar(now = new Date()) {
    calendarRead ??= (async () => {
      const year = now.getUTCFullYear()
      try {
        const years = await calendarYears([year - 1, year, year + 1])
        isWorkingDay.value = years ? workingDayTest(years) : null
      } catch {
        isWorkingDay.value = null
      }
    })()
    return calendarRead
  }

  return {
    counts,
    dossiers,
    version,
    isWorkingDay,
    refresh,
    watch,
    applyCounts,
    loadCalendar,
  }
})

import { computed, onMounted, ref, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { watchDebounced } from '../composables/watch_debounced'
import { useToastsStore } from '../stores/toasts.store'

/**
 * The filters of a library page, as read from the address: `q` (the
 * search box) and any others the page names.
 */
export type LibraryFilters = { q?: string } & Record<string, string | undefined>

/**
 * A library page's filters kept in the address, so a filtered list can be
 * linked to and survives a reload: typing in the search box updates the
 * address after a pause, back and forward update the box, and `load` runs
 * whenever the filters change while the page (`routeName`) is shown, and
 * once when it opens. A failed load is shown as a toast and in `failed`.
 */
export function useLibraryFilters<T extends LibraryFilters>(options: {
  routeName: string
  read: (query: LocationQuery) => T
  load: (filters: T) => Promise<void>
}) {
  const route = useRoute()
  const router = useRouter()
  const toasts = useToastsStore()

  const filters = computed(() => options.read(route.query))
  const search = ref(filters.value.q ?? '')
  const failed = ref(false)
  const filtered = computed(() => Object.values(filters.value).some(Boolean))

  /** Changes some filters in the address (an empty value removes one). */
  function setFilters(changes: Partial<Record<keyof T, string | undefined>>) {
    const query: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...filters.value, ...changes })) {
      if (value) query[key] = value
    }
    void router.replace({ query })
  }

  const cancelSearch = watchDebounced(search, (value) =>
    setFilters({ q: value.trim() || undefined } as Partial<Record<keyof T, string>>)
  )

  /** Removes every filter. */
  function clearFilters() {
    search.value = ''
    cancelSearch()
    void router.replace({ query: {} })
  }

  /** Loads the list for the current filters. */
  async function reload() {
    failed.value = false
    try {
      await options.load(filters.value)
    } catch (error) {
      failed.value = true
      toasts.error(error)
    }
  }

  watch(
    filters,
    () => {
      if (route.name === options.routeName) void reload()
    },
    { deep: true }
  )
  watch(
    () => filters.value.q,
    (q) => {
      if ((q ?? '') !== search.value.trim()) search.value = q ?? ''
    }
  )
  onMounted(reload)

  return { filters, search, failed, filtered, setFilters, clearFilters, reload }
}

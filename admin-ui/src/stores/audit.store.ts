import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as auditApi from '../api/audit_logs'
import type { AuditLogEntry, AuditLogFilters, AuditLogPage } from '../api/audit_logs'

/**
 * The page of the audit log on screen: entries by id, their order, the
 * filters that found them and the pagination.
 */
export const useAuditStore = defineStore('audit', () => {
  const byId = ref<Record<number, AuditLogEntry>>({})
  const pageIds = ref<number[]>([])
  const page = ref<AuditLogPage | null>(null)
  const filters = ref<AuditLogFilters>({})
  const loading = ref(false)
  let latestSearch = 0

  /** The entries on screen, newest first. */
  const entries = computed(() =>
    pageIds.value
      .map((id) => byId.value[id])
      .filter((entry): entry is AuditLogEntry => Boolean(entry))
  )

  /** The number of pages for the current filters. */
  const lastPage = computed(() =>
    page.value ? Math.max(1, Math.ceil(page.value.total / page.value.perPage)) : 1
  )

  /** Where the CSV export of the current filters downloads from. */
  const csvUrl = computed(() => auditApi.auditLogCsvUrl(filters.value))

  /**
   * Loads the page of entries matching `next`; older answers are ignored.
   */
  async function search(next: AuditLogFilters) {
    const ticket = ++latestSearch
    filters.value = { ...next }
    loading.value = true
    try {
      const answer = await auditApi.listAuditLogs(next)
      if (ticket !== latestSearch) return
      byId.value = Object.fromEntries(answer.items.map((entry) => [entry.id, entry]))
      pageIds.value = answer.items.map((entry) => entry.id)
      page.value = answer.page
    } finally {
      if (ticket === latestSearch) loading.value = false
    }
  }

  return { byId, pageIds, page, filters, loading, entries, lastPage, csvUrl, search }
})

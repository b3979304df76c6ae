import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as api from '../api/process_models'
import type {
  NewProcessModel,
  ProcessModel,
  ProcessModelFilters,
  ProcessModelSummary,
  ProcessModelVersion,
  ProcessTemplate,
} from '../api/process_models'

/**
 * The studio's process library: the models by id (summaries; the draft XML
 * lives in the modeler while it is open), the ids the last search found,
 * each model's published versions and the shipped templates. Every change
 * goes to the API and its answer replaces the summary, so the library
 * shows what the server stored.
 */
export const useProcessModelsStore = defineStore('processModels', () => {
  const byId = ref<Record<number, ProcessModelSummary>>({})
  const listedIds = ref<number[]>([])
  const versionsById = ref<Record<number, ProcessModelVersion[]>>({})
  const templates = ref<ProcessTemplate[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  /** The latest search: an answer to an older one (typing overtook it) is dropped. */
  let searchRun = 0

  /** The models the last search found, in the server's order (by name). */
  const listed = computed(() =>
    listedIds.value.map((id) => byId.value[id]).filter((model) => model !== undefined)
  )

  function keep<T extends ProcessModelSummary>(model: T): T {
    const summary: Record<string, unknown> = {
      ...(model as ProcessModelSummary & { xml?: string }),
    }
    delete summary.xml
    byId.value[model.id] = summary as unknown as ProcessModelSummary
    return model
  }

  /** Loads the library matching `filters`. */
  async function search(filters: ProcessModelFilters = {}) {
    const run = ++searchRun
    loading.value = true
    try {
      const { items } = await api.listProcessModels(filters)
      if (run !== searchRun) return
      for (const item of items) keep(item)
      listedIds.value = items.map((item) => item.id)
      loaded.value = true
    } finally {
      if (run === searchRun) loading.value = false
    }
  }

  /** Reads a model with its draft XML (the XML is answered, not stored). */
  async function open(id: number): Promise<ProcessModel> {
    return keep(await api.getProcessModel(id))
  }

  /** Creates a model (blank, from a template or by import); answers it with its XML. */
  async function create(model: NewProcessModel): Promise<ProcessModel> {
    const created = keep(await api.createProcessModel(model))
    if (!listedIds.value.includes(created.id)) listedIds.value = [...listedIds.value, created.id]
    return created
  }

  /** Autosaves the draft; 409 (an `ApiError`) when `revision` is stale. */
  async function saveDraft(id: number, draft: { xml: string; revision: number; name?: string }) {
    return keep(await api.saveProcessDraft(id, draft))
  }

  /** Publishes the stored draft; refreshes the summary and the versions. */
  async function publish(id: number, note?: string) {
    const result = await api.publishProcessModel(id, note)
    await Promise.all([open(id), loadVersions(id)])
    return result
  }

  /** Deletes a model that was never published. */
  async function remove(id: number) {
    await api.deleteProcessModel(id)
    delete byId.value[id]
    delete versionsById.value[id]
    listedIds.value = listedIds.value.filter((listedId) => listedId !== id)
  }

  /** Loads a model's published versions, newest first. */
  async function loadVersions(id: number) {
    const { items } = await api.listProcessVersions(id)
    versionsById.value[id] = items
    return items
  }

  /** Loads the shipped templates (once). */
  async function loadTemplates() {
    if (templates.value.length > 0) return templates.value
    templates.value = (await api.listProcessTemplates()).items
    return templates.value
  }

  return {
    byId,
    listedIds,
    versionsById,
    templates,
    loading,
    loaded,
    listed,
    search,
    open,
    create,
    saveDraft,
    publish,
    remove,
    loadVersions,
    loadTemplates,
  }
})

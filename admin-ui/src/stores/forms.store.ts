import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as api from '../api/forms'
import type { FormDetail, FormDraft, FormSummary, FormVersion, NewForm } from '../api/forms'

/**
 * The form library: forms by id (summaries; the draft document lives in
 * the designer while it is open), the ids the last search found, and each
 * form's published versions. Answers of the API replace the summaries.
 */
export const useFormsStore = defineStore('forms', () => {
  const byId = ref<Record<number, FormSummary>>({})
  const listedIds = ref<number[]>([])
  const versionsById = ref<Record<number, FormVersion[]>>({})
  const loading = ref(false)
  const loaded = ref(false)
  /** The latest search: an answer to an older one (typing overtook it) is dropped. */
  let searchRun = 0
  /** Every form is in `byId` (pickers need them all, not one search's). */
  const allLoaded = ref(false)

  const listed = computed(() =>
    listedIds.value.map((id) => byId.value[id]).filter((form) => form !== undefined)
  )

  /** Every known form by its form id (what models link to). */
  const byFormId = computed(() => {
    const map: Record<string, FormSummary> = {}
    for (const form of Object.values(byId.value)) map[form.formId] = form
    return map
  })

  function keep<T extends FormSummary>(form: T): T {
    const summary: Record<string, unknown> = { ...(form as FormSummary & Partial<FormDetail>) }
    for (const detail of ['document', 'pages', 'missingTranslations']) delete summary[detail]
    byId.value[form.id] = summary as unknown as FormSummary
    return form
  }

  /** Loads the library matching `q` (every form without it). */
  async function search(q?: string) {
    const run = ++searchRun
    loading.value = true
    try {
      const { items } = await api.listForms(q)
      if (run !== searchRun) return
      for (const item of items) keep(item)
      listedIds.value = items.map((item) => item.id)
      loaded.value = true
    } finally {
      if (run === searchRun) loading.value = false
    }
  }

  /** Loads every form once (for pickers and names), unless `force`. */
  async function loadAll(force = false) {
    if (allLoaded.value && !force) return
    const { items } = await api.listForms()
    for (const item of items) keep(item)
    allLoaded.value = true
  }

  /** Reads a form with its draft document. */
  async function open(id: number): Promise<FormDetail> {
    return keep(await api.getForm(id))
  }

  /** Creates a form. */
  async function create(form: NewForm) {
    const created = keep(await api.createForm(form))
    if (!listedIds.value.includes(created.id)) listedIds.value = [...listedIds.value, created.id]
    return created
  }

  /** Autosaves the draft; 409 when the revision is stale. */
  async function saveDraft(id: number, draft: FormDraft) {
    return keep(await api.saveFormDraft(id, draft))
  }

  /** Publishes the stored draft; refreshes the summary and the versions. */
  async function publish(id: number) {
    const result = await api.publishForm(id)
    keep(await api.getForm(id))
    await loadVersions(id)
    return result
  }

  /** Deletes a form never published. */
  async function remove(id: number) {
    await api.deleteForm(id)
    delete byId.value[id]
    delete versionsById.value[id]
    listedIds.value = listedIds.value.filter((listedId) => listedId !== id)
  }

  /** Loads a form's published versions, newest first. */
  async function loadVersions(id: number) {
    const { items } = await api.listFormVersions(id)
    versionsById.value[id] = items
    return items
  }

  return {
    byId,
    listedIds,
    versionsById,
    loading,
    loaded,
    allLoaded,
    listed,
    byFormId,
    search,
    loadAll,
    open,
    create,
    saveDraft,
    publish,
    remove,
    loadVersions,
  }
})

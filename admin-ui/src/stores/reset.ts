import { getActivePinia, type Pinia, type PiniaPluginContext } from 'pinia'

const registries = new WeakMap<Pinia, Map<string, () => void>>()

/**
 * A Pinia plugin that remembers each store's initial state, so that
 * {@link resetStores} can bring every store back to it (setup stores have
 * no `$reset` of their own). State is plain data: maps by id, lists of
 * ids, filters.
 */
export function resettableStores({ pinia, store }: PiniaPluginContext) {
  let registry = registries.get(pinia)
  if (!registry) {
    registry = new Map()
    registries.set(pinia, registry)
  }
  const initial = JSON.stringify(store.$state)
  registry.set(store.$id, () => {
    store.$patch((state) => Object.assign(state, JSON.parse(initial)))
  })
}

/**
 * Brings every store of the active Pinia back to its initial state except
 * those named in `keep`; used on sign-out and session expiry.
 */
export function resetStores(keep: string[] = []) {
  const pinia = getActivePinia()
  for (const [id, reset] of (pinia && registries.get(pinia)) ?? []) {
    if (!keep.includes(id)) reset()
  }
}

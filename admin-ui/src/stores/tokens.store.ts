import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as tokensApi from '../api/tokens'
import type { AccessToken, NewAccessToken } from '../api/tokens'

/**
 * Personal access tokens: the signed-in user's, or (for an admin who asks)
 * everyone's. The value of a new token is returned to the caller and never
 * kept here: it is shown once, then forgotten.
 */
export const useTokensStore = defineStore('tokens', () => {
  const byId = ref<Record<number, AccessToken>>({})
  const scope = ref<'mine' | 'all'>('mine')
  const loading = ref(false)
  const loaded = ref(false)

  /** Newest first. */
  const list = computed(() => Object.values(byId.value).sort((a, b) => b.id - a.id))

  /**
   * Loads the caller's tokens, or everyone's for `all` (admins).
   */
  async function load(nextScope: 'mine' | 'all' = scope.value) {
    loading.value = true
    try {
      const { items } = await tokensApi.listTokens({ all: nextScope === 'all' })
      scope.value = nextScope
      byId.value = Object.fromEntries(items.map((token) => [token.id, token]))
      loaded.value = true
    } finally {
      loading.value = false
    }
  }

  /**
   * Creates a token and returns it with its value (to show once).
   */
  async function create(token: NewAccessToken) {
    const created = await tokensApi.createToken(token)
    byId.value[created.id] = {
      id: created.id,
      userId: created.userId,
      name: created.name,
      createdAt: created.createdAt,
      lastUsedAt: created.lastUsedAt,
      expiresAt: created.expiresAt,
      expired: created.expired,
    }
    return created
  }

  /** Renames a token. */
  async function rename(id: number, name: string) {
    const renamed = await tokensApi.renameToken(id, name)
    byId.value[id] = renamed
    return renamed
  }

  /** Revokes a token: it stops working at once. */
  async function revoke(id: number) {
    await tokensApi.revokeToken(id)
    delete byId.value[id]
  }

  return { byId, scope, loading, loaded, list, load, create, rename, revoke }
})

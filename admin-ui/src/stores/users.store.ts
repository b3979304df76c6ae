import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as usersApi from '../api/users'
import type { NewUser, PageMeta, User, UserChanges, UserFilters } from '../api/users'

/**
 * The users the admin pages have seen, kept by id, and the page of the
 * directory on screen (its ids, its filters, its pagination). A search
 * that is overtaken by a newer one is dropped when it answers.
 */
export const useUsersStore = defineStore('users', () => {
  const byId = ref<Record<number, User>>({})
  const pageIds = ref<number[]>([])
  const page = ref<PageMeta | null>(null)
  const filters = ref<UserFilters>({})
  const loading = ref(false)
  let latestSearch = 0

  /** The users of the page on screen, in the server's order. */
  const pageUsers = computed(() =>
    pageIds.value.map((id) => byId.value[id]).filter((user): user is User => Boolean(user))
  )

  function keep(user: User) {
    byId.value[user.id] = user
    return user
  }

  /**
   * Loads the page of users matching `next`; answers of older searches are ignored.
   */
  async function search(next: UserFilters) {
    const ticket = ++latestSearch
    filters.value = { ...next }
    loading.value = true
    try {
      const answer = await usersApi.listUsers(next)
      if (ticket !== latestSearch) return
      answer.items.forEach(keep)
      pageIds.value = answer.items.map((user) => user.id)
      page.value = answer.page
    } finally {
      if (ticket === latestSearch) loading.value = false
    }
  }

  /**
   * Makes sure the users with these ids are known (for names next to ids,
   * such as token owners); unknown ids are fetched one by one.
   */
  async function ensure(ids: number[]) {
    const missing = [...new Set(ids)].filter((id) => !byId.value[id])
    await Promise.all(
      missing.map(async (id) => {
        try {
          keep(await usersApi.getUser(id))
        } catch {
          // A user that cannot be read is shown by id.
        }
      })
    )
  }

  /** Creates a user; the page on screen is reloaded by the caller. */
  async function create(user: NewUser) {
    return keep(await usersApi.createUser(user))
  }

  /** Changes a user (a given `unitIds` or `roles` replaces the set). */
  async function update(id: number, changes: UserChanges) {
    return keep(await usersApi.updateUser(id, changes))
  }

  /** Sets a new password for a user. */
  async function resetPassword(id: number, password: string) {
    return keep(await usersApi.updateUser(id, { password }))
  }

  /** Deactivates a user: they can no longer sign in. */
  async function deactivate(id: number) {
    return keep(await usersApi.deactivateUser(id))
  }

  /** Lets a deactivated user sign in again. */
  async function reactivate(id: number) {
    return keep(await usersApi.updateUser(id, { active: true }))
  }

  return {
    byId,
    pageIds,
    page,
    filters,
    loading,
    pageUsers,
    search,
    ensure,
    create,
    update,
    resetPassword,
    deactivate,
    reactivate,
  }
})

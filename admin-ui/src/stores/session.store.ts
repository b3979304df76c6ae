import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as authApi from '../api/auth'
import type { ProfileChanges } from '../api/auth'
import { ApiError } from '../api/http'
import type { Role, User } from '../api/users'
import { DEFAULT_TIME_ZONE } from '../format/date_time'
import { useLocaleStore } from './locale.store'
import { resetStores } from './reset'

/**
 * The localStorage key that remembers a session was opened in this
 * browser. Without it the app does not ask the server who is signed in:
 * that question answers 401 to a signed-out visitor, which browsers log as
 * a console error on every first visit.
 */
export const SESSION_HINT_KEY = 'senflow.session'

/**
 * The signed-in user and the session's lifecycle: restore on start, sign
 * in, sign out, expiry (a 401 from any call), and the user's own profile.
 * Role checks for routes and navigation read {@link hasAnyRole}.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null)
  const restored = ref(false)
  /** Why the last session ended, for the sign-in page to say. */
  const endReason = ref<'signedOut' | 'expired' | null>(null)

  const signedIn = computed(() => user.value !== null)
  const roles = computed<readonly Role[]>(() => user.value?.roles ?? [])
  const timeZone = computed(() => user.value?.timeZone || DEFAULT_TIME_ZONE)

  /**
   * Whether the user is signed in and holds one of `required` (any role
   * when `required` is empty or missing).
   */
  function hasAnyRole(required?: readonly Role[]) {
    if (!signedIn.value) return false
    if (!required || required.length === 0) return true
    return required.some((role) => roles.value.includes(role))
  }

  /**
   * Finds out once whether a session is open (when this browser had one).
   * Network failures propagate; a 401 means signed out.
   */
  async function restore() {
    if (restored.value) return
    if (!readHint()) {
      restored.value = true
      return
    }
    try {
      const answer = await authApi.me()
      await adopt(answer.user)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      writeHint(false)
    } finally {
      restored.value = true
    }
  }

  /**
   * Signs in; throws the API's error (401 wrong credentials or deactivated
   * account, 429 throttled, 422 invalid email).
   */
  async function signIn(email: string, password: string) {
    const answer = await authApi.login(email, password)
    endReason.value = null
    await adopt(answer.user)
  }

  /**
   * Signs out and forgets every store's data, so the next user of this
   * browser sees nothing of the previous one.
   */
  async function signOut() {
    try {
      await authApi.logout()
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
    }
    forget('signedOut')
  }

  /**
   * The session ended on the server (a call answered 401).
   */
  function expire() {
    if (!signedIn.value) return
    forget('expired')
  }

  /**
   * Saves the user's own name, language, time zone or password.
   */
  async function updateProfile(changes: ProfileChanges) {
    const answer = await authApi.updateMe(changes)
    user.value = answer.user
    return answer.user
  }

  async function adopt(next: User) {
    user.value = next
    writeHint(true)
    await useLocaleStore().adoptUserLocale(next.locale)
  }

  function forget(reason: 'signedOut' | 'expired') {
    writeHint(false)
    resetStores(['session', 'locale'])
    user.value = null
    endReason.value = reason
  }

  return {
    user,
    restored,
    endReason,
    signedIn,
    roles,
    timeZone,
    hasAnyRole,
    restore,
    signIn,
    signOut,
    expire,
    updateProfile,
  }
})

function readHint() {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1'
  } catch {
    return true
  }
}

function writeHint(open: boolean) {
  try {
    if (open) localStorage.setItem(SESSION_HINT_KEY, '1')
    else localStorage.removeItem(SESSION_HINT_KEY)
  } catch {
    // Storage may be disabled; the app then asks the server on every start.
  }
}

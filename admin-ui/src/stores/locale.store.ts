import { ref } from 'vue'
import { defineStore } from 'pinia'
import { LOCALES, type Locale } from '../api/users'
import { useSessionStore } from './session.store'
import { useToastsStore } from './toasts.store'

/**
 * The localStorage key of the language chosen in this browser.
 */
export const LOCALE_STORAGE_KEY = 'senflow.locale'

/**
 * The language of the UI until someone chooses another: the users are
 * Vietnamese civil servants.
 */
export const DEFAULT_LOCALE: Locale = 'vi'

/**
 * The UI language. A choice is remembered in this browser and, when
 * signed in, saved as the user's `locale`; a user's saved language applies
 * when their session starts, unless they chose one on the sign-in page
 * just before (that choice is then saved to their profile). The i18n
 * instance and `<html lang>` follow this store (see `bindLocale`).
 */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>(readStoredLocale())
  const chosenWhileSignedOut = ref(false)

  /**
   * Switches the language on the user's request; throws when saving it to
   * the profile fails (the switch itself stays).
   */
  async function choose(next: Locale) {
    locale.value = next
    remember(next)
    const session = useSessionStore()
    if (!session.user) {
      chosenWhileSignedOut.value = true
      return
    }
    if (session.user.locale !== next) await session.updateProfile({ locale: next })
  }

  /**
   * Applies the language of a user whose session just started (see the
   * store's description for which choice wins).
   */
  async function adoptUserLocale(userLocale: Locale) {
    if (chosenWhileSignedOut.value) {
      chosenWhileSignedOut.value = false
      if (userLocale === locale.value) return
      try {
        await useSessionStore().updateProfile({ locale: locale.value })
      } catch (error) {
        useToastsStore().error(error)
      }
      return
    }
    if (!LOCALES.includes(userLocale)) return
    locale.value = userLocale
    remember(userLocale)
  }

  return { locale, chosenWhileSignedOut, choose, adoptUserLocale }
})

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale
  } catch {
    // Storage may be disabled.
  }
  return DEFAULT_LOCALE
}

function remember(locale: Locale) {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Storage may be disabled; the choice lasts for this page.
  }
}

import { watch } from 'vue'
import { createI18n } from 'vue-i18n'
import type { Router } from 'vue-router'
import type { Locale } from '../api/users'
import type { useLocaleStore } from '../stores/locale.store'
import en from './en'
import vi from './vi'

/**
 * The shape of the message files: Vietnamese is the reference; English
 * must have the same keys (the type checker and a test hold them to it).
 */
export type MessageSchema = typeof vi

/**
 * The messages of each UI language.
 */
export const messages: Record<Locale, MessageSchema> = { vi, en }

/**
 * Creates the vue-i18n instance (Composition API mode) in `locale`.
 */
export function createAppI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'vi',
    messages,
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
}

/**
 * The app's i18n instance type.
 */
export type AppI18n = ReturnType<typeof createAppI18n>

/**
 * Keeps the i18n language, `<html lang>` and the window title in step with
 * the locale store and the current route (its `meta.titleKey`).
 */
export function bindLocale(
  i18n: AppI18n,
  localeStore: ReturnType<typeof useLocaleStore>,
  router: Router
) {
  const apply = () => {
    const locale = localeStore.locale
    i18n.global.locale.value = locale
    document.documentElement.lang = locale
    const titleKey = router.currentRoute.value.meta.titleKey
    const appName = i18n.global.t('app.name')
    document.title = titleKey ? `${i18n.global.t(titleKey)} · ${appName}` : appName
  }
  watch(() => localeStore.locale, apply, { immediate: true })
  router.afterEach(apply)
}

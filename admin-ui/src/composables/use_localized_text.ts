import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '../i18n/api_errors'

/**
 * Turns a {@link LocalizedText} into words in the current language.
 */
export function useLocalizedText() {
  const { t } = useI18n()
  return (text: LocalizedText) =>
    text.key !== undefined ? t(text.key, (text.params ?? {}) as Record<string, unknown>) : text.raw
}

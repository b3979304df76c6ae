import { useLocaleStore } from '../stores/locale.store'
import { useSessionStore } from '../stores/session.store'
import { formatDateTime, type DateTimeStyle } from '../format/date_time'

/**
 * {@link formatDateTime} bound to the UI language and the signed-in
 * user's time zone (Asia/Ho_Chi_Minh unless they chose another). Reactive
 * when called in a template or a computed.
 */
export function useDateTime() {
  const localeStore = useLocaleStore()
  const session = useSessionStore()
  return {
    formatDateTime: (value: string | Date | null | undefined, style: DateTimeStyle = 'dateTime') =>
      formatDateTime(value, { locale: localeStore.locale, timeZone: session.timeZone, style }),
  }
}

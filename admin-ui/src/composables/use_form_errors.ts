import { computed, nextTick, ref, type Ref } from 'vue'
import { ApiError } from '../api/http'
import { describeEntry, normalizeField, type LocalizedText } from '../i18n/api_errors'
import { useToastsStore } from '../stores/toasts.store'
import { useLocalizedText } from './use_localized_text'

/**
 * The errors of one form, by field, in the current language: the API's
 * field errors (422) and the form's own checks. A rejected submit shows
 * each message next to its field, says so in a toast, and moves the focus
 * to the first invalid field of `form`. With `toast: false` the caller
 * shows what is not about a field itself.
 */
export function useFormErrors(
  form?: Ref<HTMLElement | null | undefined>,
  options: { toast?: boolean } = {}
) {
  const toasts = useToastsStore()
  const text = useLocalizedText()
  const byField = ref<Record<string, LocalizedText[]>>({})

  /** The messages per field, translated. */
  const errors = computed(() => {
    const translated: Record<string, string[]> = {}
    for (const [field, texts] of Object.entries(byField.value)) translated[field] = texts.map(text)
    return translated
  })
  const hasErrors = computed(() => Object.keys(byField.value).length > 0)

  function clear() {
    byField.value = {}
  }

  /**
   * Adds the form's own error for `field` (a message key).
   */
  function add(field: string, key: string, params?: Record<string, unknown>) {
    ;(byField.value[field] ??= []).push({ key, params })
  }

  /**
   * Shows what a failed submit returned: field errors next to the fields
   * (and a toast saying so), anything else as a toast. Returns true when
   * some field was named.
   */
  function handle(error: unknown): boolean {
    clear()
    let named = false
    if (error instanceof ApiError) {
      for (const entry of error.entries) {
        if (!entry.field) continue
        ;(byField.value[normalizeField(entry.field)] ??= []).push(describeEntry(entry))
        named = true
      }
    }
    if (options.toast !== false) toasts.error(error)
    if (named) focusFirstInvalid()
    return named
  }

  /**
   * Moves the focus to the first field marked invalid in the form.
   */
  function focusFirstInvalid() {
    void nextTick(() => {
      const invalid = form?.value?.querySelector<HTMLElement>('[aria-invalid="true"]')
      invalid?.focus()
    })
  }

  return { errors, hasErrors, clear, add, handle, focusFirstInvalid }
}

/**
 * The shortest password the server accepts.
 */
export const MIN_PASSWORD_LENGTH = 8

/**
 * Checks a new password and its repetition before sending them, adding
 * errors to `field` and `confirmationField`.
 */
export function checkNewPassword(
  form: Pick<ReturnType<typeof useFormErrors>, 'add'>,
  password: string,
  confirmation: string,
  field = 'password',
  confirmationField = 'passwordConfirmation'
) {
  if (password.length < MIN_PASSWORD_LENGTH) form.add(field, 'errors.form.passwordTooShort')
  else if (password !== confirmation) form.add(confirmationField, 'errors.form.passwordMismatch')
}

import { computed, nextTick, ref, type Ref } from 'vue'
import { ApiError } from '../api/http'
import { describeEntry, normalizeField, type LocalizedText } from '../i18n/api_errors'
import { useToastsStore } from '../stores/toasts.store'
import { useLocalizedText } from './use_localized_text'

/**
 * One form's submission and its errors, by field, in the current language:
 * the form's own checks and the API's field errors (422). A rejected
 * submit shows each message next to its field, says so in a toast, and
 * moves the focus to the first invalid field of `form`. With
 * `toast: false` the caller shows what is not about a field itself.
 */
export function useForm(
  form?: Readonly<Ref<HTMLElement | null | undefined>>,
  options: { toast?: boolean } = {}
) {
  const toasts = useToastsStore()
  const text = useLocalizedText()
  const byField = ref<Record<string, LocalizedText[]>>({})
  /** A submit is on its way (disable the submit button). */
  const busy = ref(false)

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

  /**
   * Submits the form: 1. clears the errors; 2. runs the form's own
   * `check`s (which call `add`) and stops at the first invalid field;
   * 3. runs `send`, marking the form busy; a failure is shown by `handle`.
   * Resolves true when `send` succeeded.
   */
  async function submit(check: () => void, send: () => Promise<void>): Promise<boolean> {
    clear()
    check()
    if (hasErrors.value) {
      focusFirstInvalid()
      return false
    }
    busy.value = true
    try {
      await send()
      return true
    } catch (error) {
      handle(error)
      return false
    } finally {
      busy.value = false
    }
  }

  return { errors, hasErrors, busy, clear, add, handle, focusFirstInvalid, submit }
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
  form: Pick<ReturnType<typeof useForm>, 'add'>,
  password: string,
  confirmation: string,
  field = 'password',
  confirmationField = 'passwordConfirmation'
) {
  if (password.length < MIN_PASSWORD_LENGTH) form.add(field, 'errors.form.passwordTooShort')
  else if (password !== confirmation) form.add(confirmationField, 'errors.form.passwordMismatch')
}

import { ref } from 'vue'
import type { NewUnit, Unit } from '../api/units'
import type { useForm } from './use_form'

/**
 * The unit code the server accepts (after upper-casing).
 */
export const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]*$/

/**
 * The editable fields of a unit, filled from a unit or empty, with the
 * checks made before sending and the payload to send.
 */
export function useUnitDraft() {
  const code = ref('')
  const nameVi = ref('')
  const nameEn = ref('')
  const parentId = ref<number | null>(null)

  /** Fills the fields from `unit`, or empties them under `parent`. */
  function fill(unit?: Unit | null, parent: number | null = null) {
    code.value = unit?.code ?? ''
    nameVi.value = unit?.nameVi ?? ''
    nameEn.value = unit?.nameEn ?? ''
    parentId.value = unit ? unit.parentId : parent
  }

  /** Adds the form's own errors about the fields. */
  function check(form: Pick<ReturnType<typeof useForm>, 'add'>) {
    const upper = code.value.trim().toUpperCase()
    if (!upper) form.add('code', 'errors.rules.required')
    else if (!UNIT_CODE_PATTERN.test(upper)) form.add('code', 'errors.form.unitCode')
    if (!nameVi.value.trim()) form.add('nameVi', 'errors.rules.required')
    if (!nameEn.value.trim()) form.add('nameEn', 'errors.rules.required')
  }

  /** What to send to the API. */
  function payload(): NewUnit {
    return {
      code: code.value.trim().toUpperCase(),
      nameVi: nameVi.value.trim(),
      nameEn: nameEn.value.trim(),
      parentId: parentId.value,
    }
  }

  return { code, nameVi, nameEn, parentId, fill, check, payload }
}

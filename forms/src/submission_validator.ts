/**
 * Server-side validation of a submitted form: the same rules form-js
 * applies in the browser, applied to what the client sent, so a client
 * that skips the browser's checks gains nothing.
 *
 * The submission is replayed on the form-js data model (see form_state.ts):
 *
 * 1. The form opens with the process variables (cleaned, defaults filled).
 * 2. The client's values are laid over it for the fields a user can edit:
 *    not disabled, not read-only, not expression fields. A value of the
 *    wrong type is refused (the browser cannot send one). Dynamic lists
 *    take the client's number of items when they allow adding and
 *    removing, and must keep it otherwise.
 * 3. Expression fields are computed (again until nothing changes, so
 *    chains settle and cycles stop); a field whose FEEL `readonly` holds
 *    gets its opening value back.
 * 4. Conditions decide which fields are rendered. Each rendered field that
 *    is not disabled is validated with form-js's rules, plus the checks the
 *    browser makes by construction: options offered, date and time
 *    formats, `disallowPassedDates`.
 * 5. The values written to the process are the rendered, enabled fields'
 *    values, at their keys (nested for dotted keys, group paths and list
 *    items): nothing else the client sent.
 *
 * FEEL sees the process variables merged with the form data, as in
 * form-js. Errors are keyed by the field's value path (`name`,
 * `applicant.address.street`, `members.0.email`).
 */
import {
  isJsonObject as isObject,
  cloneJson,
  formatValuePath,
  getAtPath,
  isRepeating,
  jsonEquals,
  childComponents,
  ownSegments,
  setAtPath,
} from './component_tree.js'
import type { PathSegment } from './component_tree.js'
import {
  calendarDate,
  datetimeSubtype,
  isDatetimeValueText,
  timeFormatLabel,
  todayIn,
} from './datetime_values.js'
import { evaluateFeel } from './feel.js'
import { evaluateValidate, formJsFieldErrors } from './field_rules.js'
import { resolveFieldOptions } from './field_options.js'
import { pageOf } from './form_pages.js'
import { parseFormSchema } from './form_schema.js'
import {
  filteredFormData,
  initializeChildren,
  initializeFormData,
  isDisabled,
  isReadonlyIn,
  renderedInstances,
} from './form_state.js'
import type { FieldInstance } from './form_state.js'
import { localizeSchema } from './translations.js'
import type { FormTranslations } from './translations.js'
import { fieldTypeConfig, MULTI_OPTION_FIELD_TYPES, OPTION_FIELD_TYPES } from './schema_types.js'
import type { FormComponent, FormSchema, JsonObject, JsonValue } from './schema_types.js'
import { validationMessage } from './validation_messages.js'
import type { ValidationMessageCode, ValidationMessageParams } from './validation_messages.js'

/** How to validate a submission. */
export interface ValidateSubmissionOptions {
  /** The process instance's variables: what the form opened with, and what FEEL sees besides the form data. */
  variables?: JsonObject
  /** The language of the messages: `vi` (or `vi-VN`) for Vietnamese, anything else English. */
  locale?: string
  /** Validate one page of a multi-page form (its index from 0, or its id); see {@link formPages}. */
  page?: number | string | null
  /** The form's translations: custom messages (`validate.patternErrorMessage`) are taken in `locale`. */
  translations?: FormTranslations
  /** The instant "today" is taken from for `disallowPassedDates` (default: now). */
  now?: Date
  /** The IANA time zone of the people filling the form, for "today" (default: the system's). */
  timeZone?: string
}

/** The messages of one field at one place, for a UI that shows them on the form. */
export interface FieldError {
  /** The value path, as in `errors`: `members.0.email`. */
  path: string
  /** The field's id (or its schema path when it has none). */
  fieldId: string
  /** The field's key as written in the schema. */
  key: string
  /** The item index in each enclosing dynamic list, outermost first. */
  indexes: number[]
  messages: string[]
}

/** The outcome of {@link validateSubmission}. */
export interface SubmissionResult {
  valid: boolean
  /** The messages of each invalid field, by value path. Empty when valid. */
  errors: Record<string, string[]>
  /** The same errors with the field's id and list indexes. */
  fieldErrors: FieldError[]
  /** When valid, the variables to write into the process instance; empty otherwise. */
  values: JsonObject
}

/** A problem found in the client's value before form-js's rules run. */
interface ClientProblem {
  code: ValidationMessageCode
  params: Record<string, unknown>
}

/** What replaying the client's values found. */
interface ClientReplay {
  /** Value paths (as text) the client supplied a usable value for. */
  supplied: Set<string>
  /** Value paths (as text) of refused values. */
  problems: Map<string, ClientProblem>
}

const EXPRESSION_ROUNDS = 10

/**
 * Validate a submitted form against its schema, as form-js would in the
 * browser. `schema` is a parsed schema or raw JSON (parsed with
 * {@link parseFormSchema}, which throws on a malformed one).
 */
export function validateSubmission(
  schema: FormSchema | unknown,
  submittedData: unknown,
  options: ValidateSubmissionOptions = {}
): SubmissionResult {
  let form = parseFormSchema(schema)
  if (options.translations && options.locale) {
    form = localizeSchema(form, options.translations, options.locale)
  }
  const variables = isObject(options.variables) ? (cloneJson(options.variables) as JsonObject) : {}
  const submitted = isObject(submittedData) ? submittedData : {}
  const initialData = initializeFormData(form, variables)
  const data = cloneJson(initialData)
  const replay: ClientReplay = { supplied: new Set(), problems: new Map() }
  replayClientValues(form, submitted, data, [], replay)

  // (3) compute expression fields and restore read-only values until the data settles
  let rendered = renderedInstances(form, data, filteredFormData(form, data, initialData))
  for (let round = 0; round < EXPRESSION_ROUNDS; round++) {
    let changed = false
    for (const instance of rendered.fields) {
      const pathText = formatValuePath(instance.valuePath)
      let next: unknown
      if (instance.component.type === 'expression') {
        next = evaluateFeel(instance.component.expression, instance.context)
      } else if (
        replay.supplied.has(pathText) &&
        isReadonlyIn(instance.component, instance.context)
      ) {
        replay.supplied.delete(pathText)
        next = openingValue(instance, initialData)
      } else {
        continue
      }
      if (!jsonEquals(getAtPath(data, instance.valuePath), next)) {
        setAtPath(data, instance.valuePath, next as JsonValue)
        changed = true
      }
    }
    if (!changed) {
      break
    }
    rendered = renderedInstances(form, data, filteredFormData(form, data, initialData))
  }

  const page =
    options.page === undefined || options.page === null ? null : pageOf(form, options.page)
  const inScope = (topLevel: FormComponent) => page === null || page.includes(topLevel)
  const fields = rendered.fields.filter(
    (instance) => !isDisabled(instance.component) && inScope(instance.topLevel)
  )

  // (4) validate
  const fieldErrors: FieldError[] = []
  const errors: Record<string, string[]> = {}
  const report = (path: string, error: Omit<FieldError, 'path'>) => {
    errors[path] = [...(errors[path] ?? []), ...error.messages]
    const existing = fieldErrors.find((entry) => entry.path === path)
    if (existing) {
      existing.messages.push(...error.messages)
    } else {
      fieldErrors.push({ path, ...error, messages: [...error.messages] })
    }
  }
  for (const instance of fields) {
    const path = formatValuePath(instance.valuePath)
    const messages = instanceErrors(instance, data, initialData, replay, options)
    if (messages.length > 0) {
      report(path, {
        fieldId: instance.component.id ?? path,
        key: instance.component.key ?? '',
        indexes: instance.indexes,
        messages,
      })
    }
  }
  for (const list of rendered.lists.filter((entry) => inScope(entry.topLevel))) {
    const path = formatValuePath(list.valuePath)
    const problem = replay.problems.get(path)
    if (problem) {
      report(path, {
        fieldId: list.component.id ?? path,
        key: list.component.path ?? '',
        indexes: [],
        messages: [message(problem, options.locale)],
      })
    }
  }
  if (fieldErrors.length > 0) {
    return { valid: false, errors, fieldErrors, values: {} }
  }

  // (5) the values to write
  const values: JsonObject = {}
  for (const list of rendered.lists.filter((entry) => inScope(entry.topLevel))) {
    if (getAtPath(values, list.valuePath) === undefined) {
      setAtPath(values, list.valuePath, [])
    }
  }
  for (const instance of fields) {
    setAtPath(
      values,
      instance.valuePath,
      cloneJson(getAtPath(data, instance.valuePath) ?? null) as JsonValue
    )
  }
  return { valid: true, errors: {}, fieldErrors: [], values: cloneJson(values) }
}

/**
 * Lay the client's values over the form data (step 2): only for fields a
 * user can edit, refusing values of the wrong type; dynamic lists take the
 * client's items where the list allows adding and removing.
 */
function replayClientValues(
  container: FormComponent,
  submitted: Record<string, unknown>,
  data: JsonObject,
  base: PathSegment[],
  replay: ClientReplay
): void {
  for (const component of childComponents(container)) {
    const config = fieldTypeConfig(component)
    const valuePath = [...base, ...ownSegments(component)]
    const pathText = formatValuePath(valuePath)
    if (config.keyed) {
      const editable =
        valuePath.length > base.length &&
        component.type !== 'expression' &&
        !isDisabled(component) &&
        (typeof component.readonly === 'string'
          ? component.readonly.startsWith('=')
          : !component.readonly)
      const raw = getAtPath(submitted, valuePath)
      if (!editable || raw === undefined) {
        continue
      }
      const accepted = acceptClientValue(component, raw)
      if ('problem' in accepted) {
        replay.problems.set(pathText, accepted.problem)
      } else {
        setAtPath(data, valuePath, accepted.value)
        replay.supplied.add(pathText)
      }
      continue
    }
    if (isRepeating(component) && valuePath.length > base.length) {
      const current = getAtPath(data, valuePath)
      const currentItems = Array.isArray(current) ? current : []
      const clientItems = getAtPath(submitted, valuePath)
      let items = currentItems
      if (clientItems !== undefined && !Array.isArray(clientItems)) {
        replay.problems.set(pathText, { code: 'notAnItemList', params: {} })
      } else if (Array.isArray(clientItems)) {
        const allowAddRemove =
          component.allowAddRemove === undefined || Boolean(component.allowAddRemove)
        if (!allowAddRemove && clientItems.length !== currentItems.length) {
          replay.problems.set(pathText, {
            code: 'fixedItemCount',
            params: { count: currentItems.length },
          })
        } else {
          items = clientItems.map((_, index) => {
            const existing = currentItems[index]
            if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
              return existing
            }
            const item: JsonObject = {}
            initializeChildren(component, {}, item, [])
            return item
          })
          setAtPath(data, valuePath, items)
        }
      }
      items.forEach((_, index) =>
        replayClientValues(component, submitted, data, [...valuePath, index], replay)
      )
      continue
    }
    replayClientValues(component, submitted, data, valuePath, replay)
  }
}

/** Check the type of a client's value and bring it to the form the browser stores. */
function acceptClientValue(
  component: FormComponent,
  raw: unknown
): { value: JsonValue } | { problem: ClientProblem } {
  const refuse = (code: ValidationMessageCode, params: Record<string, unknown> = {}) => ({
    problem: { code, params },
  })
  const empty = fieldTypeConfig(component).emptyValue
  if (raw === null) {
    return { value: cloneJson(empty) }
  }
  switch (component.type) {
    case 'textfield':
      return typeof raw === 'string' ? { value: raw.replace(/[\r\n\t]/g, ' ') } : refuse('notText')
    case 'textarea':
      return typeof raw === 'string' ? { value: raw } : refuse('notText')
    case 'number': {
      if (raw === '') {
        return { value: null }
      }
      const isNumber =
        (typeof raw === 'number' && Number.isFinite(raw)) ||
        (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw)))
      if (!isNumber) {
        return refuse('notANumber')
      }
      return { value: component.serializeToString ? String(raw) : Number(raw) }
    }
    case 'checkbox':
      return typeof raw === 'boolean' ? { value: raw } : refuse('notBoolean')
    case 'checklist':
    case 'taglist':
      return Array.isArray(raw) ? { value: raw as JsonValue } : refuse('notAList')
    case 'radio':
    case 'select':
      return raw === ''
        ? { value: null }
        : Array.isArray(raw)
          ? refuse('notAnOption')
          : { value: raw as JsonValue }
    case 'datetime':
      if (raw === '') {
        return { value: null }
      }
      return typeof raw === 'string' ? { value: raw } : datetimeProblem(component)
    case 'filepicker':
      return typeof raw === 'string' && raw !== ''
        ? { value: raw }
        : raw === ''
          ? { value: null }
          : refuse('notAFileReference')
    default:
      return { value: raw as JsonValue }
  }
}

function datetimeProblem(component: FormComponent): { problem: ClientProblem } {
  const subtype = datetimeSubtype(component)
  if (subtype === 'date') {
    return { problem: { code: 'invalidDate', params: {} } }
  }
  const time = timeFormatLabel(component)
  return subtype === 'time'
    ? { problem: { code: 'invalidTime', params: { format: time } } }
    : { problem: { code: 'invalidDateTime', params: { format: `YYYY-MM-DDT${time}` } } }
}

/** The messages of one rendered, enabled field. */
function instanceErrors(
  instance: FieldInstance,
  data: JsonObject,
  initialData: JsonObject,
  replay: ClientReplay,
  options: ValidateSubmissionOptions
): string[] {
  const { component, context } = instance
  const pathText = formatValuePath(instance.valuePath)
  const problem = replay.problems.get(pathText)
  if (problem) {
    return [message(problem, options.locale)]
  }
  const value = getAtPath(data, instance.valuePath)
  const messages: string[] = []
  if (replay.supplied.has(pathText)) {
    messages.push(...browserConstraintErrors(component, value, context, initialData, options))
  }
  const validate = component.validate ? evaluateValidate(component.validate, context) : undefined
  messages.push(...formJsFieldErrors(component, value, validate, options.locale))
  return messages
}

/**
 * What the browser enforces by construction rather than by a rule: a
 * choice among the offered options, a date or time written by the picker,
 * no past date when `disallowPassedDates` is set.
 */
function browserConstraintErrors(
  component: FormComponent,
  value: unknown,
  context: Record<string, unknown>,
  initialData: JsonObject,
  options: ValidateSubmissionOptions
): string[] {
  const { locale } = options
  if (OPTION_FIELD_TYPES.has(component.type) && value !== null && value !== undefined) {
    const offered = resolveFieldOptions(component, initialData, context)
    const chosen = MULTI_OPTION_FIELD_TYPES.has(component.type) ? (value as unknown[]) : [value]
    const isOffered = (entry: unknown) => offered.some((option) => jsonEquals(option.value, entry))
    return chosen.every(isOffered) ? [] : [validationMessage('notAnOption', {}, locale)]
  }
  if (component.type === 'datetime' && typeof value === 'string') {
    if (!isDatetimeValueText(value, component)) {
      return [message(datetimeProblem(component).problem, locale)]
    }
    if (component.disallowPassedDates) {
      const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
      const date = calendarDate(value, component, timeZone)
      if (date !== null && date < todayIn(options.now ?? new Date(), timeZone)) {
        return [validationMessage('passedDate', {}, locale)]
      }
    }
  }
  return []
}

function openingValue(instance: FieldInstance, initialData: JsonObject): unknown {
  const opening = getAtPath(initialData, instance.valuePath)
  return opening !== undefined
    ? opening
    : (instance.component.defaultValue ?? fieldTypeConfig(instance.component).emptyValue)
}

function message(problem: ClientProblem, locale?: string): string {
  return validationMessage(
    problem.code,
    problem.params as ValidationMessageParams[typeof problem.code],
    locale
  )
}

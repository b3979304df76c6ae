import type { Expression } from '../feel/expression_language.js'
import { USER_TASK_HEADERS } from '../intents.js'
import type { ExecutableFormReference, UserTaskProperties } from '../model/executable.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import { scopeLookup } from './expression_behavior.js'

/** Zeebe's default priority of a user task. */
const DEFAULT_PRIORITY = 50

/**
 * Evaluates a user task's assignment, schedule, priority and form when it activates, and
 * writes them as the custom headers Zeebe puts on job-based user tasks
 * (`io.camunda.zeebe:assignee`, `…:candidateGroups` as a JSON array, `…:dueDate`, `…:formKey`,
 * …), so the app reads user tasks the same way from both engines.
 */
export class UserTaskBehavior {
  constructor(private readonly batch: BatchContext) {}

  /** The custom headers of the user task's job, or the failure that becomes an incident. */
  evaluateHeaders(
    context: ElementContext,
    properties: UserTaskProperties
  ): Result<Record<string, string>> {
    const language = this.batch.services.language
    const lookup = scopeLookup(context.instance, context.key)
    const headers: Record<string, string> = { ...properties.headers }
    const text = (expression: Expression | null, header: string): Result<void> => {
      if (!expression) {
        return ok(undefined)
      }
      const value = language.evaluateOptionalString(expression, lookup, 'EXTRACT_VALUE_ERROR')
      if (value.ok && value.value !== null && value.value !== '') {
        headers[header] = value.value
      }
      return value.ok ? ok(undefined) : value
    }
    const list = (expression: Expression | null, header: string): Result<void> => {
      if (!expression) {
        return ok(undefined)
      }
      const value = language.evaluateStringList(expression, lookup, 'EXTRACT_VALUE_ERROR')
      if (value.ok && value.value.length > 0) {
        headers[header] = JSON.stringify(value.value)
      }
      return value.ok ? ok(undefined) : value
    }
    const date = (expression: Expression | null, header: string): Result<void> => {
      if (!expression) {
        return ok(undefined)
      }
      const value = language.evaluateDateTime(expression, lookup, 'EXTRACT_VALUE_ERROR')
      if (value.ok && value.value !== null) {
        headers[header] = value.value
      }
      return value.ok ? ok(undefined) : value
    }
    const steps = [
      () => text(properties.assignee, USER_TASK_HEADERS.assignee),
      () => list(properties.candidateGroups, USER_TASK_HEADERS.candidateGroups),
      () => list(properties.candidateUsers, USER_TASK_HEADERS.candidateUsers),
      () => date(properties.dueDate, USER_TASK_HEADERS.dueDate),
      () => date(properties.followUpDate, USER_TASK_HEADERS.followUpDate),
      () => this.#priority(properties.priority, context, headers),
      () => this.#form(properties.form, context, headers),
    ]
    for (const step of steps) {
      const result = step()
      if (!result.ok) {
        return result
      }
    }
    return ok(headers)
  }

  #priority(
    expression: Expression | null,
    context: ElementContext,
    headers: Record<string, string>
  ): Result<void> {
    let priority = DEFAULT_PRIORITY
    if (expression) {
      const lookup = scopeLookup(context.instance, context.key)
      const value = this.batch.services.language.evaluateInteger(
        expression,
        lookup,
        'EXTRACT_VALUE_ERROR'
      )
      if (!value.ok) {
        return value
      }
      if (value.value < 0 || value.value > 100) {
        return failure(
          'EXTRACT_VALUE_ERROR',
          `Expected priority to be a number between 0 and 100, but was '${value.value}'`
        )
      }
      priority = value.value
    }
    headers[USER_TASK_HEADERS.priority] = String(priority)
    return ok(undefined)
  }

  /** Resolves the form reference into the form key header. */
  #form(
    form: ExecutableFormReference | null,
    context: ElementContext,
    headers: Record<string, string>
  ): Result<void> {
    if (!form) {
      return ok(undefined)
    }
    const language = this.batch.services.language
    const lookup = scopeLookup(context.instance, context.key)
    if (form.kind === 'formKey') {
      const key = language.evaluateString(form.formKey, lookup, 'EXTRACT_VALUE_ERROR')
      if (key.ok) {
        headers[USER_TASK_HEADERS.formKey] = key.value
      }
      return key.ok ? ok(undefined) : key
    }
    if (form.kind === 'externalReference') {
      const reference = language.evaluateString(form.reference, lookup, 'EXTRACT_VALUE_ERROR')
      if (reference.ok) {
        headers['io.camunda.zeebe:externalFormReference'] = reference.value
      }
      return reference.ok ? ok(undefined) : reference
    }
    const tenantId = context.instance.data.tenantId
    const versions = (this.batch.forms.get(form.formId) ?? []).filter(
      (f) => f.tenantId === tenantId
    )
    let candidates = versions
    if (form.bindingType === 'deployment') {
      const deploymentKey = context.definition.definition.deploymentKey
      candidates = versions.filter((f) => f.deploymentKey === deploymentKey)
    } else if (form.bindingType === 'versionTag') {
      candidates = versions.filter((f) => f.versionTag === form.versionTag)
    }
    const found = candidates.reduce<(typeof candidates)[number] | null>(
      (latest, f) => (latest === null || f.version > latest.version ? f : latest),
      null
    )
    if (!found) {
      const how =
        form.bindingType === 'deployment'
          ? ' in the deployment of the process'
          : form.bindingType === 'versionTag'
            ? ` with version tag '${form.versionTag}'`
            : ''
      return failure(
        'FORM_NOT_FOUND',
        `Expected to find a form with id '${form.formId}'${how}, but no such form is deployed`
      )
    }
    headers[USER_TASK_HEADERS.formKey] = found.formKey
    return ok(undefined)
  }
}

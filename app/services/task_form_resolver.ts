import db from '@adonisjs/lucid/services/db'
import type { FormDocument } from '@senflow/forms'
import { checkFormDocument } from '@senflow/forms'
import { TaskFormResolver, type UserTaskRow } from '#services/task_service'

/**
 * Asks the engine for a form by key (a deployed form, or
 * `camunda-forms:bpmn:<id>` embedded in the process); null when unknown.
 */
export type EngineFormLookup = (
  formKey: string,
  processDefinitionKey: string
) => Promise<unknown | null>

/**
 * Turns a stored form (a document, or a bare form-js schema) into a
 * document.
 */
export function asFormDocument(value: unknown, fallbackId: string): FormDocument | null {
  const raw = typeof value === 'string' ? JSON.parse(value) : value
  if (!raw || typeof raw !== 'object') return null
  const candidate =
    'schema' in (raw as object)
      ? raw
      : {
          id: (raw as { id?: string }).id ?? fallbackId,
          version: 1,
          defaultLocale: 'vi',
          schema: raw,
          translations: {},
        }
  return checkFormDocument(candidate).document
}

/**
 * Finds a task's form: by the form key the engine resolved, in the form
 * library (which keeps translations) or else from the engine (forms
 * embedded in the BPMN, or deployed elsewhere); by form id and binding
 * when a task names only an id.
 */
export default class LibraryTaskFormResolver extends TaskFormResolver {
  constructor(protected engineLookup?: EngineFormLookup) {
    super()
  }

  async resolve(task: UserTaskRow): Promise<FormDocument | null> {
    if (task.form_key) {
      const version = await db.from('form_versions').where('form_key', task.form_key).first()
      if (version) return asFormDocument(version.document, task.form_key)
      const found = this.engineLookup
        ? await this.engineLookup(task.form_key, task.process_definition_key)
        : null
      if (found) return asFormDocument(found, task.form_key)
    }
    if (task.form_id) {
      const form = await db.from('forms').where('form_id', task.form_id).first()
      if (!form) return null
      if (task.form_binding === 'versionTag' && task.form_version_tag) {
        const tagged = await db
          .from('form_versions')
          .where('form_id', form.id)
          .whereNull('deleted_at')
          .whereRaw('document like ?', [
            `%"versionTag":"${task.form_version_tag.replaceAll('"', '')}"%`,
          ])
          .orderBy('version', 'desc')
          .first()
        if (tagged) return asFormDocument(tagged.document, task.form_id)
      }
      const latest = await db
        .from('form_versions')
        .where('form_id', form.id)
        .whereNull('deleted_at')
        .orderBy('version', 'desc')
        .first()
      return asFormDocument(latest ? latest.document : form.draft_document, task.form_id)
    }
    return null
  }
}

import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { checkFormDocument, type FormDocument } from '@senflow/forms'
import Form from '#models/form'
import AuditService, { type AuditActor } from '#services/audit_service'
import { ApiException, ConflictException, UnprocessableException } from '#exceptions/api_exception'
import { sqlTime } from '#services/sql_time'

/**
 * The form-js schema version the studio writes for new forms.
 */
export const FORM_SCHEMA_VERSION = 18

/**
 * The draft document of a form, parsed.
 */
export function draftOf(form: Form): FormDocument {
  return JSON.parse(form.draftDocument) as FormDocument
}

/**
 * Checks a form document and refuses it with every problem as a 422 entry
 * on `schema…` or `translations…`.
 */
export function assertValidDocument(document: unknown): FormDocument {
  const check = checkFormDocument(document)
  if (!check.document) {
    throw new ApiException('The form is not valid', {
      status: 422,
      code: 'E_VALIDATION_ERROR',
      entries: check.errors.map((message) => {
        const field = /^([\w.[\]-]+):/.exec(message)?.[1]
        return { message, code: 'E_INVALID_FORM', ...(field ? { field } : {}) }
      }),
    })
  }
  return check.document
}

/**
 * The form library: create, autosave drafts with a revision check, delete
 * unpublished drafts. Publishing deploys the form through the deployment
 * service so user tasks can link to it by id.
 */
@inject()
export default class FormLibraryService {
  constructor(protected audit: AuditService) {}

  async create(
    input: {
      name: string
      formId?: string
      schema?: Record<string, unknown>
      translations?: Record<string, unknown>
      defaultLocale?: string
    },
    actor: AuditActor
  ) {
    const formId =
      input.formId ??
      (input.schema?.id as string | undefined) ??
      `Form_${randomBytes(4).toString('hex')}`
    if (await Form.findBy('form_id', formId)) {
      throw new UnprocessableException(
        `A form with id "${formId}" already exists`,
        'formId',
        'E_DUPLICATE'
      )
    }
    const document = assertValidDocument({
      id: formId,
      version: 1,
      name: input.name,
      defaultLocale: input.defaultLocale ?? 'vi',
      schema: {
        type: 'default',
        components: [],
        schemaVersion: FORM_SCHEMA_VERSION,
        ...input.schema,
        id: formId,
      },
      translations: input.translations ?? {},
    })
    return db.transaction(async (trx) => {
      const form = await Form.create(
        {
          formId,
          name: input.name,
          draftDocument: JSON.stringify(document),
          draftRevision: 1,
          draftUpdatedBy: actor.id,
          draftUpdatedAt: DateTime.now(),
          latestVersion: null,
          latestFormKey: null,
          createdBy: actor.id,
        },
        { client: trx }
      )
      await this.audit.record(
        actor,
        { action: 'form.create', subjectType: 'form', subjectId: form.id, details: { formId } },
        trx
      )
      return form
    })
  }

  async saveDraft(
    form: Form,
    input: {
      name?: string
      schema: Record<string, unknown>
      translations?: Record<string, unknown>
      defaultLocale?: string
      revision: number
    },
    actor: AuditActor
  ) {
    const current = draftOf(form)
    const document = assertValidDocument({
      ...current,
      name: input.name ?? current.name,
      defaultLocale: input.defaultLocale ?? current.defaultLocale,
      schema: { ...input.schema, id: form.formId },
      translations: input.translations ?? current.translations,
    })
    const updated = await Form.query()
      .where('id', form.id)
      .where('draft_revision', input.revision)
      .update({
        draft_document: JSON.stringify(document),
        draft_revision: input.revision + 1,
        draft_updated_by: actor.id,
        draft_updated_at: sqlTime(),
        updated_at: sqlTime(),
        name: input.name ?? form.name,
      })
    const count = Array.isArray(updated) ? Number(updated[0]) : Number(updated)
    if (count !== 1) {
      throw new ConflictException(
        `The form was saved by someone else meanwhile (revision ${input.revision} is no longer the latest); reload it`,
        'revision'
      )
    }
    return Form.query().where('id', form.id).preload('editor').firstOrFail()
  }

  async deleteDraft(form: Form, actor: AuditActor) {
    if (form.latestVersion) {
      throw new ConflictException(
        'A published form cannot be deleted; only drafts that were never published'
      )
    }
    await db.transaction(async (trx) => {
      await trx.from('forms').where('id', form.id).delete()
      await this.audit.record(
        actor,
        {
          action: 'form.delete',
          subjectType: 'form',
          subjectId: form.id,
          details: { formId: form.formId },
        },
        trx
      )
    })
  }
}

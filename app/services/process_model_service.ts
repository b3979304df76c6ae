import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { parseBpmn } from '@senflow/engine/model/bpmn_parser'
import ProcessModel from '#models/process_model'
import AuditService, { type AuditActor } from '#services/audit_service'
import ProcessTemplateService from '#services/process_template_service'
import { blankProcessXml, newProcessId, xmlAttribute } from '#services/bpmn_templates'
import { ConflictException, UnprocessableException } from '#exceptions/api_exception'
import { sqlTime } from '#services/sql_time'

/**
 * The first process a BPMN file defines: its id and name.
 */
export interface ProcessIdentity {
  processId: string
  name: string
}

/**
 * Reads a BPMN file's first process, or refuses the file with the
 * parser's problems (422 on `xml`).
 */
export async function readProcessIdentity(xml: string): Promise<ProcessIdentity> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) throw new UnprocessableException(parsed.problems.join('; '), 'xml')
  const process = (parsed.definitions.rootElements ?? []).find(
    (element) => element.$type === 'bpmn:Process'
  ) as { id: string; name?: string } | undefined
  if (!process) {
    throw new UnprocessableException(
      'Expected the file to define a <bpmn:process>, but it defines none',
      'xml'
    )
  }
  return { processId: process.id, name: process.name ?? process.id }
}

/**
 * Gives a template's XML a new process id (the shipped procedure keeps its own).
 */
function withProcessId(xml: string, from: string, to: string) {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return xml
    .replace(new RegExp(`(<bpmn:process\\b[^>]*\\bid=")${escaped}"`), `$1${xmlAttribute(to)}"`)
    .replace(new RegExp(`(bpmnElement=")${escaped}"`, 'g'), `$1${xmlAttribute(to)}"`)
}

/**
 * The studio's process library: create (blank, from a template, by
 * import), autosave drafts with a revision check, delete unpublished
 * drafts. Publishing goes through the deployment service.
 */
@inject()
export default class ProcessModelService {
  constructor(
    protected audit: AuditService,
    protected templates: ProcessTemplateService
  ) {}

  async create(
    input: {
      name?: string
      processId?: string
      description?: string
      template?: string
      xml?: string
    },
    actor: AuditActor
  ) {
    let xml: string
    let identity: ProcessIdentity
    if (input.xml) {
      xml = input.xml
      identity = await readProcessIdentity(xml)
      if (input.name) identity.name = input.name
    } else if (input.template) {
      const template = await this.templates.find(input.template)
      if (!template)
        throw new UnprocessableException(`No template named "${input.template}"`, 'template')
      const processId = input.processId ?? newProcessId()
      xml = withProcessId(await this.templates.xmlOf(template), template.processId, processId)
      identity = { processId, name: input.name ?? template.name.vi }
    } else {
      const processId = input.processId ?? newProcessId()
      identity = { processId, name: input.name! }
      xml = blankProcessXml(processId, identity.name)
    }
    if (input.processId && input.xml && identity.processId !== input.processId) {
      throw new UnprocessableException(
        `Expected the file's process id to be "${input.processId}", but it is "${identity.processId}"`,
        'processId'
      )
    }
    await this.assertFreeProcessId(identity.processId)
    const model = await db.transaction(async (trx) => {
      const created = await ProcessModel.create(
        {
          processId: identity.processId,
          name: identity.name,
          description: input.description ?? null,
          draftXml: xml,
          draftRevision: 1,
          draftUpdatedBy: actor.id,
          draftUpdatedAt: DateTime.now(),
          template: input.template ?? null,
          createdBy: actor.id,
        },
        { client: trx }
      )
      await this.audit.record(
        actor,
        {
          action: input.xml ? 'process_model.import' : 'process_model.create',
          subjectType: 'process_model',
          subjectId: created.id,
          details: { processId: created.processId, template: input.template ?? null },
        },
        trx
      )
      return created
    })
    return model
  }

  /**
   * Saves the draft when `revision` is the current one, and returns the
   * new revision; a stale revision gets 409 (someone else saved meanwhile).
   */
  async saveDraft(
    model: ProcessModel,
    input: { xml: string; revision: number; name?: string; description?: string | null },
    actor: AuditActor
  ) {
    const identity = await readProcessIdentity(input.xml)
    if (identity.processId !== model.processId) {
      if (model.latestVersion) {
        throw new UnprocessableException(
          `Expected the process id to stay "${model.processId}" (it has published versions), but it is "${identity.processId}"`,
          'xml'
        )
      }
      await this.assertFreeProcessId(identity.processId, model.id)
    }
    const updated = await ProcessModel.query()
      .where('id', model.id)
      .where('draft_revision', input.revision)
      .update({
        draft_xml: input.xml,
        draft_revision: input.revision + 1,
        draft_updated_by: actor.id,
        draft_updated_at: sqlTime(),
        updated_at: sqlTime(),
        process_id: identity.processId,
        name: input.name ?? identity.name ?? model.name,
        ...(input.description !== undefined ? { description: input.description } : {}),
      })
    const count = Array.isArray(updated) ? Number(updated[0]) : Number(updated)
    if (count !== 1) {
      throw new ConflictException(
        `The draft was saved by someone else meanwhile (revision ${input.revision} is no longer the latest); reload it`,
        'revision'
      )
    }
    return ProcessModel.findOrFail(model.id)
  }

  /**
   * Deletes a model that was never published.
   */
  async deleteDraft(model: ProcessModel, actor: AuditActor) {
    if (model.latestVersion) {
      throw new ConflictException(
        'A published process cannot be deleted; only drafts that were never published'
      )
    }
    await db.transaction(async (trx) => {
      await trx.from('process_models').where('id', model.id).delete()
      await this.audit.record(
        actor,
        {
          action: 'process_model.delete',
          subjectType: 'process_model',
          subjectId: model.id,
          details: { processId: model.processId },
        },
        trx
      )
    })
  }

  protected async assertFreeProcessId(processId: string, exceptId?: number) {
    const query = ProcessModel.query().where('process_id', processId)
    if (exceptId) query.whereNot('id', exceptId)
    if (await query.first()) {
      throw new UnprocessableException(
        `A process with id "${processId}" already exists in the library`,
        'processId',
        'E_DUPLICATE'
      )
    }
  }
}

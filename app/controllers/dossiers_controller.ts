import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import Dossier from '#models/dossier'
import DossierDocument from '#models/dossier_document'
import DossierNotice, { NOTICE_KINDS, type NoticeKind } from '#models/dossier_notice'
import type User from '#models/user'
import AuditService from '#services/audit_service'
import { dossierService, resolveApplicant as applicantOf } from '#services/dossier_service'
import DossierQueryService, { dossierViewerOf } from '#services/dossier_query_service'
import { presentDossier, presentDossierSummary } from '#services/dossier_presenter'
import { renderNoticePdf } from '#services/dossier_notice_pdf'
import {
  apologyValidator,
  listDossiersValidator,
  receiveDossierValidator,
  supplementValidator,
  updateDocumentValidator,
} from '#validators/dossier_validator'
import { findProcedure } from '#controllers/procedures_controller'
import { ApiException, ConflictException, NotFoundException } from '#exceptions/api_exception'
import { sqlTime } from '#services/sql_time'

/** The message a procedure's process waits for when a supplement is requested. */
export const SUPPLEMENT_MESSAGE = 'dossier-supplemented'

const actorOf = (user: User) => ({ id: user.id, name: user.fullName })

/**
 * Dossiers for staff: the queues and lists (with the inbox's visibility
 * by unit), one dossier with its documents, notices and history,
 * receiving a dossier at the counter or by post (which starts its
 * procedure's process), apologies with a new appointment date, the
 * digitisation of documents and the notices as PDFs.
 */
export default class DossiersController {
  #queries = new DossierQueryService()

  async index(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(listDossiersValidator, {
      data: ctx.request.qs(),
    })
    const viewer = await dossierViewerOf(ctx.auth.user!)
    const page = await this.#queries.list(viewer, {
      ...filters,
      receivedFrom: filters.receivedFrom ? sqlTime(filters.receivedFrom) : undefined,
      receivedTo: filters.receivedTo ? sqlTime(filters.receivedTo) : undefined,
    })
    return {
      data: page.items.map(presentDossierSummary),
      meta: { total: page.total, page: page.page, perPage: page.perPage },
    }
  }

  async queues(ctx: HttpContext) {
    return { data: await this.#queries.counts(await dossierViewerOf(ctx.auth.user!)) }
  }

  async byProcessInstance(ctx: HttpContext) {
    const dossier = await Dossier.findBy('process_instance_key', String(ctx.params.key))
    if (!dossier) throw new NotFoundException(`No dossier for process instance ${ctx.params.key}`)
    return this.#detail(ctx, dossier.code)
  }

  async show(ctx: HttpContext) {
    return this.#detail(ctx, ctx.params.code)
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(receiveDossierValidator)
    const procedure = await findProcedure(payload.procedure)
    const service = await dossierService()
    const dossier = await service.receive(
      {
        procedure,
        applicant: await applicantOf(payload),
        channel: payload.channel ?? 'in-person',
        data: (payload.data ?? {}) as Record<string, unknown>,
        summary: payload.summary,
        documents: payload.documents,
        status: 'received',
        locale: payload.locale ?? (ctx.auth.user!.locale === 'en' ? 'en' : 'vi'),
      },
      actorOf(ctx.auth.user!)
    )
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'dossier.receive',
      subjectType: 'dossier',
      subjectId: dossier.code,
      details: { procedure: procedure.code, channel: dossier.channel },
    })
    ctx.response.created(presentDossier(await this.#load(dossier.code)))
  }

  async apology(ctx: HttpContext) {
    const dossier = await this.#visible(ctx, ctx.params.code)
    const payload = await ctx.request.validateUsing(apologyValidator)
    const service = await dossierService()
    await service.apologise(
      dossier,
      payload.reason,
      payload.newAppointmentDate,
      actorOf(ctx.auth.user!)
    )
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'dossier.apology',
      subjectType: 'dossier',
      subjectId: dossier.code,
      details: { newAppointmentDate: payload.newAppointmentDate },
    })
    return presentDossier(await this.#load(dossier.code))
  }

  /**
   * The applicant brought or sent the supplement: correlates the message
   * `dossier-supplemented` (correlation key: the dossier code) that the
   * procedure's process waits for.
   */
  async supplement(ctx: HttpContext) {
    const dossier = await this.#visible(ctx, ctx.params.code)
    const { note } = await ctx.request.validateUsing(supplementValidator)
    if (dossier.status !== 'supplement-requested')
      throw new ConflictException(
        `Expected dossier ${dossier.code} to wait for a supplement, but it is ${dossier.status}`
      )
    const engine = await app.container.make('senflow.engine')
    try {
      await engine.correlateMessage({
        name: SUPPLEMENT_MESSAGE,
        correlationKey: dossier.code,
        variables: { supplementNote: note ?? null, supplementReceivedBy: ctx.auth.user!.fullName },
      })
    } catch (error) {
      if ((error as { status?: number }).status === 404)
        throw new ConflictException(
          `The process of dossier ${dossier.code} does not wait for the message ${SUPPLEMENT_MESSAGE}`
        )
      throw error
    }
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'dossier.supplement',
      subjectType: 'dossier',
      subjectId: dossier.code,
    })
    return ctx.response.accepted(presentDossier(await this.#load(dossier.code)))
  }

  async updateDocument(ctx: HttpContext) {
    const dossier = await this.#visible(ctx, ctx.params.code)
    const payload = await ctx.request.validateUsing(updateDocumentValidator)
    const document = await DossierDocument.query()
      .where('dossier_id', dossier.id)
      .where('id', Number(ctx.params.id) || 0)
      .first()
    if (!document)
      throw new NotFoundException(`Dossier ${dossier.code} has no document ${ctx.params.id}`)
    if (payload.digitisation !== undefined) document.digitisation = payload.digitisation
    if (payload.note !== undefined) document.note = payload.note
    await document.save()
    return presentDossier(await this.#load(dossier.code))
  }

  async notice(ctx: HttpContext) {
    const kind = String(ctx.params.kind) as NoticeKind
    if (!NOTICE_KINDS.includes(kind))
      throw new NotFoundException(`No notice kind "${kind}" (expected ${NOTICE_KINDS.join(', ')})`)
    const dossier = await this.#visible(ctx, ctx.params.code)
    const notice = await DossierNotice.query()
      .where('dossier_id', dossier.id)
      .where('kind', kind)
      .orderBy('id', 'desc')
      .first()
    if (!notice)
      throw new NotFoundException(`No ${kind} notice has been issued for dossier ${dossier.code}`)
    const loaded = await this.#load(dossier.code)
    const pdf = await renderNoticePdf(loaded, notice)
    ctx.response.header('content-type', 'application/pdf')
    ctx.response.header('content-disposition', `inline; filename="${dossier.code}-${kind}.pdf"`)
    ctx.response.header('cache-control', 'private, no-store')
    return ctx.response.send(pdf)
  }

  async #load(code: string) {
    const dossier = await Dossier.query()
      .where('code', code)
      .preload('procedure')
      .preload('documents', (query) => query.orderBy('id', 'asc'))
      .preload('notices', (query) => query.orderBy('id', 'asc'))
      .preload('history', (query) => query.orderBy('id', 'asc'))
      .first()
    if (!dossier) throw new NotFoundException(`No dossier with code "${code}"`)
    return dossier
  }

  async #visible(ctx: HttpContext, code: string) {
    const dossier = await Dossier.findBy('code', code)
    if (!dossier) throw new NotFoundException(`No dossier with code "${code}"`)
    const viewer = await dossierViewerOf(ctx.auth.user!)
    if (!this.#queries.canSee(viewer, dossier))
      throw new ApiException(`Dossier ${code} belongs to a unit you do not see`, {
        status: 403,
        code: 'E_FORBIDDEN',
      })
    return dossier
  }

  async #detail(ctx: HttpContext, code: string) {
    await this.#visible(ctx, code)
    return presentDossier(await this.#load(code))
  }
}

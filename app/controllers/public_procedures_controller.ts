import type { HttpContext } from '@adonisjs/core/http'
import { localizeSchema } from '@senflow/forms'
import Dossier from '#models/dossier'
import Procedure from '#models/procedure'
import { dossierService, resolveApplicant as applicantOf } from '#services/dossier_service'
import { presentPublicDossier, presentPublicProcedure } from '#services/dossier_presenter'
import { DOSSIER_STATUSES } from '#services/dossier_status'
import { throttlePublic } from '#services/public_rate_limits'
import { publicLookupValidator, publicSubmissionValidator } from '#validators/dossier_validator'
import { NotFoundException } from '#exceptions/api_exception'

/**
 * The public side, without an account: the public procedures with their
 * start forms, online submission (validated by the start form; creates
 * the dossier and starts the process) and the status lookup by dossier
 * code and identity number or tax code. Submissions and lookups are
 * rate-limited per client address; nothing internal is answered.
 */
export default class PublicProceduresController {
  async index() {
    const procedures = await Procedure.query().where('is_public', true).orderBy('name_vi', 'asc')
    return { data: procedures.map(presentPublicProcedure) }
  }

  async show({ params, request }: HttpContext) {
    const procedure = await publicProcedure(params.code)
    const locale = request.qs().locale === 'en' ? 'en' : 'vi'
    const service = await dossierService()
    const form = await service.startFormOf(procedure)
    return {
      ...presentPublicProcedure(procedure),
      startForm: form
        ? {
            id: form.id,
            locale,
            schema: localizeSchema(form.schema, form.translations, locale),
          }
        : null,
    }
  }

  async submit(ctx: HttpContext) {
    await throttlePublic(ctx, 'submission')
    const procedure = await publicProcedure(ctx.params.code)
    const payload = await ctx.request.validateUsing(publicSubmissionValidator)
    const service = await dossierService()
    const dossier = await service.receive(
      {
        procedure,
        applicant: await applicantOf(payload),
        channel: 'online',
        data: (payload.data ?? {}) as Record<string, unknown>,
        status: 'registered',
        locale: payload.locale ?? 'vi',
      },
      { id: null, name: 'applicant (online)' }
    )
    const status = DOSSIER_STATUSES[dossier.status]
    ctx.response.created({
      code: dossier.code,
      receiptNumber: dossier.receiptNumber,
      procedure: procedure.code,
      receivedAt: dossier.receivedAt.toISO(),
      dueAt: dossier.dueAt.toISO(),
      status: dossier.status,
      statusName: { vi: status.vi, en: status.en },
    })
  }

  async lookup(ctx: HttpContext) {
    await throttlePublic(ctx, 'lookup')
    const { code, identityNumber } = await ctx.request.validateUsing(publicLookupValidator, {
      data: ctx.request.qs(),
    })
    const dossier = await Dossier.query()
      .where('code', code)
      .where((scope) => {
        scope.where('identity_number', identityNumber).orWhere('tax_code', identityNumber)
      })
      .preload('procedure')
      .preload('history', (query) => query.orderBy('id', 'asc'))
      .first()
    if (!dossier)
      throw new NotFoundException('No dossier matches this code and identity number (or tax code)')
    return presentPublicDossier(dossier)
  }
}

async function publicProcedure(code: string) {
  const procedure = await Procedure.query().where('code', code).where('is_public', true).first()
  if (!procedure) throw new NotFoundException(`No public procedure with code "${code}"`)
  return procedure
}

import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Procedure, { type EditableProcedureField } from '#models/procedure'
import AuditService from '#services/audit_service'
import { presentProcedure } from '#services/dossier_presenter'
import { updateProcedureValidator } from '#validators/procedure_validator'
import { NotFoundException, UnprocessableException } from '#exceptions/api_exception'

/**
 * The procedure registry: every signed-in user reads it; administrators
 * and process owners change a procedure's time limit, fee, public flag,
 * lead unit and due-soon window (kept when the shipped files load again).
 */
export default class ProceduresController {
  async index() {
    const procedures = await Procedure.query().orderBy('code', 'asc')
    return { data: procedures.map(presentProcedure) }
  }

  async show({ params }: HttpContext) {
    return presentProcedure(await findProcedure(params.code))
  }

  async update(ctx: HttpContext) {
    const procedure = await findProcedure(ctx.params.code)
    const payload = await ctx.request.validateUsing(updateProcedureValidator)
    const changes: Partial<Record<EditableProcedureField, unknown>> = {}
    if (payload.legalTimeLimitDays !== undefined)
      changes.legalTimeLimitDays = payload.legalTimeLimitDays
    if (payload.fee !== undefined) changes.fee = payload.fee
    if (payload.public !== undefined) changes.isPublic = payload.public
    if (payload.dueSoonDays !== undefined) changes.dueSoonDays = payload.dueSoonDays
    if (payload.leadUnit !== undefined) {
      if (!(await db.from('units').where('code', payload.leadUnit).first()))
        throw new UnprocessableException(`No unit has code "${payload.leadUnit}"`, 'leadUnit')
      changes.leadUnitCode = payload.leadUnit
    }
    const before = Object.fromEntries(
      Object.keys(changes).map((field) => [field, (procedure as any)[field]])
    )
    procedure.merge(changes as Partial<Procedure>)
    procedure.overrides = { ...procedure.overrides, ...changes }
    procedure.updatedBy = ctx.auth.user!.id
    await procedure.save()
    await new AuditService().record(AuditService.actorOf(ctx), {
      action: 'procedure.update',
      subjectType: 'procedure',
      subjectId: procedure.code,
      details: { before, after: changes },
    })
    return presentProcedure(procedure)
  }
}

/**
 * A procedure by code.
 *
 * @throws NotFoundException when there is none.
 */
export async function findProcedure(code: string) {
  const procedure = await Procedure.findBy('code', code)
  if (!procedure) throw new NotFoundException(`No procedure with code "${code}"`)
  return procedure
}

import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Unit from '#models/unit'
import { createUnitValidator, updateUnitValidator } from '#validators/unit_validator'
import { UnprocessableException } from '#exceptions/api_exception'
import AuditService from '#services/audit_service'

function present(unit: Unit) {
  return {
    id: unit.id,
    code: unit.code,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    parentId: unit.parentId,
    active: unit.active,
    createdAt: unit.createdAt?.toISO() ?? null,
    updatedAt: unit.updatedAt?.toISO() ?? null,
  }
}

/**
 * The unit tree: list, show, create, update, deactivate.
 */
@inject()
export default class UnitsController {
  constructor(protected audit: AuditService) {}

  /**
   * Every unit, ordered by code; `?tree=true` nests children under parents.
   */
  async index({ request }: HttpContext) {
    const units = await Unit.query().orderBy('code')
    const items = units.map(present)
    if (request.input('tree') === 'true' || request.input('tree') === true) {
      type Node = ReturnType<typeof present> & { children: Node[] }
      const nodes = new Map<number, Node>(items.map((item) => [item.id, { ...item, children: [] }]))
      const roots: Node[] = []
      for (const node of nodes.values()) {
        const parent = node.parentId ? nodes.get(node.parentId) : undefined
        if (parent) parent.children.push(node)
        else roots.push(node)
      }
      return { items: roots }
    }
    return { items }
  }

  async show({ params }: HttpContext) {
    return present(await Unit.findOrFail(params.id))
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createUnitValidator)
    const unit = await db.transaction(async (trx) => {
      const created = await Unit.create(
        { ...payload, active: payload.active ?? true },
        { client: trx }
      )
      await this.audit.record(
        AuditService.actorOf(ctx),
        {
          action: 'unit.create',
          subjectType: 'unit',
          subjectId: created.id,
          details: { code: created.code },
        },
        trx
      )
      return created
    })
    return ctx.response.created(present(unit))
  }

  async update(ctx: HttpContext) {
    const unit = await Unit.findOrFail(ctx.params.id)
    const payload = await ctx.request.validateUsing(updateUnitValidator, {
      meta: { unitId: unit.id },
    })
    if (payload.parentId !== undefined && payload.parentId !== null) {
      await this.assertNoCycle(unit.id, payload.parentId)
    }
    await db.transaction(async (trx) => {
      unit.useTransaction(trx)
      unit.merge(
        Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined))
      )
      await unit.save()
      await this.audit.record(
        AuditService.actorOf(ctx),
        {
          action: payload.active === false ? 'unit.deactivate' : 'unit.update',
          subjectType: 'unit',
          subjectId: unit.id,
          details: { changed: Object.keys(payload) },
        },
        trx
      )
    })
    return present(unit)
  }

  /**
   * Deactivates a unit (units are never deleted: tasks and history name them).
   */
  async destroy(ctx: HttpContext) {
    const unit = await Unit.findOrFail(ctx.params.id)
    unit.active = false
    await unit.save()
    await this.audit.record(AuditService.actorOf(ctx), {
      action: 'unit.deactivate',
      subjectType: 'unit',
      subjectId: unit.id,
    })
    return present(unit)
  }

  /**
   * Refuses a parent that is the unit itself or one of its descendants.
   */
  protected async assertNoCycle(unitId: number, parentId: number) {
    const units = await Unit.query().select('id', 'parent_id')
    const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]))
    let current: number | null | undefined = parentId
    while (current) {
      if (current === unitId) {
        throw new UnprocessableException(
          'Expected a parent outside this unit and its sub-units, but the unit would become its own ancestor',
          'parentId',
          'E_UNIT_CYCLE'
        )
      }
      current = parentOf.get(current)
    }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import {
  batchMigrationValidator,
  migrationValidator,
  modificationValidator,
} from '#validators/v2_admin_validator'
import AuditService from '#services/audit_service'

/**
 * Instance administration (admins): modify a running instance (activate
 * and terminate elements), migrate instances to another version, suspend
 * and resume an instance or every instance of a version. Every request is
 * checked whole by the engine before anything changes; each action is
 * audited.
 */
export default class ProcessInstanceAdminController {
  async modify(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(modificationValidator)
    await engine.modifyProcessInstance(ctx.params.key, {
      activateInstructions: payload.activateInstructions?.map((instruction) => ({
        elementId: instruction.elementId,
        ancestorElementInstanceKey: instruction.ancestorElementInstanceKey,
        variableInstructions: instruction.variableInstructions?.map((variable) => ({
          variables: variable.variables as any,
          scopeId: variable.scopeId || undefined,
        })),
      })),
      terminateInstructions: payload.terminateInstructions,
    })
    await this.#audit(ctx, 'process_instance.modify', ctx.params.key, {
      activate: payload.activateInstructions?.map((instruction) => instruction.elementId) ?? [],
      terminate:
        payload.terminateInstructions?.map((instruction) => instruction.elementInstanceKey) ?? [],
    })
    return ctx.response.noContent()
  }

  async migrate(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(migrationValidator)
    await engine.migrateProcessInstance(ctx.params.key, {
      targetProcessDefinitionKey: payload.targetProcessDefinitionKey,
      mappingInstructions: payload.mappingInstructions,
    })
    await this.#audit(ctx, 'process_instance.migrate', ctx.params.key, {
      targetProcessDefinitionKey: payload.targetProcessDefinitionKey,
      mappingInstructions: payload.mappingInstructions,
    })
    return ctx.response.noContent()
  }

  async migrateAll(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(batchMigrationValidator)
    const result = await engine.migrateProcessInstances({
      filter: { processDefinitionKey: payload.filter.processDefinitionKey },
      migrationPlan: payload.migrationPlan,
    })
    await this.#audit(
      ctx,
      'process_definition.migrate_instances',
      payload.filter.processDefinitionKey,
      {
        targetProcessDefinitionKey: payload.migrationPlan.targetProcessDefinitionKey,
        mappingInstructions: payload.migrationPlan.mappingInstructions,
        processInstanceKeys: result.processInstanceKeys,
      }
    )
    return {
      batchOperationType: 'MIGRATE_PROCESS_INSTANCE',
      processInstanceKeys: result.processInstanceKeys,
      migratedCount: result.processInstanceKeys.length,
    }
  }

  async suspend(ctx: HttpContext) {
    await engine.suspendProcessInstance(ctx.params.key)
    await this.#audit(ctx, 'process_instance.suspend', ctx.params.key, {})
    return ctx.response.noContent()
  }

  async resume(ctx: HttpContext) {
    await engine.resumeProcessInstance(ctx.params.key)
    await this.#audit(ctx, 'process_instance.resume', ctx.params.key, {})
    return ctx.response.noContent()
  }

  async suspendDefinition(ctx: HttpContext) {
    const result = await engine.suspendProcessDefinition(ctx.params.key)
    await this.#audit(ctx, 'process_definition.suspend', ctx.params.key, {
      processInstanceKeys: result.processInstanceKeys,
    })
    return { processInstanceKeys: result.processInstanceKeys }
  }

  async resumeDefinition(ctx: HttpContext) {
    const result = await engine.resumeProcessDefinition(ctx.params.key)
    await this.#audit(ctx, 'process_definition.resume', ctx.params.key, {
      processInstanceKeys: result.processInstanceKeys,
    })
    return { processInstanceKeys: result.processInstanceKeys }
  }

  async #audit(ctx: HttpContext, action: string, subjectId: string, details: object) {
    await new AuditService().record(AuditService.actorOf(ctx), {
      action,
      subjectType: action.startsWith('process_definition')
        ? 'process_definition'
        : 'process_instance',
      subjectId,
      details: details as Record<string, unknown>,
    })
  }
}

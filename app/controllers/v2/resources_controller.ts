import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#services/audit_service'
import ResourceDeletionService from '#services/resource_deletion_service'
import { resourceDeletionValidator } from '#validators/v2_validator'

/**
 * Deployed resources (Camunda 8.6 REST): `POST /v2/resources/{key}/deletion`
 * deletes a process definition, a decision requirements graph (with its
 * decisions) or a form by key, for admins and process owners. 200 when
 * deleted, 404 for an unknown key, 409 for a definition with running
 * instances (problem details).
 */
@inject()
export default class ResourcesController {
  constructor(protected deletions: ResourceDeletionService) {}

  async destroy(ctx: HttpContext) {
    await ctx.request.validateUsing(resourceDeletionValidator)
    await this.deletions.delete(ctx.params.key, AuditService.actorOf(ctx))
    return ctx.response.status(200).send('')
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import AuditService from '#services/audit_service'
import CommitmentService from '#services/commitment_service'
import {
  cancelCommitmentValidator,
  commitmentReportValidator,
  completionValidator,
  createCommitmentValidator,
  extensionDecisionValidator,
  extensionRequestValidator,
  listCommitmentsValidator,
  updateCommitmentValidator,
  verificationValidator,
} from '#validators/commitment_validator'

/**
 * The register of commitments and agreements and their follow-up: record, change, cancel,
 * progress reports, extension requests and decisions, completion and its verification.
 */
export default class CommitmentsController {
  protected commitments = new CommitmentService()

  async index({ request }: HttpContext) {
    const filters = await request.validateUsing(listCommitmentsValidator, { data: request.qs() })
    return this.commitments.list(filters)
  }

  async show({ params }: HttpContext) {
    return this.commitments.show(Number(params.id))
  }

  async byProcessInstance({ params }: HttpContext) {
    return this.commitments.byProcessInstance(String(params.key))
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createCommitmentValidator)
    const created = await this.commitments.create(
      payload,
      ctx.auth.user!,
      AuditService.actorOf(ctx)
    )
    return ctx.response.created(created)
  }

  async update(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(updateCommitmentValidator)
    return this.commitments.update(Number(ctx.params.id), payload, AuditService.actorOf(ctx))
  }

  async cancel(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(cancelCommitmentValidator)
    return this.commitments.cancel(Number(ctx.params.id), reason, AuditService.actorOf(ctx))
  }

  async report(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(commitmentReportValidator)
    const result = await this.commitments.addReport(
      Number(ctx.params.id),
      payload,
      ctx.auth.user!,
      AuditService.actorOf(ctx)
    )
    return ctx.response.created(result)
  }

  async requestExtension(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(extensionRequestValidator)
    const result = await this.commitments.requestExtension(
      Number(ctx.params.id),
      payload,
      ctx.auth.user!,
      AuditService.actorOf(ctx)
    )
    return ctx.response.created(result)
  }

  async approveExtension(ctx: HttpContext) {
    return this.decide(ctx, 'approved')
  }

  async rejectExtension(ctx: HttpContext) {
    return this.decide(ctx, 'rejected')
  }

  protected async decide(ctx: HttpContext, decision: 'approved' | 'rejected') {
    const { note } = await ctx.request.validateUsing(extensionDecisionValidator)
    return this.commitments.decideExtension(
      Number(ctx.params.id),
      Number(ctx.params.extensionId),
      decision,
      note ?? null,
      ctx.auth.user!
    )
  }

  async completion(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(completionValidator)
    return this.commitments.reportCompletion(Number(ctx.params.id), payload, ctx.auth.user!)
  }

  async verification(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(verificationValidator)
    return this.commitments.verify(Number(ctx.params.id), payload, ctx.auth.user!)
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#services/audit_service'
import SecretStore from '#services/secret_store'
import ConnectorConfigurationService from '#services/connector_configuration_service'
import { createSecretValidator, rotateSecretValidator } from '#validators/secret_validator'

/**
 * Connector secrets: values are write-only (create and rotate take one;
 * no answer ever carries one); listing shows names and metadata.
 */
@inject()
export default class SecretsController {
  constructor(
    protected secrets: SecretStore,
    protected configurations: ConnectorConfigurationService
  ) {}

  async index() {
    return { items: await this.secrets.list() }
  }

  async show({ params }: HttpContext) {
    return this.secrets.show(params.name)
  }

  async store(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(createSecretValidator)
    return ctx.response.created(await this.secrets.create(payload, AuditService.actorOf(ctx)))
  }

  /**
   * Replaces the value; the next job uses it.
   */
  async rotate(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(rotateSecretValidator)
    return this.secrets.rotate(ctx.params.name, payload, AuditService.actorOf(ctx))
  }

  /**
   * Deletes a secret that no connector or webhook references (409 otherwise).
   */
  async destroy(ctx: HttpContext) {
    const name = ctx.params.name
    await this.secrets.show(name)
    const usedBy = await this.configurations.usersOfSecret(name)
    await this.secrets.delete(name, usedBy, AuditService.actorOf(ctx))
    return ctx.response.noContent()
  }
}

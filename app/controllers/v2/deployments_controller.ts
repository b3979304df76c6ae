import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { readFile } from 'node:fs/promises'
import DeploymentService from '#services/deployment_service'
import AuditService from '#services/audit_service'
import { BadRequestException } from '#exceptions/api_exception'
import { DEFAULT_TENANT } from '@senflow/engine'

/**
 * Largest resource accepted in a deployment.
 */
const MAX_RESOURCE_SIZE = '10mb'

/**
 * `POST /v2/deployments`: multipart resources (BPMN, DMN, forms) as Camunda's
 * clients send them (the field `resources`, repeated).
 */
@inject()
export default class DeploymentsController {
  constructor(protected deployments: DeploymentService) {}

  async store(ctx: HttpContext) {
    const files = ctx.request.files('resources', { size: MAX_RESOURCE_SIZE })
    if (!files.length) {
      throw new BadRequestException(
        'resources: expected at least one file in the multipart field "resources"'
      )
    }
    const invalid = files.filter((file) => !file.isValid)
    if (invalid.length) {
      throw new BadRequestException(
        invalid
          .map((file) => `${file.clientName}: ${file.errors.map((e) => e.message).join(', ')}`)
          .join('; ')
      )
    }
    const resources = await Promise.all(
      files.map(async (file) => ({ name: file.clientName, content: await readFile(file.tmpPath!) }))
    )
    const deployment = await this.deployments.deploy(resources, AuditService.actorOf(ctx))
    return {
      deploymentKey: deployment.deploymentKey,
      tenantId: deployment.tenantId ?? DEFAULT_TENANT,
      deployments: [
        ...deployment.processes.map((process) => ({
          processDefinition: {
            processDefinitionId: process.processDefinitionId,
            processDefinitionVersion: process.processDefinitionVersion,
            processDefinitionKey: process.processDefinitionKey,
            resourceName: process.resourceName,
            tenantId: process.tenantId,
          },
        })),
        ...deployment.forms.map((form) => ({
          form: {
            formId: form.formId,
            version: form.version,
            formKey: form.formKey,
            resourceName: form.resourceName,
            tenantId: form.tenantId,
          },
        })),
        ...deployment.decisions.map((decision) => ({ decisionDefinition: decision })),
        ...deployment.decisionRequirements.map((requirements) => ({
          decisionRequirements: requirements,
        })),
      ],
    }
  }
}

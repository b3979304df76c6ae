import type { HttpContext } from '@adonisjs/core/http'
import engine from '#services/engine'
import type { Job, JobFilter } from '@senflow/engine'
import {
  activateJobsValidator,
  completeJobValidator,
  failJobValidator,
  searchValidator,
  throwJobErrorValidator,
  updateJobValidator,
} from '#validators/v2_validator'
import { searchPage, toEngineQuery } from '#services/camunda_search'

const FILTER_FIELDS = [
  'jobKey',
  'type',
  'state',
  'worker',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementInstanceKey',
] as const

function present(job: Job) {
  return {
    jobKey: job.jobKey,
    type: job.type,
    state: job.state,
    worker: job.worker ?? undefined,
    retries: job.retries,
    deadline: job.deadline ?? undefined,
    errorMessage: job.errorMessage ?? undefined,
    errorCode: job.errorCode ?? undefined,
    customHeaders: job.customHeaders,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionId: job.processDefinitionId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    tenantId: job.tenantId,
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
  }
}

/**
 * Jobs for external workers, as Camunda's clients drive them: activation
 * with long polling, completion, failure with retry back-off, BPMN errors,
 * retries and timeout updates, search.
 */
export default class JobsController {
  /**
   * Hands out up to `maxJobsToActivate` jobs; with `requestTimeout`, waits
   * (long polling) until jobs come or the time is up, then answers the
   * jobs it has (possibly none).
   */
  async activate({ request }: HttpContext) {
    const payload = await request.validateUsing(activateJobsValidator)
    const jobs = await engine.activateJobs({
      type: payload.type,
      worker: payload.worker ?? 'default',
      maxJobsToActivate: payload.maxJobsToActivate,
      timeout: payload.timeout,
      fetchVariable: payload.fetchVariable,
      requestTimeout: Math.max(0, payload.requestTimeout ?? 0),
    })
    return {
      jobs: jobs.map((job) => ({
        type: job.type,
        processDefinitionId: job.processDefinitionId,
        processDefinitionVersion: job.processDefinitionVersion,
        elementId: job.elementId,
        customHeaders: job.customHeaders,
        worker: job.worker,
        retries: job.retries,
        deadline: job.deadline,
        variables: job.variables,
        tenantId: job.tenantId,
        jobKey: job.jobKey,
        processInstanceKey: job.processInstanceKey,
        processDefinitionKey: job.processDefinitionKey,
        elementInstanceKey: job.elementInstanceKey,
        kind: 'BPMN_ELEMENT',
        listenerEventType: 'UNSPECIFIED',
      })),
    }
  }

  async complete({ params, request, response }: HttpContext) {
    const payload = await request.validateUsing(completeJobValidator)
    await engine.completeJob(params.key, (payload.variables ?? {}) as any)
    return response.noContent()
  }

  async fail({ params, request, response }: HttpContext) {
    const payload = await request.validateUsing(failJobValidator)
    await engine.failJob(params.key, {
      retries: payload.retries ?? 0,
      errorMessage: payload.errorMessage,
      retryBackOff: payload.retryBackOff,
      variables: payload.variables as any,
    })
    return response.noContent()
  }

  async error({ params, request, response }: HttpContext) {
    const payload = await request.validateUsing(throwJobErrorValidator)
    await engine.throwJobError(params.key, {
      errorCode: payload.errorCode,
      errorMessage: payload.errorMessage ?? undefined,
      variables: (payload.variables ?? undefined) as any,
    })
    return response.noContent()
  }

  async update({ params, request, response }: HttpContext) {
    const { changeset } = await request.validateUsing(updateJobValidator)
    await engine.updateJob(params.key, {
      retries: changeset.retries ?? undefined,
      timeout: changeset.timeout ?? undefined,
    })
    return response.noContent()
  }

  async search({ request }: HttpContext) {
    const body = await request.validateUsing(searchValidator)
    const result = await engine.searchJobs(toEngineQuery<JobFilter>(body, FILTER_FIELDS))
    return { items: result.items.map(present), page: searchPage(result.page.totalItems) }
  }
}

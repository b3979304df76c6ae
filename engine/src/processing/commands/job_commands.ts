import { InvalidStateError, NotFoundError } from '../../errors.js'
import type { JsonObject } from '../../feel/feel_values.js'
import { jobRecordValue } from '../../behaviors/job_behavior.js'
import type { JobData } from '../../state/entities.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import { elementContextOf } from './command_support.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'

/**
 * The precondition Zeebe puts on job commands: the job exists, and is activatable or activated
 * (so a job that failed without retries, or whose instance ended, is refused).
 */
function requireJob(batch: BatchContext, jobKey: string, action: string): JobData {
  const job = batch.state.jobs.get(jobKey)
  if (!job) {
    throw new NotFoundError(
      `Expected to ${action} job with key '${jobKey}', but no such job was found`
    )
  }
  if (job.state !== 'ACTIVATABLE' && job.state !== 'ACTIVATED') {
    throw new InvalidStateError(
      `Expected to ${action} job with key '${jobKey}', but it is in state '${job.state}'`
    )
  }
  const instance = batch.state.instance(job.processInstanceKey)
  const element = instance?.element(job.elementInstanceKey)
  if (!instance || instance.data.state !== 'ACTIVE' || element?.state !== 'ACTIVATED') {
    throw new InvalidStateError(
      `Expected to ${action} job with key '${jobKey}', but its element instance is not active`
    )
  }
  if (instance.data.suspended) {
    throw new InvalidStateError(
      `Expected to ${action} job with key '${jobKey}', but its process instance '${instance.key}' is suspended`
    )
  }
  return job
}

/** Base of the job commands that act on the job's instance. */
abstract class JobInstanceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'

  constructor(protected readonly jobKey: string) {}

  plan(plan: PrefetchPlan): void {
    plan.jobKeys.add(this.jobKey)
  }

  instanceKeys(batch: BatchContext): string[] {
    const job = batch.state.jobs.get(this.jobKey)
    return job ? [job.processInstanceKey] : []
  }

  abstract check(batch: BatchContext): void
  abstract execute(batch: BatchContext, processor: BpmnStreamProcessor): void
}

/** Completes a job: its variables become the element's trigger, and the element completes. */
export class CompleteJobCommand extends JobInstanceCommand {
  constructor(
    jobKey: string,
    private readonly variables: JsonObject
  ) {
    super(jobKey)
  }

  check(batch: BatchContext): void {
    requireJob(batch, this.jobKey, 'complete')
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const job = batch.state.jobs.get(this.jobKey)!
    batch.append('JOB', 'COMPLETED', job.jobKey, job.processInstanceKey, {
      ...jobRecordValue(job),
      variables: this.variables,
    })
    const instance = batch.state.instance(job.processInstanceKey)!
    const context = elementContextOf(batch, instance, job.elementInstanceKey)
    processor.behaviors.transitions.completeElement(context)
  }
}

/**
 * Fails a job: with retries left it becomes activatable again (after the back-off, if any);
 * without, it waits in an incident JOB_NO_RETRIES until retries are added and the incident is
 * resolved. Variables given with the failure are set locally on the element.
 */
export class FailJobCommand extends JobInstanceCommand {
  constructor(
    jobKey: string,
    private readonly request: {
      retries: number
      errorMessage: string | null
      retryBackOff: number
      variables: JsonObject
    }
  ) {
    super(jobKey)
  }

  check(batch: BatchContext): void {
    requireJob(batch, this.jobKey, 'fail')
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const job = batch.state.jobs.get(this.jobKey)!
    const instance = batch.state.instance(job.processInstanceKey)!
    const { retries, errorMessage, retryBackOff, variables } = this.request
    processor.behaviors.variables.mergeLocal(instance, job.elementInstanceKey, variables)
    const recurAt = retries > 0 && retryBackOff > 0 ? batch.now + retryBackOff : null
    batch.append('JOB', 'FAILED', job.jobKey, job.processInstanceKey, {
      ...jobRecordValue(job),
      retries,
      errorMessage,
      retryBackoff: retryBackOff,
      recurAt,
    })
    if (retries <= 0) {
      processor.behaviors.incidents.createIncident(
        elementContextOf(batch, instance, job.elementInstanceKey),
        { errorType: 'JOB_NO_RETRIES', message: errorMessage || 'No more retries left.' },
        job.jobKey
      )
    }
  }
}

/**
 * Throws a BPMN error from a job: the nearest error catch event outwards from the job's element
 * (a boundary event of the task, an error event sub-process, the boundary events of the
 * sub-processes around it) catches it, with the given variables; the task and the scopes on
 * the way end. An error nothing catches becomes an UNHANDLED_ERROR_EVENT incident on the job,
 * as in Zeebe.
 */
export class ThrowJobErrorCommand extends JobInstanceCommand {
  constructor(
    jobKey: string,
    private readonly request: {
      errorCode: string
      errorMessage: string | null
      variables: JsonObject
    }
  ) {
    super(jobKey)
  }

  check(batch: BatchContext): void {
    requireJob(batch, this.jobKey, 'throw an error for')
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const job = batch.state.jobs.get(this.jobKey)!
    const { errorCode, errorMessage, variables } = this.request
    batch.append('JOB', 'ERROR_THROWN', job.jobKey, job.processInstanceKey, {
      ...jobRecordValue(job),
      errorCode,
      errorMessage,
      variables,
    })
    const instance = batch.state.instance(job.processInstanceKey)!
    const thrown = processor.behaviors.publications.throwError(
      instance,
      job.elementInstanceKey,
      errorCode,
      errorMessage,
      variables
    )
    if (!thrown.ok) {
      processor.behaviors.incidents.createIncident(
        elementContextOf(batch, instance, job.elementInstanceKey),
        thrown.failure,
        job.jobKey
      )
    }
  }
}

import type {
  DefinitionData,
  EngineRecord,
  FormData,
  IncidentData,
  JobData,
  ResourceData,
} from './entities.js'
import type { ProcessInstance } from './instance_state.js'

/**
 * The working state of one transaction (one batch of commands): the instances, jobs and
 * incidents loaded or created so far, what changed, and the records appended. Event appliers
 * mutate it; the store writes the changes at commit.
 */
export class BatchState {
  /** Instances loaded or created in this batch, by key. */
  readonly instances = new Map<string, ProcessInstance>()
  /** Instances changed in this batch (their rows are written). */
  readonly changedInstances = new Set<string>()
  /** Instances created in this batch (inserted, not updated). */
  readonly createdInstances = new Set<string>()
  /** Jobs loaded or created in this batch, by key. */
  readonly jobs = new Map<string, JobData>()
  /** Jobs created or changed (upserted). */
  readonly changedJobs = new Set<string>()
  /** Jobs deleted (completed or canceled). */
  readonly deletedJobs = new Set<string>()
  /** Incidents loaded or created, by key. */
  readonly incidents = new Map<string, IncidentData>()
  /** Incidents created or changed. */
  readonly changedIncidents = new Set<string>()
  readonly definitions: DefinitionData[] = []
  readonly resources: ResourceData[] = []
  readonly forms: FormData[] = []
  /** Records appended in this batch, in order. */
  readonly records: EngineRecord[] = []
  /**
   * Job types that got activatable jobs in this batch: after commit, waiting workers and long
   * polls for these types are woken.
   */
  readonly activatableTypes = new Set<string>()

  /** The instance with that key (it must have been loaded for this batch). */
  instance(key: string | null): ProcessInstance | undefined {
    return key === null ? undefined : this.instances.get(key)
  }

  /** Marks an instance as changed. */
  touchInstance(key: string): void {
    this.changedInstances.add(key)
  }

  /** Stores a job as changed (or new). */
  putJob(job: JobData): void {
    this.jobs.set(job.jobKey, job)
    this.changedJobs.add(job.jobKey)
    this.deletedJobs.delete(job.jobKey)
    if (job.state === 'ACTIVATABLE') {
      this.activatableTypes.add(job.type)
    }
  }

  /** Removes a job. */
  deleteJob(jobKey: string): void {
    this.jobs.delete(jobKey)
    this.changedJobs.delete(jobKey)
    this.deletedJobs.add(jobKey)
  }

  /** Stores an incident as changed (or new). */
  putIncident(incident: IncidentData): void {
    this.incidents.set(incident.incidentKey, incident)
    this.changedIncidents.add(incident.incidentKey)
  }
}

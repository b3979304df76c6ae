import type { Row, TableName } from '../store/store.js'
import type {
  DefinitionData,
  EngineRecord,
  FormData,
  IncidentData,
  JobData,
  MessageData,
  ResourceData,
  StartCorrelationData,
  SubscriptionData,
  TimerData,
} from './entities.js'
import type { ProcessInstance } from './instance_state.js'

/**
 * The rows of one table a batch loaded, created, changed or deleted, by primary key: what the
 * appliers change and the batch writes at the end.
 */
export class TableState<T> {
  readonly #rows = new Map<string, T>()
  /** Keys of rows created or changed (upserted). */
  readonly changed = new Set<string>()
  /** Keys of rows removed. */
  readonly deleted = new Set<string>()

  /** The row, if loaded or created in this batch (and not deleted). */
  get(key: string): T | undefined {
    return this.#rows.get(key)
  }

  /** Whether the row was loaded or created (or deleted) in this batch. */
  knows(key: string): boolean {
    return this.#rows.has(key) || this.deleted.has(key)
  }

  /** Keeps a row read from the store (unchanged). */
  load(key: string, row: T): void {
    if (!this.knows(key)) {
      this.#rows.set(key, row)
    }
  }

  /** Creates or changes a row. */
  put(key: string, row: T): void {
    this.#rows.set(key, row)
    this.changed.add(key)
    this.deleted.delete(key)
  }

  /** Removes a row. */
  delete(key: string): void {
    this.#rows.delete(key)
    this.changed.delete(key)
    this.deleted.add(key)
  }

  /** Every row known and not deleted. */
  values(): IterableIterator<T> {
    return this.#rows.values()
  }
}

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
  /** Timers loaded, created or removed. */
  readonly timers = new TableState<TimerData>()
  /** Message subscriptions (of instances and of start events). */
  readonly messageSubscriptions = new TableState<SubscriptionData>()
  /** Signal subscriptions (of instances and of start events). */
  readonly signalSubscriptions = new TableState<SubscriptionData>()
  /** Buffered messages. */
  readonly messages = new TableState<MessageData>()
  /** Correlation-key locks of instances created by message start events. */
  readonly startCorrelations = new TableState<StartCorrelationData>()
  /** Rows of feature tables (decisions, decision instances) to insert at the next flush. */
  readonly inserts: Array<{ table: TableName; rows: Row[] }> = []
  /** Rows replaced at the next flush (a deleted resource's row, marked deleted). */
  readonly upserts: Array<{ table: TableName; rows: Row[] }> = []
  /**
   * Stored rows of deployed resources (definitions, forms, decision graphs, decisions) loaded
   * to be deleted, by `table/key`: the appliers of the DELETED records mark them deleted.
   */
  readonly deployedRows = new Map<string, Row>()
  /**
   * Process definitions deleted (in this batch, or found deleted while loading): no instance
   * is created for them any more.
   */
  readonly deletedDefinitions = new Set<string>()
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

import { NotFoundError } from './errors.js'
import type { JsonValue } from './feel/feel_values.js'
import type { BpmnElementType } from './intents.js'
import type { DefinitionCache } from './processing/definition_cache.js'
import type {
  ElementInstance,
  ElementInstanceFilter,
  Form,
  Incident,
  IncidentFilter,
  Job,
  JobFilter,
  MessageSubscription,
  MessageSubscriptionFilter,
  ProcessDefinition,
  ProcessDefinitionFilter,
  ProcessInstance,
  ProcessInstanceFilter,
  CallHierarchyEntry,
  RecordFilter,
  SearchQuery,
  SearchResult,
  Variable,
  VariableFilter,
} from './port.js'
import type { EngineRecord } from './state/entities.js'
import type { ProcessInstanceData } from './state/instance_state.js'
import {
  definitionFromRow,
  formFromRow,
  incidentFromRow,
  instanceSummaryFromRow,
  jobFromRow,
  recordFromRow,
  resourceFromRow,
  subscriptionFromRow,
  type InstanceFields,
} from './store/rows.js'
import type { Condition, EngineStore, Row, RowQuery, Scalar, TableName } from './store/store.js'

const iso = (millis: number | null): string | null =>
  millis === null ? null : new Date(millis).toISOString()

/** How an API field maps to a column, per searchable table. */
export type FieldMap = Record<string, string>

const INSTANCE_FIELDS: FieldMap = {
  processInstanceKey: 'process_instance_key',
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'bpmn_process_id',
  processDefinitionVersion: 'version',
  state: 'state',
  hasIncident: 'has_incident',
  businessId: 'business_id',
  tenantId: 'tenant_id',
  startDate: 'start_date',
  endDate: 'end_date',
  parentProcessInstanceKey: 'parent_process_instance_key',
}

const DEFINITION_FIELDS: FieldMap = {
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'bpmn_process_id',
  version: 'version',
  versionTag: 'version_tag',
  name: 'name',
  resourceName: 'resource_name',
  tenantId: 'tenant_id',
}

const INCIDENT_FIELDS: FieldMap = {
  incidentKey: 'incident_key',
  processInstanceKey: 'process_instance_key',
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'bpmn_process_id',
  elementId: 'element_id',
  elementInstanceKey: 'element_instance_key',
  errorType: 'error_type',
  state: 'state',
  jobKey: 'job_key',
  tenantId: 'tenant_id',
  creationTime: 'created_at',
}

const JOB_FIELDS: FieldMap = {
  jobKey: 'job_key',
  type: 'type',
  state: 'state',
  worker: 'worker',
  processInstanceKey: 'process_instance_key',
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'bpmn_process_id',
  elementId: 'element_id',
  elementInstanceKey: 'element_instance_key',
  tenantId: 'tenant_id',
  priority: 'priority',
  retries: 'retries',
  deadline: 'deadline',
  creationTime: 'created_at',
}

const SUBSCRIPTION_FIELDS: FieldMap = {
  messageSubscriptionKey: 'subscription_key',
  processInstanceKey: 'process_instance_key',
  processDefinitionKey: 'process_definition_key',
  processDefinitionId: 'bpmn_process_id',
  elementId: 'element_id',
  elementInstanceKey: 'element_instance_key',
  messageName: 'message_name',
  correlationKey: 'correlation_key',
  tenantId: 'tenant_id',
  lastUpdatedDate: 'created_at',
}

const SUBSCRIPTION_STATES: Record<string, MessageSubscription['messageSubscriptionState']> = {
  CREATED: 'CREATED',
  CORRELATED: 'CORRELATED',
  DELETED: 'DELETED',
}

const DEFAULT_LIMIT = 100

/**
 * The read side of the engine: searches over the engine tables (instances, definitions,
 * incidents, jobs, records) and views built from the records (element instances, variables).
 * Reads see committed data only.
 */
export class EngineQueries {
  constructor(
    private readonly store: EngineStore,
    private readonly definitions: DefinitionCache
  ) {}

  async getProcessDefinition(key: string): Promise<ProcessDefinition> {
    const [row] = await this.store.query('engine_process_definitions', {
      where: { process_definition_key: key },
    })
    if (!row) {
      throw new NotFoundError(
        `Expected to find process definition with key '${key}', but none found`
      )
    }
    return toProcessDefinition(row)
  }

  async getProcessDefinitionXml(key: string): Promise<string> {
    const definition = definitionFromRow(
      (
        await this.store.query('engine_process_definitions', {
          where: { process_definition_key: key },
        })
      )[0] ?? notFound(`Expected to find process definition with key '${key}', but none found`)
    )
    const [resource] = await this.store.query('engine_resources', {
      where: { resource_key: definition.resourceKey },
    })
    return resourceFromRow(resource).content
  }

  async searchProcessDefinitions(
    query: SearchQuery<ProcessDefinitionFilter> = {}
  ): Promise<SearchResult<ProcessDefinition>> {
    const { isLatestVersion, ...filter } = query.filter ?? {}
    // deleted definitions stay readable by key (history), but are no longer listed
    if (!isLatestVersion) {
      return this.#search(
        'engine_process_definitions',
        DEFINITION_FIELDS,
        { ...query, filter },
        toProcessDefinition,
        undefined,
        { deleted_at: null }
      )
    }
    const rows = await this.store.query('engine_process_definitions', {
      where: { ...toWhere(filter, DEFINITION_FIELDS), deleted_at: null },
    })
    return page(
      latestVersions(rows, 'bpmn_process_id').map(toProcessDefinition),
      query,
      'processDefinitionKey'
    )
  }

  async getForm(formKey: string, processDefinitionKey?: string): Promise<Form> {
    const embedded = /^camunda-forms:bpmn:(.+)$/.exec(formKey)
    if (embedded) {
      if (!processDefinitionKey) {
        throw new NotFoundError(
          `Expected a process definition key to find the embedded form '${formKey}', but none was given`
        )
      }
      await this.definitions.load(this.store, [processDefinitionKey])
      const loaded = this.definitions.get(processDefinitionKey)
      const schema = loaded?.executable.embeddedForms.get(embedded[1])
      if (!loaded || schema === undefined) {
        throw new NotFoundError(
          `Expected to find the embedded form '${formKey}' in process definition '${processDefinitionKey}', but none found`
        )
      }
      return {
        formKey,
        formId: embedded[1],
        version: loaded.definition.version,
        versionTag: loaded.definition.versionTag,
        tenantId: loaded.definition.tenantId,
        schema,
      }
    }
    const [row] = /^\d+$/.test(formKey)
      ? await this.store.query('engine_forms', { where: { form_key: formKey } })
      : []
    if (!row) {
      throw new NotFoundError(`Expected to find form with key '${formKey}', but none found`)
    }
    const form = formFromRow(row)
    return {
      formKey: form.formKey,
      formId: form.formId,
      version: form.version,
      versionTag: form.versionTag,
      tenantId: form.tenantId,
      schema: form.schema,
    }
  }

  async getProcessInstance(key: string): Promise<ProcessInstance> {
    const [row] = await this.store.query('engine_process_instances', {
      where: { process_instance_key: key },
      columns: SUMMARY_COLUMNS,
    })
    if (!row) {
      throw new NotFoundError(`Expected to find process instance with key '${key}', but none found`)
    }
    return toProcessInstance(row)
  }

  async getCallHierarchy(key: string): Promise<CallHierarchyEntry[]> {
    const entries: CallHierarchyEntry[] = []
    const seen = new Set<string>()
    let current: string | null = key
    while (current !== null && !seen.has(current)) {
      seen.add(current)
      const instance = await this.getProcessInstance(current)
      const [definition] = await this.store.query('engine_process_definitions', {
        where: { process_definition_key: instance.processDefinitionKey },
        columns: ['name', 'bpmn_process_id'],
      })
      entries.unshift({
        processInstanceKey: instance.processInstanceKey,
        processDefinitionKey: instance.processDefinitionKey,
        processDefinitionName:
          (definition?.name as string | null | undefined) || instance.processDefinitionId,
      })
      current = instance.parentProcessInstanceKey
    }
    return entries
  }

  searchProcessInstances(
    query: SearchQuery<ProcessInstanceFilter> = {}
  ): Promise<SearchResult<ProcessInstance>> {
    return this.#search(
      'engine_process_instances',
      INSTANCE_FIELDS,
      query,
      toProcessInstance,
      SUMMARY_COLUMNS
    )
  }

  async getIncident(key: string): Promise<Incident> {
    const [row] = await this.store.query('engine_incidents', { where: { incident_key: key } })
    if (!row) {
      throw new NotFoundError(`Expected to find incident with key '${key}', but none found`)
    }
    return toIncident(row)
  }

  searchIncidents(query: SearchQuery<IncidentFilter> = {}): Promise<SearchResult<Incident>> {
    return this.#search('engine_incidents', INCIDENT_FIELDS, query, toIncident)
  }

  searchJobs(query: SearchQuery<JobFilter> = {}): Promise<SearchResult<Job>> {
    return this.#search('engine_jobs', JOB_FIELDS, query, toJob)
  }

  async getRecords(processInstanceKey: string): Promise<EngineRecord[]> {
    const rows = await this.store.query('engine_records', {
      where: { process_instance_key: processInstanceKey },
      orderBy: [{ column: 'position', order: 'asc' }],
    })
    return this.#records(rows)
  }

  async searchRecords(query: SearchQuery<RecordFilter> = {}): Promise<SearchResult<EngineRecord>> {
    const filter = query.filter ?? {}
    const where: Record<string, Condition> = {}
    if (filter.processInstanceKey !== undefined) {
      where.process_instance_key = filter.processInstanceKey
    }
    if (filter.valueType !== undefined) {
      where.value_type = filter.valueType
    }
    if (filter.intent !== undefined) {
      where.intent = filter.intent
    }
    if (filter.key !== undefined) {
      where.record_key = filter.key
    }
    if (filter.elementId !== undefined) {
      where.element_id = filter.elementId
    }
    if (filter.positionAfter !== undefined) {
      where.position = { gt: filter.positionAfter }
    }
    const rows = await this.store.query('engine_records', {
      where,
      orderBy: [{ column: 'position', order: 'asc' }],
      offset: query.page?.from ?? 0,
      limit: query.page?.limit ?? DEFAULT_LIMIT,
    })
    return {
      items: await this.#records(rows),
      page: { totalItems: await this.store.count('engine_records', where) },
    }
  }

  /** Element instances, folded from the lifecycle records (latest state per element instance). */
  async searchElementInstances(
    query: SearchQuery<ElementInstanceFilter> = {}
  ): Promise<SearchResult<ElementInstance>> {
    const filter = query.filter ?? {}
    const where: Record<string, Condition> = { value_type: 'PROCESS_INSTANCE' }
    if (filter.processInstanceKey !== undefined) {
      where.process_instance_key = filter.processInstanceKey
    }
    if (filter.elementInstanceKey !== undefined) {
      where.record_key = filter.elementInstanceKey
    }
    if (filter.elementId !== undefined) {
      where.element_id = filter.elementId
    }
    where.intent = [
      'ELEMENT_ACTIVATING',
      'ELEMENT_ACTIVATED',
      'ELEMENT_COMPLETED',
      'ELEMENT_TERMINATED',
    ]
    const records = await this.#records(
      await this.store.query('engine_records', {
        where,
        orderBy: [{ column: 'position', order: 'asc' }],
      })
    )
    const byKey = new Map<string, ElementInstance>()
    for (const record of records) {
      const value = record.value
      let item = byKey.get(record.key)
      if (!item) {
        item = {
          elementInstanceKey: record.key,
          processInstanceKey: record.processInstanceKey ?? '',
          processDefinitionKey: String(value.processDefinitionKey),
          processDefinitionId: String(value.bpmnProcessId),
          elementId: String(value.elementId),
          elementName: null,
          type: value.bpmnElementType as BpmnElementType,
          state: 'ACTIVE',
          flowScopeKey: (value.flowScopeKey as string | null) ?? null,
          startDate: iso(record.timestamp)!,
          endDate: null,
          hasIncident: false,
          incidentKey: null,
          tenantId: String(value.tenantId),
        }
        byKey.set(record.key, item)
      }
      if (record.intent === 'ELEMENT_COMPLETED' || record.intent === 'ELEMENT_TERMINATED') {
        item.state = record.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED'
        item.endDate = iso(record.timestamp)
      }
    }
    let items = [...byKey.values()]
    await this.#followMigrations(items)
    await this.#decorateElements(items)
    items = items.filter(
      (item) =>
        (filter.processDefinitionKey === undefined ||
          item.processDefinitionKey === filter.processDefinitionKey) &&
        (filter.type === undefined || item.type === filter.type) &&
        (filter.state === undefined || item.state === filter.state) &&
        (filter.flowScopeKey === undefined || item.flowScopeKey === filter.flowScopeKey) &&
        (filter.hasIncident === undefined || item.hasIncident === filter.hasIncident)
    )
    return page(items, query, 'elementInstanceKey')
  }

  /**
   * Live element instances of migrated instances run on the instance's current definition
   * (with the element they were mapped to), whatever their first records said.
   */
  async #followMigrations(items: ElementInstance[]): Promise<void> {
    const live = items.filter((item) => item.state === 'ACTIVE')
    const keys = [...new Set(live.map((item) => item.processInstanceKey))]
    const states = new Map<string, ProcessInstanceData>()
    for (let index = 0; index < keys.length; index += 1000) {
      const migrated = await this.store.query('engine_records', {
        where: {
          process_instance_key: keys.slice(index, index + 1000),
          value_type: 'PROCESS_INSTANCE_MIGRATION',
        },
        columns: ['process_instance_key'],
      })
      if (migrated.length === 0) {
        continue
      }
      const rows = await this.store.query('engine_process_instances', {
        where: {
          process_instance_key: [...new Set(migrated.map((row) => row.process_instance_key))],
        },
        columns: ['process_instance_key', 'state_json'],
      })
      for (const row of rows) {
        if (row.state_json !== null && row.state_json !== undefined) {
          states.set(String(row.process_instance_key), JSON.parse(String(row.state_json)))
        }
      }
    }
    for (const item of live) {
      const state = states.get(item.processInstanceKey)
      const element = state?.elements[item.elementInstanceKey]
      if (state && element && state.processDefinitionKey !== item.processDefinitionKey) {
        item.processDefinitionKey = state.processDefinitionKey
        item.elementId = element.elementId
      }
    }
  }

  /** Adds element names (from the definitions) and open incidents. */
  async #decorateElements(items: ElementInstance[]): Promise<void> {
    const definitionKeys = new Set(items.map((item) => item.processDefinitionKey))
    await this.definitions.load(this.store, definitionKeys)
    for (const item of items) {
      const executable = this.definitions.get(item.processDefinitionKey)?.executable
      const element =
        item.type === 'PROCESS' ? executable?.root : executable?.elements.get(item.elementId)
      item.elementName = element?.name ?? null
    }
    const active = items.filter((item) => item.state === 'ACTIVE')
    if (active.length === 0) {
      return
    }
    const incidents = await this.store.query('engine_incidents', {
      where: {
        state: 'ACTIVE',
        process_instance_key: [...new Set(active.map((item) => item.processInstanceKey))],
      },
    })
    const byElement = new Map(
      incidents.map((row) => [String(row.element_instance_key), String(row.incident_key)])
    )
    for (const item of active) {
      const incidentKey = byElement.get(item.elementInstanceKey)
      if (incidentKey) {
        item.hasIncident = true
        item.incidentKey = incidentKey
      }
    }
  }

  /** Variables, folded from the variable records (latest value per variable). */
  async searchVariables(query: SearchQuery<VariableFilter> = {}): Promise<SearchResult<Variable>> {
    const filter = query.filter ?? {}
    const where: Record<string, Condition> = { value_type: 'VARIABLE' }
    if (filter.processInstanceKey !== undefined) {
      where.process_instance_key = filter.processInstanceKey
    }
    if (filter.variableKey !== undefined) {
      where.record_key = filter.variableKey
    }
    const records = await this.#records(
      await this.store.query('engine_records', {
        where,
        orderBy: [{ column: 'position', order: 'asc' }],
      })
    )
    const byKey = new Map<string, Variable>()
    for (const record of records) {
      const value = record.value
      byKey.set(record.key, {
        variableKey: record.key,
        name: String(value.name),
        value: JSON.stringify(value.value as JsonValue),
        scopeKey: String(value.scopeKey),
        processInstanceKey: record.processInstanceKey ?? '',
        tenantId: String(value.tenantId),
      })
    }
    const items = [...byKey.values()].filter(
      (item) =>
        (filter.scopeKey === undefined || item.scopeKey === filter.scopeKey) &&
        (filter.name === undefined || item.name === filter.name)
    )
    return page(items, query, 'variableKey')
  }

  /**
   * Message subscriptions of instances. Open ones (`CREATED`) come from their table (indexed by
   * name and correlation key); with another state, or none, they are folded from the records
   * (latest state of each subscription): give `processInstanceKey` for fast answers.
   */
  async searchMessageSubscriptions(
    query: SearchQuery<MessageSubscriptionFilter> = {}
  ): Promise<SearchResult<MessageSubscription>> {
    const { messageSubscriptionState, ...filter } = query.filter ?? {}
    if (messageSubscriptionState === 'CREATED') {
      const result = await this.#search(
        'engine_message_subscriptions',
        SUBSCRIPTION_FIELDS,
        { ...query, filter: { ...filter } },
        toMessageSubscription,
        undefined,
        { process_instance_key: { gt: 0 } }
      )
      return result
    }
    const where: Record<string, Condition> = { value_type: 'MESSAGE_SUBSCRIPTION' }
    if (filter.processInstanceKey !== undefined) {
      where.process_instance_key = filter.processInstanceKey
    }
    if (filter.messageSubscriptionKey !== undefined) {
      where.record_key = filter.messageSubscriptionKey
    }
    const records = await this.#records(
      await this.store.query('engine_records', {
        where,
        orderBy: [{ column: 'position', order: 'asc' }],
      })
    )
    const byKey = new Map<string, MessageSubscription>()
    for (const record of records) {
      const value = record.value
      byKey.set(record.key, {
        messageSubscriptionKey: record.key,
        processDefinitionId: String(value.bpmnProcessId),
        processDefinitionKey: String(value.processDefinitionKey),
        processInstanceKey: record.processInstanceKey ?? '',
        elementId: String(value.elementId),
        elementInstanceKey: String(value.elementInstanceKey),
        messageSubscriptionState:
          record.intent === 'CORRELATED' && value.interrupting === false
            ? 'CORRELATED'
            : (SUBSCRIPTION_STATES[record.intent] ?? 'CREATED'),
        lastUpdatedDate: iso(record.timestamp)!,
        messageName: String(value.messageName),
        correlationKey: String(value.correlationKey ?? ''),
        tenantId: String(value.tenantId),
      })
    }
    const items = [...byKey.values()].filter(
      (item) =>
        (messageSubscriptionState === undefined ||
          item.messageSubscriptionState === messageSubscriptionState) &&
        Object.entries(filter).every(
          ([field, value]) =>
            value === undefined || (item as unknown as Record<string, unknown>)[field] === value
        )
    )
    return page(items, query, 'messageSubscriptionKey')
  }

  /** Records from rows, with the fields shared with their instance restored. */
  async #records(rows: Row[]): Promise<EngineRecord[]> {
    const keys = [
      ...new Set(rows.map((row) => row.process_instance_key).filter((key) => key !== null)),
    ]
    const instances = new Map<string, InstanceFields>()
    const migrations = new Map<string, Array<{ position: number; fields: InstanceFields }>>()
    for (let index = 0; index < keys.length; index += 1000) {
      const summaries = await this.store.query('engine_process_instances', {
        where: { process_instance_key: keys.slice(index, index + 1000) as Scalar[] },
        columns: [
          'process_instance_key',
          'bpmn_process_id',
          'process_definition_key',
          'version',
          'tenant_id',
        ],
      })
      for (const summary of summaries) {
        instances.set(String(summary.process_instance_key), {
          processInstanceKey: String(summary.process_instance_key),
          bpmnProcessId: String(summary.bpmn_process_id),
          processDefinitionKey: String(summary.process_definition_key),
          version: Number(summary.version),
          tenantId: String(summary.tenant_id),
        })
      }
      await this.#loadMigrations(keys.slice(index, index + 1000) as Scalar[], instances, migrations)
    }
    return rows.map((row) => {
      const key = String(row.process_instance_key)
      // a record written before a migration belongs to the version the instance had then
      const before = migrations.get(key)?.find((m) => Number(row.position) < m.position)
      return recordFromRow(row, before?.fields ?? instances.get(key))
    })
  }

  /** The migrations of instances (in log order), with the fields the instance had before each. */
  async #loadMigrations(
    keys: Scalar[],
    instances: Map<string, InstanceFields>,
    migrations: Map<string, Array<{ position: number; fields: InstanceFields }>>
  ): Promise<void> {
    const rows = await this.store.query('engine_records', {
      where: { process_instance_key: keys, value_type: 'PROCESS_INSTANCE_MIGRATION' },
      orderBy: [{ column: 'position', order: 'asc' }],
      columns: ['position', 'process_instance_key', 'record_value'],
    })
    for (const row of rows) {
      const key = String(row.process_instance_key)
      const current = instances.get(key)
      const value = JSON.parse(String(row.record_value)) as Record<string, unknown>
      if (!current) {
        continue
      }
      const list = migrations.get(key) ?? []
      list.push({
        position: Number(row.position),
        fields: {
          ...current,
          processDefinitionKey: String(value.sourceProcessDefinitionKey),
          version: Number(value.sourceVersion),
        },
      })
      migrations.set(key, list)
    }
  }

  #search<T>(
    table: TableName,
    fields: FieldMap,
    query: SearchQuery<object>,
    map: (row: Row) => T,
    columns?: string[],
    always: Record<string, Condition> = {}
  ): Promise<SearchResult<T>> {
    return searchRows(this.store, table, fields, query, map, columns, always)
  }
}

const SUMMARY_COLUMNS = [
  'process_instance_key',
  'process_definition_key',
  'bpmn_process_id',
  'version',
  'tenant_id',
  'state',
  'business_id',
  'has_incident',
  'start_date',
  'end_date',
  'parent_process_instance_key',
  'parent_element_instance_key',
]

function notFound(message: string): never {
  throw new NotFoundError(message)
}

/**
 * A filtered, sorted, paged search of one table: filter and sort fields of the result type map
 * to columns (`fields`, the first being the key, always the last sort), `always` adds fixed
 * conditions. Shared by every search of the port.
 */
export async function searchRows<T>(
  store: EngineStore,
  table: TableName,
  fields: FieldMap,
  query: SearchQuery<object>,
  map: (row: Row) => T,
  columns?: string[],
  always: Record<string, Condition> = {}
): Promise<SearchResult<T>> {
  const where = { ...toWhere((query.filter ?? {}) as Record<string, unknown>, fields), ...always }
  const orderBy: RowQuery['orderBy'] = (query.sort ?? [])
    .filter((sort) => fields[sort.field])
    .map((sort) => ({
      column: fields[sort.field],
      order: sort.order === 'DESC' ? 'desc' : 'asc',
    }))
  const keyColumn = Object.values(fields)[0]
  if (!orderBy.some((order) => order.column === keyColumn)) {
    orderBy.push({ column: keyColumn, order: 'asc' })
  }
  const rows = await store.query(table, {
    where,
    orderBy,
    offset: query.page?.from ?? 0,
    limit: query.page?.limit ?? DEFAULT_LIMIT,
    columns,
  })
  return { items: rows.map(map), page: { totalItems: await store.count(table, where) } }
}

/** Equality conditions from a filter of the result type's fields. */
export function toWhere(
  filter: Record<string, unknown>,
  fields: FieldMap
): Record<string, Condition> {
  const where: Record<string, Condition> = {}
  for (const [field, value] of Object.entries(filter)) {
    const column = fields[field]
    if (column && value !== undefined) {
      where[column] = value as Scalar
    }
  }
  return where
}

/** The rows of the highest `version` per tenant and id (the column naming the id). */
export function latestVersions(rows: Row[], idColumn: string): Row[] {
  const latest = new Map<string, Row>()
  for (const row of rows) {
    const id = `${row.tenant_id}/${row[idColumn]}`
    const known = latest.get(id)
    if (!known || Number(row.version) > Number(known.version)) {
      latest.set(id, row)
    }
  }
  return [...latest.values()]
}

/** Sorts and pages items built in memory (views folded from records). */
export function page<T extends object>(
  items: T[],
  query: SearchQuery<unknown>,
  keyField: keyof T & string
): SearchResult<T> {
  const sorts = [...(query.sort ?? []), { field: keyField, order: 'ASC' as const }]
  const sorted = [...items].sort((a, b) => {
    for (const sort of sorts) {
      const left = (a as Record<string, unknown>)[sort.field]
      const right = (b as Record<string, unknown>)[sort.field]
      if (left === right) {
        continue
      }
      const compared =
        left === null || left === undefined
          ? -1
          : right === null || right === undefined
            ? 1
            : String(left).localeCompare(String(right), undefined, { numeric: true })
      return sort.order === 'DESC' ? -compared : compared
    }
    return 0
  })
  const from = query.page?.from ?? 0
  const limit = query.page?.limit ?? DEFAULT_LIMIT
  return { items: sorted.slice(from, from + limit), page: { totalItems: items.length } }
}

function toProcessDefinition(row: Row): ProcessDefinition {
  const definition = definitionFromRow(row)
  return {
    processDefinitionKey: definition.processDefinitionKey,
    processDefinitionId: definition.bpmnProcessId,
    name: definition.name,
    version: definition.version,
    versionTag: definition.versionTag,
    resourceName: definition.resourceName,
    tenantId: definition.tenantId,
    deploymentKey: definition.deploymentKey,
  }
}

function toProcessInstance(row: Row): ProcessInstance {
  const summary = instanceSummaryFromRow(row)
  return {
    processInstanceKey: summary.processInstanceKey,
    processDefinitionKey: summary.processDefinitionKey,
    processDefinitionId: summary.bpmnProcessId,
    processDefinitionVersion: summary.version,
    state: summary.state,
    hasIncident: summary.hasIncident,
    businessId: summary.businessId,
    startDate: iso(summary.startDate)!,
    endDate: iso(summary.endDate),
    parentProcessInstanceKey: summary.parentProcessInstanceKey,
    parentElementInstanceKey: summary.parentElementInstanceKey,
    tenantId: summary.tenantId,
  }
}

function toIncident(row: Row): Incident {
  const incident = incidentFromRow(row)
  return {
    incidentKey: incident.incidentKey,
    processDefinitionKey: incident.processDefinitionKey,
    processDefinitionId: incident.bpmnProcessId,
    processInstanceKey: incident.processInstanceKey,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    elementId: incident.elementId,
    elementInstanceKey: incident.elementInstanceKey,
    jobKey: incident.jobKey,
    state: incident.state,
    creationTime: iso(incident.createdAt)!,
    tenantId: incident.tenantId,
  }
}

function toMessageSubscription(row: Row): MessageSubscription {
  const subscription = subscriptionFromRow(row)
  return {
    messageSubscriptionKey: subscription.subscriptionKey,
    processDefinitionId: subscription.bpmnProcessId,
    processDefinitionKey: subscription.processDefinitionKey,
    processInstanceKey: subscription.processInstanceKey ?? '',
    elementId: subscription.elementId,
    elementInstanceKey: subscription.elementInstanceKey ?? '',
    messageSubscriptionState: 'CREATED',
    lastUpdatedDate: iso(subscription.createdAt)!,
    messageName: subscription.name,
    correlationKey: subscription.correlationKey ?? '',
    tenantId: subscription.tenantId,
  }
}

function toJob(row: Row): Job {
  const job = jobFromRow(row)
  return {
    jobKey: job.jobKey,
    type: job.type,
    state: job.state,
    worker: job.worker,
    retries: job.retries,
    deadline: iso(job.deadline),
    errorMessage: job.errorMessage,
    errorCode: job.errorCode,
    customHeaders: job.customHeaders,
    priority: job.priority,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    tenantId: job.tenantId,
    creationTime: iso(job.createdAt)!,
  }
}

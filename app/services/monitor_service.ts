import db from '@adonisjs/lucid/services/db'
import type { JsonObject } from '@senflow/engine'
import engine from '#services/engine'
import AuditService, { type AuditActor } from '#services/audit_service'
import { isoTime } from '#services/sql_time'
import { ConflictException, NotFoundException } from '#exceptions/api_exception'

/**
 * Milliseconds the Asia/Ho_Chi_Minh day is ahead of UTC (no daylight
 * saving), so daily figures follow the ministry's calendar day.
 */
const VIETNAM_OFFSET_MS = 7 * 3600_000
const DAY_MS = 86_400_000

/**
 * A day number in Asia/Ho_Chi_Minh for an epoch-ms column, in SQL that
 * works on SQLite (integer division) and MySQL/MariaDB.
 */
function vietnamDay(column: string) {
  const client = db.connection().dialect.name
  return client === 'mysql'
    ? `FLOOR((${column} + ${VIETNAM_OFFSET_MS}) / ${DAY_MS})`
    : `((${column} + ${VIETNAM_OFFSET_MS}) / ${DAY_MS})`
}

function dayLabel(day: number) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/**
 * What leaders and administrators watch, read from the embedded engine's
 * tables and the inbox: instances per process and version, where the
 * instances of a version wait (the heatmap), and statistics over a period.
 * (On Zeebe the monitor reads Camunda's search API instead; see docs.)
 */
export default class MonitorService {
  /**
   * Every process with its versions and the count of instances per state,
   * with open incidents.
   */
  async processes() {
    const definitions = await db
      .from('engine_process_definitions')
      .whereNull('deleted_at')
      .select('process_definition_key', 'bpmn_process_id', 'version', 'name', 'created_at')
      .orderBy('bpmn_process_id')
      .orderBy('version', 'desc')
    const counts = await db
      .from('engine_process_instances')
      .select('process_definition_key', 'state')
      .count('* as total')
      .groupBy('process_definition_key', 'state')
    const incidents = await db
      .from('engine_process_instances')
      .where('has_incident', true)
      .where('state', 'ACTIVE')
      .select('process_definition_key')
      .count('* as total')
      .groupBy('process_definition_key')
    const byKey = new Map<
      string,
      { active: number; completed: number; terminated: number; withIncident: number }
    >()
    const entry = (key: string) => {
      let value = byKey.get(key)
      if (!value)
        byKey.set(key, (value = { active: 0, completed: 0, terminated: 0, withIncident: 0 }))
      return value
    }
    for (const row of counts) {
      const value = entry(String(row.process_definition_key))
      const state = String(row.state).toLowerCase() as 'active' | 'completed' | 'terminated'
      if (state in value) value[state] = Number(row.total)
    }
    for (const row of incidents)
      entry(String(row.process_definition_key)).withIncident = Number(row.total)
    const processes = new Map<
      string,
      { processDefinitionId: string; name: string; versions: unknown[] }
    >()
    for (const definition of definitions) {
      const id = String(definition.bpmn_process_id)
      let process = processes.get(id)
      if (!process) {
        process = { processDefinitionId: id, name: definition.name ?? id, versions: [] }
        processes.set(id, process)
      }
      const key = String(definition.process_definition_key)
      process.versions.push({
        version: Number(definition.version),
        processDefinitionKey: key,
        deployedAt: new Date(Number(definition.created_at)).toISOString(),
        ...(byKey.get(key) ?? { active: 0, completed: 0, terminated: 0, withIncident: 0 }),
      })
    }
    return [...processes.values()]
  }

  /**
   * Where the active instances of one version wait, per element: jobs
   * (service tasks, connectors, user tasks) by state, timers, message and
   * signal subscriptions, and open incidents.
   */
  async heatmap(processDefinitionKey: string) {
    const jobs = await db
      .from('engine_jobs')
      .where('process_definition_key', processDefinitionKey)
      .select('element_id', 'state')
      .count('* as total')
      .groupBy('element_id', 'state')
    const incidents = await db
      .from('engine_incidents')
      .where('process_definition_key', processDefinitionKey)
      .where('state', 'ACTIVE')
      .select('element_id')
      .count('* as total')
      .groupBy('element_id')
    const elements = new Map<
      string,
      { elementId: string; waiting: number; incidents: number; byState: Record<string, number> }
    >()
    const entry = (elementId: string) => {
      let value = elements.get(elementId)
      if (!value)
        elements.set(elementId, (value = { elementId, waiting: 0, incidents: 0, byState: {} }))
      return value
    }
    for (const row of jobs) {
      const value = entry(String(row.element_id))
      value.waiting += Number(row.total)
      value.byState[String(row.state)] = Number(row.total)
    }
    for (const row of incidents) entry(String(row.element_id)).incidents = Number(row.total)
    // instances also wait for timers, messages and signals (catch events, receive tasks,
    // event-based gateways, boundary events), which have no job
    for (const [table, state] of [
      ['engine_timers', 'TIMER'],
      ['engine_message_subscriptions', 'MESSAGE'],
      ['engine_signal_subscriptions', 'SIGNAL'],
    ] as const) {
      const rows = await db
        .from(table)
        .where('process_definition_key', processDefinitionKey)
        .whereNotNull('process_instance_key')
        .select('element_id')
        .count('* as total')
        .groupBy('element_id')
      for (const row of rows) {
        const value = entry(String(row.element_id))
        value.waiting += Number(row.total)
        value.byState[state] = Number(row.total)
      }
    }
    return [...elements.values()].sort((a, b) => b.waiting - a.waiting)
  }

  /**
   * Figures over a period (days in Asia/Ho_Chi_Minh): instances started and
   * completed per day; user tasks completed on time and late; the average
   * duration of each human step.
   */
  async statistics(filters: { from: Date; to: Date; processDefinitionId?: string }) {
    const from = filters.from.getTime()
    const to = filters.to.getTime()
    const instances = () => {
      const query = db.from('engine_process_instances')
      if (filters.processDefinitionId) query.where('bpmn_process_id', filters.processDefinitionId)
      return query
    }
    const started = await instances()
      .whereBetween('start_date', [from, to])
      .select(db.raw(`${vietnamDay('start_date')} as day`))
      .count('* as total')
      .groupByRaw(vietnamDay('start_date'))
    const completed = await instances()
      .where('state', 'COMPLETED')
      .whereBetween('end_date', [from, to])
      .select(db.raw(`${vietnamDay('end_date')} as day`))
      .count('* as total')
      .groupByRaw(vietnamDay('end_date'))
    const days = new Map<number, { day: string; started: number; completed: number }>()
    for (
      let day = Math.floor((from + VIETNAM_OFFSET_MS) / DAY_MS);
      day <= Math.floor((to + VIETNAM_OFFSET_MS) / DAY_MS);
      day++
    ) {
      days.set(day, { day: dayLabel(day), started: 0, completed: 0 })
    }
    for (const row of started) {
      const value = days.get(Math.floor(Number(row.day)))
      if (value) value.started = Number(row.total)
    }
    for (const row of completed) {
      const value = days.get(Math.floor(Number(row.day)))
      if (value) value.completed = Number(row.total)
    }

    const tasks = () => {
      const query = db
        .from('user_tasks')
        .where('state', 'COMPLETED')
        .whereBetween('completed_at', [isoSql(filters.from), isoSql(filters.to)])
      if (filters.processDefinitionId)
        query.where('process_definition_id', filters.processDefinitionId)
      return query
    }
    const finished = await tasks().select(
      'element_id',
      'name',
      'created_at',
      'completed_at',
      'due_date'
    )
    let onTime = 0
    let late = 0
    let withoutDeadline = 0
    const steps = new Map<
      string,
      { elementId: string; name: string; count: number; totalMs: number }
    >()
    for (const task of finished) {
      const created = Date.parse(isoTime(task.created_at)!)
      const done = Date.parse(isoTime(task.completed_at)!)
      const due = task.due_date ? Date.parse(isoTime(task.due_date)!) : null
      if (due === null) withoutDeadline++
      else if (done <= due) onTime++
      else late++
      const step = steps.get(task.element_id) ?? {
        elementId: task.element_id,
        name: task.name,
        count: 0,
        totalMs: 0,
      }
      step.count++
      step.totalMs += Math.max(0, done - created)
      steps.set(task.element_id, step)
    }
    return {
      from: filters.from.toISOString(),
      to: filters.to.toISOString(),
      perDay: [...days.values()],
      tasks: { onTime, late, withoutDeadline },
      steps: [...steps.values()]
        .map((step) => ({
          elementId: step.elementId,
          name: step.name,
          completed: step.count,
          averageMs: Math.round(step.totalMs / step.count),
        }))
        .sort((a, b) => b.averageMs - a.averageMs),
    }
  }
}

/**
 * One entry of an instance's history, oldest first: a step entered or
 * left, a human task's events, or what someone did to the instance from
 * the monitor or the API (from the audit trail).
 */
export interface HistoryEntry {
  at: string
  kind: 'element' | 'task' | 'audit'
  type: string
  elementId: string | null
  elementName: string | null
  actor: string | null
  details: Record<string, unknown>
}

/**
 * Leaders' and administrators' actions on one instance from the monitor:
 * fixing variables, retrying an incident, cancelling; each checked against
 * the instance's state and written to the audit trail.
 */
export class MonitorOperations {
  constructor(protected actor: AuditActor) {}

  protected async activeInstance(processInstanceKey: string) {
    const instance = await engine.getProcessInstance(processInstanceKey).catch(() => null)
    if (!instance) throw new NotFoundException(`Process instance ${processInstanceKey} not found`)
    // a suspended instance is still running: the engine itself refuses what suspension forbids
    if (instance.state !== 'ACTIVE' && instance.state !== 'SUSPENDED') {
      throw new ConflictException(
        `Process instance ${processInstanceKey} is ${instance.state.toLowerCase()}, not running`
      )
    }
    return instance
  }

  /**
   * Sets variables on the instance (each goes to the nearest scope that
   * already has it, else to the instance).
   */
  async setVariables(processInstanceKey: string, variables: JsonObject) {
    await this.activeInstance(processInstanceKey)
    await engine.setVariables(processInstanceKey, variables, { local: false })
    await new AuditService().record(this.actor, {
      action: 'variables.set',
      subjectType: 'process_instance',
      subjectId: processInstanceKey,
      details: { names: Object.keys(variables) },
    })
  }

  /**
   * Retries the step an incident stopped: sets the corrected variables
   * first (when given), then resolves the incident.
   */
  async retryIncident(incidentKey: string, variables?: JsonObject) {
    const incident = await engine.getIncident(incidentKey).catch(() => null)
    if (!incident) throw new NotFoundException(`Incident ${incidentKey} not found`)
    if (incident.state !== 'ACTIVE') {
      throw new ConflictException(
        `Incident ${incidentKey} is ${String(incident.state).toLowerCase()}, not active`
      )
    }
    if (variables && Object.keys(variables).length > 0) {
      await this.setVariables(incident.processInstanceKey, variables)
    }
    await engine.resolveIncident(incidentKey)
    await new AuditService().record(this.actor, {
      action: 'incident.resolve',
      subjectType: 'incident',
      subjectId: incidentKey,
      details: {
        processInstanceKey: incident.processInstanceKey,
        elementId: incident.elementId,
        variables: variables ? Object.keys(variables) : [],
      },
    })
  }

  /**
   * Cancels an active instance (its open tasks leave the inbox).
   */
  async cancel(processInstanceKey: string) {
    await this.activeInstance(processInstanceKey)
    await engine.cancelProcessInstance(processInstanceKey)
    await new AuditService().record(this.actor, {
      action: 'process_instance.cancel',
      subjectType: 'process_instance',
      subjectId: processInstanceKey,
    })
  }
}

/**
 * The history of one instance, oldest first: its steps (entered, left,
 * terminated), the events of its human tasks (claimed, delegated,
 * completed… by whom) and what was done to it from outside (variables
 * set, incidents retried, cancelled).
 */
export async function instanceHistory(processInstanceKey: string): Promise<HistoryEntry[]> {
  const instance = await engine.getProcessInstance(processInstanceKey).catch(() => null)
  if (!instance) throw new NotFoundException(`Process instance ${processInstanceKey} not found`)
  const [elements, incidents, taskEvents] = await Promise.all([
    engine.searchElementInstances({ filter: { processInstanceKey }, page: { limit: 10_000 } }),
    engine.searchIncidents({ filter: { processInstanceKey }, page: { limit: 1000 } }),
    db
      .from('user_task_events as e')
      .join('user_tasks as t', 't.id', 'e.task_id')
      .where('t.process_instance_key', processInstanceKey)
      .select('e.type', 'e.actor_email', 'e.details', 'e.created_at', 't.element_id', 't.name'),
  ])
  const entries: HistoryEntry[] = []
  const names = new Map<string, string>()
  for (const element of elements.items) {
    if (element.type === 'PROCESS') continue
    names.set(element.elementId, element.elementName || element.elementId)
    const base = {
      kind: 'element' as const,
      elementId: element.elementId,
      elementName: element.elementName || element.elementId,
      actor: null,
    }
    entries.push({
      ...base,
      at: element.startDate,
      type: 'entered',
      details: { elementType: element.type },
    })
    if (element.endDate) {
      entries.push({
        ...base,
        at: element.endDate,
        type: element.state === 'TERMINATED' ? 'terminated' : 'left',
        details: { elementType: element.type },
      })
    }
  }
  for (const incident of incidents.items) {
    entries.push({
      kind: 'element',
      at: incident.creationTime,
      type: 'incident',
      elementId: incident.elementId,
      elementName: names.get(incident.elementId) ?? incident.elementId,
      actor: null,
      details: { errorType: incident.errorType, errorMessage: incident.errorMessage },
    })
  }
  for (const event of taskEvents) {
    entries.push({
      kind: 'task',
      at: isoTime(event.created_at)!,
      type: String(event.type),
      elementId: event.element_id,
      elementName: event.name,
      actor: event.actor_email ?? null,
      details: event.details ? JSON.parse(event.details) : {},
    })
  }
  const incidentKeys = incidents.items.map((incident) => incident.incidentKey)
  const audits = await db
    .from('audit_logs')
    .where((query) => {
      query.where((inner) =>
        inner.where('subject_type', 'process_instance').where('subject_id', processInstanceKey)
      )
      if (incidentKeys.length > 0) {
        query.orWhere((inner) =>
          inner.where('subject_type', 'incident').whereIn('subject_id', incidentKeys)
        )
      }
    })
    .orderBy('id')
  for (const row of audits) {
    entries.push({
      kind: 'audit',
      at: isoTime(row.created_at)!,
      type: String(row.action),
      elementId: null,
      elementName: null,
      actor: row.actor_email ?? null,
      details: row.details ? JSON.parse(row.details) : {},
    })
  }
  // task events and the audit trail are kept to the second, the engine's steps to the
  // millisecond: within one second, the steps come first (a task is created once its step
  // is entered), then the task's events, then what was done from outside
  const rank = { element: 0, task: 1, audit: 2 }
  return entries.sort(
    (a, b) =>
      a.at.slice(0, 19).localeCompare(b.at.slice(0, 19)) ||
      rank[a.kind] - rank[b.kind] ||
      a.at.localeCompare(b.at)
  )
}

/**
 * A JS date in the app's SQL timestamp format (UTC), for comparisons.
 */
function isoSql(date: Date) {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

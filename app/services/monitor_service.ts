import db from '@adonisjs/lucid/services/db'
import { isoTime } from '#services/sql_time'

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
   * (service tasks, connectors, user tasks) by state, open user tasks, and
   * open incidents.
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
 * A JS date in the app's SQL timestamp format (UTC), for comparisons.
 */
function isoSql(date: Date) {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

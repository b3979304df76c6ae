import type { ElementInstance, Incident } from '../../api/process_runs'

/** A marker to put on a diagram element. */
export interface DiagramMark {
  id: string
  marker:
    | 'senflow-run--active'
    | 'senflow-run--completed'
    | 'senflow-run--incident'
    | 'senflow-flow--taken'
}

/** A count to show on a diagram element. */
export interface DiagramBadge {
  id: string
  count: number
  incident: boolean
}

/**
 * Where an instance is, was and is stuck, for its diagram: elements with
 * an open incident are red; active ones blue, with how many instances of
 * the element are active (and how many incidents); elements passed
 * through green; a sequence flow is marked taken when the instance went
 * through its source and reached its target.
 */
export function diagramMarks(
  elements: readonly ElementInstance[],
  incidents: readonly Incident[],
  flows: readonly { id: string; source: string; target: string }[]
): { marks: DiagramMark[]; badges: DiagramBadge[] } {
  const stuck = new Map<string, number>()
  for (const incident of incidents) {
    if (incident.state === 'RESOLVED') continue
    stuck.set(incident.elementId, (stuck.get(incident.elementId) ?? 0) + 1)
  }
  const active = new Map<string, number>()
  const visited = new Set<string>()
  const ended = new Set<string>()
  for (const element of elements) {
    if (element.type === 'PROCESS') continue
    visited.add(element.elementId)
    if (element.state === 'ACTIVE') {
      active.set(element.elementId, (active.get(element.elementId) ?? 0) + 1)
    } else if (element.state === 'COMPLETED') ended.add(element.elementId)
  }
  const marks: DiagramMark[] = []
  for (const id of visited) {
    marks.push({
      id,
      marker: stuck.has(id)
        ? 'senflow-run--incident'
        : active.has(id)
          ? 'senflow-run--active'
          : 'senflow-run--completed',
    })
  }
  for (const flow of flows) {
    if (ended.has(flow.source) && visited.has(flow.target)) {
      marks.push({ id: flow.id, marker: 'senflow-flow--taken' })
    }
  }
  const badges: DiagramBadge[] = []
  for (const [id, count] of active) {
    badges.push({ id, count: stuck.get(id) ?? count, incident: stuck.has(id) })
  }
  return { marks, badges }
}

/**
 * Reads a variable value written as JSON; a bare word that is not JSON
 * is not accepted (strings need their quotes).
 */
export function parseVariableValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/**
 * A duration in milliseconds in the largest fitting unit: "3 d 4 h",
 * "2 h 5 min", "45 s".
 */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type User from '#models/user'

/**
 * Whether members of a unit also see the tasks offered to its sub-units
 * (`SENFLOW_SUBUNIT_VISIBILITY=true`). Leaders always see their units'
 * sub-units.
 */
export function subunitVisibility() {
  return process.env.SENFLOW_SUBUNIT_VISIBILITY === 'true'
}

/**
 * Who is looking at the inbox, resolved once per request: the groups
 * whose tasks they see (unit codes, role codes), the units they lead, and
 * whether they are an administrator.
 */
export interface TaskViewer {
  userId: number
  email: string
  admin: boolean
  leader: boolean
  /** Unit codes and role codes a task's candidate groups may name to reach this user. */
  groups: string[]
  /** The units (with their sub-units) this user leads: tasks offered to them, or assigned to their members. */
  ledUnits: string[]
}

/**
 * Every unit code below the given ones (inclusive).
 */
async function withDescendants(codes: string[]): Promise<string[]> {
  if (!codes.length) return []
  const units: { id: number; code: string; parent_id: number | null }[] = await db
    .from('units')
    .select('id', 'code', 'parent_id')
  type UnitRow = { id: number; code: string; parent_id: number | null }
  const childrenOf = new Map<number | null, UnitRow[]>()
  for (const unit of units) {
    const list = childrenOf.get(unit.parent_id) ?? []
    list.push(unit)
    childrenOf.set(unit.parent_id, list)
  }
  const result = new Set<string>()
  const queue = units.filter((unit) => codes.includes(unit.code))
  while (queue.length) {
    const unit = queue.shift()!
    if (result.has(unit.code)) continue
    result.add(unit.code)
    queue.push(...(childrenOf.get(unit.id) ?? []))
  }
  return [...result]
}

/**
 * Builds the viewer of a signed-in user (roles and units loaded).
 */
export async function taskViewerOf(user: User): Promise<TaskViewer> {
  const unitCodes = user.units.filter((unit) => unit.active !== false).map((unit) => unit.code)
  const leader = user.hasRole('leader')
  const visibleUnits = subunitVisibility() ? await withDescendants(unitCodes) : unitCodes
  return {
    userId: user.id,
    email: user.email,
    admin: user.hasRole('admin'),
    leader,
    groups: [...new Set([...visibleUnits, ...user.roles])],
    ledUnits: leader ? await withDescendants(unitCodes) : [],
  }
}

/**
 * The ids of the open tasks a viewer may see, as a sub-query: a UNION of
 * indexed lookups (assigned to them; offered to them, their units or
 * roles; for leaders, offered to or assigned within their units), which
 * stays fast with 100,000 open tasks. Admins see everything (null).
 */
export function visibleOpenTaskIds(viewer: TaskViewer): DatabaseQueryBuilderContract | null {
  if (viewer.admin) return null
  const parts: DatabaseQueryBuilderContract[] = [
    db
      .from('user_tasks')
      .select('id as task_id')
      .where('state', 'CREATED')
      .where('assignee_id', viewer.userId),
    db
      .from('user_task_candidates')
      .select('task_id')
      .where('open', true)
      .where('kind', 'user')
      .where('value', viewer.email),
  ]
  const groups = [...new Set([...viewer.groups, ...viewer.ledUnits])]
  if (groups.length) {
    parts.push(
      db
        .from('user_task_candidates')
        .select('task_id')
        .where('open', true)
        .where('kind', 'group')
        .whereIn('value', groups)
    )
  }
  if (viewer.ledUnits.length) {
    parts.push(
      db
        .from('user_tasks as lt')
        .select('lt.id as task_id')
        .where('lt.state', 'CREATED')
        .whereIn(
          'lt.assignee_id',
          db
            .from('unit_memberships as m')
            .join('units as u', 'u.id', 'm.unit_id')
            .whereIn('u.code', viewer.ledUnits)
            .select('m.user_id')
        )
    )
  }
  const [first, ...rest] = parts
  for (const part of rest) first.union(part)
  return first
}

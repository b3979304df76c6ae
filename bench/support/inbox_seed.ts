import type { Knex } from 'knex'
import { createHash, randomBytes } from 'node:crypto'
import { insertRows, type BulkWriter } from './databases.js'
import { progress } from './figures.js'

/** The organisation and inbox the inbox benchmarks seed. */
export interface InboxShape {
  units: number
  users: number
  openTasks: number
  /** Completed tasks in the history (growth benchmark). */
  completedTasks: number
}

/** What the seed made that the benchmark needs: staff members and their tokens. */
export interface SeededStaff {
  userId: number
  email: string
  unitCode: string
  token: string
}

/** Tasks prepared per round of inserts. */
const CHUNK = 2000

/** Unit codes of the seeded organisation: `BENCH-000` is the ministry. */
export function unitCode(index: number): string {
  return `BENCH-${String(index).padStart(3, '0')}`
}

/** Email of seeded user `index`. */
export function userEmail(index: number): string {
  return `staff${String(index).padStart(4, '0')}@bench.senflow.local`
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** Lucid's storage format for timestamps (UTC, `yyyy-MM-dd HH:mm:ss`). */
function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** A small deterministic pseudo-random sequence (the same seed makes the same inbox). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * Seeds the organisation: `units` units in a tree (the ministry, departments, divisions),
 * `users` staff members (each in one unit, one in five also in a second unit; one leader per
 * unit), all with the `staff` role. Returns nothing: users and units are found by code/email.
 */
export async function seedOrganisation(knex: Knex, shape: InboxShape): Promise<void> {
  const now = sqlTime(Date.now())
  const departments = Math.max(1, Math.round(Math.sqrt(shape.units)))
  const units: Array<Record<string, unknown>> = []
  for (let index = 0; index < shape.units; index++) {
    // ids are 1-based in insertion order on an empty table
    const parent = index === 0 ? null : index <= departments ? 1 : 2 + ((index - 1) % departments)
    units.push({
      id: index + 1,
      code: unitCode(index),
      name_vi: `Đơn vị ${index}`,
      name_en: `Unit ${index}`,
      parent_id: parent,
      active: true,
      created_at: now,
    })
  }
  await insertRows(knex, 'units', units)

  const users: Array<Record<string, unknown>> = []
  const memberships: Array<Record<string, unknown>> = []
  const roles: Array<Record<string, unknown>> = []
  for (let index = 0; index < shape.users; index++) {
    const id = index + 1
    const unit = index % shape.units
    users.push({
      id,
      email: userEmail(index),
      full_name: `Staff ${index}`,
      // never used to sign in: the benchmark authenticates with access tokens
      password: '$scrypt$bench-no-login',
      active: true,
      locale: 'en',
      time_zone: 'Asia/Ho_Chi_Minh',
      created_at: now,
    })
    memberships.push({ user_id: id, unit_id: unit + 1, is_primary: true })
    if (index % 5 === 4) {
      memberships.push({ user_id: id, unit_id: ((unit + 7) % shape.units) + 1, is_primary: false })
    }
    roles.push({ user_id: id, role: 'staff' })
    if (index < shape.units) {
      roles.push({ user_id: id, role: 'leader' })
    }
  }
  await insertRows(knex, 'users', users)
  await insertRows(knex, 'unit_memberships', memberships)
  await insertRows(knex, 'user_roles', roles)
}

/**
 * Seeds user tasks as the inbox holds them: `count` tasks from `firstIndex`, open
 * (`CREATED`) or completed, each offered to one unit (its candidate group); three in ten
 * open tasks assigned to a member of it, one in ten also offered to a named user. Due dates
 * spread from ten days ago to thirty days ahead; deadline notices already sent for the ones
 * due (the steady state of a running server). Completed tasks have closed candidates.
 */
export async function seedTasks(
  knex: Knex,
  shape: InboxShape,
  options: {
    firstIndex: number
    count: number
    state: 'CREATED' | 'COMPLETED'
    /** Bulk writer for large histories (multi-row inserts through `knex` otherwise). */
    writer?: BulkWriter
    /** Stop after this moment (epoch ms); the tasks written so far stay. */
    deadline?: number
  }
): Promise<number> {
  const insert = (table: string, rows: Array<Record<string, unknown>>) =>
    options.writer ? options.writer.insert(table, rows) : insertRows(knex, table, rows)
  let written = 0
  const next = random(options.firstIndex + 7)
  const nowMs = Date.now()
  const open = options.state === 'CREATED'
  for (let start = 0; start < options.count; start += CHUNK) {
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      break
    }
    const tasks: Array<Record<string, unknown>> = []
    const size = Math.min(CHUNK, options.count - start)
    const plans: Array<{ unit: string; candidateUser: string | null }> = []
    for (let offset = 0; offset < size; offset++) {
      const index = options.firstIndex + start + offset
      const unit = Math.floor(next() * shape.units)
      const member = unit + shape.units * Math.floor(next() * (shape.users / shape.units))
      const assigned = open ? next() < 0.3 : true
      const candidateUser = next() < 0.1 ? userEmail(Math.floor(next() * shape.users)) : null
      const created = nowMs - Math.floor(next() * 30 * DAY)
      const due = nowMs + Math.floor((next() * 40 - 10) * DAY)
      const dossier = `LEG-${String(index).padStart(7, '0')}`
      const key = String(2251799813685248 + index * 10)
      const headers = {
        'io.camunda.zeebe:candidateGroups': JSON.stringify([unitCode(unit)]),
        'io.camunda.zeebe:dueDate': new Date(due).toISOString(),
      }
      tasks.push({
        id: index + 1,
        task_key: key,
        state: options.state,
        name: ['Check the documents', 'Verify the signature', 'Approve the legalization'][
          index % 3
        ],
        element_id: ['check_documents', 'verify_signature', 'approve'][index % 3],
        element_instance_key: String(Number(key) - 1),
        process_instance_key: String(Number(key) - 5),
        process_definition_key: '2251799813685249',
        process_definition_id: 'consular_legalization',
        process_definition_version: 1,
        process_name: 'Consular legalization',
        assignee: assigned ? userEmail(member) : null,
        assignee_id: assigned ? member + 1 : null,
        candidate_users: JSON.stringify(candidateUser ? [candidateUser] : []),
        candidate_groups: JSON.stringify([unitCode(unit)]),
        due_date: sqlTime(due),
        follow_up_date: null,
        priority: Math.floor(next() * 101),
        form_key: null,
        form_id: 'legalization_review',
        form_binding: 'latest',
        form_version_tag: null,
        business_id: dossier,
        business_context: dossier,
        custom_headers: JSON.stringify(headers),
        variables: JSON.stringify({ dossierCode: dossier, applicant: `Applicant ${index}` }),
        created_at: sqlTime(created),
        claimed_at: assigned ? sqlTime(created + 10 * MINUTE) : null,
        claimed_by: assigned ? member + 1 : null,
        completed_at: open ? null : sqlTime(created + DAY),
        completed_by: open ? null : member + 1,
        updated_at: sqlTime(created),
        overdue_noticed_at: open && due < nowMs ? sqlTime(nowMs) : null,
        due_soon_noticed_at: open && due < nowMs + 2 * DAY ? sqlTime(nowMs) : null,
      })
      plans.push({ unit: unitCode(unit), candidateUser })
    }
    await insert('user_tasks', tasks)
    const candidates: Array<Record<string, unknown>> = []
    tasks.forEach((task, offset) => {
      candidates.push({ task_id: task.id, kind: 'group', value: plans[offset].unit, open })
      const user = plans[offset].candidateUser
      if (user) {
        candidates.push({ task_id: task.id, kind: 'user', value: user, open })
      }
    })
    await insert('user_task_candidates', candidates)
    written += size
    if ((start / CHUNK) % 50 === 49) {
      progress(`  ${start + size} of ${options.count} ${open ? 'open' : 'completed'} tasks`)
    }
  }
  return written
}

/**
 * Creates a personal access token for a user directly in `auth_access_tokens`, in the format
 * the app's token guard reads (`sfl_` + base64url(id) + `.` + base64url(secret), sha-256 of the
 * secret stored), and returns its value.
 */
export async function createToken(knex: Knex, userId: number): Promise<string> {
  const secret = randomBytes(30).toString('hex')
  const hash = createHash('sha256').update(secret).digest('hex')
  const now = sqlTime(Date.now())
  const [id] = (await knex('auth_access_tokens').insert({
    tokenable_id: userId,
    type: 'auth_token',
    name: 'bench',
    hash,
    abilities: JSON.stringify(['*']),
    created_at: now,
    updated_at: now,
    expires_at: sqlTime(Date.now() + DAY),
  })) as number[]
  const encode = (text: string) => Buffer.from(text).toString('base64url')
  return `sfl_${encode(String(id))}.${encode(secret)}`
}

/**
 * Picks `count` staff members spread over the units (members of one unit each, not leaders)
 * and gives each a token.
 */
export async function staffWithTokens(
  knex: Knex,
  shape: InboxShape,
  count: number
): Promise<SeededStaff[]> {
  const staff: SeededStaff[] = []
  for (let pick = 0; pick < count; pick++) {
    // index ≥ units: not a leader; index % 5 != 4: a single unit
    let index = shape.units + ((pick * 37) % (shape.users - shape.units))
    while (index % 5 === 4) {
      index++
    }
    staff.push({
      userId: index + 1,
      email: userEmail(index),
      unitCode: unitCode(index % shape.units),
      token: await createToken(knex, index + 1),
    })
  }
  return staff
}

/** Counts what a seeded database holds (to reuse it instead of seeding again). */
export async function seededShape(knex: Knex): Promise<InboxShape | null> {
  try {
    const count = async (table: string, state?: string) => {
      const query = knex(table).count({ total: '*' })
      if (state) {
        query.where('state', state)
      }
      const rows = (await query) as Array<{ total: number | string }>
      return Number(rows[0].total)
    }
    return {
      units: await count('units'),
      users: await count('users'),
      openTasks: await count('user_tasks', 'CREATED'),
      completedTasks: await count('user_tasks', 'COMPLETED'),
    }
  } catch {
    return null
  }
}

import type { Knex } from 'knex'
import type { BulkWriter } from './databases.js'
import { progress } from './figures.js'

/** Zeebe's key base (partition 1), as in the engine's keys.ts: key = KEY_BASE + counter. */
const KEY_BASE = 2 ** 51

/** Columns holding epoch-millisecond times: moved to each copy's own time. */
const TIME_COLUMNS = new Set(['timestamp', 'start_date', 'end_date', 'created_at'])

/** A row as read from or written to the database. */
type Row = Record<string, unknown>

/** How to make each column of one template row for a copy: key shift and start time given. */
type RowPlan = Array<[column: string, make: (shift: number, at: number) => unknown]>

/**
 * One completed instance as stored (its process-instance row and its records), from which
 * `seedHistory` makes any number of completed instances: each copy gets its own keys (the
 * template's keys shifted past every key in use, inside the JSON too), its own times, and the
 * same shape, so the tables and their indexes grow as a real history would.
 */
export interface HistoryTemplate {
  instance: RowPlan
  records: RowPlan[]
  /** How many keys one instance spans (its keys are shifted by multiples of it). */
  stride: number
  minKey: number
}

/**
 * Reads the stored rows of completed instance `processInstanceKey` as a template. The
 * instance's keys are its own and those of its records (element instances, variables, jobs);
 * anything else (the process definition's key) is kept as it is.
 */
export async function readTemplate(
  knex: Knex,
  processInstanceKey: string
): Promise<HistoryTemplate> {
  const instanceRow = (await knex('engine_process_instances')
    .where('process_instance_key', processInstanceKey)
    .first()) as Row | undefined
  const recordRows = (await knex('engine_records')
    .where('process_instance_key', processInstanceKey)
    .orderBy('position')) as Row[]
  if (!instanceRow || recordRows.length === 0) {
    throw new Error(`Expected the rows of instance ${processInstanceKey}, but found none`)
  }
  const keys = new Set<string>([String(instanceRow.process_instance_key)])
  for (const row of recordRows) {
    keys.add(String(row.record_key))
  }
  const numbers = [...keys].map(Number)
  const minKey = Math.min(...numbers)
  const baseTime = Number(instanceRow.start_date)
  return {
    instance: planOf(instanceRow, keys, baseTime),
    records: recordRows.map(({ position: _position, ...row }) => planOf(row, keys, baseTime)),
    stride: Math.max(...numbers) - minKey + 1,
    minKey,
  }
}

function planOf(row: Row, keys: Set<string>, baseTime: number): RowPlan {
  return Object.entries(row).map(([column, value]): RowPlan[number] => {
    if (TIME_COLUMNS.has(column) && value !== null && value !== undefined) {
      const delta = Number(value) - baseTime
      return [column, (_shift, at) => at + delta]
    }
    if (value !== null && value !== undefined && keys.has(String(value))) {
      const key = Number(value)
      return [column, (shift) => key + shift]
    }
    if (typeof value === 'string' && /\d{16}/.test(value)) {
      // JSON naming the instance's keys: split once, joined again with shifted keys
      const parts = value.split(/(\d{16})/)
      return [
        column,
        (shift) =>
          parts
            .map((part, index) =>
              index % 2 === 1 && keys.has(part) ? String(Number(part) + shift) : part
            )
            .join(''),
      ]
    }
    return [column, () => value]
  })
}

function build(plan: RowPlan, shift: number, at: number): Row {
  const row: Row = {}
  for (const [column, make] of plan) {
    row[column] = make(shift, at)
  }
  return row
}

/**
 * Appends up to `count` completed instances made from `template` to the engine tables, spread
 * over the year before now, with keys past every key handed out so far (the key counter is
 * moved past them first, so the engine's next keys never clash). No engine may run on the
 * database meanwhile. Each writer inserts `batch` instances at a time; they work at once.
 * Stops early at `deadline` (epoch ms); returns how many instances it added.
 */
export async function seedHistory(
  knex: Knex,
  template: HistoryTemplate,
  count: number,
  options: { writers: BulkWriter[]; batch: number; deadline: number }
): Promise<number> {
  const [counter] = (await knex('engine_key_blocks')
    .where('name', 'keys')
    .select('next_value')) as Array<{ next_value: number | string }>
  const first = Number(counter.next_value)
  await knex('engine_key_blocks')
    .where('name', 'keys')
    .update({ next_value: first + count * template.stride + 1 })
  // copy `index` has its lowest key at KEY_BASE + first + index * stride
  const shiftOf = (index: number) => KEY_BASE + first + index * template.stride - template.minKey
  const yearMs = 365 * 24 * 3600 * 1000
  const start = Date.now() - yearMs
  let next = 0
  let done = 0
  const write = async (writer: BulkWriter) => {
    while (next < count && Date.now() < options.deadline) {
      const from = next
      const to = Math.min(count, from + options.batch)
      next = to
      const instances: Row[] = []
      const records: Row[] = []
      for (let index = from; index < to; index++) {
        const shift = shiftOf(index)
        const at = start + Math.floor((index / count) * yearMs)
        instances.push(build(template.instance, shift, at))
        for (const plan of template.records) {
          records.push(build(plan, shift, at))
        }
      }
      await writer.insert('engine_process_instances', instances)
      await writer.insert('engine_records', records)
      const before = done
      done += to - from
      if (Math.floor(done / 100_000) !== Math.floor(before / 100_000)) {
        progress(`  ${done} of ${count} completed instances added to the history`)
      }
    }
  }
  await Promise.all(options.writers.map(write))
  return done
}

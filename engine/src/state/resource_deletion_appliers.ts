import { MissingStateError } from '../errors.js'
import type { ValueType } from '../intents.js'
import type { TableName } from '../store/store.js'
import type { BatchState } from './batch_state.js'
import type { EngineRecord } from './entities.js'

/** The table holding each kind of deployed resource, by the value type of its records. */
const RESOURCE_TABLES: Partial<Record<ValueType, TableName>> = {
  PROCESS: 'engine_process_definitions',
  FORM: 'engine_forms',
  DECISION_REQUIREMENTS: 'engine_decision_requirements',
  DECISION: 'engine_decisions',
}

/** The key under which a deployed resource's stored row is kept in `BatchState.deployedRows`. */
export function deployedRowKey(table: TableName, key: string): string {
  return `${table}/${key}`
}

/**
 * Applier of the DELETED records of deployed resources (a process definition, a form, a
 * decision requirements graph, a decision): the resource's row is marked deleted (kept, so its
 * version number is never given again and history still finds it). A deleted process
 * definition creates no instance any more, even later in the same batch.
 */
export function applyResourceDeleted(state: BatchState, record: EngineRecord): void {
  const table = RESOURCE_TABLES[record.valueType]
  if (!table || record.intent !== 'DELETED') {
    return
  }
  const row = state.deployedRows.get(deployedRowKey(table, record.key))
  if (!row) {
    throw new MissingStateError(
      `Expected the ${record.valueType} with key '${record.key}' to be loaded to apply its ` +
        'deletion, but it is not'
    )
  }
  state.upserts.push({ table, rows: [{ ...row, deleted_at: record.timestamp }] })
  if (record.valueType === 'PROCESS') {
    state.deletedDefinitions.add(record.key)
  }
}

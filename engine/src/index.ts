/**
 * The embedded BPMN engine: pure TypeScript, no AdonisJS, no Lucid. The app uses the
 * `WorkflowEngine` port (see `port.ts`), implemented here by `EmbeddedEngine`.
 */
export const ENGINE_NAME = 'senflow-embedded'

export * from './port.js'
export * from './errors.js'
export { SystemClock, ControllableClock, type Clock } from './clock.js'
export { BlockKeyGenerator, KEY_BASE, type KeyGenerator } from './keys.js'
export type {
  BpmnElementType,
  BpmnEventType,
  IncidentErrorType,
  Intent,
  JobState,
  ValueType,
} from './intents.js'
export { USER_TASK_JOB_TYPE, USER_TASK_HEADERS } from './intents.js'
export type { FeelFunction } from './feel/expression_language.js'
export type { EngineStore } from './store/store.js'
export { MemoryStore } from './store/memory_store.js'
export { SqlStore } from './store/sql_store.js'
export {
  createEngineTables,
  dropEngineTables,
  ENGINE_TABLES,
  ENGINE_EVENT_TABLES,
  ENGINE_DECISION_TABLES,
  DELETABLE_TABLES,
} from './store/sql_schema.js'
export { EmbeddedEngine, DEFAULT_TENANT, type EmbeddedEngineOptions } from './engine.js'

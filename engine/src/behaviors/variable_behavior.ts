import type { JsonObject, JsonValue } from '../feel/feel_values.js'
import type { BatchContext } from '../processing/batch_context.js'
import { failure, ok, type Result } from '../result.js'
import type { ProcessInstance } from '../state/instance_state.js'

/**
 * Sets variables with Zeebe's semantics, writing VARIABLE CREATED / UPDATED records:
 * - `setLocal` / `mergeLocal` write into the given scope;
 * - `mergePropagating` sends each variable to the nearest scope (from the given one upwards)
 *   that already holds a variable of that name, else to the process instance.
 * An update that does not change the value writes nothing. Changes in instances with conditional
 * subscriptions are noted for the conditions to be evaluated.
 */
export class VariableBehavior {
  constructor(private readonly batch: BatchContext) {}

  /** Sets one variable in exactly this scope. */
  setLocal(instance: ProcessInstance, scopeKey: string, name: string, value: JsonValue): void {
    const existing = instance.data.variables[scopeKey]?.[name]
    if (existing && deepEqual(existing.value, value)) {
      return
    }
    const recordValue = {
      name,
      value,
      scopeKey,
      processInstanceKey: instance.key,
      processDefinitionKey: instance.data.processDefinitionKey,
      bpmnProcessId: instance.data.bpmnProcessId,
      tenantId: instance.data.tenantId,
    }
    if (existing) {
      this.batch.append('VARIABLE', 'UPDATED', existing.key, instance.key, recordValue)
    } else {
      this.batch.append('VARIABLE', 'CREATED', this.batch.key(), instance.key, recordValue)
    }
    if (instance.hasConditionalWaits) {
      this.batch.variableChanges.push({
        processInstanceKey: instance.key,
        scopeKey,
        name,
        intent: existing ? 'UPDATED' : 'CREATED',
      })
    }
  }

  /** Sets every variable of a document in this scope. */
  mergeLocal(instance: ProcessInstance, scopeKey: string, document: JsonObject): void {
    for (const name of Object.keys(document)) {
      this.setLocal(instance, scopeKey, name, document[name])
    }
  }

  /** Sets every variable where it already lives (from `scopeKey` upwards), else at the root. */
  mergePropagating(instance: ProcessInstance, scopeKey: string, document: JsonObject): void {
    for (const name of Object.keys(document)) {
      const scope = instance.findScopeOf(scopeKey, name) ?? instance.key
      this.setLocal(instance, scope, name, document[name])
    }
  }

  /**
   * Checks a document produced by the process (a mapping, a script result) against the size
   * limit; API input is checked on entry instead.
   */
  checkSize(document: JsonObject): Result<void> {
    const limit = this.batch.services.maxVariableBytes
    for (const name of Object.keys(document)) {
      const size = jsonSize(document[name])
      if (size > limit) {
        return failure(
          'IO_MAPPING_ERROR',
          `Expected variable '${name}' to be at most ${limit} bytes as JSON, but it is ${size} bytes`
        )
      }
    }
    return ok(undefined)
  }
}

/** The size in bytes of a value serialized as JSON. */
export function jsonSize(value: JsonValue): number {
  const text = JSON.stringify(value)
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only measure exactly when it could matter
  return text.length * 3 > 64 * 1024 ? Buffer.byteLength(text) : text.length
}

/** Structural equality of two JSON values. */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) {
    return true
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return false
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) {
      return false
    }
    return a.every((entry, index) => deepEqual(entry, b[index]))
  }
  if (Array.isArray(b)) {
    return false
  }
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) {
    return false
  }
  return keys.every((key) => key in b && deepEqual(a[key], b[key]))
}

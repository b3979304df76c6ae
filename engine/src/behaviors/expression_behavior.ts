import type { VariableLookup } from '../feel/expression_language.js'
import type { JsonValue } from '../feel/feel_values.js'
import type { ProcessInstance } from '../state/instance_state.js'

/**
 * Builds the variable view an expression is evaluated against: the variables visible from a
 * scope (its own, then each enclosing scope's), optionally overlaid with values computed so far
 * (earlier mappings of the same element).
 */
export function scopeLookup(
  instance: ProcessInstance,
  scopeKey: string,
  overlay?: Record<string, JsonValue>
): VariableLookup {
  return {
    get(name) {
      if (overlay && name in overlay) {
        return overlay[name]
      }
      return instance.variable(scopeKey, name)
    },
    all() {
      const all = instance.visibleVariables(scopeKey)
      return overlay ? { ...all, ...overlay } : all
    },
  }
}

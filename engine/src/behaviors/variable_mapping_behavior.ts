import type { JsonObject, JsonValue } from '../feel/feel_values.js'
import type { ExecutableElement, ExecutableMapping } from '../model/executable.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { ok, type Result } from '../result.js'
import { scopeLookup } from './expression_behavior.js'
import type { VariableBehavior } from './variable_behavior.js'

/**
 * Applies `zeebe:ioMapping` as Zeebe does:
 * - input mappings are evaluated against the enclosing scopes and become local variables of
 *   the element (a later mapping sees the targets of earlier ones);
 * - on completion, the trigger's variables (a completed job's) become local variables when the
 *   element has output mappings, whose results are then merged into the enclosing scopes;
 *   without output mappings the trigger's variables are merged from the element upwards;
 * - a triggered event (boundary, start, after an event-based gateway) holds its event's
 *   variables locally: without output mappings they are merged from its flow scope upwards.
 */
export class VariableMappingBehavior {
  constructor(
    private readonly batch: BatchContext,
    private readonly variables: VariableBehavior
  ) {}

  /** Evaluates the input mappings and sets their results as local variables. */
  applyInputMappings(context: ElementContext): Result<void> {
    const mappings = context.element.inputMappings
    if (mappings.length === 0) {
      return ok(undefined)
    }
    // the inner instance of a multi-instance body sees its own loop variables (Zeebe)
    const ownScope = context.element.flowScope?.type === 'MULTI_INSTANCE_BODY'
    const scope = ownScope ? context.key : (context.flowScopeKey ?? context.key)
    const document = this.#evaluate(context, mappings, scope)
    if (!document.ok) {
      return document
    }
    this.variables.mergeLocal(context.instance, context.key, document.value)
    return ok(undefined)
  }

  /** Applies the trigger variables and output mappings when the element completes. */
  applyOutputMappings(context: ElementContext): Result<void> {
    const applied = this.#applyOutputMappings(context)
    const eventKey = context.data.trigger?.eventKey
    if (applied.ok && eventKey) {
      // the event the element caught for itself is consumed
      this.batch.append('PROCESS_EVENT', 'TRIGGERED', eventKey, context.instance.key, {
        scopeKey: context.key,
        targetElementId: context.element.id,
        processInstanceKey: context.instance.key,
        processDefinitionKey: context.instance.data.processDefinitionKey,
        tenantId: context.instance.data.tenantId,
      })
    }
    return applied
  }

  #applyOutputMappings(context: ElementContext): Result<void> {
    const { instance, element, key } = context
    const triggerVariables = context.data.trigger?.variables
    if (element.outputMappings.length > 0) {
      if (triggerVariables) {
        this.variables.mergeLocal(instance, key, triggerVariables)
      }
      const document = this.#evaluate(context, element.outputMappings, key)
      if (!document.ok) {
        return document
      }
      this.variables.mergePropagating(instance, context.flowScopeKey ?? key, document.value)
    } else if (triggerVariables) {
      this.variables.mergePropagating(instance, key, triggerVariables)
    } else if (carriesEventVariables(element) && context.flowScopeKey !== null) {
      // a triggered event got its event's variables as local variables: they move outwards
      const local = instance.localVariables(key)
      const document: JsonObject = {}
      for (const name of Object.keys(local)) {
        document[name] = local[name].value
      }
      this.variables.mergePropagating(instance, context.flowScopeKey, document)
    }
    return ok(undefined)
  }

  #evaluate(
    context: ElementContext,
    mappings: ExecutableMapping[],
    scopeKey: string
  ): Result<JsonObject> {
    const document: JsonObject = {}
    const lookup = scopeLookup(context.instance, scopeKey, document)
    for (const mapping of mappings) {
      const result = this.batch.services.language.evaluateJson(
        mapping.source,
        lookup,
        'IO_MAPPING_ERROR'
      )
      if (!result.ok) {
        return result
      }
      const [root, ...path] = mapping.target
      document[root] =
        path.length === 0 ? result.value : withPath(lookup.get(root), path, result.value)
    }
    const size = this.variables.checkSize(document)
    return size.ok ? ok(document) : size
  }
}

/**
 * Events that run with their event's variables as local variables (Zeebe: boundary events,
 * start events, catch events after an event-based gateway).
 */
function carriesEventVariables(element: ExecutableElement): boolean {
  return (
    element.type === 'BOUNDARY_EVENT' || element.type === 'START_EVENT' || element.afterEventGateway
  )
}

/**
 * Sets a nested property (`a.b.c`) on a copy of an object value, creating the objects on the
 * way; a non-object base is replaced by an object.
 */
function withPath(base: JsonValue | undefined, path: string[], value: JsonValue): JsonValue {
  const copy: JsonObject =
    base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...base } : {}
  const [head, ...rest] = path
  copy[head] = rest.length === 0 ? value : withPath(copy[head], rest, value)
  return copy
}

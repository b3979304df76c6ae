import type { JsonValue } from '../feel/feel_values.js'
import { feelTypeName } from '../feel/feel_values.js'
import type { BatchContext } from '../processing/batch_context.js'
import { contextOf, type ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import { scopeLookup } from './expression_behavior.js'
import type { IncidentBehavior } from './incident_behavior.js'
import type { StateTransitionBehavior } from './state_transition_behavior.js'
import type { VariableBehavior } from './variable_behavior.js'

/** The variable Zeebe sets on each inner instance: its 1-based position in the collection. */
export const LOOP_COUNTER = 'loopCounter'

/**
 * Multi-instance activities as Zeebe runs them. The body (MULTI_INSTANCE_BODY, the activity's
 * id) evaluates `inputCollection` (a list, else an incident naming the expression), creates
 * the output collection (a list of nulls) as its local variable, and runs the inner activity
 * once per item — all at once (parallel) or one after the other (sequential). Each inner
 * instance gets the local variables `loopCounter`, the `inputElement` and, when
 * `outputElement` reads a single variable, that variable (null) so results stay local. When an
 * inner instance completes, its `outputElement` goes into the output collection at its
 * position, and `completionCondition` is evaluated in its scope with `numberOfInstances`,
 * `numberOfActiveInstances`, `numberOfCompletedInstances` and `numberOfTerminatedInstances`
 * (not process variables: they take precedence over variables of the same name); when it
 * holds, the other inner instances are terminated and the body completes. The body's
 * completion propagates the output collection to the enclosing scopes.
 */
export class MultiInstanceBehavior {
  /** Bodies whose completion condition was fulfilled by the inner instance completing now. */
  readonly #fulfilled = new Set<string>()

  constructor(
    private readonly batch: BatchContext,
    private readonly transitions: StateTransitionBehavior,
    private readonly variables: VariableBehavior,
    private readonly incidents: IncidentBehavior
  ) {}

  /** Evaluates the input collection of a body; it must be a list. */
  inputCollection(body: ElementContext): Result<JsonValue[]> {
    const expression = body.element.loop!.inputCollection
    const value = this.batch.services.language.evaluateJson(
      expression,
      scopeLookup(body.instance, body.key),
      'EXTRACT_VALUE_ERROR'
    )
    if (!value.ok) {
      return value
    }
    if (!Array.isArray(value.value)) {
      return failure(
        'EXTRACT_VALUE_ERROR',
        `Expected result of the expression '${expression.feel ?? expression.source}' to be ` +
          `'ARRAY', but was '${feelTypeName(value.value)}'.`
      )
    }
    return ok(value.value)
  }

  /** Creates the output collection (a list of nulls, one per item) on the body. */
  initOutputCollection(body: ElementContext, size: number): void {
    const name = body.element.loop!.outputCollection
    if (name) {
      this.variables.setLocal(body.instance, body.key, name, new Array(size).fill(null))
    }
  }

  /** Queues the inner instance for the item at `index`, with its local loop variables. */
  createInner(body: ElementContext, item: JsonValue, index: number): void {
    const { loop, innerActivity } = body.element
    const key = this.transitions.activateElement(body.instance, innerActivity!, body.key)
    if (loop!.inputElement) {
      this.variables.setLocal(body.instance, key, loop!.inputElement, item)
    }
    // an output element that reads a variable gets it as a local variable (null), so what the
    // inner activity sets under that name stays in its scope (not the input element or counter)
    const outputVariable = loop!.outputElement?.path?.[0]
    if (
      outputVariable &&
      outputVariable !== loop!.inputElement &&
      outputVariable !== LOOP_COUNTER
    ) {
      this.variables.setLocal(body.instance, key, outputVariable, null)
    }
    this.variables.setLocal(body.instance, key, LOOP_COUNTER, index + 1)
  }

  /**
   * Before an inner instance completes (its output mappings applied): collects its output
   * element and evaluates the completion condition. Returns `false` after an incident (the
   * inner instance stays COMPLETING until it is resolved).
   */
  beforeInnerCompleted(inner: ElementContext): boolean {
    const bodyData =
      inner.flowScopeKey === null ? undefined : inner.instance.element(inner.flowScopeKey)
    if (bodyData?.type !== 'MULTI_INSTANCE_BODY' || bodyData.elementId !== inner.element.id) {
      return true
    }
    const body = contextOf(inner.instance, inner.definition, bodyData, null)
    const loop = body.element.loop!
    const lookup = scopeLookup(inner.instance, inner.key)
    const { language } = this.batch.services
    if (loop.outputCollection && loop.outputElement) {
      const element = language.evaluateJson(loop.outputElement, lookup, 'EXTRACT_VALUE_ERROR')
      if (!element.ok) {
        this.incidents.createIncident(inner, element.failure)
        return false
      }
      const updated = this.#withOutput(body, inner, element.value)
      if (!updated.ok) {
        this.incidents.createIncident(inner, updated.failure)
        return false
      }
      this.variables.setLocal(inner.instance, body.key, loop.outputCollection, updated.value)
    }
    if (!loop.completionCondition) {
      return true
    }
    // as Zeebe counts them while the inner instance completes: it is no longer active and
    // already completed; `numberOfInstances` is how many inner instances were created so far
    const counts = bodyData.loop ?? { created: 0, completed: 0, terminated: 0 }
    const properties: Record<string, JsonValue> = {
      numberOfInstances: counts.created,
      numberOfActiveInstances: bodyData.childCount - 1,
      numberOfCompletedInstances: counts.completed + 1,
      numberOfTerminatedInstances: counts.terminated,
    }
    const fulfilled = language.evaluateBoolean(
      loop.completionCondition,
      scopeLookup(inner.instance, inner.key, properties),
      'EXTRACT_VALUE_ERROR'
    )
    if (!fulfilled.ok) {
      this.incidents.createIncident(inner, fulfilled.failure)
      return false
    }
    if (fulfilled.value) {
      this.#fulfilled.add(body.key)
      this.transitions.terminateChildren(inner.instance, body.key, inner.key)
    }
    return true
  }

  /** Whether the inner instance that just completed fulfilled the body's completion condition. */
  takeFulfilled(bodyKey: string): boolean {
    return this.#fulfilled.delete(bodyKey)
  }

  #withOutput(body: ElementContext, inner: ElementContext, value: JsonValue): Result<JsonValue[]> {
    const name = body.element.loop!.outputCollection!
    const current = body.instance.localVariables(body.key)[name]?.value
    const counter = inner.instance.localVariables(inner.key)[LOOP_COUNTER]?.value
    if (!Array.isArray(current)) {
      return failure(
        'EXTRACT_VALUE_ERROR',
        `Expected the output collection variable '${name}' to be of type list, but it was ` +
          `${feelTypeName(current ?? null)}`
      )
    }
    const index = typeof counter === 'number' ? counter - 1 : -1
    if (index < 0 || index >= current.length) {
      return failure(
        'EXTRACT_VALUE_ERROR',
        `Expected the output collection variable '${name}' to have an element at index ` +
          `${index + 1}, but it has ${current.length} elements`
      )
    }
    const copy = [...current]
    copy[index] = value
    return ok(copy)
  }
}

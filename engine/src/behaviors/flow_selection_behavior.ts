import type { ExecutableSequenceFlow } from '../model/executable.js'
import type { BatchContext } from '../processing/batch_context.js'
import type { ElementContext } from '../processing/element_context.js'
import { failure, ok, type Result } from '../result.js'
import { scopeLookup } from './expression_behavior.js'

const NO_FLOW_CHOSEN =
  'Expected at least one condition to evaluate to true, or to have a default flow'

/**
 * Chooses the outgoing sequence flows to take: exclusive gateways take the first flow whose
 * condition holds, inclusive gateways and activities every such flow (activities also every
 * flow without a condition); the default flow when no condition holds; a CONDITION_ERROR
 * failure when nothing can be taken. A condition that cannot be evaluated to a boolean is an
 * EXTRACT_VALUE_ERROR failure naming the expression.
 */
export class FlowSelectionBehavior {
  constructor(private readonly batch: BatchContext) {}

  /** The flow an exclusive gateway takes, `null` for an implicit end (no outgoing flow). */
  exclusive(context: ElementContext): Result<ExecutableSequenceFlow | null> {
    const { outgoing, defaultFlow } = context.element
    if (outgoing.length === 0) {
      return ok(null)
    }
    if (outgoing.length === 1 && outgoing[0].condition === null) {
      return ok(outgoing[0])
    }
    for (const flow of outgoing) {
      if (flow === defaultFlow || flow.condition === null) {
        continue
      }
      const holds = this.#holds(context, flow)
      if (!holds.ok) {
        return holds
      }
      if (holds.value) {
        return ok(flow)
      }
    }
    return defaultFlow ? ok(defaultFlow) : failure('CONDITION_ERROR', NO_FLOW_CHOSEN)
  }

  /** The flows an inclusive gateway takes. */
  inclusive(context: ElementContext): Result<ExecutableSequenceFlow[]> {
    return this.#all(context, false)
  }

  /** The flows an activity or event takes (unconditional ones always). */
  activity(context: ElementContext): Result<ExecutableSequenceFlow[]> {
    const outgoing = context.element.outgoing
    if (outgoing.every((flow) => flow.condition === null && flow !== context.element.defaultFlow)) {
      return ok(outgoing)
    }
    return this.#all(context, true)
  }

  #all(context: ElementContext, takeUnconditional: boolean): Result<ExecutableSequenceFlow[]> {
    const { outgoing, defaultFlow } = context.element
    if (outgoing.length === 0) {
      return ok([])
    }
    if (outgoing.length === 1 && outgoing[0].condition === null) {
      return ok([outgoing[0]])
    }
    const taken: ExecutableSequenceFlow[] = []
    for (const flow of outgoing) {
      if (flow === defaultFlow) {
        continue
      }
      if (flow.condition === null) {
        if (takeUnconditional) {
          taken.push(flow)
        }
        continue
      }
      const holds = this.#holds(context, flow)
      if (!holds.ok) {
        return holds
      }
      if (holds.value) {
        taken.push(flow)
      }
    }
    const conditionalTaken = taken.some((flow) => flow.condition !== null)
    if (!conditionalTaken && defaultFlow) {
      taken.push(defaultFlow)
    }
    return taken.length > 0 ? ok(taken) : failure('CONDITION_ERROR', NO_FLOW_CHOSEN)
  }

  #holds(context: ElementContext, flow: ExecutableSequenceFlow): Result<boolean> {
    return this.batch.services.language.evaluateBoolean(
      flow.condition!,
      scopeLookup(context.instance, context.key),
      'EXTRACT_VALUE_ERROR'
    )
  }
}

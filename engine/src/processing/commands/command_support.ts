import { MissingStateError, NotFoundError } from '../../errors.js'
import type { ProcessInstance } from '../../state/instance_state.js'
import type { BatchContext } from '../batch_context.js'
import { contextOf, type ElementContext } from '../element_context.js'

/** The live instance with that key, or a NotFoundError with the given message. */
export function requireInstance(
  batch: BatchContext,
  key: string,
  message: string
): ProcessInstance {
  const instance = batch.state.instance(key)
  if (!instance || instance.data.state !== 'ACTIVE') {
    throw new NotFoundError(message)
  }
  return instance
}

/** The element context of a live element instance (for behaviors called from commands). */
export function elementContextOf(
  batch: BatchContext,
  instance: ProcessInstance,
  elementInstanceKey: string
): ElementContext {
  const data = instance.element(elementInstanceKey)
  if (!data) {
    throw new MissingStateError(
      `Expected element instance '${elementInstanceKey}' to be live, but it is not`,
      instance.key
    )
  }
  return contextOf(instance, batch.definition(instance.data.processDefinitionKey), data, null)
}

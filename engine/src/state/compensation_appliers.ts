import { MissingStateError } from '../errors.js'
import type { BatchState } from './batch_state.js'
import type { EngineRecord } from './entities.js'
import type { CompensationData } from './instance_state.js'

/**
 * Compensation subscriptions live in their instance: created when a compensable activity
 * completes, marked when compensation is thrown for them (with the throw event and handler
 * instance), removed when their handler completed or the subscription was deleted.
 */
export function applyCompensationEvent(state: BatchState, record: EngineRecord): void {
  const instance = state.instance(record.processInstanceKey)
  if (!instance) {
    throw new MissingStateError(
      `Expected process instance '${record.processInstanceKey}' to be loaded to apply ` +
        `COMPENSATION_SUBSCRIPTION ${record.intent}, but it is not`,
      record.processInstanceKey ?? undefined
    )
  }
  state.touchInstance(instance.key)
  const value = record.value
  const list = (instance.data.compensations ??= [])
  switch (record.intent) {
    case 'CREATED':
      list.push({
        key: record.key,
        elementInstanceKey: value.compensableActivityInstanceKey as string,
        elementId: value.compensableActivityId as string,
        handlerId: value.compensationHandlerId as string,
        scopePath: value.scopePath as CompensationData['scopePath'],
        throwEventInstanceKey: null,
        handlerInstanceKey: null,
      })
      return
    case 'TRIGGERED': {
      const subscription = list.find((entry) => entry.key === record.key)
      if (subscription) {
        subscription.throwEventInstanceKey = value.throwEventInstanceKey as string
        subscription.handlerInstanceKey = value.compensationHandlerInstanceKey as string
      }
      return
    }
    default:
      instance.data.compensations = list.filter((entry) => entry.key !== record.key)
  }
}

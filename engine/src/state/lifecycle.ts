import type { ProcessInstanceIntent } from '../intents.js'

/** The lifecycle states of an element instance. */
export type ElementState =
  'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'COMPLETED' | 'TERMINATING' | 'TERMINATED'

/**
 * The one table of allowed lifecycle transitions (`NONE` is "not created yet"):
 * `ACTIVATING → ACTIVATED → COMPLETING → COMPLETED`, and from any live state to
 * `TERMINATING → TERMINATED`.
 */
const TRANSITIONS: Record<ElementState | 'NONE', readonly ElementState[]> = {
  NONE: ['ACTIVATING'],
  ACTIVATING: ['ACTIVATED', 'TERMINATING'],
  ACTIVATED: ['COMPLETING', 'TERMINATING'],
  COMPLETING: ['COMPLETED', 'TERMINATING'],
  COMPLETED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
}

/** Whether an element instance may move from one state to another. */
export function canTransition(from: ElementState | 'NONE', to: ElementState): boolean {
  return TRANSITIONS[from].includes(to)
}

/** The state an element lifecycle event puts an element instance in. */
export const STATE_OF_INTENT: Partial<Record<ProcessInstanceIntent, ElementState>> = {
  ELEMENT_ACTIVATING: 'ACTIVATING',
  ELEMENT_ACTIVATED: 'ACTIVATED',
  ELEMENT_COMPLETING: 'COMPLETING',
  ELEMENT_COMPLETED: 'COMPLETED',
  ELEMENT_TERMINATING: 'TERMINATING',
  ELEMENT_TERMINATED: 'TERMINATED',
}

import { associationsOf } from './compensation_model.js'
import {
  extensionOf,
  type ModdleBaseElement,
  type ModdleElement,
  type ModdleFlowContainer,
  type ModdleFlowElement,
  type ZeebeCalledElement,
  type ZeebeLoopCharacteristics,
} from './moddle_types.js'

/** Reports one problem of the element being validated. */
type Report = (message: string) => void

const BINDING_TYPES = new Set(['latest', 'deployment', 'versionTag'])

/**
 * A call activity needs `zeebe:calledElement` with a process id (static or `=expression`); its
 * binding type is `latest`, `deployment` or `versionTag` (which needs a version tag).
 */
export function validateCalledElement(element: ModdleFlowElement, report: Report): void {
  const called = extensionOf<ZeebeCalledElement>(element, 'zeebe:CalledElement')
  if (!called) {
    report('Expected a call activity to have a zeebe:calledElement, but found none')
    return
  }
  if (!called.processId?.trim()) {
    report('Expected zeebe:calledElement to have a non-empty processId, but it is empty')
  }
  const binding = called.bindingType ?? 'latest'
  if (!BINDING_TYPES.has(binding)) {
    report(
      `Expected zeebe:calledElement bindingType to be 'latest', 'deployment' or 'versionTag', ` +
        `but found '${binding}'`
    )
  } else if (binding === 'versionTag' && !called.versionTag?.trim()) {
    report(
      "Expected zeebe:calledElement with bindingType 'versionTag' to have a versionTag, but it has none"
    )
  }
}

/**
 * Only multi-instance loop characteristics run (as in Zeebe), with a `zeebe:loopCharacteristics`
 * input collection; an output collection and an output element go together.
 */
export function validateLoopCharacteristics(element: ModdleFlowElement, report: Report): void {
  const loop = element.loopCharacteristics as ModdleBaseElement
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    report(
      `Expected multi-instance loop characteristics, but found ${loop.$type}, which Zeebe does not run`
    )
    return
  }
  if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent) {
    report(
      'Expected an event sub-process without loop characteristics, but found a multi-instance marker'
    )
    return
  }
  const zeebe = extensionOf<ZeebeLoopCharacteristics>(loop, 'zeebe:LoopCharacteristics')
  if (!zeebe?.inputCollection?.trim()) {
    report(
      'Expected a multi-instance activity to have zeebe:loopCharacteristics with an inputCollection, but found none'
    )
  }
  const output = !!zeebe?.outputCollection?.trim()
  const outputElement = !!zeebe?.outputElement?.trim()
  if (output !== outputElement) {
    report(
      'Expected zeebe:loopCharacteristics to have both outputCollection and outputElement, ' +
        `but found only ${output ? 'outputCollection' : 'outputElement'}`
    )
  }
  for (const name of [zeebe?.inputElement, zeebe?.outputCollection]) {
    if (name?.trim() && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.trim())) {
      report(`Expected a variable name in zeebe:loopCharacteristics, but found '${name}'`)
    }
  }
}

/**
 * Compensation as Zeebe 8.5 runs it: a compensation boundary event has no outgoing flow and
 * one association to its handler, an activity marked `isForCompensation` with no sequence
 * flows (it only runs when compensation is thrown).
 */
export function validateCompensation(
  element: ModdleFlowElement,
  incoming: number,
  outgoing: number,
  report: Report
): void {
  const container = element.$parent as ModdleFlowContainer | undefined
  const associations = container ? associationsOf(container) : []
  if (element.isForCompensation) {
    if (incoming > 0 || outgoing > 0) {
      report(
        `Expected a compensation handler to have no sequence flows, but found ${incoming} incoming and ${outgoing} outgoing`
      )
    }
    if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent) {
      report('Expected a compensation handler to be an activity, but found an event sub-process')
    }
    const linked = associations.some(
      (association) =>
        association.targetRef?.id === element.id &&
        isCompensationBoundary(association.sourceRef as ModdleFlowElement | undefined)
    )
    if (!linked) {
      report(
        'Expected a compensation handler to be associated with a compensation boundary event, but none points to it'
      )
    }
    return
  }
  const definition = (element.eventDefinitions ?? [])[0] as
    (ModdleElement & { waitForCompletion?: boolean; activityRef?: ModdleFlowElement }) | undefined
  if (
    definition?.$type === 'bpmn:CompensateEventDefinition' &&
    element.$type !== 'bpmn:BoundaryEvent'
  ) {
    validateCompensationThrow(element, definition, report)
    return
  }
  if (!isCompensationBoundary(element)) {
    return
  }
  if (outgoing > 0) {
    report(
      `Expected a compensation boundary event to have no outgoing sequence flow, but found ${outgoing}`
    )
  }
  const handlers = associations.filter((association) => association.sourceRef?.id === element.id)
  const handler = handlers[0]?.targetRef as ModdleFlowElement | undefined
  if (handlers.length !== 1 || !handler?.isForCompensation) {
    report(
      'Expected a compensation boundary event to be associated with exactly one activity marked ' +
        `isForCompensation, but found ${handlers.length} association(s)` +
        (handler && !handler.isForCompensation
          ? ` to '${handler.id}', which is not for compensation`
          : '')
    )
  }
}

/**
 * A compensation throw event waits for its handlers (Zeebe runs no other way) and its
 * `activityRef` names an activity of its own scope — of the scope around it, for an event
 * sub-process.
 */
function validateCompensationThrow(
  element: ModdleFlowElement,
  definition: ModdleElement & { waitForCompletion?: boolean; activityRef?: ModdleFlowElement },
  report: Report
): void {
  if (definition.waitForCompletion === false) {
    report('Expected a compensation event to wait for completion, but waitForCompletion is false')
  }
  const target = definition.activityRef
  if (!target) {
    return
  }
  let scope = element.$parent as ModdleFlowElement | undefined
  if (scope?.$type === 'bpmn:SubProcess' && scope.triggeredByEvent) {
    scope = scope.$parent as ModdleFlowElement | undefined
  }
  if (target.$parent !== scope) {
    report(
      `Expected the activityRef '${target.id}' of a compensation event to be an activity of the same scope, but it is not`
    )
  }
}

function isCompensationBoundary(element: ModdleFlowElement | undefined): boolean {
  return (
    element?.$type === 'bpmn:BoundaryEvent' &&
    (element.eventDefinitions ?? []).some(
      (definition) => definition.$type === 'bpmn:CompensateEventDefinition'
    )
  )
}

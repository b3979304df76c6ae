import type { Expression } from '../feel/expression_language.js'
import { extensionOf, type ModdleElement, type ModdleFlowElement } from '../model/moddle_types.js'

/** `<zeebe:calledDecision>` as `zeebe-bpmn-moddle` reads it. */
interface ZeebeCalledDecision extends ModdleElement {
  decisionId?: string
  resultVariable?: string
  bindingType?: string
  versionTag?: string
}

const BINDING_TYPES = ['latest', 'deployment', 'versionTag'] as const

/** What a business-rule task with `zeebe:calledDecision` evaluates. */
export interface ExecutableCalledDecision {
  /** The decision id: static, or FEEL evaluated on activation. */
  decisionId: Expression
  resultVariable: string
  bindingType: (typeof BINDING_TYPES)[number]
  versionTag: string | null
}

/**
 * Compiles the `zeebe:calledDecision` of a business-rule task, or `null` when it has none
 * (then it is a job worker task with a `zeebe:taskDefinition`).
 */
export function transformCalledDecision(
  element: ModdleFlowElement,
  compile: (source: string, what: string) => Expression
): ExecutableCalledDecision | null {
  const called = extensionOf<ZeebeCalledDecision>(element, 'zeebe:CalledDecision')
  if (element.$type !== 'bpmn:BusinessRuleTask' || !called) {
    return null
  }
  const bindingType = (called.bindingType ?? 'latest') as ExecutableCalledDecision['bindingType']
  return {
    decisionId: compile((called.decisionId ?? '').trim(), 'decision id'),
    resultVariable: (called.resultVariable ?? '').trim(),
    bindingType: BINDING_TYPES.includes(bindingType) ? bindingType : 'latest',
    versionTag: called.versionTag?.trim() || null,
  }
}

/**
 * Checks a business-rule task: either `zeebe:calledDecision` (a decision id, a result variable,
 * a known binding type, a version tag with `versionTag`) or a `zeebe:taskDefinition`; reports
 * problems in the form "Expected …, but …". Returns `false` when it has no called decision (the
 * caller checks the task definition).
 */
export function validateCalledDecision(
  element: ModdleFlowElement,
  problem: (message: string) => void
): boolean {
  const called = extensionOf<ZeebeCalledDecision>(element, 'zeebe:CalledDecision')
  if (!called) {
    return false
  }
  if (extensionOf(element, 'zeebe:TaskDefinition')) {
    problem(
      'Expected a business rule task to have either zeebe:calledDecision or zeebe:taskDefinition, but found both'
    )
  }
  if (!called.decisionId?.trim()) {
    problem('Expected zeebe:calledDecision to have a decisionId, but found none')
  }
  if (!called.resultVariable?.trim()) {
    problem('Expected zeebe:calledDecision to have a resultVariable, but found none')
  }
  const bindingType = called.bindingType ?? 'latest'
  if (!(BINDING_TYPES as readonly string[]).includes(bindingType)) {
    problem(
      `Expected the bindingType of zeebe:calledDecision to be one of ${BINDING_TYPES.join(', ')}, but found '${bindingType}'`
    )
  } else if (bindingType === 'versionTag' && !called.versionTag?.trim()) {
    problem(
      "Expected zeebe:calledDecision with bindingType 'versionTag' to have a versionTag, but found none"
    )
  }
  return true
}

import type { JsonObject, WorkflowEngine } from '@senflow/engine'

/**
 * Commands being added to the `WorkflowEngine` port by other work (see the contracts in the
 * engine's README): the gateway and `ZeebeEngine` use them when the engine has them, and answer
 * that the command is not available otherwise. Shapes as agreed (Camunda 8 REST v2).
 */
export interface ModifyProcessInstanceRequest {
  activateInstructions?: {
    elementId: string
    ancestorElementInstanceKey?: string
    variableInstructions?: { variables: JsonObject; scopeId?: string }[]
  }[]
  terminateInstructions?: { elementInstanceKey: string }[]
}

export interface MigrateProcessInstanceRequest {
  targetProcessDefinitionKey: string
  mappingInstructions: { sourceElementId: string; targetElementId: string }[]
}

export interface EvaluateDecisionRequest {
  decisionDefinitionId?: string
  decisionDefinitionKey?: string
  variables?: JsonObject
  tenantId?: string
}

export interface EvaluatedDecisionResult {
  decisionDefinitionId: string
  decisionDefinitionKey: string
  decisionDefinitionName: string | null
  decisionDefinitionVersion: number
  decisionDefinitionType?: string
  output: string
  tenantId: string
  matchedRules: {
    ruleId: string
    ruleIndex: number
    evaluatedOutputs: { outputId: string; outputName: string | null; outputValue: string }[]
  }[]
  evaluatedInputs: { inputId: string; inputName: string | null; inputValue: string }[]
}

export interface EvaluateDecisionResult {
  decisionDefinitionId: string
  decisionDefinitionKey: string
  decisionDefinitionName: string | null
  decisionDefinitionVersion: number
  decisionRequirementsId: string
  decisionRequirementsKey: string
  output: string
  failedDecisionDefinitionId: string | null
  failureMessage: string | null
  tenantId: string
  decisionInstanceKey: string
  evaluatedDecisions: EvaluatedDecisionResult[]
}

/** Deployed decisions and requirements, in a deployment answer (Camunda's shape). */
export interface DeployedDecision {
  decisionDefinitionId: string
  version: number
  decisionDefinitionKey: string
  name: string | null
  tenantId: string
  decisionRequirementsId: string
  decisionRequirementsKey: string
}

export interface DeployedDecisionRequirements {
  decisionRequirementsId: string
  decisionRequirementsName: string | null
  version: number
  decisionRequirementsKey: string
  resourceName: string
  tenantId: string
}

/** The optional commands, as an engine may offer them. */
export interface EngineExtensions {
  modifyProcessInstance?(key: string, request: ModifyProcessInstanceRequest): Promise<void>
  migrateProcessInstance?(key: string, request: MigrateProcessInstanceRequest): Promise<void>
  evaluateDecision?(request: EvaluateDecisionRequest): Promise<EvaluateDecisionResult>
}

/** The engine with the optional commands it may have. */
export function extensionsOf(engine: WorkflowEngine): EngineExtensions {
  return engine as unknown as EngineExtensions
}

import { InvalidArgumentError } from '../../errors.js'
import type { JsonObject } from '../../feel/feel_values.js'
import type {
  InstanceBatchResult,
  MigrateProcessInstanceRequest,
  MigrateProcessInstancesRequest,
  ModifyProcessInstanceRequest,
} from '../../port.js'
import type { EngineCommand } from './engine_command.js'
import { MigrateProcessInstancesCommand, type MigrationPlan } from './migration_command.js'
import {
  ModifyProcessInstanceCommand,
  type ModificationInstructions,
} from './modification_command.js'
import {
  SuspendDefinitionInstancesCommand,
  SuspendInstanceCommand,
  SUSPENSION_PAGE,
} from './suspension_commands.js'

type Submit = <R>(command: EngineCommand<R>) => Promise<R>

/**
 * The administration calls of `EmbeddedEngine` (modification, migration, suspension): checks
 * the shape of each request (what the REST layer may not have), then submits its command.
 */
export class InstanceAdministration {
  constructor(
    private readonly submit: Submit,
    private readonly checkVariables: (variables: unknown) => JsonObject
  ) {}

  async modify(processInstanceKey: string, request: ModifyProcessInstanceRequest): Promise<void> {
    const instructions: ModificationInstructions = {
      activateInstructions: (request.activateInstructions ?? []).map((instruction, index) => {
        const at = `activateInstructions[${index}]`
        requireText(instruction?.elementId, `${at}.elementId`)
        if (instruction.ancestorElementInstanceKey !== undefined) {
          requireKey(instruction.ancestorElementInstanceKey, `${at}.ancestorElementInstanceKey`)
        }
        return {
          elementId: instruction.elementId,
          ...(instruction.ancestorElementInstanceKey === undefined
            ? {}
            : { ancestorElementInstanceKey: String(instruction.ancestorElementInstanceKey) }),
          variableInstructions: (instruction.variableInstructions ?? []).map((variable, v) => {
            if (variable?.scopeId !== undefined && variable.scopeId !== '') {
              requireText(variable.scopeId, `${at}.variableInstructions[${v}].scopeId`)
            }
            return {
              variables: this.checkVariables(variable?.variables),
              ...(variable?.scopeId ? { scopeId: variable.scopeId } : {}),
            }
          }),
        }
      }),
      terminateInstructions: (request.terminateInstructions ?? []).map((instruction, index) => {
        requireKey(
          instruction?.elementInstanceKey,
          `terminateInstructions[${index}].elementInstanceKey`
        )
        return { elementInstanceKey: String(instruction.elementInstanceKey) }
      }),
    }
    if (
      instructions.activateInstructions.length === 0 &&
      instructions.terminateInstructions.length === 0
    ) {
      throw new InvalidArgumentError(
        'Expected at least one activate or terminate instruction, but found none'
      )
    }
    await this.submit(new ModifyProcessInstanceCommand(processInstanceKey, instructions))
  }

  async migrate(processInstanceKey: string, request: MigrateProcessInstanceRequest): Promise<void> {
    await this.submit(
      new MigrateProcessInstancesCommand({ processInstanceKey }, checkPlan(request, ''))
    )
  }

  async migrateAll(request: MigrateProcessInstancesRequest): Promise<InstanceBatchResult> {
    requireKey(request?.filter?.processDefinitionKey, 'filter.processDefinitionKey')
    const plan = checkPlan(request.migrationPlan, 'migrationPlan.')
    const keys = await this.submit(
      new MigrateProcessInstancesCommand(
        { processDefinitionKey: String(request.filter.processDefinitionKey) },
        plan
      )
    )
    return { processInstanceKeys: keys }
  }

  async suspend(processInstanceKey: string, suspend: boolean): Promise<void> {
    await this.submit(new SuspendInstanceCommand(processInstanceKey, suspend))
  }

  async suspendDefinition(
    processDefinitionKey: string,
    suspend: boolean
  ): Promise<InstanceBatchResult> {
    const processInstanceKeys: string[] = []
    for (;;) {
      const changed = await this.submit(
        new SuspendDefinitionInstancesCommand(processDefinitionKey, suspend)
      )
      processInstanceKeys.push(...changed)
      if (changed.length < SUSPENSION_PAGE) {
        return { processInstanceKeys }
      }
    }
  }
}

function checkPlan(plan: MigrateProcessInstanceRequest | undefined, prefix: string): MigrationPlan {
  requireKey(plan?.targetProcessDefinitionKey, `${prefix}targetProcessDefinitionKey`)
  if (!Array.isArray(plan!.mappingInstructions)) {
    throw new InvalidArgumentError(
      `Expected ${prefix}mappingInstructions to be a list of mapping instructions, but found ${typeof plan!.mappingInstructions}`
    )
  }
  return {
    targetProcessDefinitionKey: String(plan!.targetProcessDefinitionKey),
    mappingInstructions: plan!.mappingInstructions.map((instruction, index) => {
      requireText(
        instruction?.sourceElementId,
        `${prefix}mappingInstructions[${index}].sourceElementId`
      )
      requireText(
        instruction?.targetElementId,
        `${prefix}mappingInstructions[${index}].targetElementId`
      )
      return {
        sourceElementId: instruction.sourceElementId,
        targetElementId: instruction.targetElementId,
      }
    }),
  }
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(
      `Expected ${field} to be a non-empty text, but found ${describe(value)}`
    )
  }
}

function requireKey(value: unknown, field: string): void {
  if (
    !(typeof value === 'string' || typeof value === 'number') ||
    !/^\d{1,16}$/.test(String(value))
  ) {
    throw new InvalidArgumentError(
      `Expected ${field} to be a key (digits), but found ${describe(value)}`
    )
  }
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)
}

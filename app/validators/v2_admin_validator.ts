import vine from '@vinejs/vine'
import { engineKey } from '#validators/v2_validator'

/**
 * Validators of the instance administration routes under `/v2` (Camunda 8
 * bodies): modification, migration (one instance, or every instance of a
 * version). The engine checks the meaning (elements, scopes, mappings).
 */

const elementId = () => vine.string().trim().minLength(1).maxLength(255)

const mappingInstructions = () =>
  vine
    .array(vine.object({ sourceElementId: elementId(), targetElementId: elementId() }))
    .minLength(1)
    .maxLength(1000)

/**
 * `POST /v2/process-instances/{key}/modification`.
 */
export const modificationValidator = vine.compile(
  vine.object({
    activateInstructions: vine
      .array(
        vine.object({
          elementId: elementId(),
          ancestorElementInstanceKey: engineKey().optional(),
          variableInstructions: vine
            .array(
              vine.object({
                variables: vine.object({}).allowUnknownProperties(),
                scopeId: vine.string().trim().maxLength(255).optional(),
              })
            )
            .maxLength(100)
            .optional(),
        })
      )
      .maxLength(100)
      .optional(),
    terminateInstructions: vine
      .array(vine.object({ elementInstanceKey: engineKey() }))
      .maxLength(100)
      .optional(),
    operationReference: vine.any().optional(),
  })
)

/**
 * `POST /v2/process-instances/{key}/migration`.
 */
export const migrationValidator = vine.compile(
  vine.object({
    targetProcessDefinitionKey: engineKey(),
    mappingInstructions: mappingInstructions(),
    operationReference: vine.any().optional(),
  })
)

/**
 * `POST /v2/process-instances/migration`: every active or suspended
 * instance of a definition, all or nothing.
 */
export const batchMigrationValidator = vine.compile(
  vine.object({
    filter: vine.object({ processDefinitionKey: engineKey() }),
    migrationPlan: vine.object({
      targetProcessDefinitionKey: engineKey(),
      mappingInstructions: mappingInstructions(),
    }),
    operationReference: vine.any().optional(),
  })
)

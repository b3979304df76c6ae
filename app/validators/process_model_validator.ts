import vine from '@vinejs/vine'

/**
 * A BPMN process id: an XML NCName, as the BPMN schema requires.
 */
const processId = () =>
  vine
    .string()
    .trim()
    .maxLength(255)
    .regex(/^[A-Za-z_][\w.-]*$/)

/**
 * A new process model: blank (name, optional id), from a shipped template
 * (`template`), or imported from a BPMN file's text (`xml`).
 */
export const createProcessModelValidator = vine.compile(
  vine.object({
    name: vine
      .string()
      .trim()
      .minLength(1)
      .maxLength(255)
      .optional()
      .requiredIfMissing(['xml', 'template']),
    processId: processId().optional(),
    description: vine.string().trim().maxLength(5000).optional(),
    template: vine.string().trim().maxLength(64).optional(),
    xml: vine.string().maxLength(5_000_000).optional(),
  })
)

/**
 * An autosave of the draft; `revision` is the revision the editor started
 * from, so two editors cannot overwrite each other silently.
 */
export const saveDraftValidator = vine.compile(
  vine.object({
    xml: vine.string().minLength(1).maxLength(5_000_000),
    revision: vine.number().withoutDecimals().min(1),
    name: vine.string().trim().minLength(1).maxLength(255).optional(),
    description: vine.string().trim().maxLength(5000).nullable().optional(),
  })
)

/**
 * Filters of the process library.
 */
export const listProcessModelsValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(100).optional(),
    status: vine.enum(['draft', 'published']).optional(),
  })
)

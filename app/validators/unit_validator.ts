import vine from '@vinejs/vine'

const code = () =>
  vine
    .string()
    .trim()
    .toUpperCase()
    .maxLength(64)
    .regex(/^[A-Z0-9][A-Z0-9_-]*$/)

const parentId = () =>
  vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({ table: 'units', column: 'id' })
    .nullable()
    .optional()

/**
 * A new unit of the organisation tree.
 */
export const createUnitValidator = vine.compile(
  vine.object({
    code: code().unique({ table: 'units', column: 'code' }),
    nameVi: vine.string().trim().minLength(1).maxLength(255),
    nameEn: vine.string().trim().minLength(1).maxLength(255),
    parentId: parentId(),
    active: vine.boolean().optional(),
  })
)

/**
 * Changes to a unit; `meta.unitId` excludes the unit itself from the
 * uniqueness check of its code.
 */
export const updateUnitValidator = vine.withMetaData<{ unitId: number }>().compile(
  vine.object({
    code: code()
      .unique({
        table: 'units',
        column: 'code',
        filter: (db, _value, field) => {
          db.whereNot('id', field.meta.unitId)
        },
      })
      .optional(),
    nameVi: vine.string().trim().minLength(1).maxLength(255).optional(),
    nameEn: vine.string().trim().minLength(1).maxLength(255).optional(),
    parentId: parentId(),
    active: vine.boolean().optional(),
  })
)

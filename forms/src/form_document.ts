/**
 * The stored form: a versioned resource that user tasks link to, holding
 * the form-js schema and its translations side by side.
 *
 * ```json
 * {
 *   "id": "consular-legalization-application",
 *   "version": 3,
 *   "name": "Đơn đề nghị hợp pháp hóa lãnh sự",
 *   "defaultLocale": "vi",
 *   "schema": { "type": "default", "components": [ … ] },
 *   "translations": {
 *     "en": { "applicantName.label": "Full name", "purpose.values.study": "Study abroad" }
 *   }
 * }
 * ```
 *
 * `schema` is a plain form-js schema, written in `defaultLocale` (the
 * form-js editor edits it as is); `translations` maps each other locale to
 * the texts of that locale (keys as described in translations.ts). The
 * pair `(id, version)` identifies a form: a new version is a new document.
 */
import { isJsonObject as isObject, readJsonObject } from './component_tree.js'
import { checkFormSchema, describe, FormSchemaError } from './form_schema.js'
import { translatableStrings } from './translations.js'
import type { FormTranslations } from './translations.js'
import type { FormSchema } from './schema_types.js'

/** A stored form: its identity, its form-js schema and its translations. */
export interface FormDocument {
  /** The form's id, shared by all its versions (what `zeebe:formDefinition formId` names). */
  id: string
  /** The version, from 1. */
  version: number
  /** A name for lists, in the default locale. */
  name?: string
  /** The locale the schema's own texts are written in (default `vi`). */
  defaultLocale: string
  schema: FormSchema
  translations: FormTranslations
}

/** The outcome of checking a form document. */
export interface FormDocumentCheck {
  document: FormDocument | null
  errors: string[]
  warnings: string[]
}

/**
 * Parse a stored form (an object or its JSON text); throws a
 * {@link FormSchemaError} listing every error, schema errors prefixed by
 * `schema.`.
 */
export function parseFormDocument(json: unknown): FormDocument {
  const check = checkFormDocument(json)
  if (!check.document) {
    throw new FormSchemaError(check.errors)
  }
  return check.document
}

/**
 * Check a stored form without throwing: errors, warnings (translations of
 * texts the schema does not have), and the document when there is no error.
 */
export function checkFormDocument(json: unknown): FormDocumentCheck {
  const read = readJsonObject(json)
  if ('problem' in read) {
    return { document: null, errors: [read.problem], warnings: [] }
  }
  const { value } = read
  const errors: string[] = []
  const warnings: string[] = []
  if (typeof value.id !== 'string' || value.id.trim() === '') {
    errors.push(`id: Expected a non-empty string, but got ${describe(value.id)}`)
  }
  if (!Number.isInteger(value.version) || (value.version as number) < 1) {
    errors.push(
      `version: Expected an integer from 1, but got ${JSON.stringify(value.version) ?? 'undefined'}`
    )
  }
  if (value.name !== undefined && typeof value.name !== 'string') {
    errors.push(`name: Expected a string, but got ${describe(value.name)}`)
  }
  if (value.defaultLocale !== undefined && typeof value.defaultLocale !== 'string') {
    errors.push(`defaultLocale: Expected a string, but got ${describe(value.defaultLocale)}`)
  }
  const schemaCheck = checkFormSchema(value.schema)
  errors.push(
    ...schemaCheck.errors.map(
      (problem) => `schema${problem.startsWith('Expected') ? ': ' : '.'}${problem}`
    )
  )
  warnings.push(...schemaCheck.warnings.map((problem) => `schema.${problem}`))
  const translations = checkTranslations(value.translations, errors)
  if (schemaCheck.schema && translations) {
    const known = new Set(translatableStrings(schemaCheck.schema).map((entry) => entry.key))
    for (const [locale, texts] of Object.entries(translations)) {
      for (const key of Object.keys(texts)) {
        if (!known.has(key)) {
          warnings.push(
            `translations.${locale}["${key}"]: Expected a text of the form, but the schema has no such text`
          )
        }
      }
    }
  }
  if (errors.length > 0 || !schemaCheck.schema || !translations) {
    return { document: null, errors, warnings }
  }
  return {
    document: {
      id: value.id as string,
      version: value.version as number,
      ...(typeof value.name === 'string' ? { name: value.name } : {}),
      defaultLocale: typeof value.defaultLocale === 'string' ? value.defaultLocale : 'vi',
      schema: schemaCheck.schema,
      translations,
    },
    errors,
    warnings,
  }
}

function checkTranslations(value: unknown, errors: string[]): FormTranslations | null {
  if (value === undefined) {
    return {}
  }
  if (!isObject(value)) {
    errors.push(`translations: Expected an object, but got ${describe(value)}`)
    return null
  }
  const before = errors.length
  const result: FormTranslations = {}
  for (const [locale, texts] of Object.entries(value)) {
    if (!isObject(texts)) {
      errors.push(`translations.${locale}: Expected an object, but got ${describe(texts)}`)
      continue
    }
    result[locale] = {}
    for (const [key, text] of Object.entries(texts)) {
      if (typeof text !== 'string') {
        errors.push(
          `translations.${locale}["${key}"]: Expected a string, but got ${describe(text)}`
        )
      } else {
        result[locale][key] = text
      }
    }
  }
  return errors.length === before ? result : null
}

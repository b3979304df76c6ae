/**
 * Bilingual forms. form-js has no translations, so a stored form keeps
 * them beside its schema (see form_document.ts):
 *
 * ```json
 * "translations": {
 *   "en": { "applicantName.label": "Full name", "purpose.values.study": "Study abroad" },
 *   "vi": { "applicantName.label": "Họ và tên" }
 * }
 * ```
 *
 * A translation key is `<component ref>.<property>`. The component ref is
 * the component's `id`, or its `key` when it has no id, or `@` and its
 * place in the schema (`@components[2]`) when it has neither. The
 * properties are the texts a user reads: `label`, `description`, `text`
 * (text view), `content` (HTML view), `alt` (image), `title`, `dateLabel`,
 * `timeLabel`, `appearance.prefixAdorner`, `appearance.suffixAdorner`,
 * `validate.patternErrorMessage`, `values.<option value>` (an option's
 * label) and `columns.<column key>` (a table column's label). A text that
 * is a FEEL expression (`=…`) is computed, not translated.
 *
 * {@link localizeSchema} gives the schema in one locale, falling back to
 * the schema's own texts; the browser renders it with form-js and the
 * server validates with it. These functions use no Node API.
 */
import { walkComponents } from './component_tree.js'
import { isFeelExpression } from './feel.js'
import type { FormComponent, FormSchema } from './schema_types.js'

/** Translations by locale (`vi`, `en`, …), each from translation key to text. */
export type FormTranslations = Record<string, Record<string, string>>

/** One text of a form that can be translated. */
export interface TranslatableString {
  /** The translation key: `<component ref>.<property>`. */
  key: string
  /** The component ref (id, key, or `@` and its schema path). */
  ref: string
  /** The property: `label`, `values.study`, `appearance.prefixAdorner`, … */
  property: string
  /** Where the component stands in the schema: `components[2]`. */
  schemaPath: string
  /** The schema's own text, the fallback of every locale. */
  text: string
  /** The translations present, by locale. */
  translations: Record<string, string>
  /** The locales asked about that have no translation. */
  missing: string[]
}

/** The component properties holding texts a user reads (option labels and table columns aside). */
export const TEXT_PROPERTIES: ReadonlyArray<readonly string[]> = [
  ['label'],
  ['description'],
  ['text'],
  ['content'],
  ['alt'],
  ['title'],
  ['dateLabel'],
  ['timeLabel'],
  ['appearance', 'prefixAdorner'],
  ['appearance', 'suffixAdorner'],
  ['validate', 'patternErrorMessage'],
]

/** The ref of a component in translation keys: its id, else its key, else `@` and its schema path. */
export function componentRef(component: FormComponent, schemaPath: string): string {
  if (typeof component.id === 'string' && component.id !== '') {
    return component.id
  }
  if (typeof component.key === 'string' && component.key !== '') {
    return component.key
  }
  return `@${schemaPath}`
}

/**
 * Every translatable text of a schema with its translations, and the
 * locales (by default every locale of `translations`) that lack one, so
 * the designer can show what is missing.
 */
export function translatableStrings(
  schema: FormSchema,
  translations: FormTranslations = {},
  locales: string[] = Object.keys(translations)
): TranslatableString[] {
  return collectTexts(schema).map((entry) => {
    const present: Record<string, string> = {}
    for (const [locale, texts] of Object.entries(translations)) {
      if (typeof texts?.[entry.key] === 'string') {
        present[locale] = texts[entry.key]
      }
    }
    return {
      key: entry.key,
      ref: entry.ref,
      property: entry.property,
      schemaPath: entry.schemaPath,
      text: entry.text,
      translations: present,
      missing: locales.filter((locale) => present[locale] === undefined),
    }
  })
}

/**
 * The schema with its texts in one locale: the translation for `locale`
 * (then for its language: `vi-VN` falls back to `vi`), else the schema's
 * own text. The input is not changed.
 */
export function localizeSchema(
  schema: FormSchema,
  translations: FormTranslations,
  locale: string
): FormSchema {
  const localized = JSON.parse(JSON.stringify(schema)) as FormSchema
  const language = locale.split(/[-_]/)[0]
  const texts = { ...(translations[language] ?? {}), ...(translations[locale] ?? {}) }
  for (const entry of collectTexts(localized)) {
    const text = texts[entry.key]
    if (typeof text === 'string') {
      entry.write(text)
    }
  }
  return localized
}

interface TextEntry {
  key: string
  ref: string
  property: string
  schemaPath: string
  text: string
  write: (text: string) => void
}

function collectTexts(schema: FormSchema): TextEntry[] {
  const entries: TextEntry[] = []
  walkComponents(schema, ({ component, schemaPath }) => {
    const ref = componentRef(component, schemaPath)
    const add = (property: string, text: unknown, write: (text: string) => void) => {
      if (typeof text === 'string' && text.trim() !== '' && !isFeelExpression(text)) {
        entries.push({ key: `${ref}.${property}`, ref, property, schemaPath, text, write })
      }
    }
    for (const propertyPath of TEXT_PROPERTIES) {
      const [first, second] = propertyPath
      if (second === undefined) {
        add(first, component[first], (text) => (component[first] = text))
      } else {
        const holder = component[first] as Record<string, unknown> | undefined
        if (holder && typeof holder === 'object') {
          add(propertyPath.join('.'), holder[second], (text) => (holder[second] = text))
        }
      }
    }
    if (Array.isArray(component.values)) {
      const options = component.values
      options.forEach((option, index) => {
        if (option !== null && typeof option === 'object') {
          if (option.value === undefined) {
            return
          }
          const value =
            typeof option.value === 'string' ? option.value : JSON.stringify(option.value)
          const label =
            typeof option.label === 'string'
              ? option.label
              : typeof option.value === 'object'
                ? undefined
                : value
          add(`values.${value}`, label, (text) => (option.label = text))
        } else {
          // a bare value is its own label; translated, it becomes an option with a label
          add(
            `values.${String(option)}`,
            String(option),
            (text) => (options[index] = { label: text, value: option })
          )
        }
      })
    }
    if (Array.isArray(component.columns)) {
      for (const column of component.columns) {
        if (column && typeof column === 'object' && typeof column.key === 'string') {
          add(`columns.${column.key}`, column.label, (text) => (column.label = text))
        }
      }
    }
  })
  return entries
}

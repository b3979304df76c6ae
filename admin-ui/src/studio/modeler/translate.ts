/**
 * The texts of bpmn-js, diagram-js and the properties panel in one
 * language: a map from the libraries' English text (with `{placeholder}`s)
 * to its translation. English needs no map.
 */
export type ModelerDictionary = Readonly<Record<string, string>>

/**
 * A `translate` service for bpmn-js (the libraries call
 * `translate(template, replacements)` for every text they show): looks the
 * English template up in the dictionary `dictionary()` answers at call
 * time, so switching the language only needs an `i18n.changed` event.
 */
export function createTranslate(dictionary: () => ModelerDictionary | null) {
  return function translate(template: string, replacements: Record<string, unknown> = {}) {
    const text = dictionary()?.[template] ?? template
    return text.replace(/\{([^}]+)\}/g, (whole, key: string) =>
      key in replacements ? String(replacements[key]) : whole
    )
  }
}

/**
 * The diagram-js module that replaces bpmn-js's `translate` service.
 */
export function translateModule(dictionary: () => ModelerDictionary | null) {
  return { translate: ['value', createTranslate(dictionary)] }
}

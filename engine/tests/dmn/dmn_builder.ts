/**
 * Writes small DMN 1.3 documents for specs: one decision table from a compact description, so
 * a table of cases reads as data.
 */

/** A decision table to write: its inputs (FEEL expressions), outputs, and rules. */
export interface TableSpec {
  id?: string
  hitPolicy?: string
  aggregation?: string
  inputs: string[]
  outputs: Array<string | { name: string; values: string }>
  /** Each rule: input entries then output entries, in column order. */
  rules: string[][]
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A DMN document with one decision table. */
export function decisionTableXml(spec: TableSpec): string {
  const id = spec.id ?? 'decision'
  const hit = spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''
  const aggregation = spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''
  const inputs = spec.inputs
    .map(
      (text, index) =>
        `<input id="in${index + 1}" label="${escape(text)}"><inputExpression id="ie${index + 1}"><text>${escape(text)}</text></inputExpression></input>`
    )
    .join('')
  const outputs = spec.outputs
    .map((output, index) => {
      const name = typeof output === 'string' ? output : output.name
      const values =
        typeof output === 'string'
          ? ''
          : `<outputValues><text>${escape(output.values)}</text></outputValues>`
      return `<output id="out${index + 1}" name="${escape(name)}">${values}</output>`
    })
    .join('')
  const rules = spec.rules
    .map((entries, index) => {
      const inputEntries = entries
        .slice(0, spec.inputs.length)
        .map((text) => `<inputEntry><text>${escape(text)}</text></inputEntry>`)
        .join('')
      const outputEntries = entries
        .slice(spec.inputs.length)
        .map((text) => `<outputEntry><text>${escape(text)}</text></outputEntry>`)
        .join('')
      return `<rule id="rule${index + 1}">${inputEntries}${outputEntries}</rule>`
    })
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${id}_drg" name="${id}" namespace="http://senflow.test/dmn">
  <decision id="${id}" name="${id}">
    <decisionTable id="${id}_table"${hit}${aggregation}>${inputs}${outputs}${rules}</decisionTable>
  </decision>
</definitions>`
}

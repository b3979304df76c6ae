import BpmnModdle from 'bpmn-moddle'
import { createRequire } from 'node:module'
import type { ModdleDefinitions } from './moddle_types.js'

const require = createRequire(import.meta.url)
const zeebeSchema: Record<string, unknown> = require('zeebe-bpmn-moddle/resources/zeebe.json')

/** What parsing a BPMN file gives: the definitions, or the problems that prevent using it. */
export type ParsedBpmn =
  | { ok: true; definitions: ModdleDefinitions; problems: string[] }
  | { ok: false; problems: string[] }

/**
 * Parses BPMN XML with bpmn-moddle and the Zeebe extension (zeebe-bpmn-moddle). Unresolved
 * references and duplicate ids are problems (the model would be ambiguous); unknown elements of
 * other dialects are kept by moddle and judged by the validator.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema })
  let result
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      problems: [`Expected a BPMN 2.0 XML document, but it could not be read: ${oneLine(reason)}`],
    }
  }
  const definitions = result.rootElement as ModdleDefinitions | undefined
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    return {
      ok: false,
      problems: ['Expected a <bpmn:definitions> root element, but found none'],
    }
  }
  const problems: string[] = []
  for (const warning of result.warnings) {
    const message = oneLine(warning.message)
    if (/unresolved reference|duplicate ID|unparsable content/i.test(message)) {
      problems.push(`Expected a well-formed model, but ${message}`)
    }
  }
  return { ok: true, definitions, problems }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

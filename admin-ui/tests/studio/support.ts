/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import BpmnModdle from 'bpmn-moddle'
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json'

/**
 * A BPMN fixture of tests/studio/fixtures as text (vitest runs in admin-ui/).
 */
export function fixture(name: string): string {
  return readFileSync(resolve(process.cwd(), 'tests/studio/fixtures', name), 'utf8')
}

/**
 * Reads BPMN XML into the moddle tree bpmn-js holds (with the Zeebe
 * extension), as `modeler.getDefinitions()` gives it.
 */
export async function definitionsOf(xml: string): Promise<unknown> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle })
  const { rootElement } = await moddle.fromXML(xml)
  return rootElement
}

import { parseBpmn } from '@senflow/engine/model/bpmn_parser'
import type { WorkflowEngine } from '@senflow/engine'

/**
 * What the app needs to know about a deployed definition for display:
 * the process's name and each element's name.
 */
export interface DefinitionLabels {
  processName: string | null
  elementNames: Map<string, string>
  /** The form on the process's none start event, if any. */
  startForm: { formId?: string; formKey?: string; bindingType?: string; versionTag?: string } | null
}

interface NamedElement {
  id: string
  name?: string
  $type: string
  flowElements?: NamedElement[]
  eventDefinitions?: unknown[]
  extensionElements?: { values?: { $type: string; [name: string]: unknown }[] }
}

/**
 * Reads names from the BPMN XML of deployed definitions (on either engine,
 * through the port), parsed once per definition key and kept (a
 * definition never changes).
 */
export default class DefinitionCatalog {
  #labels = new Map<string, Promise<DefinitionLabels>>()

  constructor(protected engine: WorkflowEngine) {}

  labels(processDefinitionKey: string, processDefinitionId: string): Promise<DefinitionLabels> {
    let labels = this.#labels.get(processDefinitionKey)
    if (!labels) {
      labels = this.#read(processDefinitionKey, processDefinitionId).catch((error) => {
        this.#labels.delete(processDefinitionKey)
        throw error
      })
      this.#labels.set(processDefinitionKey, labels)
    }
    return labels
  }

  async elementName(processDefinitionKey: string, processDefinitionId: string, elementId: string) {
    const labels = await this.labels(processDefinitionKey, processDefinitionId)
    return labels.elementNames.get(elementId) ?? elementId
  }

  async #read(
    processDefinitionKey: string,
    processDefinitionId: string
  ): Promise<DefinitionLabels> {
    const xml = await this.engine.getProcessDefinitionXml(processDefinitionKey)
    const parsed = await parseBpmn(xml)
    const elementNames = new Map<string, string>()
    let processName: string | null = null
    let startForm: DefinitionLabels['startForm'] = null
    if (parsed.ok) {
      const visit = (elements: NamedElement[] | undefined) => {
        for (const element of elements ?? []) {
          if (element.name) elementNames.set(element.id, element.name)
          visit(element.flowElements)
        }
      }
      for (const root of (parsed.definitions.rootElements ?? []) as NamedElement[]) {
        if (root.$type !== 'bpmn:Process') continue
        if (root.id === processDefinitionId) {
          processName = root.name ?? null
          startForm = startFormOf(root)
        }
        visit(root.flowElements)
      }
    }
    return { processName, elementNames, startForm }
  }
}

/**
 * The form linked to a process's none start event
 * (`zeebe:formDefinition formId=… | formKey=…`).
 */
function startFormOf(process: NamedElement): DefinitionLabels['startForm'] {
  const start = (process.flowElements ?? []).find(
    (element) => element.$type === 'bpmn:StartEvent' && !element.eventDefinitions?.length
  )
  const definition = start?.extensionElements?.values?.find(
    (value) => value.$type === 'zeebe:FormDefinition'
  )
  if (!definition) return null
  const text = (name: string) =>
    typeof definition[name] === 'string' ? (definition[name] as string) : undefined
  return {
    formId: text('formId'),
    formKey: text('formKey'),
    bindingType: text('bindingType'),
    versionTag: text('versionTag'),
  }
}

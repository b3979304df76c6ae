import type BpmnModeler from 'bpmn-js/lib/Modeler'
import type { ElementTemplatesService } from './connector_palette'

/**
 * A moddle element as bpmn-js holds it (business objects and extensions).
 */
export interface ModdleElement {
  $type: string
  $parent?: ModdleElement
  id?: string
  name?: string
  get(name: string): unknown
  set(name: string, value: unknown): void
  [property: string]: unknown
}

/**
 * A diagram element (shape or connection) with its business object.
 */
export interface DiagramElement {
  id: string
  type: string
  businessObject: ModdleElement
  parent?: DiagramElement
}

/**
 * What the studio's side panel shows about the selected element: plain
 * data copied out of the model, so Vue can hold it.
 */
export interface ElementSummary {
  id: string
  type: string
  name: string
  /** A user task: who it is offered to. */
  assignable: boolean
  /** A user task or a none start event of the process: may link a form. */
  formLinkable: boolean
  /** A service task, or a plain task that becomes one: may use a connector. */
  connectable: boolean
  candidateGroups: string
  candidateUsers: string
  assignee: string
  formId: string
  /** The applied element template (a connector), if any. */
  templateId: string
  templateName: string
}

/**
 * Whether a business object is of `type` (or a subtype).
 */
export function isType(element: ModdleElement, type: string): boolean {
  return (element as unknown as { $instanceOf(type: string): boolean }).$instanceOf(type)
}

/**
 * The first extension element of `type` (`zeebe:AssignmentDefinition`, …).
 */
export function extensionOf(element: ModdleElement, type: string): ModdleElement | undefined {
  const extensions = element.get('extensionElements') as ModdleElement | undefined
  const values = (extensions?.get('values') as ModdleElement[] | undefined) ?? []
  return values.find((value) => value.$type === type)
}

function isNoneStartEvent(element: DiagramElement) {
  const bo = element.businessObject
  const definitions = (bo.get('eventDefinitions') as unknown[] | undefined) ?? []
  return (
    element.type === 'bpmn:StartEvent' &&
    definitions.length === 0 &&
    bo.$parent?.$type === 'bpmn:Process'
  )
}

/**
 * The side panel's summary of a diagram element.
 */
export function summarizeElement(
  element: DiagramElement,
  templates: Pick<ElementTemplatesService, 'get'>
): ElementSummary {
  const bo = element.businessObject
  const assignment = extensionOf(bo, 'zeebe:AssignmentDefinition')
  const form = extensionOf(bo, 'zeebe:FormDefinition')
  const template = element.type === 'bpmn:ServiceTask' ? templates.get(element) : null
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return {
    id: element.id,
    type: element.type,
    name: text(bo.name),
    assignable: element.type === 'bpmn:UserTask',
    formLinkable: element.type === 'bpmn:UserTask' || isNoneStartEvent(element),
    connectable: element.type === 'bpmn:ServiceTask' || element.type === 'bpmn:Task',
    candidateGroups: text(assignment?.get('candidateGroups')),
    candidateUsers: text(assignment?.get('candidateUsers')),
    assignee: text(assignment?.get('assignee')),
    formId: text(form?.get('formId')),
    templateId: text(bo.get('zeebe:modelerTemplate')),
    templateName: template?.name ?? '',
  }
}

/**
 * Runs several modeling operations as one step of the command stack, so a
 * single undo takes them all back.
 */
class BatchCommand {
  preExecute(context: { apply: () => void }) {
    context.apply()
  }

  execute() {
    return []
  }

  revert() {
    return []
  }
}

/**
 * Edits the Zeebe extension elements of a modeler's elements through its
 * command stack (undoable, and seen by autosave and the properties panel).
 */
export class ZeebeEditor {
  constructor(private modeler: BpmnModeler) {
    const stack = modeler.get<{ registerHandler(name: string, handler: unknown): void }>(
      'commandStack'
    )
    stack.registerHandler('senflow.batch', BatchCommand)
  }

  private get modeling() {
    return this.modeler.get<{
      updateProperties(element: DiagramElement, properties: Record<string, unknown>): void
      updateModdleProperties(
        element: DiagramElement,
        target: ModdleElement,
        properties: Record<string, unknown>
      ): void
    }>('modeling')
  }

  private get factory() {
    return this.modeler.get<{
      create(type: string, attrs?: Record<string, unknown>): ModdleElement
    }>('bpmnFactory')
  }

  private batch(apply: () => void) {
    this.modeler
      .get<{ execute(command: string, context: unknown): void }>('commandStack')
      .execute('senflow.batch', { apply })
  }

  /**
   * The extension of `type` on the element, created (in its extension
   * elements, created too) when missing.
   */
  private ensureExtension(element: DiagramElement, type: string): ModdleElement {
    const bo = element.businessObject
    let extensions = bo.get('extensionElements') as ModdleElement | undefined
    if (!extensions) {
      extensions = this.factory.create('bpmn:ExtensionElements', { values: [] })
      extensions.$parent = bo
      this.modeling.updateProperties(element, { extensionElements: extensions })
    }
    const existing = extensionOf(bo, type)
    if (existing) return existing
    const created = this.factory.create(type, {})
    created.$parent = extensions
    this.modeling.updateModdleProperties(element, extensions, {
      values: [...((extensions.get('values') as ModdleElement[]) ?? []), created],
    })
    return created
  }

  private removeExtension(element: DiagramElement, type: string) {
    const extensions = element.businessObject.get('extensionElements') as ModdleElement | undefined
    const existing = extensionOf(element.businessObject, type)
    if (!extensions || !existing) return
    const values = ((extensions.get('values') as ModdleElement[]) ?? []).filter(
      (value) => value !== existing
    )
    this.modeling.updateModdleProperties(element, extensions, { values })
  }

  /**
   * Offers a user task to units and roles (`candidateGroups`) and people
   * (`candidateUsers`), keeping its assignee; empty lists remove them, and
   * the assignment definition goes when nothing is left.
   */
  setCandidates(element: DiagramElement, candidates: { groups: string; users: string }) {
    this.batch(() => {
      const current = extensionOf(element.businessObject, 'zeebe:AssignmentDefinition')
      const assignee = current?.get('assignee')
      if (!candidates.groups && !candidates.users && !assignee) {
        this.removeExtension(element, 'zeebe:AssignmentDefinition')
        return
      }
      const assignment = this.ensureExtension(element, 'zeebe:AssignmentDefinition')
      this.modeling.updateModdleProperties(element, assignment, {
        candidateGroups: candidates.groups || undefined,
        candidateUsers: candidates.users || undefined,
      })
    })
  }

  /**
   * Links a form from the library (`zeebe:formDefinition formId`, the
   * latest published version at run time), replacing any other kind of
   * form; `null` removes the link.
   */
  setFormId(element: DiagramElement, formId: string | null) {
    this.batch(() => {
      if (!formId) {
        this.removeExtension(element, 'zeebe:FormDefinition')
        return
      }
      const form = this.ensureExtension(element, 'zeebe:FormDefinition')
      this.modeling.updateModdleProperties(element, form, {
        formId,
        formKey: undefined,
        externalReference: undefined,
      })
    })
  }
}

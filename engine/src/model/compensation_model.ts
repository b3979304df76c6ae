import type { ExecutableElement } from './executable.js'
import type { ModdleElement, ModdleFlowContainer } from './moddle_types.js'

/** `<bpmn:association>` (artifacts of a process or sub-process). */
export interface ModdleAssociation extends ModdleElement {
  sourceRef?: ModdleElement
  targetRef?: ModdleElement
}

/** The associations among the artifacts of a container. */
export function associationsOf(container: ModdleFlowContainer): ModdleAssociation[] {
  const artifacts = (container as { artifacts?: ModdleElement[] }).artifacts ?? []
  return artifacts.filter(
    (artifact): artifact is ModdleAssociation => artifact.$type === 'bpmn:Association'
  )
}

/**
 * Links each compensation boundary event to its handler (the activity its association points
 * to): the activity it is attached to then knows both (`compensation`).
 */
export function linkCompensationHandlers(
  container: ModdleFlowContainer,
  elements: Map<string, ExecutableElement>
): void {
  for (const association of associationsOf(container)) {
    const boundary = elements.get(association.sourceRef?.id ?? '')
    const handler = elements.get(association.targetRef?.id ?? '')
    if (
      boundary?.type === 'BOUNDARY_EVENT' &&
      boundary.eventType === 'COMPENSATION' &&
      boundary.attachedTo &&
      handler
    ) {
      boundary.attachedTo.compensation = { boundaryEvent: boundary, handler }
    }
  }
}

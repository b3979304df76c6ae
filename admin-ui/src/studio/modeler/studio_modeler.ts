import BpmnModeler from 'bpmn-js/lib/Modeler'
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer'
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel'
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates'
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud'
import MinimapModule from 'diagram-js-minimap'
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json'
import type { ElementTemplate } from '../../api/element_templates'
import { withDiagram } from '../diagram_layout'
import { ConnectorPaletteModule } from './connector_palette'
import { translateModule, type ModelerDictionary } from './translate'

/**
 * Keeps new user tasks job-based: camunda-bpmn-js-behaviors marks every new
 * user task `zeebe:userTask` (a Camunda user task), which Zeebe would then
 * keep to itself; Senflow's inbox receives user tasks as jobs from both
 * engines (see ARCHITECTURE.md). A process owner can still choose the
 * implementation in the properties panel.
 */
const JobBasedUserTasksModule = {
  createZeebeUserTaskBehavior: ['value', {}],
}

/**
 * bpmn-js 18 still positions its "change element" menu with
 * `ContextPad#getPad`, which diagram-js 15 deprecated and logs a console
 * warning for on every use. The same lookup, without the warning, until
 * bpmn-js moves off it.
 */
function QuietContextPad(contextPad: {
  getPad(target: unknown): { html: HTMLElement }
  isOpen(): boolean
  _current?: { target: unknown; html: HTMLElement } | null
  _createHtml(target: unknown): HTMLElement
}) {
  contextPad.getPad = (target) => {
    const current = contextPad._current
    const same =
      current &&
      (current.target === target ||
        (Array.isArray(current.target) &&
          Array.isArray(target) &&
          current.target.length === target.length &&
          current.target.every((element, index) => element === target[index])))
    return { html: contextPad.isOpen() && same ? current.html : contextPad._createHtml(target) }
  }
}
QuietContextPad.$inject = ['contextPad']

const QuietContextPadModule = {
  __init__: ['quietContextPad'],
  quietContextPad: ['type', QuietContextPad],
}

/**
 * What the studio's modeler needs: where to draw, where the properties
 * panel goes, the connector templates and the language of its texts.
 */
export interface StudioModelerOptions {
  container: HTMLElement
  propertiesParent: HTMLElement
  templates: ElementTemplate[]
  dictionary: () => ModelerDictionary | null
}

/**
 * The process owner's modeler: bpmn-js with the properties panel and the
 * Zeebe (Camunda 8) properties provider, Camunda 8 behaviours, the
 * connectors' element templates (also offered in the palette) and the
 * minimap. Keyboard shortcuts work while the canvas has the focus.
 *
 * The instance is a library object: keep it out of reactive state.
 */
export function createStudioModeler(options: StudioModelerOptions): BpmnModeler {
  return new BpmnModeler({
    container: options.container,
    propertiesPanel: { parent: options.propertiesParent },
    elementTemplates: options.templates,
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ZeebeBehaviorsModule,
      JobBasedUserTasksModule,
      QuietContextPadModule,
      MinimapModule,
      ConnectorPaletteModule,
      translateModule(options.dictionary),
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  })
}

/**
 * A read-only diagram (versions, comparisons, test runs): pan and zoom,
 * no editing. Keep it out of reactive state too.
 */
export function createStudioViewer(
  container: HTMLElement,
  dictionary: () => ModelerDictionary | null
): NavigatedViewer {
  return new NavigatedViewer({
    container,
    additionalModules: [translateModule(dictionary)],
    moddleExtensions: { zeebe: zeebeModdle },
  })
}

/**
 * Shows a BPMN file read-only in `container`: laid out first when it has
 * no diagram, zoomed to fit. Answers the viewer (keep it out of reactive
 * state, destroy it with the page).
 */
export async function openDiagram(
  container: HTMLElement,
  xml: string,
  dictionary: () => ModelerDictionary | null
): Promise<NavigatedViewer> {
  const viewer = createStudioViewer(container, dictionary)
  await viewer.importXML((await withDiagram(xml)).xml)
  viewer.get<{ zoom(level: string, center?: string): void }>('canvas').zoom('fit-viewport', 'auto')
  return viewer
}

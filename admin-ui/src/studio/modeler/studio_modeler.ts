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

import type { Locale } from '../../api/users'
import { BPMN_JS_VI } from './modeler_vi_bpmn'
import { CONNECTOR_TEMPLATES_VI, PANEL_TYPES_VI, PROPERTIES_PANEL_VI } from './modeler_vi_panel'
import type { ModelerDictionary } from './translate'

const VI: ModelerDictionary = {
  ...PANEL_TYPES_VI,
  ...CONNECTOR_TEMPLATES_VI,
  ...PROPERTIES_PANEL_VI,
  ...BPMN_JS_VI,
}

/**
 * The modeler's texts in `locale`: null for English (the libraries'
 * own language).
 */
export function modelerDictionary(locale: Locale): ModelerDictionary | null {
  return locale === 'vi' ? VI : null
}

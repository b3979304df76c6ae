import type Palette from 'diagram-js/lib/features/palette/Palette'
import type { PaletteEntries } from 'diagram-js/lib/features/palette/PaletteProvider'
import type Create from 'diagram-js/lib/features/create/Create'
import type { ElementTemplate } from '../../api/element_templates'

/**
 * The element templates service of bpmn-js-element-templates (Camunda 8
 * flavour), as far as the studio uses it.
 */
export interface ElementTemplatesService {
  getAll(element?: unknown): ElementTemplate[]
  getLatest(element?: unknown): ElementTemplate[]
  get(element: unknown): ElementTemplate | null
  createElement(template: ElementTemplate): unknown
  applyTemplate(element: unknown, template: ElementTemplate): unknown
  removeTemplate(element: unknown): unknown
}

/**
 * A small square icon for a connector: a gear-like badge with the
 * initials of its name, as a data URI (the templates carry no icon).
 */
export function connectorIcon(name: string): string {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toLocaleUpperCase() ?? '')
      .join('') || '?'
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">` +
    `<rect x="3" y="5" width="26" height="22" rx="4" fill="#e7eef8" stroke="#0b4f9c" stroke-width="2"/>` +
    `<circle cx="9" cy="11" r="3" fill="none" stroke="#0b4f9c" stroke-width="1.6"/>` +
    `<text x="19" y="22" font-family="Arial, sans-serif" font-size="10" font-weight="700" ` +
    `text-anchor="middle" fill="#0b4f9c">${escapeXml(initials)}</text></svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/**
 * Adds the configured connectors to the palette, after the BPMN elements:
 * dragging or clicking one creates a service task with the connector's
 * element template applied, so the process owner fills only its business
 * fields. The entries follow the templates the element templates service
 * holds (reloaded when the studio loads new ones).
 */
export class ConnectorPaletteProvider {
  static $inject = ['palette', 'create', 'elementTemplates', 'eventBus']

  constructor(
    private palette: Palette,
    private create: Create,
    private elementTemplates: ElementTemplatesService,
    eventBus: { on(event: string, callback: () => void): void }
  ) {
    palette.registerProvider(500, this)
    eventBus.on('elementTemplates.changed', () => {
      ;(this.palette as unknown as { _rebuild(): void })._rebuild()
    })
  }

  getPaletteEntries(): PaletteEntries {
    const templates = this.elementTemplates
      .getLatest()
      .filter((template) => template.elementType?.value === 'bpmn:ServiceTask')
      .sort((a, b) => a.name.localeCompare(b.name))
    const entries: PaletteEntries = {}
    if (templates.length === 0) return entries
    entries['senflow-connectors-separator'] = {
      group: 'senflow-connectors',
      separator: true,
    } as PaletteEntries[string]
    for (const template of templates) {
      const start = (event: Event) => {
        const shape = this.elementTemplates.createElement(template)
        this.create.start(event as MouseEvent, shape as never)
      }
      entries[`create.connector.${template.id}`] = {
        group: 'senflow-connectors',
        className: 'senflow-palette-connector',
        imageUrl: connectorIcon(template.name),
        title: template.name,
        action: { dragstart: start, click: start },
      }
    }
    return entries
  }
}

/**
 * The diagram-js module of {@link ConnectorPaletteProvider}.
 */
export const ConnectorPaletteModule = {
  __init__: ['connectorPaletteProvider'],
  connectorPaletteProvider: ['type', ConnectorPaletteProvider],
}

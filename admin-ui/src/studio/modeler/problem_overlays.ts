import type { ModelProblem } from '../lint/model_problems'
import { problemsByElement } from '../lint/model_problems'

/** The overlay type and markers the studio owns. */
const OVERLAY_TYPE = 'senflow-problems'
const MARKERS = ['senflow-problem--error', 'senflow-problem--warning'] as const

interface Overlays {
  add(
    elementId: string,
    type: string,
    overlay: { position: Record<string, number>; html: HTMLElement }
  ): string
  remove(filter: { type: string }): void
}

interface Canvas {
  addMarker(elementId: string, marker: string): void
  removeMarker(elementId: string, marker: string): void
}

interface ElementRegistry {
  get(id: string): { parent?: unknown } | undefined
}

/**
 * A diagram that can show overlays (the modeler or a viewer).
 */
export interface OverlayHost {
  get<T>(name: string): T
}

/**
 * Shows problems on the canvas: each drawn element with problems gets a red
 * (errors) or amber (warnings only) outline and a badge with the count,
 * whose tooltip lists the messages; clicking the badge calls `onSelect`
 * with the element id. Calling `show` again replaces what was shown.
 */
export class ProblemOverlays {
  private marked: string[] = []

  constructor(
    private host: OverlayHost,
    private onSelect: (elementId: string) => void,
    private label: (counts: { errors: number; warnings: number }) => string
  ) {}

  show(problems: readonly ModelProblem[]) {
    this.clear()
    const overlays = this.host.get<Overlays>('overlays')
    const canvas = this.host.get<Canvas>('canvas')
    const registry = this.host.get<ElementRegistry>('elementRegistry')
    for (const [elementId, list] of problemsByElement(problems)) {
      // the process itself (the canvas' root) has no shape to mark: the list names it
      if (!elementId || !registry.get(elementId)?.parent) continue
      const errors = list.filter((problem) => problem.severity === 'error').length
      const warnings = list.length - errors
      const severity = errors > 0 ? 'error' : 'warning'
      const badge = document.createElement('button')
      badge.type = 'button'
      badge.className = `senflow-problem-badge senflow-problem-badge--${severity}`
      badge.textContent = String(list.length)
      badge.title = list.map((problem) => problem.message).join('\n')
      badge.setAttribute('aria-label', `${this.label({ errors, warnings })}: ${elementId}`)
      badge.dataset.elementId = elementId
      badge.addEventListener('click', (event) => {
        event.stopPropagation()
        this.onSelect(elementId)
      })
      overlays.add(elementId, OVERLAY_TYPE, { position: { top: -12, right: 12 }, html: badge })
      canvas.addMarker(elementId, `senflow-problem--${severity}`)
      this.marked.push(elementId)
    }
  }

  clear() {
    const overlays = this.host.get<Overlays>('overlays')
    const canvas = this.host.get<Canvas>('canvas')
    const registry = this.host.get<ElementRegistry>('elementRegistry')
    overlays.remove({ type: OVERLAY_TYPE })
    for (const elementId of this.marked) {
      if (!registry.get(elementId)) continue
      for (const marker of MARKERS) canvas.removeMarker(elementId, marker)
    }
    this.marked = []
  }
}

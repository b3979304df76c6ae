/**
 * The canvas as far as fitting the view needs it.
 */
interface FitCanvas {
  viewbox(box?: { x: number; y: number; width: number; height: number }): {
    inner: { x: number; y: number; width: number; height: number }
    outer: { width: number; height: number }
  }
}

/**
 * Zooms so that the whole diagram shows, clear of the palette that covers
 * the canvas' left edge (`leftInset` pixels) and with a margin; never
 * zooms in beyond 100 %.
 */
export function fitDiagram(canvas: FitCanvas, leftInset = 120, margin = 32) {
  const { inner, outer } = canvas.viewbox()
  if (inner.width === 0 || inner.height === 0) return
  const availableWidth = Math.max(outer.width - leftInset - 2 * margin, 100)
  const availableHeight = Math.max(outer.height - 2 * margin, 100)
  const scale = Math.min(availableWidth / inner.width, availableHeight / inner.height, 1)
  const width = outer.width / scale
  const height = outer.height / scale
  canvas.viewbox({
    x: inner.x - (leftInset + margin) / scale - (availableWidth / scale - inner.width) / 2,
    y: inner.y - (height - inner.height) / 2,
    width,
    height,
  })
}

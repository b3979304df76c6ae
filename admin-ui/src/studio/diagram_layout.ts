import { layoutProcess } from 'bpmn-auto-layout'

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL'
const BPMNDI_NS = 'http://www.omg.org/spec/BPMN/20100524/DI'

/** Local names of the BPMN flow nodes (what a diagram draws as shapes). */
const FLOW_NODE =
  /(Event|Task|Gateway)$|^(task|subProcess|callActivity|transaction|adHocSubProcess)$/

/**
 * Children of a flow node that come before `incoming`/`outgoing` in the
 * BPMN schema's element order.
 */
const BEFORE_FLOW_REFS = new Set([
  'documentation',
  'extensionElements',
  'auditing',
  'monitoring',
  'categoryValueRef',
  'incoming',
  'outgoing',
])

function parse(xml: string): Document {
  const document = new DOMParser().parseFromString(xml, 'application/xml')
  if (document.getElementsByTagName('parsererror').length > 0) {
    throw new Error('Expected a BPMN file in XML, but the text is not well-formed XML')
  }
  return document
}

/** The elements of a namespace and local name (by hand: not every DOM implements `getElementsByTagNameNS` for prefixed names). */
function elementsNamed(document: Document, namespace: string, localName: string): Element[] {
  return [...document.getElementsByTagName('*')].filter(
    (element) => element.namespaceURI === namespace && element.localName === localName
  )
}

function flowNodesOf(container: Element): Element[] {
  return [...container.children].filter(
    (child) => child.namespaceURI === BPMN_NS && FLOW_NODE.test(child.localName)
  )
}

/**
 * The ids of the flow nodes of a BPMN file's processes (not inside
 * sub-processes) that its diagram does not draw. A file without diagram
 * information answers every flow node.
 */
export function nodesWithoutShape(xml: string): string[] {
  const document = parse(xml)
  const drawn = new Set(
    elementsNamed(document, BPMNDI_NS, 'BPMNShape').map(
      (shape) => shape.getAttribute('bpmnElement') ?? ''
    )
  )
  return elementsNamed(document, BPMN_NS, 'process')
    .flatMap(flowNodesOf)
    .map((node) => node.getAttribute('id') ?? '')
    .filter((id) => id !== '' && !drawn.has(id))
}

/**
 * Whether a BPMN file needs laying out before it can be shown: some flow
 * node of its processes has no shape (a generated file, or one written
 * from a procedure description).
 */
export function needsLayout(xml: string): boolean {
  return nodesWithoutShape(xml).length > 0
}

/**
 * Fills each flow node's `incoming` and `outgoing` from the sequence flows
 * that name it (generated files often leave them out, and the layout
 * follows them); drops the diagrams the file has, since the layout draws a
 * new one. Answers the XML.
 */
export function prepareForLayout(xml: string): string {
  const document = parse(xml)
  for (const diagram of elementsNamed(document, BPMNDI_NS, 'BPMNDiagram')) {
    diagram.parentNode?.removeChild(diagram)
  }
  for (const container of [
    ...elementsNamed(document, BPMN_NS, 'process'),
    ...elementsNamed(document, BPMN_NS, 'subProcess'),
  ]) {
    const nodes = new Map(flowNodesOf(container).map((node) => [node.getAttribute('id'), node]))
    const flows = [...container.children].filter(
      (child) => child.namespaceURI === BPMN_NS && child.localName === 'sequenceFlow'
    )
    for (const flow of flows) {
      const id = flow.getAttribute('id')
      if (!id) continue
      addFlowRef(nodes.get(flow.getAttribute('sourceRef')), 'outgoing', id)
      addFlowRef(nodes.get(flow.getAttribute('targetRef')), 'incoming', id)
    }
  }
  return new XMLSerializer().serializeToString(document)
}

function addFlowRef(node: Element | undefined, kind: 'incoming' | 'outgoing', flowId: string) {
  if (!node) return
  const existing = [...node.children].filter(
    (child) => child.namespaceURI === BPMN_NS && child.localName === kind
  )
  if (existing.some((child) => child.textContent?.trim() === flowId)) return
  const ref = node.ownerDocument.createElementNS(
    BPMN_NS,
    node.prefix ? `${node.prefix}:${kind}` : kind
  )
  ref.textContent = flowId
  // incoming refs before outgoing ones, both after documentation and extension elements
  const anchor = [...node.children].find((child) =>
    kind === 'incoming'
      ? !BEFORE_FLOW_REFS.has(child.localName) || child.localName === 'outgoing'
      : !BEFORE_FLOW_REFS.has(child.localName)
  )
  node.insertBefore(ref, anchor ?? null)
}

/**
 * Lays out a BPMN file that has no diagram information (bpmn-auto-layout:
 * the first process, left to right; sub-processes collapsed). Answers the
 * XML with a new diagram.
 */
export async function layoutDiagram(xml: string): Promise<string> {
  return layoutProcess(prepareForLayout(xml))
}

/**
 * The file as it can be opened: unchanged when its diagram draws every
 * flow node, laid out otherwise (`laidOut` says which).
 */
export async function withDiagram(xml: string): Promise<{ xml: string; laidOut: boolean }> {
  if (!needsLayout(xml)) return { xml, laidOut: false }
  return { xml: await layoutDiagram(xml), laidOut: true }
}

/**
 * Comparing two versions of a process model by element id, on the moddle
 * trees bpmn-js reads (`viewer.getDefinitions()`): which elements were
 * added, removed, or changed in what they mean (name, type, conditions,
 * Zeebe settings, connections). Moving or resizing a shape is not a
 * change: the diagram's layout is not compared.
 */

/** A moddle element as far as the comparison reads it. */
interface ModdleNode {
  $type: string
  $descriptor?: { properties?: ModdleProperty[] }
  $attrs?: Record<string, unknown>
  id?: string
  name?: string
  get(name: string): unknown
}

interface ModdleProperty {
  name: string
  isReference?: boolean
  isMany?: boolean
}

/** How an element differs between the two versions. */
export type ChangeKind = 'added' | 'removed' | 'changed'

/** One element that differs. */
export interface ElementChange {
  id: string
  kind: ChangeKind
  /** The BPMN type in the newer version (the older one for a removal). */
  type: string
  name: string
  /** For a change: what changed (`name`, `conditionExpression`, `zeebe:AssignmentDefinition`, …). */
  properties: string[]
}

/** Containment the comparison walks into instead of comparing. */
const CHILD_LISTS = new Set([
  'rootElements',
  'flowElements',
  'laneSets',
  'lanes',
  'artifacts',
  'participants',
  'messageFlows',
  'diagrams',
])

/** Properties that never make a difference a process owner cares about. */
const IGNORED = new Set(['id', 'di', 'incoming', 'outgoing', 'extensionElements', 'childLaneSet'])

/** Element types compared (what a diagram draws, and the process itself). */
function isCompared(node: ModdleNode) {
  return (
    /^bpmn:/.test(node.$type) &&
    !['bpmn:Definitions', 'bpmn:LaneSet', 'bpmn:Collaboration'].includes(node.$type) &&
    typeof node.id === 'string'
  )
}

function isNode(value: unknown): value is ModdleNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as ModdleNode).$type === 'string'
  )
}

/** Every compared element of a definitions tree, by id. */
export function collectElements(definitions: unknown): Map<string, ModdleNode> {
  const found = new Map<string, ModdleNode>()
  const visit = (node: ModdleNode) => {
    if (isCompared(node)) found.set(node.id!, node)
    for (const property of node.$descriptor?.properties ?? []) {
      if (!CHILD_LISTS.has(property.name) || property.isReference) continue
      const value = node.get(property.name)
      const children = Array.isArray(value) ? value : value ? [value] : []
      for (const child of children) if (isNode(child)) visit(child)
    }
  }
  if (isNode(definitions)) visit(definitions)
  return found
}

function canonicalValue(value: unknown, reference: boolean): unknown {
  if (value === undefined || value === null) return undefined
  if (Array.isArray(value)) {
    const items = value
      .map((item) => canonicalValue(item, reference))
      .filter((item) => item !== undefined)
    return items.length ? items : undefined
  }
  if (isNode(value)) return reference ? (value.id ?? value.$type) : canonicalNode(value)
  return value
}

/** A node's meaning as plain JSON: its type, properties and attributes. */
function canonicalNode(node: ModdleNode): Record<string, unknown> {
  const canonical: Record<string, unknown> = { $type: node.$type }
  for (const property of node.$descriptor?.properties ?? []) {
    if (CHILD_LISTS.has(property.name) || IGNORED.has(property.name)) continue
    const value = canonicalValue(node.get(property.name), Boolean(property.isReference))
    if (value !== undefined) canonical[property.name] = value
  }
  for (const [attribute, value] of Object.entries(node.$attrs ?? {})) {
    if (!attribute.startsWith('xmlns')) canonical[`@${attribute}`] = value
  }
  return canonical
}

/**
 * What an element means, property by property: its own properties, and
 * each extension element under its type (`zeebe:TaskDefinition`, …).
 */
export function describeElement(node: ModdleNode): Record<string, string> {
  const described: Record<string, string> = {}
  for (const [property, value] of Object.entries(canonicalNode(node))) {
    described[property] = JSON.stringify(value)
  }
  const extensions = node.get('extensionElements') as ModdleNode | undefined
  const values = (extensions?.get('values') as ModdleNode[] | undefined) ?? []
  const byType = new Map<string, unknown[]>()
  for (const value of values) {
    if (!isNode(value)) continue
    byType.set(value.$type, [...(byType.get(value.$type) ?? []), canonicalNode(value)])
  }
  for (const [type, list] of byType) described[type] = JSON.stringify(list)
  return described
}

/**
 * The elements that differ from `before` to `after` (moddle definitions),
 * removals first, then changes and additions, each in document order.
 */
export function diffDefinitions(before: unknown, after: unknown): ElementChange[] {
  const old = collectElements(before)
  const next = collectElements(after)
  const changes: ElementChange[] = []
  for (const [id, node] of old) {
    if (!next.has(id)) {
      changes.push({ id, kind: 'removed', type: node.$type, name: node.name ?? '', properties: [] })
    }
  }
  for (const [id, node] of next) {
    const previous = old.get(id)
    if (!previous) {
      changes.push({ id, kind: 'added', type: node.$type, name: node.name ?? '', properties: [] })
      continue
    }
    const a = describeElement(previous)
    const b = describeElement(node)
    const properties = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (property) => a[property] !== b[property]
    )
    if (properties.length) {
      changes.push({ id, kind: 'changed', type: node.$type, name: node.name ?? '', properties })
    }
  }
  const rank: Record<ChangeKind, number> = { removed: 0, changed: 1, added: 2 }
  return changes.sort((x, y) => rank[x.kind] - rank[y.kind])
}

import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as unitsApi from '../api/units'
import type { NewUnit, Unit, UnitChanges } from '../api/units'
import type { Locale } from '../api/users'

/**
 * A unit in the tree, with its sub-units and its depth (0 for a root).
 */
export interface UnitNode {
  unit: Unit
  depth: number
  children: UnitNode[]
}

/**
 * A unit's name in the UI language.
 */
export function unitName(unit: Pick<Unit, 'nameVi' | 'nameEn'>, locale: Locale) {
  return locale === 'vi' ? unit.nameVi : unit.nameEn
}

/**
 * The organisation's units, kept by id; the tree and the depth-first list
 * (for selects) are derived. Changes go to the API and the answer replaces
 * the unit, so the tree always shows what the server stored.
 */
export const useUnitsStore = defineStore('units', () => {
  const byId = ref<Record<number, Unit>>({})
  const loaded = ref(false)
  const loading = ref(false)

  const list = computed(() =>
    Object.values(byId.value).sort((a, b) => a.code.localeCompare(b.code))
  )

  /** The sub-units of each unit (key 0: the roots), ordered by code. */
  const childrenOf = computed(() => {
    const children = new Map<number, Unit[]>()
    for (const unit of list.value) {
      // A parent that is not known (not visible) makes the unit a root.
      const parent = unit.parentId && byId.value[unit.parentId] ? unit.parentId : 0
      const siblings = children.get(parent) ?? []
      siblings.push(unit)
      children.set(parent, siblings)
    }
    return children
  })

  /** The whole tree from its roots. */
  const tree = computed<UnitNode[]>(() => {
    const build = (parent: number, depth: number): UnitNode[] =>
      (childrenOf.value.get(parent) ?? []).map((unit) => ({
        unit,
        depth,
        children: build(unit.id, depth + 1),
      }))
    return build(0, 0)
  })

  /** Every unit depth-first with its depth, for indented selects. */
  const ordered = computed(() => {
    const rows: { unit: Unit; depth: number }[] = []
    const walk = (nodes: UnitNode[]) => {
      for (const node of nodes) {
        rows.push({ unit: node.unit, depth: node.depth })
        walk(node.children)
      }
    }
    walk(tree.value)
    return rows
  })

  /**
   * The ids of a unit's sub-units at every depth (not the unit itself):
   * the parents a unit cannot be moved under.
   */
  function descendantIds(id: number): Set<number> {
    const found = new Set<number>()
    const walk = (parent: number) => {
      for (const child of childrenOf.value.get(parent) ?? []) {
        if (found.has(child.id)) continue
        found.add(child.id)
        walk(child.id)
      }
    }
    walk(id)
    return found
  }

  /**
   * The unit's ancestors from the root down to the unit itself.
   */
  function pathOf(id: number): Unit[] {
    const path: Unit[] = []
    const seen = new Set<number>()
    let current: Unit | undefined = byId.value[id]
    while (current && !seen.has(current.id)) {
      seen.add(current.id)
      path.unshift(current)
      current = current.parentId ? byId.value[current.parentId] : undefined
    }
    return path
  }

  /**
   * Loads every unit (once, unless `force`).
   */
  async function load(force = false) {
    if (loaded.value && !force) return
    loading.value = true
    try {
      const { items } = await unitsApi.listUnits()
      byId.value = Object.fromEntries(items.map((unit) => [unit.id, unit]))
      loaded.value = true
    } finally {
      loading.value = false
    }
  }

  function keep(unit: Unit) {
    byId.value[unit.id] = unit
    return unit
  }

  /** Creates a unit (under `parentId`, or as a root). */
  async function create(unit: NewUnit) {
    return keep(await unitsApi.createUnit(unit))
  }

  /** Renames, recodes or moves a unit. */
  async function update(id: number, changes: UnitChanges) {
    return keep(await unitsApi.updateUnit(id, changes))
  }

  /** Deactivates a unit (it stays in the tree, marked inactive). */
  async function deactivate(id: number) {
    return keep(await unitsApi.deactivateUnit(id))
  }

  /** Makes an inactive unit active again. */
  async function reactivate(id: number) {
    return keep(await unitsApi.updateUnit(id, { active: true }))
  }

  return {
    byId,
    loaded,
    loading,
    list,
    childrenOf,
    tree,
    ordered,
    descendantIds,
    pathOf,
    load,
    create,
    update,
    deactivate,
    reactivate,
  }
})

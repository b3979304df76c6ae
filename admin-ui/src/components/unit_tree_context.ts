import type { ComputedRef, InjectionKey, Ref } from 'vue'

/**
 * What the unit tree shares with its items: which units are open,
 * selected and reachable with Tab, and how to change that.
 */
export interface UnitTreeContext {
  expanded: Ref<Set<number>>
  selectedId: ComputedRef<number | null>
  tabStop: ComputedRef<number | null>
  toggle: (id: number, open?: boolean) => void
  select: (id: number) => void
  focus: (id: number) => void
}

/**
 * The injection key of {@link UnitTreeContext}.
 */
export const UNIT_TREE_KEY: InjectionKey<UnitTreeContext> = Symbol('unit-tree')

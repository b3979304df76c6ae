import type { FeelFunction } from '@senflow/engine'

/**
 * FEEL functions the product adds to every expression (timers, due dates,
 * conditions). The business calendar's working-day functions join here.
 */
export const feelFunctions: Record<string, FeelFunction> = {}

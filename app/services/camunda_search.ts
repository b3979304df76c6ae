import { BadRequestException } from '#exceptions/api_exception'
import type { SearchQuery } from '@senflow/engine'

/**
 * A Camunda search body after validation.
 */
export interface SearchBody {
  filter?: Record<string, unknown>
  sort?: { field: string; order?: string }[]
  page?: { from?: number; limit?: number; after?: string; before?: string }
}

/**
 * Turns a Camunda search body into the engine's query: each filter field
 * must be one the resource supports, given as a plain value or `{ "$eq": … }`
 * (other operators are refused with the field named). `tenantId` of the
 * default tenant is accepted and ignored.
 */
export function toEngineQuery<F>(
  body: SearchBody,
  fields: readonly string[],
  sortable: readonly string[] = fields
) {
  const filter: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(body.filter ?? {})) {
    if (raw === undefined || raw === null) continue
    if (name === 'tenantId') continue
    if (!fields.includes(name)) {
      throw new BadRequestException(
        `filter.${name}: not a filter field here (expected one of ${fields.join(', ')})`
      )
    }
    let value: unknown = raw
    if (typeof value === 'object' && !Array.isArray(value)) {
      const operators = Object.keys(value as object)
      if (operators.length === 1 && operators[0] === '$eq') {
        value = (value as { $eq: unknown }).$eq
      } else {
        throw new BadRequestException(
          `filter.${name}: only equality is supported (a value or { "$eq": value }), but got ${operators.join(', ')}`
        )
      }
    }
    filter[name] = value
  }
  for (const sort of body.sort ?? []) {
    if (!sortable.includes(sort.field)) {
      throw new BadRequestException(
        `sort.field: cannot sort by ${sort.field} (expected one of ${sortable.join(', ')})`
      )
    }
  }
  if (body.page?.after || body.page?.before) {
    throw new BadRequestException('page: cursor pagination is not supported; use from and limit')
  }
  return {
    filter: filter as F,
    sort: (body.sort ?? []).map((sort) => ({
      field: sort.field,
      order: (sort.order ?? 'ASC') as 'ASC' | 'DESC',
    })),
    page: { from: body.page?.from ?? 0, limit: body.page?.limit ?? 100 },
  } satisfies SearchQuery<F>
}

/**
 * The page block of a Camunda search result.
 */
export function searchPage(totalItems: number) {
  return { totalItems, hasMoreTotalItems: false }
}

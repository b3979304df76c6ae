import { request } from './http'

/**
 * A unit of the organisation tree (ministry → department → division).
 */
export interface Unit {
  id: number
  code: string
  nameVi: string
  nameEn: string
  parentId: number | null
  active: boolean
  createdAt: string | null
  updatedAt: string | null
}

/**
 * What an administrator sets on a new unit.
 */
export interface NewUnit {
  code: string
  nameVi: string
  nameEn: string
  parentId?: number | null
  active?: boolean
}

/**
 * Changes to a unit: rename, recode, move (`parentId`), (re)activate.
 */
export type UnitChanges = Partial<NewUnit>

/**
 * `GET /api/units`: every unit, flat, ordered by code.
 */
export function listUnits() {
  return request<{ items: Unit[] }>('GET', '/api/units')
}

/**
 * `POST /api/units`.
 */
export function createUnit(unit: NewUnit) {
  return request<Unit>('POST', '/api/units', unit)
}

/**
 * `PATCH /api/units/{id}` (the server refuses a parent inside the unit's own subtree).
 */
export function updateUnit(id: number, changes: UnitChanges) {
  return request<Unit>('PATCH', `/api/units/${id}`, changes)
}

/**
 * `DELETE /api/units/{id}`: deactivates the unit (units are never deleted).
 */
export function deactivateUnit(id: number) {
  return request<Unit>('DELETE', `/api/units/${id}`)
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { unitName, useUnitsStore } from '../src/stores/units.store'
import { apiUnit, fakeServer, freshPinia } from './support/fake_server'

const ORGANISATION = [
  apiUnit(1, 'MOFA', null),
  apiUnit(2, 'CONSULAR', 1),
  apiUnit(3, 'CONSULAR-LEGAL', 2),
  apiUnit(4, 'CONSULAR-PASSPORT', 2),
  apiUnit(5, 'OFFICE', 1, false),
  apiUnit(6, 'EMBASSY', null),
]

describe('stores/units', () => {
  beforeEach(() => {
    freshPinia()
    document.cookie = 'XSRF-TOKEN=t; path=/'
  })
  afterEach(() => vi.unstubAllGlobals())

  async function loaded() {
    const server = fakeServer({ 'GET /api/units': () => ({ body: { items: ORGANISATION } }) })
    const units = useUnitsStore()
    await units.load()
    return { units, server }
  }

  it('should derive the tree and the depth-first list from the units by id', async () => {
    const { units } = await loaded()

    expect(units.tree.map((node) => node.unit.code)).toEqual(['EMBASSY', 'MOFA'])
    const mofa = units.tree[1]
    expect(mofa.children.map((node) => node.unit.code)).toEqual(['CONSULAR', 'OFFICE'])
    expect(mofa.children[0].children.map((node) => node.depth)).toEqual([2, 2])
    expect(units.ordered.map(({ unit, depth }) => `${depth}:${unit.code}`)).toEqual([
      '0:EMBASSY',
      '0:MOFA',
      '1:CONSULAR',
      '2:CONSULAR-LEGAL',
      '2:CONSULAR-PASSPORT',
      '1:OFFICE',
    ])
  })

  it('should know the sub-units a unit cannot be moved under, and its path', async () => {
    const { units } = await loaded()
    expect([...units.descendantIds(1)].sort()).toEqual([2, 3, 4, 5])
    expect([...units.descendantIds(3)]).toEqual([])
    expect(units.pathOf(4).map((unit) => unit.code)).toEqual([
      'MOFA',
      'CONSULAR',
      'CONSULAR-PASSPORT',
    ])
  })

  it('should load once unless forced', async () => {
    const { units, server } = await loaded()
    await units.load()
    expect(server.calls('GET /api/units')).toHaveLength(1)
    await units.load(true)
    expect(server.calls('GET /api/units')).toHaveLength(2)
  })

  it('should keep what the server answers to a create, a move, a deactivation and a reactivation', async () => {
    const { units, server } = await loaded()
    server.on('POST /api/units', (req) => ({
      status: 201,
      body: { ...apiUnit(7, 'VISA', 2), ...(req.body as object) },
    }))
    server.on('PATCH /api/units/7', (req) => ({
      body: { ...units.byId[7], ...(req.body as object) },
    }))
    server.on('DELETE /api/units/7', () => ({ body: { ...units.byId[7], active: false } }))

    await units.create({
      code: 'VISA',
      nameVi: 'Phòng Thị thực',
      nameEn: 'Visa Division',
      parentId: 2,
    })
    expect(units.tree[1].children[0].children.map((node) => node.unit.code)).toContain('VISA')

    await units.update(7, { parentId: 6 })
    expect(units.tree[0].children.map((node) => node.unit.code)).toEqual(['VISA'])

    await units.deactivate(7)
    expect(units.byId[7].active).toBe(false)

    await units.reactivate(7)
    expect(server.calls('PATCH /api/units/7')[1].body).toEqual({ active: true })
    expect(units.byId[7].active).toBe(true)
  })

  it('should name a unit in the UI language', () => {
    expect(unitName({ nameVi: 'Cục Lãnh sự', nameEn: 'Consular Department' }, 'vi')).toBe(
      'Cục Lãnh sự'
    )
    expect(unitName({ nameVi: 'Cục Lãnh sự', nameEn: 'Consular Department' }, 'en')).toBe(
      'Consular Department'
    )
  })
})

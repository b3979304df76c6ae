import { request } from './http'
import type { StatusClass } from './commitments'

/** The national service index's figures for one group of dossiers. */
export interface DossierFigures {
  received: number
  online: number
  onlineShare: number | null
  finished: number
  onTime: number
  late: number
  pendingWithinTerm: number
  overdue: number
  closedWithoutResult: number
  onTimeRate: number | null
}

export interface DossierDashboard {
  from: string
  to: string
  unit: string | null
  totals: DossierFigures
  byUnit: (DossierFigures & { unit: string; nameVi: string; nameEn: string })[]
  byProcedure: (DossierFigures & { procedure: string; nameVi: string; nameEn: string })[]
  byMonth: (DossierFigures & { period: string })[]
}

export type ClassCounts = Record<StatusClass, number>

export interface CommitmentDashboard {
  from: string
  to: string
  unit: string | null
  today: string
  totals: ClassCounts & { total: number; onTimeRate: number | null }
  byUnit: (ClassCounts & { unit: string; nameVi: string; nameEn: string })[]
  overdue: {
    id: number
    code: string
    title: string
    unit: string
    unitNameVi: string
    unitNameEn: string
    counterpart: string | null
    deadline: string
    progress: number
    workingDaysOverdue: number
    escalated: boolean
  }[]
  timeline: (ClassCounts & { month: string })[]
}

export interface DashboardFilters {
  from?: string
  to?: string
  unit?: string
}

function query(filters: Record<string, string | undefined>) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** `GET /api/dashboards/dossiers`. */
export function dossierDashboard(filters: DashboardFilters) {
  return request<DossierDashboard>('GET', `/api/dashboards/dossiers${query({ ...filters })}`)
}

/** `GET /api/dashboards/commitments`. */
export function commitmentDashboard(filters: DashboardFilters) {
  return request<CommitmentDashboard>('GET', `/api/dashboards/commitments${query({ ...filters })}`)
}

/** The address of an export (downloaded by the browser with the session cookie). */
export function exportUrl(
  board: 'dossiers' | 'commitments',
  filters: DashboardFilters,
  format: 'csv' | 'xlsx',
  locale: 'vi' | 'en'
) {
  return `/api/dashboards/${board}/export${query({ ...filters, format, locale })}`
}

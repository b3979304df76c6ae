import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { CALENDAR_ZONE, businessCalendar } from '#services/business_calendar'
import { isoTime } from '#services/sql_time'
import {
  engineNow,
  statusClassOf,
  STATUS_CLASSES,
  type StatusClass,
} from '#services/commitment_status'
import type { ExportTable } from '#services/export_tables'

/** The period and scope of a dashboard. */
export interface DashboardFilters {
  /** First day (YYYY-MM-DD, Asia/Ho_Chi_Minh), default 1 January of this year. */
  from?: string
  /** Last day, default today. */
  to?: string
  /** A unit code: that unit and its sub-units. */
  unit?: string
}

/** The figures the national service index reads, for one group of dossiers. */
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
  /** On-time results over all results (the index's "đúng hạn" rate). */
  onTimeRate: number | null
}

const CLOSED_WITHOUT_RESULT = ['rejected', 'withdrawn', 'stopped']

const emptyFigures = (): DossierFigures => ({
  received: 0,
  online: 0,
  onlineShare: null,
  finished: 0,
  onTime: 0,
  late: 0,
  pendingWithinTerm: 0,
  overdue: 0,
  closedWithoutResult: 0,
  onTimeRate: null,
})

function finish(figures: DossierFigures): DossierFigures {
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null)
  return {
    ...figures,
    onlineShare: ratio(figures.online, figures.received),
    onTimeRate: ratio(figures.onTime, figures.onTime + figures.late),
  }
}

/** A timestamp column (string from SQLite, Date from MySQL) in milliseconds. */
const millis = (value: unknown) => {
  const iso = isoTime(value as string | Date | null)
  return iso ? Date.parse(iso) : null
}

/**
 * Leaders' dashboards: dossiers received in a period with the national service index's
 * figures (on time, late, pending within term, overdue, online share, on-time rate) by unit,
 * procedure and month; commitments by report class and unit with the overdue list and a
 * timeline of deadlines. "Now" is the engine's clock.
 */
export default class DashboardService {
  async period(filters: DashboardFilters) {
    const now = await engineNow()
    const to = filters.to ?? now.toISODate()!
    const from = filters.from ?? `${to.slice(0, 4)}-01-01`
    return { from, to, now }
  }

  /** Unit ids of a unit code and its sub-units (null: every unit). */
  async unitScope(code: string | undefined): Promise<{ ids: number[]; codes: string[] } | null> {
    if (!code) return null
    const units = await db.from('units').select('id', 'code', 'parent_id')
    const root = units.find((unit) => unit.code === code)
    if (!root) return { ids: [], codes: [] }
    const scope = [root]
    for (let index = 0; index < scope.length; index++) {
      scope.push(...units.filter((unit) => Number(unit.parent_id) === Number(scope[index].id)))
    }
    return { ids: scope.map((unit) => Number(unit.id)), codes: scope.map((unit) => unit.code) }
  }

  async dossiers(filters: DashboardFilters) {
    const { from, to, now } = await this.period(filters)
    const scope = await this.unitScope(filters.unit)
    const start = DateTime.fromISO(from, { zone: CALENDAR_ZONE }).startOf('day').toUTC()
    const end = DateTime.fromISO(to, { zone: CALENDAR_ZONE }).endOf('day').toUTC()
    const query = db
      .from('dossiers as d')
      .leftJoin('procedures as p', 'p.id', 'd.procedure_id')
      .where('d.received_at', '>=', start.toFormat('yyyy-MM-dd HH:mm:ss'))
      .where('d.received_at', '<=', end.toFormat('yyyy-MM-dd HH:mm:ss'))
      .select(
        'd.unit_code',
        'd.procedure_code',
        'p.name_vi as procedure_name_vi',
        'p.name_en as procedure_name_en',
        'd.channel',
        'd.status',
        'd.received_at',
        'd.due_at',
        'd.revised_due_at',
        'd.finished_at'
      )
    if (scope) query.whereIn('d.unit_code', scope.codes.length ? scope.codes : [''])
    const rows = await query
    const nowMs = now.toMillis()
    const totals = emptyFigures()
    const byUnit = new Map<string, DossierFigures>()
    const byProcedure = new Map<string, DossierFigures & { nameVi: string; nameEn: string }>()
    const byMonth = new Map<string, DossierFigures>()
    for (const row of rows) {
      const received = millis(row.received_at)!
      const due = millis(row.revised_due_at) ?? millis(row.due_at)!
      const finishedAt = millis(row.finished_at)
      const month = DateTime.fromMillis(received, { zone: CALENDAR_ZONE }).toFormat('yyyy-MM')
      const procedure =
        byProcedure.get(row.procedure_code) ??
        byProcedure
          .set(row.procedure_code, {
            ...emptyFigures(),
            nameVi: row.procedure_name_vi ?? row.procedure_code,
            nameEn: row.procedure_name_en ?? row.procedure_code,
          })
          .get(row.procedure_code)!
      const groups = [
        totals,
        byUnit.get(row.unit_code) ?? byUnit.set(row.unit_code, emptyFigures()).get(row.unit_code)!,
        procedure,
        byMonth.get(month) ?? byMonth.set(month, emptyFigures()).get(month)!,
      ]
      for (const figures of groups) {
        figures.received++
        if (row.channel === 'online') figures.online++
        if (finishedAt !== null) {
          figures.finished++
          if (finishedAt <= due) figures.onTime++
          else figures.late++
        } else if (CLOSED_WITHOUT_RESULT.includes(row.status)) {
          figures.closedWithoutResult++
        } else if (nowMs > due) {
          figures.overdue++
        } else {
          figures.pendingWithinTerm++
        }
      }
    }
    const units = await db.from('units').select('code', 'name_vi', 'name_en')
    const unitName = new Map(units.map((unit) => [unit.code, unit]))
    return {
      from,
      to,
      unit: filters.unit ?? null,
      now: now.toISO(),
      totals: finish(totals),
      byUnit: [...byUnit.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, figures]) => ({
          unit: code,
          nameVi: unitName.get(code)?.name_vi ?? code,
          nameEn: unitName.get(code)?.name_en ?? code,
          ...finish(figures),
        })),
      byProcedure: [...byProcedure.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, { nameVi, nameEn, ...figures }]) => ({
          procedure: code,
          nameVi,
          nameEn,
          ...finish(figures),
        })),
      byMonth: [...byMonth.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([period, figures]) => ({ period, ...finish(figures) })),
    }
  }

  /**
   * Commitments whose deadline falls in the period (or that are still open and overdue from
   * before it), counted by report class overall and per lead unit; the overdue list with how
   * many working days late; a monthly timeline of deadlines by class.
   */
  async commitments(filters: DashboardFilters) {
    const now = await engineNow()
    const year = (filters.from ?? filters.to ?? now.toISODate()!).slice(0, 4)
    const from = filters.from ?? `${year}-01-01`
    const to = filters.to ?? `${year}-12-31`
    const on = now.toISODate()!
    const scope = await this.unitScope(filters.unit)
    const query = db
      .from('commitments as c')
      .join('units as u', 'u.id', 'c.lead_unit_id')
      .whereNot('c.status', 'cancelled')
      .where((where) =>
        where
          .whereBetween('c.deadline', [from, to])
          .orWhere((open) =>
            open.whereNotIn('c.status', ['completed']).where('c.deadline', '<', from)
          )
      )
      .select(
        'c.id',
        'c.code',
        'c.title',
        'c.deadline',
        'c.status',
        'c.completed_on',
        'c.progress',
        'c.counterpart',
        'c.escalated_at',
        'u.code as unit_code',
        'u.name_vi as unit_name_vi',
        'u.name_en as unit_name_en'
      )
      .orderBy('c.deadline')
    if (scope) query.whereIn('c.lead_unit_id', scope.ids.length ? scope.ids : [0])
    const rows = await query
    const counts = () =>
      Object.fromEntries(STATUS_CLASSES.map((name) => [name, 0])) as Record<StatusClass, number>
    const totals = counts()
    const byUnit = new Map<
      string,
      { nameVi: string; nameEn: string; counts: Record<StatusClass, number> }
    >()
    const timeline = new Map<string, Record<StatusClass, number>>()
    const overdue = []
    for (const row of rows) {
      const klass = statusClassOf(row, on)
      if (!klass) continue
      totals[klass]++
      const unit =
        byUnit.get(row.unit_code) ??
        byUnit
          .set(row.unit_code, {
            nameVi: row.unit_name_vi,
            nameEn: row.unit_name_en,
            counts: counts(),
          })
          .get(row.unit_code)!
      unit.counts[klass]++
      const month = String(row.deadline).slice(0, 7)
      const bucket = timeline.get(month) ?? timeline.set(month, counts()).get(month)!
      bucket[klass]++
      if (klass === 'overdue') {
        overdue.push({
          id: Number(row.id),
          code: row.code,
          title: row.title,
          unit: row.unit_code,
          unitNameVi: row.unit_name_vi,
          unitNameEn: row.unit_name_en,
          counterpart: row.counterpart ?? null,
          deadline: row.deadline,
          progress: Number(row.progress),
          workingDaysOverdue: await businessCalendar.workingDaysBetween(row.deadline, on),
          escalated: row.escalated_at !== null,
        })
      }
    }
    const total = STATUS_CLASSES.reduce((sum, name) => sum + totals[name], 0)
    const completed = totals.completed_on_time + totals.completed_late
    return {
      from,
      to,
      unit: filters.unit ?? null,
      today: on,
      totals: {
        ...totals,
        total,
        onTimeRate: completed
          ? Math.round((totals.completed_on_time / completed) * 10000) / 10000
          : null,
      },
      byUnit: [...byUnit.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, entry]) => ({
          unit: code,
          nameVi: entry.nameVi,
          nameEn: entry.nameEn,
          ...entry.counts,
        })),
      overdue: overdue.sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue),
      timeline: [...timeline.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, entry]) => ({ month, ...entry })),
    }
  }

  /** The dossier figures as export tables (totals, by unit, by procedure, by month). */
  dossierTables(
    data: Awaited<ReturnType<DashboardService['dossiers']>>,
    locale: 'vi' | 'en'
  ): ExportTable[] {
    const vi = locale === 'vi'
    const figureColumns: ExportTable['columns'] = [
      { key: 'received', header: vi ? 'Tiếp nhận' : 'Received' },
      { key: 'online', header: vi ? 'Trực tuyến' : 'Online' },
      { key: 'onlineShare', header: vi ? 'Tỷ lệ trực tuyến' : 'Online share', format: 'percent' },
      { key: 'finished', header: vi ? 'Đã giải quyết' : 'Finished' },
      { key: 'onTime', header: vi ? 'Đúng hạn' : 'On time' },
      { key: 'late', header: vi ? 'Quá hạn (đã giải quyết)' : 'Late' },
      {
        key: 'pendingWithinTerm',
        header: vi ? 'Đang giải quyết trong hạn' : 'Pending within term',
      },
      { key: 'overdue', header: vi ? 'Đang giải quyết quá hạn' : 'Overdue' },
      {
        key: 'closedWithoutResult',
        header: vi ? 'Từ chối, rút, dừng' : 'Refused, withdrawn, stopped',
      },
      { key: 'onTimeRate', header: vi ? 'Tỷ lệ đúng hạn' : 'On-time rate', format: 'percent' },
    ]
    const name = (row: { nameVi: string; nameEn: string }) => (vi ? row.nameVi : row.nameEn)
    return [
      {
        name: vi ? 'Tổng hợp' : 'Totals',
        columns: [{ key: 'period', header: vi ? 'Kỳ' : 'Period', width: 26 }, ...figureColumns],
        rows: [{ period: `${data.from} – ${data.to}`, ...data.totals }],
      },
      {
        name: vi ? 'Theo đơn vị' : 'By unit',
        columns: [
          { key: 'unit', header: vi ? 'Mã đơn vị' : 'Unit code', width: 20 },
          { key: 'name', header: vi ? 'Đơn vị' : 'Unit', width: 40 },
          ...figureColumns,
        ],
        rows: data.byUnit.map((row) => ({ ...row, name: name(row) })),
      },
      {
        name: vi ? 'Theo thủ tục' : 'By procedure',
        columns: [
          { key: 'procedure', header: vi ? 'Mã thủ tục' : 'Procedure code', width: 24 },
          { key: 'name', header: vi ? 'Thủ tục' : 'Procedure', width: 50 },
          ...figureColumns,
        ],
        rows: data.byProcedure.map((row) => ({ ...row, name: name(row) })),
      },
      {
        name: vi ? 'Theo tháng' : 'By month',
        columns: [{ key: 'period', header: vi ? 'Tháng' : 'Month' }, ...figureColumns],
        rows: data.byMonth,
      },
    ]
  }

  /** The commitment figures as export tables (by unit, overdue list, timeline). */
  commitmentTables(
    data: Awaited<ReturnType<DashboardService['commitments']>>,
    locale: 'vi' | 'en'
  ): ExportTable[] {
    const vi = locale === 'vi'
    const classColumns: ExportTable['columns'] = [
      { key: 'completed_on_time', header: vi ? 'Hoàn thành đúng hạn' : 'Completed on time' },
      { key: 'completed_late', header: vi ? 'Hoàn thành quá hạn' : 'Completed late' },
      { key: 'in_progress', header: vi ? 'Đang thực hiện trong hạn' : 'In progress within term' },
      { key: 'overdue', header: vi ? 'Quá hạn' : 'Overdue' },
    ]
    return [
      {
        name: vi ? 'Theo đơn vị' : 'By unit',
        columns: [
          { key: 'unit', header: vi ? 'Mã đơn vị' : 'Unit code', width: 20 },
          { key: 'name', header: vi ? 'Đơn vị chủ trì' : 'Lead unit', width: 40 },
          ...classColumns,
        ],
        rows: [
          ...data.byUnit.map((row) => ({ ...row, name: vi ? row.nameVi : row.nameEn })),
          { unit: '', name: vi ? 'Tổng cộng' : 'Total', ...data.totals },
        ],
      },
      {
        name: vi ? 'Quá hạn' : 'Overdue',
        columns: [
          { key: 'code', header: vi ? 'Mã' : 'Code', width: 16 },
          { key: 'title', header: vi ? 'Nhiệm vụ, cam kết' : 'Commitment', width: 60 },
          { key: 'unitName', header: vi ? 'Đơn vị chủ trì' : 'Lead unit', width: 36 },
          { key: 'counterpart', header: vi ? 'Đối tác' : 'Counterpart', width: 24 },
          { key: 'deadline', header: vi ? 'Hạn' : 'Deadline', width: 12 },
          {
            key: 'workingDaysOverdue',
            header: vi ? 'Số ngày làm việc quá hạn' : 'Working days overdue',
          },
          { key: 'progress', header: vi ? 'Tiến độ (%)' : 'Progress (%)' },
        ],
        rows: data.overdue.map((row) => ({
          ...row,
          unitName: vi ? row.unitNameVi : row.unitNameEn,
        })),
      },
      {
        name: vi ? 'Theo tháng đến hạn' : 'By deadline month',
        columns: [{ key: 'month', header: vi ? 'Tháng' : 'Month' }, ...classColumns],
        rows: data.timeline,
      },
    ]
  }
}

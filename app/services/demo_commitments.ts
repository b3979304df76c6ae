import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import CommitmentService from '#services/commitment_service'
import { businessCalendar } from '#services/business_calendar'
import { engineNow } from '#services/commitment_status'
import { sqlTime } from '#services/sql_time'

let scheduled = false

/**
 * Called by the demo data loader: the demo commitments are recorded once the engine runtime
 * runs (their follow-up processes need it), by `loadScheduledDemoCommitments`.
 */
export function scheduleDemoCommitments() {
  scheduled = true
}

/** Loads the scheduled demo commitments (not in tests, which load them when they need them). */
export async function loadScheduledDemoCommitments() {
  if (!scheduled || app.inTest) return
  scheduled = false
  try {
    const created = await loadDemoCommitments()
    logger.info({ commitments: created }, 'loaded the demo commitments')
  } catch (error) {
    logger.error({ err: error }, 'could not load the demo commitments')
  }
}

interface DemoCommitment {
  title: string
  counterpart: string | null
  sourceDocument: string
  assigningAuthority: string
  leadUnit: string
  coordinatingUnits?: string[]
  /** Deadline in working days from today (negative: in the past). */
  dueIn: number
  /** Started this many working days ago. */
  startedAgo: number
  progress?: number
  report?: string
  /** Historical commitments, recorded completed (no process): completed this many working days after (+) or before (−) the deadline. */
  completed?: number
  extension?: { days: number; reason: string }
  children?: Omit<DemoCommitment, 'children'>[]
}

const DEMO: DemoCommitment[] = [
  {
    title: 'Triển khai Thỏa thuận miễn thị thực cho người mang hộ chiếu phổ thông với Chile',
    counterpart: 'Chile',
    sourceDocument: '215/TB-VPCP',
    assigningAuthority: 'Văn phòng Chính phủ',
    leadUnit: 'CONSULAR-LEGAL',
    coordinatingUnits: ['INTL-LAW'],
    dueIn: 25,
    startedAgo: 20,
    progress: 45,
    report: 'Đã hoàn thành dự thảo, đang lấy ý kiến Bộ Công an',
    children: [
      {
        title: 'Lấy ý kiến các bộ, ngành về dự thảo Thỏa thuận',
        counterpart: 'Chile',
        sourceDocument: '215/TB-VPCP',
        assigningAuthority: 'Cục Lãnh sự',
        leadUnit: 'INTL-LAW',
        dueIn: 6,
        startedAgo: 15,
        progress: 70,
        report: 'Đã nhận ý kiến của 4/6 cơ quan',
      },
    ],
  },
  {
    title: 'Hoàn thiện hồ sơ phê duyệt Hiệp định tương trợ tư pháp về dân sự với Hàn Quốc',
    counterpart: 'Hàn Quốc',
    sourceDocument: '1024/QĐ-TTg',
    assigningAuthority: 'Thủ tướng Chính phủ',
    leadUnit: 'INTL-LAW',
    coordinatingUnits: ['CONSULAR-LEGAL'],
    dueIn: 3,
    startedAgo: 40,
    progress: 80,
    report: 'Đã trình Lãnh đạo Bộ ký tờ trình',
  },
  {
    title: 'Báo cáo kết quả thực hiện cam kết về bảo hộ công dân tại Trung Đông',
    counterpart: null,
    sourceDocument: '88/KL-BCS',
    assigningAuthority: 'Ban cán sự Đảng Bộ',
    leadUnit: 'CONSULAR',
    coordinatingUnits: ['CONSULAR-PASSPORT'],
    dueIn: -4,
    startedAgo: 50,
    progress: 60,
    report: 'Đang tổng hợp số liệu từ các cơ quan đại diện',
  },
  {
    title: 'Số hóa hồ sơ hộ chiếu ngoại giao, công vụ cấp từ năm 2015',
    counterpart: null,
    sourceDocument: '17/CT-BNG',
    assigningAuthority: 'Bộ trưởng',
    leadUnit: 'CONSULAR-PASSPORT',
    coordinatingUnits: ['CY-IT'],
    dueIn: -12,
    startedAgo: 80,
    progress: 35,
  },
  {
    title: 'Ký kết Bản ghi nhớ hợp tác lãnh sự với Ô-xtrây-li-a',
    counterpart: 'Ô-xtrây-li-a',
    sourceDocument: '342/TB-VPCP',
    assigningAuthority: 'Văn phòng Chính phủ',
    leadUnit: 'CONSULAR-LEGAL',
    dueIn: 12,
    startedAgo: 30,
    progress: 30,
    extension: { days: 20, reason: 'Phía Ô-xtrây-li-a đề nghị lùi phiên đàm phán' },
  },
  {
    title: 'Xây dựng quy trình điện tử hợp pháp hóa lãnh sự liên thông',
    counterpart: null,
    sourceDocument: '05/KH-BNG',
    assigningAuthority: 'Bộ trưởng',
    leadUnit: 'CY-IT',
    coordinatingUnits: ['CONSULAR-LEGAL'],
    dueIn: 45,
    startedAgo: 10,
    progress: 15,
  },
  {
    title: 'Rà soát điều ước quốc tế về lãnh sự hết hiệu lực',
    counterpart: null,
    sourceDocument: '612/BNG-LPQT',
    assigningAuthority: 'Lãnh đạo Bộ',
    leadUnit: 'INTL-LAW',
    dueIn: 1,
    startedAgo: 25,
    progress: 90,
    report: 'Hoàn thành rà soát, đang hoàn thiện báo cáo',
  },
  {
    title: 'Tổ chức Hội nghị Lãnh sự toàn quốc',
    counterpart: null,
    sourceDocument: '09/KH-CLS',
    assigningAuthority: 'Cục trưởng Cục Lãnh sự',
    leadUnit: 'CONSULAR',
    dueIn: -30,
    startedAgo: 90,
    completed: -3,
  },
  {
    title: 'Triển khai Hiệp định về người lao động với Nhật Bản (giai đoạn 1)',
    counterpart: 'Nhật Bản',
    sourceDocument: '77/TB-VPCP',
    assigningAuthority: 'Văn phòng Chính phủ',
    leadUnit: 'CONSULAR-LEGAL',
    dueIn: -20,
    startedAgo: 70,
    completed: 4,
  },
  {
    title: 'Cập nhật Cổng thông tin bảo hộ công dân',
    counterpart: null,
    sourceDocument: '130/BNG-VP',
    assigningAuthority: 'Chánh Văn phòng Bộ',
    leadUnit: 'OFFICE',
    coordinatingUnits: ['CY-IT'],
    dueIn: -45,
    startedAgo: 100,
    completed: 0,
  },
  {
    title: 'Báo cáo Chính phủ về công tác người Việt Nam ở nước ngoài 6 tháng',
    counterpart: null,
    sourceDocument: '45/TB-VPCP',
    assigningAuthority: 'Văn phòng Chính phủ',
    leadUnit: 'FOREIGN-POLICY',
    dueIn: -8,
    startedAgo: 60,
    completed: 2,
  },
]

/**
 * A dozen commitments in every state the reports use: in progress within term (some with
 * progress reports, one with a pending extension request, a parent with a child), overdue
 * (escalated by their processes as soon as the timers run) and completed on time or late
 * (historical records, without a process). Dates are relative to today. Idempotent: does
 * nothing when commitments exist. Returns how many it recorded.
 */
export async function loadDemoCommitments(options: { force?: boolean } = {}): Promise<number> {
  const existing = await db.from('commitments').count('* as total').first()
  if (Number(existing?.total ?? 0) > 0 && !options.force) return 0
  const leader = await User.query()
    .where('email', 'leader@demo.senflow.local')
    .preload('units')
    .preload('roleRows')
    .first()
  const staff = await User.query()
    .where('email', 'staff@demo.senflow.local')
    .preload('units')
    .preload('roleRows')
    .first()
  if (!leader || !staff) return 0
  const units = new Set((await db.from('units').select('code')).map((unit) => unit.code))
  const commitments = new CommitmentService()
  const actor = { id: leader.id, email: leader.email }
  const today = (await engineNow()).toISODate()!
  const day = async (n: number) => (await businessCalendar.addWorkingDays(today, n)).toISODate()!
  let created = 0

  const record = async (demo: DemoCommitment, parentId: number | null) => {
    if (!units.has(demo.leadUnit)) return null
    const input = {
      title: demo.title,
      sourceDocument: demo.sourceDocument,
      sourceDate: await day(-demo.startedAgo),
      counterpart: demo.counterpart,
      assigningAuthority: demo.assigningAuthority,
      leadUnit: demo.leadUnit,
      coordinatingUnits: (demo.coordinatingUnits ?? []).filter((code) => units.has(code)),
      deadline: await day(demo.dueIn),
      parentId,
    }
    if (demo.completed !== undefined) {
      const code = await db.transaction((trx) => commitments.nextCode(trx, input.sourceDate))
      const [id] = await db
        .table('commitments')
        .insert({
          code,
          title: input.title,
          source_document: input.sourceDocument,
          source_date: input.sourceDate,
          counterpart: input.counterpart,
          assigning_authority: input.assigningAuthority,
          lead_unit_id: (await db.from('units').where('code', input.leadUnit).select('id').first())
            .id,
          coordinating_unit_ids: JSON.stringify(
            (await db.from('units').whereIn('code', input.coordinatingUnits).select('id')).map(
              (u) => Number(u.id)
            )
          ),
          observer_ids: '[]',
          verifier_ids: JSON.stringify([leader.id]),
          deadline: input.deadline,
          original_deadline: input.deadline,
          parent_id: parentId,
          progress: 100,
          report_interval_days: 30,
          status: 'completed',
          completed_on: await businessCalendar
            .addWorkingDays(input.deadline, demo.completed)
            .then((value) => value.toISODate()),
          completion_summary: 'Đã hoàn thành (dữ liệu trình diễn)',
          verified_at: sqlTime(),
          verified_by: leader.id,
          created_by: leader.id,
          created_at: sqlTime(),
          updated_at: sqlTime(),
        })
        .returning('id')
      created++
      return Number(typeof id === 'object' ? (id as { id: number }).id : id)
    }
    const commitment = await commitments.create(input, leader, actor)
    created++
    if (demo.progress !== undefined) {
      await commitments.addReport(
        commitment.id,
        { progress: demo.progress, content: demo.report ?? `Tiến độ ${demo.progress}%` },
        leader,
        actor
      )
    }
    if (demo.extension) {
      await commitments.requestExtension(
        commitment.id,
        {
          requestedDeadline: await day(demo.dueIn + demo.extension.days),
          reason: demo.extension.reason,
        },
        leader,
        actor
      )
    }
    return commitment.id
  }

  for (const demo of DEMO) {
    const id = await record(demo, null)
    for (const child of demo.children ?? []) await record(child, id)
  }
  return created
}

/**
 * The statuses of a dossier, each with the National Public Service
 * Portal's code (1–10) and its Vietnamese and English names, and the
 * inbox queues built on them. See docs/dossiers.md.
 */
export const DOSSIER_STATUSES = {
  'registered': { portalCode: 1, vi: 'Mới đăng ký', en: 'Registered' },
  'received': { portalCode: 2, vi: 'Được tiếp nhận', en: 'Received' },
  'rejected': { portalCode: 3, vi: 'Không được tiếp nhận', en: 'Not received' },
  'processing': { portalCode: 4, vi: 'Đang xử lý', en: 'Being processed' },
  'supplement-requested': {
    portalCode: 5,
    vi: 'Yêu cầu bổ sung giấy tờ',
    en: 'Supplement requested',
  },
  'fee-requested': {
    portalCode: 6,
    vi: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    en: 'Fee requested',
  },
  'withdrawn': { portalCode: 7, vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn' },
  'stopped': { portalCode: 8, vi: 'Dừng xử lý', en: 'Processing stopped' },
  'done': { portalCode: 9, vi: 'Đã xử lý xong', en: 'Processed, awaiting return' },
  'returned': { portalCode: 10, vi: 'Đã trả kết quả', en: 'Result returned' },
} as const

/** A dossier status. */
export type DossierStatus = keyof typeof DOSSIER_STATUSES

/** Every status, in the portal's order. */
export const DOSSIER_STATUS_NAMES = Object.keys(DOSSIER_STATUSES) as DossierStatus[]

/** Whether a value is a dossier status. */
export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'string' && Object.hasOwn(DOSSIER_STATUSES, value)
}

/** The portal code of a status. */
export function portalCodeOf(status: DossierStatus): number {
  return DOSSIER_STATUSES[status].portalCode
}

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: readonly DossierStatus[] = [
  'returned',
  'withdrawn',
  'rejected',
  'stopped',
]

/** Statuses whose due date still runs (they can become due soon or overdue). */
export const RUNNING_STATUSES: readonly DossierStatus[] = [
  'registered',
  'received',
  'processing',
  'fee-requested',
]

/** The inbox queues of dossiers. */
export const DOSSIER_QUEUES = [
  'new',
  'processing',
  'awaiting-supplement',
  'awaiting-fee',
  'awaiting-return',
  'returned',
  'withdrawn',
  'due-soon',
  'overdue',
] as const
export type DossierQueue = (typeof DOSSIER_QUEUES)[number]

/** The statuses of the queues defined by status alone. */
export const QUEUE_STATUSES: Partial<Record<DossierQueue, readonly DossierStatus[]>> = {
  'new': ['registered', 'received'],
  'processing': ['processing'],
  'awaiting-supplement': ['supplement-requested'],
  'awaiting-fee': ['fee-requested'],
  'awaiting-return': ['done'],
  'returned': ['returned'],
  'withdrawn': ['withdrawn'],
}

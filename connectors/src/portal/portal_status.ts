/**
 * The dossier status codes of the National Public Service Portal (Cổng Dịch
 * vụ công quốc gia), sent as `TrangThaiHoSo` when a one-stop shop
 * synchronises a dossier and as `TrangThai` when it updates its progress.
 *
 * Source of the table: the status list ("danh mục trạng thái hồ sơ") used by
 * the public implementations of the portal's dossier synchronisation
 * profile (OpenCPS's DVCQG integration maps its own statuses to these codes,
 * and provincial one-stop-shop systems display the same list). The brief's
 * example ("1 Mới tiếp nhận, 2 Đang xử lý") differs; we follow the published
 * list: 1 Mới đăng ký … 10 Đã trả kết quả. Our own dossier statuses are
 * mapped to these codes per connector configuration (`statusCodes`).
 */

/** A portal status: its code and its Vietnamese and English names. */
export interface PortalDossierStatus {
  code: number
  name: string
  english: string
}

/** The ten portal statuses, by code. */
export const PORTAL_DOSSIER_STATUSES: readonly PortalDossierStatus[] = [
  { code: 1, name: 'Mới đăng ký', english: 'Newly registered' },
  { code: 2, name: 'Được tiếp nhận', english: 'Received' },
  { code: 3, name: 'Không được tiếp nhận', english: 'Not received (rejected at intake)' },
  { code: 4, name: 'Đang xử lý', english: 'Being processed' },
  { code: 5, name: 'Yêu cầu bổ sung giấy tờ', english: 'Additional documents requested' },
  { code: 6, name: 'Yêu cầu thực hiện nghĩa vụ tài chính', english: 'Payment of fees requested' },
  { code: 7, name: 'Công dân yêu cầu rút hồ sơ', english: 'Withdrawn at the applicant’s request' },
  { code: 8, name: 'Dừng xử lý', english: 'Processing stopped' },
  { code: 9, name: 'Đã xử lý xong', english: 'Processed' },
  { code: 10, name: 'Đã trả kết quả', english: 'Result returned' },
]

/** Whether a value is a portal status code (1–10, as a number or a numeric string). */
export function isPortalStatusCode(value: unknown): boolean {
  const code = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value
  return typeof code === 'number' && Number.isInteger(code) && code >= 1 && code <= 10
}

/** The status of a code (number or numeric string), or undefined. */
export function portalStatus(value: unknown): PortalDossierStatus | undefined {
  if (!isPortalStatusCode(value)) return undefined
  return PORTAL_DOSSIER_STATUSES[Number(value) - 1]
}

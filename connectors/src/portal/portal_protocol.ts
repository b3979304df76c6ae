import { isRecord } from '../feel/feel_expression.js'
import type { PortalServiceName } from '../types.js'
import { isPortalDate } from './portal_date.js'
import { isPortalStatusCode } from './portal_status.js'

/**
 * The dossier synchronisation profile of the National Public Service Portal
 * (Cổng Dịch vụ công quốc gia, DVCQG) as ministry one-stop-shop systems use
 * it through the portal's adapter: JSON over HTTPS POST, a `dstcode` header
 * routing every call, a login service giving a session, and an integration
 * service whose `service` field names the operation.
 *
 * Login — POST {adapterUrl}{loginPath}, header `dstcode`:
 *   request  { username, password }
 *   answer   { error_code: 0, message, session, expires_in? (seconds) }
 *
 * Service — POST {adapterUrl}{servicePath}, header `dstcode`:
 *   request  { session, madonvi, service, ...parameters }
 *   answer   { error_code, message, result? }   (the envelope)
 *
 * `error_code` 0 (or "0", "00") is success. Error codes this profile uses
 * (and the simulator answers): -1 invalid request (missing or malformed
 * fields), -2 session missing, invalid or expired (log in again), -3 unknown
 * service, -4 conflict (a dossier created twice, or updated before it
 * exists), -5 wrong credentials, -99 the portal's own failure.
 *
 * Services and their parameters:
 *   TraCuuHoSo           { mahoso }                      → result: PortalDossierRecord[] (0 or 1)
 *   LayThuTuc            { maTTHC }                      → result: PortalProcedure[] (0 or 1)
 *   DongBoHoSoMC         { isUpdating: "True"|"False", data: PortalDossierSync[] }  → result: PortalItemResult[]
 *   CapNhatTienDoHoSoMC  { data: PortalProgressUpdate[] } → result: PortalItemResult[]
 *
 * Field names are the portal's (Vietnamese, as the adapter expects them);
 * dates are `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh; status codes are 1–10
 * (see portal_status.ts). The validators below are used by the connector
 * (on what it sends and on what it receives) and by the simulator (on what
 * it receives), so both sides agree on the profile.
 */

/** The services of the profile. */
export const PORTAL_SERVICES: readonly PortalServiceName[] = [
  'TraCuuHoSo',
  'DongBoHoSoMC',
  'CapNhatTienDoHoSoMC',
  'LayThuTuc',
]

/** Error codes of the envelope. */
export const PORTAL_ERROR_CODES = {
  success: 0,
  invalidRequest: -1,
  sessionExpired: -2,
  unknownService: -3,
  conflict: -4,
  wrongCredentials: -5,
  portalFailure: -99,
} as const

/** The answer envelope of every call. */
export interface PortalEnvelope {
  error_code: number | string
  message?: string
  result?: unknown[]
}

/** The login answer. */
export interface PortalLoginAnswer extends PortalEnvelope {
  session?: string
  expires_in?: number
}

/** A dossier as a one-stop shop synchronises it (DongBoHoSoMC). */
export interface PortalDossierSync {
  /** Dossier number (mã hồ sơ), unique nationally. */
  MaHoSo: string
  /** The portal's procedure code (mã thủ tục hành chính). */
  MaTTHC: string
  TenTTHC?: string
  MaLinhVuc?: string
  TenLinhVuc?: string
  /** Applicant (chủ hồ sơ). */
  ChuHoSo: string
  /** "1" citizen, "2" organisation. */
  LoaiDoiTuong: string
  /** Applicant's identity or registration number. */
  MaDoiTuong?: string
  ThongTinKhac?: string
  Email?: string
  Fax?: string
  SoDienThoai?: string
  /** Summary (trích yếu). */
  TrichYeuHoSo?: string
  /** Received at (yyyyMMddHHmmss). */
  NgayTiepNhan: string
  /** Result due at (yyyyMMddHHmmss). */
  NgayHenTra?: string
  /** Portal status code 1–10, as a string. */
  TrangThaiHoSo: string
  /** Result returned at. */
  NgayTra?: string
  ThongTinTra?: string
  /** "0" at the counter, "1" by post. */
  HinhThuc?: string
  NgayKetThucXuLy?: string
  /** Handling unit (đơn vị xử lý). */
  DonViXuLy: string
  GhiChu?: string
  TaiLieuNop?: unknown[]
  DanhSachLePhi?: unknown[]
  DanhSachTepDinhKemKhac?: unknown[]
  DanhSachHoSoBoSung?: unknown[]
  DanhSachGiayToKetQua?: unknown[]
}

/** A progress step of a dossier (CapNhatTienDoHoSoMC). */
export interface PortalProgressUpdate {
  MaHoSo: string
  /** Who handled the step (người xử lý). */
  NguoiXuLy: string
  ChucDanh?: string
  /** When (yyyyMMddHHmmss). */
  ThoiDiemXuLy: string
  PhongBanXuLy?: string
  /** What was done (nội dung xử lý). */
  NoiDungXuLy: string
  /** Portal status code 1–10 after the step, as a string. */
  TrangThai: string
  NgayBatDau?: string
  NgayKetThucTheoQuyDinh?: string
}

/** A dossier as TraCuuHoSo returns it: the synchronised record, with its latest status. */
export type PortalDossierRecord = Partial<PortalDossierSync> &
  Pick<PortalDossierSync, 'MaHoSo' | 'MaTTHC' | 'NgayTiepNhan' | 'TrangThaiHoSo'> & {
    QuaTrinhXuLy?: PortalProgressUpdate[]
  }

/** A procedure as LayThuTuc returns it. */
export interface PortalProcedure {
  MATTHC: string
  TENTTHC: string
  LINHVUCTHUCHIEN: { MALINHVUC: string; TENLINHVUC: string }[]
  CAPTHUCHIEN?: string
  COQUANTHUCHIEN?: string
}

/** The per-dossier outcome of DongBoHoSoMC and CapNhatTienDoHoSoMC. */
export interface PortalItemResult {
  MaHoSo: string
  error_code: number | string
  message?: string
}

/** Problems found in a value; empty when valid. */
export type Problems = string[]

/** Whether an envelope's error_code means success (0, "0", "00"). */
export function isSuccessCode(code: unknown): boolean {
  return code === 0 || (typeof code === 'string' && /^0+$/.test(code))
}

/** The numeric value of an error_code, or NaN. */
export function errorCodeOf(code: unknown): number {
  if (typeof code === 'number') return code
  if (typeof code === 'string' && /^-?\d+$/.test(code.trim())) return Number(code)
  return Number.NaN
}

function requireText(
  record: Record<string, unknown>,
  name: string,
  where: string,
  problems: Problems
): void {
  const value = record[name]
  if (typeof value !== 'string' || value.trim() === '')
    problems.push(
      `Expected ${where}.${name} to be a non-empty string, but it is ${describe(value)}`
    )
}

function optionalText(
  record: Record<string, unknown>,
  name: string,
  where: string,
  problems: Problems
): void {
  const value = record[name]
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems.push(`Expected ${where}.${name} to be a string, but it is ${describe(value)}`)
  }
}

function requireDate(
  record: Record<string, unknown>,
  name: string,
  where: string,
  problems: Problems,
  required: boolean
): void {
  const value = record[name]
  if (!required && (value === undefined || value === null || value === '')) return
  if (!isPortalDate(value))
    problems.push(
      `Expected ${where}.${name} to be a date yyyyMMddHHmmss, but it is ${describe(value)}`
    )
}

function requireStatus(
  record: Record<string, unknown>,
  name: string,
  where: string,
  problems: Problems
): void {
  if (!isPortalStatusCode(record[name]))
    problems.push(
      `Expected ${where}.${name} to be a status code 1–10, but it is ${describe(record[name])}`
    )
}

function requireList(
  record: Record<string, unknown>,
  name: string,
  where: string,
  problems: Problems,
  required: boolean
): void {
  const value = record[name]
  if (!required && (value === undefined || value === null)) return
  if (!Array.isArray(value))
    problems.push(`Expected ${where}.${name} to be a list, but it is ${describe(value)}`)
}

/** Checks a dossier record of DongBoHoSoMC (and of TraCuuHoSo's answer). */
export function validateDossierSync(value: unknown, where = 'data[0]'): Problems {
  if (!isRecord(value)) return [`Expected ${where} to be an object, but it is ${describe(value)}`]
  const problems: Problems = []
  for (const name of ['MaHoSo', 'MaTTHC', 'ChuHoSo', 'DonViXuLy'])
    requireText(value, name, where, problems)
  for (const name of [
    'TenTTHC',
    'MaLinhVuc',
    'TenLinhVuc',
    'MaDoiTuong',
    'ThongTinKhac',
    'Email',
    'Fax',
    'SoDienThoai',
    'TrichYeuHoSo',
    'ThongTinTra',
    'GhiChu',
  ]) {
    optionalText(value, name, where, problems)
  }
  if (value.LoaiDoiTuong !== '1' && value.LoaiDoiTuong !== '2') {
    problems.push(
      `Expected ${where}.LoaiDoiTuong to be "1" (citizen) or "2" (organisation), but it is ${describe(value.LoaiDoiTuong)}`
    )
  }
  if (
    value.HinhThuc !== undefined &&
    value.HinhThuc !== null &&
    value.HinhThuc !== '0' &&
    value.HinhThuc !== '1'
  ) {
    problems.push(
      `Expected ${where}.HinhThuc to be "0" (counter) or "1" (post), but it is ${describe(value.HinhThuc)}`
    )
  }
  requireDate(value, 'NgayTiepNhan', where, problems, true)
  for (const name of ['NgayHenTra', 'NgayTra', 'NgayKetThucXuLy'])
    requireDate(value, name, where, problems, false)
  requireStatus(value, 'TrangThaiHoSo', where, problems)
  for (const name of [
    'TaiLieuNop',
    'DanhSachLePhi',
    'DanhSachTepDinhKemKhac',
    'DanhSachHoSoBoSung',
    'DanhSachGiayToKetQua',
  ]) {
    requireList(value, name, where, problems, false)
  }
  return problems
}

/**
 * Checks a dossier as TraCuuHoSo returns it: the fields a lookup needs
 * (number, procedure, status, reception date) must be there; the others
 * may be absent but must have their type when present.
 */
export function validateDossierRecord(value: unknown, where = 'result[0]'): Problems {
  if (!isRecord(value)) return [`Expected ${where} to be an object, but it is ${describe(value)}`]
  const problems: Problems = []
  for (const name of ['MaHoSo', 'MaTTHC']) requireText(value, name, where, problems)
  for (const name of ['TenTTHC', 'ChuHoSo', 'DonViXuLy', 'TrichYeuHoSo', 'GhiChu'])
    optionalText(value, name, where, problems)
  requireDate(value, 'NgayTiepNhan', where, problems, true)
  for (const name of ['NgayHenTra', 'NgayTra', 'NgayKetThucXuLy'])
    requireDate(value, name, where, problems, false)
  requireStatus(value, 'TrangThaiHoSo', where, problems)
  if (value.QuaTrinhXuLy !== undefined && value.QuaTrinhXuLy !== null) {
    if (!Array.isArray(value.QuaTrinhXuLy))
      problems.push(
        `Expected ${where}.QuaTrinhXuLy to be a list, but it is ${describe(value.QuaTrinhXuLy)}`
      )
    else
      value.QuaTrinhXuLy.forEach((step, index) =>
        problems.push(...validateProgressUpdate(step, `${where}.QuaTrinhXuLy[${index}]`))
      )
  }
  return problems
}

/** Checks a progress step of CapNhatTienDoHoSoMC. */
export function validateProgressUpdate(value: unknown, where = 'data[0]'): Problems {
  if (!isRecord(value)) return [`Expected ${where} to be an object, but it is ${describe(value)}`]
  const problems: Problems = []
  for (const name of ['MaHoSo', 'NguoiXuLy', 'NoiDungXuLy'])
    requireText(value, name, where, problems)
  for (const name of ['ChucDanh', 'PhongBanXuLy']) optionalText(value, name, where, problems)
  requireDate(value, 'ThoiDiemXuLy', where, problems, true)
  for (const name of ['NgayBatDau', 'NgayKetThucTheoQuyDinh'])
    requireDate(value, name, where, problems, false)
  requireStatus(value, 'TrangThai', where, problems)
  return problems
}

/** Checks a procedure of LayThuTuc's answer. */
export function validateProcedure(value: unknown, where = 'result[0]'): Problems {
  if (!isRecord(value)) return [`Expected ${where} to be an object, but it is ${describe(value)}`]
  const problems: Problems = []
  requireText(value, 'MATTHC', where, problems)
  requireText(value, 'TENTTHC', where, problems)
  if (!Array.isArray(value.LINHVUCTHUCHIEN)) {
    problems.push(
      `Expected ${where}.LINHVUCTHUCHIEN to be a list, but it is ${describe(value.LINHVUCTHUCHIEN)}`
    )
  } else {
    value.LINHVUCTHUCHIEN.forEach((field, index) => {
      const at = `${where}.LINHVUCTHUCHIEN[${index}]`
      if (!isRecord(field))
        problems.push(`Expected ${at} to be an object, but it is ${describe(field)}`)
      else {
        requireText(field, 'MALINHVUC', at, problems)
        requireText(field, 'TENLINHVUC', at, problems)
      }
    })
  }
  return problems
}

/**
 * Checks a service request as the adapter receives it (after the session
 * check): `madonvi`, a known `service` and that service's parameters.
 */
export function validateServiceRequest(body: unknown): Problems {
  if (!isRecord(body))
    return [`Expected the request body to be a JSON object, but it is ${describe(body)}`]
  const problems: Problems = []
  requireText(body, 'madonvi', 'request', problems)
  const service = body.service
  switch (service) {
    case 'TraCuuHoSo':
      requireText(body, 'mahoso', 'request', problems)
      break
    case 'LayThuTuc':
      requireText(body, 'maTTHC', 'request', problems)
      break
    case 'DongBoHoSoMC':
      if (body.isUpdating !== 'True' && body.isUpdating !== 'False') {
        problems.push(
          `Expected request.isUpdating to be "True" or "False", but it is ${describe(body.isUpdating)}`
        )
      }
      problems.push(...validateItems(body.data, validateDossierSync))
      break
    case 'CapNhatTienDoHoSoMC':
      problems.push(...validateItems(body.data, validateProgressUpdate))
      break
    default:
      problems.push(
        `Expected request.service to be one of ${PORTAL_SERVICES.join(', ')}, but it is ${describe(service)}`
      )
  }
  return problems
}

function validateItems(
  data: unknown,
  validate: (value: unknown, where: string) => Problems
): Problems {
  if (!Array.isArray(data) || data.length === 0)
    return [`Expected request.data to be a non-empty list, but it is ${describe(data)}`]
  return data.flatMap((item, index) => validate(item, `data[${index}]`))
}

/**
 * Checks an envelope the portal answered for a service; on success also the
 * shape of `result` for that service.
 */
export function validateEnvelope(body: unknown, service: PortalServiceName | 'login'): Problems {
  if (!isRecord(body))
    return [`Expected the portal's answer to be a JSON object, but it is ${describe(body)}`]
  const problems: Problems = []
  if (Number.isNaN(errorCodeOf(body.error_code))) {
    problems.push(
      `Expected the portal's answer to have a numeric error_code, but it is ${describe(body.error_code)}`
    )
    return problems
  }
  if (body.message !== undefined && body.message !== null && typeof body.message !== 'string') {
    problems.push(
      `Expected the portal's message to be a string, but it is ${describe(body.message)}`
    )
  }
  if (!isSuccessCode(body.error_code)) return problems
  if (service === 'login') {
    if (typeof body.session !== 'string' || body.session === '')
      problems.push(
        `Expected the login answer to have a session, but it is ${describe(body.session)}`
      )
    return problems
  }
  const result = body.result
  if (service === 'TraCuuHoSo' || service === 'LayThuTuc') {
    if (!Array.isArray(result)) {
      problems.push(
        `Expected the portal's result for ${service} to be a list, but it is ${describe(result)}`
      )
      return problems
    }
    result.forEach((item, index) => {
      problems.push(
        ...(service === 'TraCuuHoSo'
          ? validateDossierSync(item, `result[${index}]`)
          : validateProcedure(item, `result[${index}]`))
      )
    })
  } else if (result !== undefined && result !== null) {
    if (!Array.isArray(result))
      problems.push(
        `Expected the portal's result for ${service} to be a list, but it is ${describe(result)}`
      )
    else {
      result.forEach((item, index) => {
        if (
          !isRecord(item) ||
          typeof item.MaHoSo !== 'string' ||
          Number.isNaN(errorCodeOf(item.error_code))
        ) {
          problems.push(
            `Expected result[${index}] of ${service} to have MaHoSo and error_code, but it is ${describe(item)}`
          )
        }
      })
    }
  }
  return problems
}

/** A short description of a value for messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string')
    return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value)
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

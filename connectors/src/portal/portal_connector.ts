import { ConnectorConfigurationError, ConnectorInputError, PortalProtocolError } from '../errors.js'
import { isRecord } from '../feel/feel_expression.js'
import { HttpAuthenticator } from '../http/http_authentication.js'
import { performHttpRequest } from '../http/http_request.js'
import type { HostResolver } from '../http/outbound_guard.js'
import { readFields, validateCommonConfiguration } from '../runtime/connector_configuration.js'
import type {
  Connector,
  ConnectorContext,
  ConnectorField,
  PortalConnectorConfiguration,
  PortalServiceName,
  SessionLoginAuthentication,
} from '../types.js'
import { fromPortalDate, toPortalDate } from './portal_date.js'
import {
  PORTAL_ERROR_CODES,
  PORTAL_SERVICES,
  errorCodeOf,
  isSuccessCode,
  validateDossierSync,
  validateEnvelope,
  validateProgressUpdate,
  type PortalDossierRecord,
  type PortalDossierSync,
  type PortalEnvelope,
  type PortalItemResult,
  type PortalProcedure,
  type PortalProgressUpdate,
} from './portal_protocol.js'
import { portalStatus } from './portal_status.js'

/** What process owners see for each service. */
export const PORTAL_SERVICE_LABELS: Record<PortalServiceName, string> = {
  TraCuuHoSo: 'Tra cứu hồ sơ (look up a dossier)',
  DongBoHoSoMC: 'Đồng bộ hồ sơ một cửa (synchronise a dossier)',
  CapNhatTienDoHoSoMC: 'Cập nhật tiến độ hồ sơ (update a dossier’s progress)',
  LayThuTuc: 'Lấy thủ tục (get a procedure)',
}

const dossierNumber: ConnectorField = {
  name: 'dossierNumber',
  label: 'Dossier number (mã hồ sơ)',
  required: true,
}
const procedureCodeField: ConnectorField = {
  name: 'procedureCode',
  label: 'Procedure code (ours, mapped to MaTTHC)',
  required: true,
}
const statusField: ConnectorField = {
  name: 'status',
  label: 'Dossier status (ours, mapped to the portal’s 1–10)',
  required: true,
}

/** The business fields of each service (`fields.<name>` inputs); dates are ISO-8601. */
export const PORTAL_SERVICE_FIELDS: Record<PortalServiceName, ConnectorField[]> = {
  TraCuuHoSo: [dossierNumber],
  LayThuTuc: [procedureCodeField],
  DongBoHoSoMC: [
    dossierNumber,
    procedureCodeField,
    { name: 'procedureName', label: 'Procedure name' },
    { name: 'fieldCode', label: 'Field code (mã lĩnh vực)' },
    { name: 'fieldName', label: 'Field name (tên lĩnh vực)' },
    { name: 'applicantName', label: 'Applicant (chủ hồ sơ)', required: true },
    {
      name: 'applicantType',
      label: 'Applicant type',
      type: 'dropdown',
      choices: [
        { name: 'Citizen (công dân)', value: 'citizen' },
        { name: 'Organisation (tổ chức)', value: 'organisation' },
      ],
      defaultValue: 'citizen',
    },
    { name: 'applicantIdNumber', label: 'Applicant identity number' },
    { name: 'email', label: 'E-mail' },
    { name: 'phone', label: 'Phone' },
    { name: 'summary', label: 'Summary (trích yếu)', type: 'text' },
    { name: 'receivedAt', label: 'Received at (ISO date-time)', required: true },
    { name: 'dueAt', label: 'Result due at (ISO date-time)' },
    statusField,
    { name: 'returnedAt', label: 'Result returned at (ISO date-time)' },
    { name: 'handlingUnit', label: 'Handling unit (đơn vị xử lý)', required: true },
    {
      name: 'channel',
      label: 'Result delivery',
      type: 'dropdown',
      choices: [
        { name: 'At the counter', value: 'counter' },
        { name: 'By post', value: 'post' },
      ],
      defaultValue: 'counter',
    },
    { name: 'note', label: 'Note (ghi chú)', type: 'text' },
    {
      name: 'mode',
      label: 'Create or update',
      type: 'dropdown',
      choices: [
        { name: 'Look it up first', value: 'auto' },
        { name: 'Create', value: 'create' },
        { name: 'Update', value: 'update' },
      ],
      defaultValue: 'auto',
    },
  ],
  CapNhatTienDoHoSoMC: [
    dossierNumber,
    { name: 'handler', label: 'Handled by (người xử lý)', required: true },
    { name: 'handlerTitle', label: 'Handler’s title (chức danh)' },
    { name: 'handledAt', label: 'Handled at (ISO date-time)', required: true },
    { name: 'department', label: 'Department (phòng ban)' },
    { name: 'content', label: 'What was done (nội dung xử lý)', type: 'text', required: true },
    statusField,
    { name: 'stepStartedAt', label: 'Step started at (ISO date-time)' },
    { name: 'stepDueAt', label: 'Step due at (ISO date-time)' },
  ],
}

/** A dossier as the connector returns it, in our terms, with the portal's record. */
export interface PortalDossierView {
  dossierNumber: string
  procedureCode: string
  /** Our procedure code, when the mapping table names one. */
  ourProcedureCode: string | null
  procedureName: string | null
  applicantName: string | null
  statusCode: number
  statusName: string
  /** Our status, when the mapping table names one. */
  ourStatus: string | null
  receivedAt: string
  dueAt: string | null
  returnedAt: string | null
  handlingUnit: string | null
  progress: {
    handler: string
    handledAt: string
    content: string
    statusCode: number
    statusName: string
  }[]
  record: PortalDossierRecord
}

/** What a portal job returns, by service. */
export type PortalConnectorResponse =
  | { service: 'TraCuuHoSo'; found: boolean; dossier: PortalDossierView | null }
  | {
      service: 'LayThuTuc'
      found: boolean
      procedure: { code: string; name: string; fields: { code: string; name: string }[] } | null
    }
  | {
      service: 'DongBoHoSoMC'
      dossierNumber: string
      mode: 'create' | 'update'
      statusCode: number
      statusName: string
      message: string
    }
  | {
      service: 'CapNhatTienDoHoSoMC'
      dossierNumber: string
      statusCode: number
      statusName: string
      message: string
    }

/** Problems with a portal configuration; empty when valid. */
export function validatePortalConfiguration(configuration: PortalConnectorConfiguration): string[] {
  const problems = validateCommonConfiguration(configuration, null)
  if (
    typeof configuration.adapterUrl !== 'string' ||
    !/^(https?:\/\/|\{\{\s*secrets\.)/.test(configuration.adapterUrl)
  ) {
    problems.push(
      `Expected adapterUrl to be an http(s) URL, but got ${JSON.stringify(configuration.adapterUrl)}`
    )
  }
  for (const name of ['dstcode', 'madonvi', 'username', 'password'] as const) {
    if (typeof configuration[name] !== 'string' || configuration[name] === '')
      problems.push(`Expected ${name}, but it is missing`)
  }
  for (const service of configuration.allowedServices ?? []) {
    if (!PORTAL_SERVICES.includes(service))
      problems.push(
        `Expected allowedServices among ${PORTAL_SERVICES.join(', ')}, but got ${service}`
      )
  }
  for (const [ours, code] of Object.entries(configuration.statusCodes ?? {})) {
    if (!portalStatus(code))
      problems.push(
        `Expected statusCodes.${ours} to be a portal status code 1–10, but got ${JSON.stringify(code)}`
      )
  }
  return problems
}

/**
 * The National Public Service Portal's dossier synchronisation profile (see
 * portal_protocol.ts): looks up dossiers and procedures, synchronises our
 * dossiers and their progress. It logs in with the configured credentials,
 * keeps the session until it expires and logs in again when the portal
 * answers that the session is no longer valid. Our procedure codes and
 * dossier statuses go through the configuration's mapping tables; dates go
 * out as yyyyMMddHHmmss in Vietnam time and come back as ISO-8601. Every
 * answer is checked against the profile; one that does not follow it fails
 * the job with a message saying what was expected.
 */
export class PortalConnector implements Connector {
  readonly name: string
  readonly resolvesSecretsInInputs = false
  readonly timeoutMs?: number
  readonly #configuration: PortalConnectorConfiguration
  readonly #authenticator = new HttpAuthenticator()
  readonly #resolver?: HostResolver

  /** @throws ConnectorConfigurationError listing every problem of the configuration. */
  constructor(
    configuration: PortalConnectorConfiguration,
    options: { resolver?: HostResolver } = {}
  ) {
    const problems = validatePortalConfiguration(configuration)
    if (problems.length > 0) throw new ConnectorConfigurationError(configuration.id, problems)
    this.#configuration = configuration
    this.name = configuration.name
    this.timeoutMs = configuration.timeoutMs
    this.#resolver = options.resolver
  }

  /** The services process owners may call. */
  get services(): readonly PortalServiceName[] {
    return this.#configuration.allowedServices ?? PORTAL_SERVICES
  }

  async execute(context: ConnectorContext): Promise<PortalConnectorResponse> {
    const service = this.#service(context.inputs.operation)
    const fields = readFields(PORTAL_SERVICE_FIELDS[service], context.inputs)
    switch (service) {
      case 'TraCuuHoSo':
        return this.#lookUpDossier(String(fields.dossierNumber), context)
      case 'LayThuTuc':
        return this.#getProcedure(fields, context)
      case 'DongBoHoSoMC':
        return this.#synchroniseDossier(fields, context)
      case 'CapNhatTienDoHoSoMC':
        return this.#updateProgress(fields, context)
    }
  }

  #service(requested: unknown): PortalServiceName {
    const services = this.services
    if (
      (requested === undefined || requested === null || requested === '') &&
      services.length === 1
    )
      return services[0]
    if (!services.includes(requested as PortalServiceName)) {
      throw new ConnectorInputError(
        `Expected operation to be one of ${services.join(', ')}, but got ${JSON.stringify(requested)}`
      )
    }
    return requested as PortalServiceName
  }

  async #lookUpDossier(
    number: string,
    context: ConnectorContext
  ): Promise<PortalConnectorResponse> {
    const envelope = await this.#call('TraCuuHoSo', { mahoso: number }, context)
    const record = (envelope.result ?? [])[0] as PortalDossierRecord | undefined
    return {
      service: 'TraCuuHoSo',
      found: record !== undefined,
      dossier: record ? this.#view(record) : null,
    }
  }

  async #getProcedure(
    fields: Record<string, unknown>,
    context: ConnectorContext
  ): Promise<PortalConnectorResponse> {
    const code = this.#procedureCode(String(fields.procedureCode))
    const envelope = await this.#call('LayThuTuc', { maTTHC: code }, context)
    const procedure = (envelope.result ?? [])[0] as PortalProcedure | undefined
    return {
      service: 'LayThuTuc',
      found: procedure !== undefined,
      procedure: procedure
        ? {
            code: procedure.MATTHC,
            name: procedure.TENTTHC,
            fields: procedure.LINHVUCTHUCHIEN.map((field) => ({
              code: field.MALINHVUC,
              name: field.TENLINHVUC,
            })),
          }
        : null,
    }
  }

  async #synchroniseDossier(
    fields: Record<string, unknown>,
    context: ConnectorContext
  ): Promise<PortalConnectorResponse> {
    const statusCode = this.#statusCode(fields.status)
    const record: PortalDossierSync = {
      MaHoSo: String(fields.dossierNumber),
      MaTTHC: this.#procedureCode(String(fields.procedureCode)),
      ...text('TenTTHC', fields.procedureName),
      ...text('MaLinhVuc', fields.fieldCode),
      ...text('TenLinhVuc', fields.fieldName),
      ChuHoSo: String(fields.applicantName),
      LoaiDoiTuong: fields.applicantType === 'organisation' ? '2' : '1',
      ...text('MaDoiTuong', fields.applicantIdNumber),
      ...text('Email', fields.email),
      ...text('SoDienThoai', fields.phone),
      ...text('TrichYeuHoSo', fields.summary),
      NgayTiepNhan: portalDate(fields.receivedAt, 'receivedAt'),
      ...(fields.dueAt ? { NgayHenTra: portalDate(fields.dueAt, 'dueAt') } : {}),
      TrangThaiHoSo: String(statusCode),
      ...(fields.returnedAt ? { NgayTra: portalDate(fields.returnedAt, 'returnedAt') } : {}),
      HinhThuc: fields.channel === 'post' ? '1' : '0',
      DonViXuLy: String(fields.handlingUnit),
      ...text('GhiChu', fields.note),
      TaiLieuNop: [],
      DanhSachLePhi: [],
      DanhSachTepDinhKemKhac: [],
      DanhSachHoSoBoSung: [],
      DanhSachGiayToKetQua: [],
    }
    refuseInvalid(validateDossierSync(record, 'dossier'))
    let mode: 'create' | 'update' = fields.mode === 'update' ? 'update' : 'create'
    if ((fields.mode ?? 'auto') === 'auto') {
      const existing = await this.#call('TraCuuHoSo', { mahoso: record.MaHoSo }, context)
      mode = (existing.result ?? []).length > 0 ? 'update' : 'create'
    }
    const envelope = await this.#call(
      'DongBoHoSoMC',
      { isUpdating: mode === 'update' ? 'True' : 'False', data: [record] },
      context
    )
    return {
      service: 'DongBoHoSoMC',
      dossierNumber: record.MaHoSo,
      mode,
      statusCode,
      statusName: portalStatus(statusCode)!.name,
      message: envelope.message ?? '',
    }
  }

  async #updateProgress(
    fields: Record<string, unknown>,
    context: ConnectorContext
  ): Promise<PortalConnectorResponse> {
    const statusCode = this.#statusCode(fields.status)
    const update: PortalProgressUpdate = {
      MaHoSo: String(fields.dossierNumber),
      NguoiXuLy: String(fields.handler),
      ...text('ChucDanh', fields.handlerTitle),
      ThoiDiemXuLy: portalDate(fields.handledAt, 'handledAt'),
      ...text('PhongBanXuLy', fields.department),
      NoiDungXuLy: String(fields.content),
      TrangThai: String(statusCode),
      ...(fields.stepStartedAt
        ? { NgayBatDau: portalDate(fields.stepStartedAt, 'stepStartedAt') }
        : {}),
      ...(fields.stepDueAt
        ? { NgayKetThucTheoQuyDinh: portalDate(fields.stepDueAt, 'stepDueAt') }
        : {}),
    }
    refuseInvalid(validateProgressUpdate(update, 'progress'))
    const envelope = await this.#call('CapNhatTienDoHoSoMC', { data: [update] }, context)
    return {
      service: 'CapNhatTienDoHoSoMC',
      dossierNumber: update.MaHoSo,
      statusCode,
      statusName: portalStatus(statusCode)!.name,
      message: envelope.message ?? '',
    }
  }

  /** Sends one service call (logging in first or again when needed) and checks the answer. */
  async #call(
    service: PortalServiceName,
    parameters: Record<string, unknown>,
    context: ConnectorContext
  ): Promise<PortalEnvelope> {
    const configuration = this.#configuration
    const settings = await context.resolveSecrets({
      adapterUrl: configuration.adapterUrl,
      dstcode: configuration.dstcode,
      madonvi: configuration.madonvi,
      username: configuration.username,
      password: configuration.password,
    })
    const base = settings.adapterUrl.replace(/\/+$/, '')
    const authentication: SessionLoginAuthentication = {
      type: 'session',
      loginUrl: `${base}${configuration.loginPath ?? '/login'}`,
      loginBody: { username: settings.username, password: settings.password },
      loginHeaders: { dstcode: settings.dstcode },
      tokenPath: 'session',
      expiresInPath: 'expires_in',
      ttlSeconds: configuration.sessionTtlSeconds ?? 1800,
      inject: { location: 'body', name: 'session', prefix: '' },
    }
    let url: URL
    try {
      url = new URL(`${base}${configuration.servicePath ?? '/service'}`)
    } catch {
      throw new ConnectorInputError(
        'Expected adapterUrl and servicePath to form a URL, but they do not'
      )
    }
    const response = await performHttpRequest(
      {
        call: {
          method: 'POST',
          url,
          headers: { dstcode: settings.dstcode },
          body: { madonvi: settings.madonvi, service, ...parameters },
          bodyType: 'json',
        },
        authentication,
        connectionTimeoutMs: configuration.connectionTimeoutMs,
        readTimeoutMs: configuration.readTimeoutMs,
        followRedirects: false,
        isRejected: (incoming) => {
          if (incoming.status === 401) return true
          try {
            const body = JSON.parse(incoming.body.toString('utf8')) as unknown
            return (
              isRecord(body) && errorCodeOf(body.error_code) === PORTAL_ERROR_CODES.sessionExpired
            )
          } catch {
            return false
          }
        },
      },
      {
        allowedHosts: configuration.allowedHosts,
        resolver: this.#resolver,
        maxResponseBytes: configuration.maxResponseBytes,
      },
      this.#authenticator,
      context
    )
    const problems = validateEnvelope(response.body, service)
    if (problems.length > 0) {
      throw new PortalProtocolError(
        `Expected the portal's answer to ${service} to follow the profile, but: ${problems.slice(0, 5).join('; ')}`
      )
    }
    const envelope = response.body as PortalEnvelope
    if (!isSuccessCode(envelope.error_code)) {
      const code = errorCodeOf(envelope.error_code)
      throw new PortalProtocolError(
        `The portal refused ${service}: error ${code}${envelope.message ? ` (${envelope.message})` : ''}`,
        {
          code: String(code),
          response: envelope,
          retryable:
            code === PORTAL_ERROR_CODES.portalFailure || code === PORTAL_ERROR_CODES.sessionExpired,
        }
      )
    }
    const refused = ((envelope.result ?? []) as PortalItemResult[]).filter(
      (item) =>
        (service === 'DongBoHoSoMC' || service === 'CapNhatTienDoHoSoMC') &&
        !isSuccessCode(item.error_code)
    )
    if (refused.length > 0) {
      throw new PortalProtocolError(
        `The portal refused ${service} for ${refused.map((item) => `${item.MaHoSo}: error ${item.error_code}${item.message ? ` (${item.message})` : ''}`).join(', ')}`,
        { code: String(errorCodeOf(refused[0].error_code)), response: envelope, retryable: false }
      )
    }
    return envelope
  }

  #procedureCode(ours: string): string {
    const table = this.#configuration.procedureCodes
    if (!table || Object.keys(table).length === 0) return ours
    const mapped = table[ours]
    if (!mapped) {
      throw new ConnectorInputError(
        `Expected procedure code ${ours} to be mapped to a portal procedure code, but procedureCodes has no entry for it`
      )
    }
    return mapped
  }

  #statusCode(ours: unknown): number {
    const table = this.#configuration.statusCodes
    if (!table || Object.keys(table).length === 0) {
      const status = portalStatus(ours)
      if (!status)
        throw new ConnectorInputError(
          `Expected status to be a portal status code 1–10, but got ${JSON.stringify(ours)}`
        )
      return status.code
    }
    const mapped = table[String(ours)]
    if (mapped === undefined) {
      throw new ConnectorInputError(
        `Expected status ${JSON.stringify(ours)} to be mapped to a portal status, but statusCodes has no entry for it`
      )
    }
    return mapped
  }

  #view(record: PortalDossierRecord): PortalDossierView {
    const statusCode = Number(record.TrangThaiHoSo)
    const ourStatus =
      Object.entries(this.#configuration.statusCodes ?? {}).find(
        ([, code]) => code === statusCode
      )?.[0] ?? null
    const ourProcedureCode =
      Object.entries(this.#configuration.procedureCodes ?? {}).find(
        ([, code]) => code === record.MaTTHC
      )?.[0] ?? null
    return {
      dossierNumber: record.MaHoSo,
      procedureCode: record.MaTTHC,
      ourProcedureCode,
      procedureName: record.TenTTHC ?? null,
      applicantName: record.ChuHoSo ?? null,
      statusCode,
      statusName: portalStatus(statusCode)?.name ?? '',
      ourStatus,
      receivedAt: fromPortalDate(record.NgayTiepNhan),
      dueAt: record.NgayHenTra ? fromPortalDate(record.NgayHenTra) : null,
      returnedAt: record.NgayTra ? fromPortalDate(record.NgayTra) : null,
      handlingUnit: record.DonViXuLy ?? null,
      progress: (Array.isArray(record.QuaTrinhXuLy) ? record.QuaTrinhXuLy : []).map((step) => ({
        handler: step.NguoiXuLy,
        handledAt: safeIso(step.ThoiDiemXuLy),
        content: step.NoiDungXuLy,
        statusCode: Number(step.TrangThai),
        statusName: portalStatus(step.TrangThai)?.name ?? '',
      })),
      record,
    }
  }
}

function text<K extends string>(name: K, value: unknown): Partial<Record<K, string>> {
  if (value === undefined || value === null || value === '') return {}
  return { [name]: String(value) } as Partial<Record<K, string>>
}

function portalDate(value: unknown, name: string): string {
  try {
    return toPortalDate(value)
  } catch {
    throw new ConnectorInputError(
      `Expected field ${name} to be an ISO-8601 date-time, but got ${JSON.stringify(value)}`
    )
  }
}

function safeIso(value: string): string {
  try {
    return fromPortalDate(value)
  } catch {
    return value
  }
}

function refuseInvalid(problems: string[]): void {
  if (problems.length > 0) throw new ConnectorInputError(problems.join('; '))
}

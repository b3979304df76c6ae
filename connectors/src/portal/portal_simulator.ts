import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { isRecord } from '../feel/feel_expression.js'
import {
  PORTAL_ERROR_CODES,
  validateServiceRequest,
  type PortalDossierRecord,
  type PortalDossierSync,
  type PortalEnvelope,
  type PortalItemResult,
  type PortalProcedure,
  type PortalProgressUpdate,
} from './portal_protocol.js'

/**
 * A fake of the National Public Service Portal's adapter, for tests and
 * demos (the real portal cannot be reached from here): an HTTP server on
 * 127.0.0.1 implementing the dossier synchronisation profile of
 * portal_protocol.ts with in-memory state — login and sessions, the four
 * services, and the adapter's validation (a missing field is an error
 * answer in the portal's envelope, not a crash). Tests steer it with
 * `failNext`, `slow`, `expireSessions` and read `received()`.
 */

/** How to start the simulator. */
export interface PortalSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string
  username: string
  password: string
  /** When set, every call must carry this `dstcode` header. */
  dstcode?: string
  /** When set, `madonvi` must be one of these agency codes. */
  agencyCodes?: string[]
  /** Session lifetime (default 30 minutes); the login answer says it in `expires_in`. */
  sessionTtlMs?: number
  loginPath?: string
  servicePath?: string
  /** Procedures LayThuTuc knows (default: sample consular procedures). */
  procedures?: PortalProcedure[]
}

/** One call the simulator received, in order. */
export interface ReceivedPortalCall {
  at: string
  method: string
  path: string
  dstcode?: string
  service?: string
  /** The request body, with the password masked. */
  body: unknown
  /** The HTTP status answered. */
  status: number
  /** The envelope's error_code answered (undefined for a forced failure). */
  errorCode?: number
}

/** A dossier the simulator holds: the synchronised record and its progress steps. */
export interface SimulatedDossier {
  record: PortalDossierSync
  progress: PortalProgressUpdate[]
  createdAt: string
  updatedAt: string
}

/** A running simulator. */
export interface PortalSimulator {
  /** Base URL, e.g. `http://127.0.0.1:38411` (login at `/login`, services at `/service`). */
  url: string
  close(): Promise<void>
  /** The ordered log of calls. */
  received(): ReceivedPortalCall[]
  /** Answers the next `count` calls with HTTP `status` (default 500) and no envelope. */
  failNext(count: number, status?: number): void
  /** Delays every answer by `ms` (0 to stop). */
  slow(ms: number): void
  /** Ends every session, so that the next call must log in again. */
  expireSessions(): void
  /** Clears the log, the failures, the delay, the sessions and the dossiers. */
  reset(): void
  /** Dossiers by number (MaHoSo). */
  dossiers: Map<string, SimulatedDossier>
  /** Procedures by code (MATTHC). */
  procedures: Map<string, PortalProcedure>
}

/**
 * Sample procedures of a foreign ministry's consular department. Their codes
 * have the portal's shape but are not real portal codes.
 */
export const SAMPLE_PROCEDURES: PortalProcedure[] = [
  {
    MATTHC: '1.900001',
    TENTTHC: 'Hợp pháp hóa lãnh sự giấy tờ, tài liệu tại Bộ Ngoại giao',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G01-LS', TENLINHVUC: 'Lãnh sự' }],
    CAPTHUCHIEN: 'Cấp Bộ',
    COQUANTHUCHIEN: 'Cục Lãnh sự',
  },
  {
    MATTHC: '1.900002',
    TENTTHC: 'Chứng nhận lãnh sự giấy tờ, tài liệu tại Bộ Ngoại giao',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G01-LS', TENLINHVUC: 'Lãnh sự' }],
    CAPTHUCHIEN: 'Cấp Bộ',
    COQUANTHUCHIEN: 'Cục Lãnh sự',
  },
  {
    MATTHC: '1.900003',
    TENTTHC: 'Cấp hộ chiếu ngoại giao, hộ chiếu công vụ',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G01-XNC', TENLINHVUC: 'Xuất nhập cảnh' }],
    CAPTHUCHIEN: 'Cấp Bộ',
    COQUANTHUCHIEN: 'Cục Lãnh sự',
  },
]

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])
const MAX_BODY_BYTES = 2 * 1024 * 1024

/**
 * Starts the simulator.
 *
 * @throws Error when asked to listen on a non-loopback host.
 */
export async function startPortalSimulator(
  options: PortalSimulatorOptions
): Promise<PortalSimulator> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host))
    throw new Error(`Expected the portal simulator to listen on loopback, but got host ${host}`)
  const loginPath = options.loginPath ?? '/login'
  const servicePath = options.servicePath ?? '/service'
  const sessionTtlMs = options.sessionTtlMs ?? 30 * 60_000
  const seed = options.procedures ?? SAMPLE_PROCEDURES

  const log: ReceivedPortalCall[] = []
  const sessions = new Map<string, number>()
  const dossiers = new Map<string, SimulatedDossier>()
  const procedures = new Map(
    seed.map((procedure) => [procedure.MATTHC, structuredClone(procedure)])
  )
  let failures: { count: number; status: number } = { count: 0, status: 500 }
  let delayMs = 0

  const answer = async (
    response: http.ServerResponse,
    call: ReceivedPortalCall,
    status: number,
    body: PortalEnvelope | Record<string, unknown> | undefined
  ) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    call.status = status
    if (body && 'error_code' in body) call.errorCode = Number(body.error_code)
    log.push(call)
    if (response.destroyed) return
    if (body === undefined) {
      response
        .writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Simulated failure')
      return
    }
    response
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(body))
  }

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname
    const raw = await readBody(request)
    let body: unknown
    try {
      body = raw.length === 0 ? undefined : JSON.parse(raw)
    } catch {
      body = raw
    }
    const call: ReceivedPortalCall = {
      at: new Date().toISOString(),
      method: request.method ?? 'GET',
      path,
      dstcode: headerOf(request, 'dstcode'),
      service: isRecord(body) && typeof body.service === 'string' ? body.service : undefined,
      body: isRecord(body) && 'password' in body ? { ...body, password: '***' } : body,
      status: 0,
    }
    if (failures.count > 0) {
      failures.count--
      return answer(response, call, failures.status, undefined)
    }
    if (request.method !== 'POST' || (path !== loginPath && path !== servicePath)) {
      return answer(
        response,
        call,
        404,
        envelope(PORTAL_ERROR_CODES.invalidRequest, `Không tìm thấy ${request.method} ${path}`)
      )
    }
    if (options.dstcode !== undefined && call.dstcode !== options.dstcode) {
      return answer(
        response,
        call,
        400,
        envelope(PORTAL_ERROR_CODES.invalidRequest, 'Thiếu hoặc sai header dstcode')
      )
    }
    if (!isRecord(body)) {
      return answer(
        response,
        call,
        400,
        envelope(PORTAL_ERROR_CODES.invalidRequest, 'Nội dung yêu cầu phải là JSON')
      )
    }
    if (path === loginPath) {
      if (body.username !== options.username || body.password !== options.password) {
        return answer(
          response,
          call,
          401,
          envelope(PORTAL_ERROR_CODES.wrongCredentials, 'Sai tên đăng nhập hoặc mật khẩu')
        )
      }
      const session = randomBytes(18).toString('base64url')
      sessions.set(session, Date.now() + sessionTtlMs)
      return answer(response, call, 200, {
        ...envelope(PORTAL_ERROR_CODES.success, 'Đăng nhập thành công'),
        session,
        expires_in: Math.floor(sessionTtlMs / 1000),
      })
    }
    const session = typeof body.session === 'string' ? body.session : ''
    const expiresAt = sessions.get(session)
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      sessions.delete(session)
      return answer(
        response,
        call,
        200,
        envelope(PORTAL_ERROR_CODES.sessionExpired, 'Phiên làm việc không hợp lệ hoặc đã hết hạn')
      )
    }
    const problems = validateServiceRequest(body)
    if (problems.length > 0) {
      const code = String(problems[0]).includes('request.service')
        ? PORTAL_ERROR_CODES.unknownService
        : PORTAL_ERROR_CODES.invalidRequest
      return answer(response, call, 200, envelope(code, problems.join('; ')))
    }
    if (options.agencyCodes && !options.agencyCodes.includes(String(body.madonvi))) {
      return answer(
        response,
        call,
        200,
        envelope(
          PORTAL_ERROR_CODES.invalidRequest,
          `Mã đơn vị ${String(body.madonvi)} không hợp lệ`
        )
      )
    }
    return answer(response, call, 200, serve(body, dossiers, procedures))
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    received: () => log.map((call) => structuredClone(call)),
    failNext(count, status = 500) {
      failures = { count, status }
    },
    slow(ms) {
      delayMs = ms
    },
    expireSessions() {
      sessions.clear()
    },
    reset() {
      log.length = 0
      failures = { count: 0, status: 500 }
      delayMs = 0
      sessions.clear()
      dossiers.clear()
      procedures.clear()
      for (const procedure of seed) procedures.set(procedure.MATTHC, structuredClone(procedure))
    },
    dossiers,
    procedures,
  }
}

/** Answers a valid service request from the in-memory state. */
function serve(
  body: Record<string, unknown>,
  dossiers: Map<string, SimulatedDossier>,
  procedures: Map<string, PortalProcedure>
): PortalEnvelope {
  const now = new Date().toISOString()
  switch (body.service) {
    case 'TraCuuHoSo': {
      const dossier = dossiers.get(String(body.mahoso))
      const result: PortalDossierRecord[] = dossier
        ? [{ ...structuredClone(dossier.record), QuaTrinhXuLy: structuredClone(dossier.progress) }]
        : []
      return {
        ...envelope(PORTAL_ERROR_CODES.success, dossier ? 'Thành công' : 'Không tìm thấy hồ sơ'),
        result,
      }
    }
    case 'LayThuTuc': {
      const procedure = procedures.get(String(body.maTTHC))
      return {
        ...envelope(
          PORTAL_ERROR_CODES.success,
          procedure ? 'Thành công' : 'Không tìm thấy thủ tục'
        ),
        result: procedure ? [structuredClone(procedure)] : [],
      }
    }
    case 'DongBoHoSoMC': {
      const updating = body.isUpdating === 'True'
      const result: PortalItemResult[] = (body.data as PortalDossierSync[]).map((record) => {
        const existing = dossiers.get(record.MaHoSo)
        if (updating && !existing)
          return item(
            record.MaHoSo,
            PORTAL_ERROR_CODES.conflict,
            'Hồ sơ chưa được đồng bộ, không thể cập nhật'
          )
        if (!updating && existing)
          return item(record.MaHoSo, PORTAL_ERROR_CODES.conflict, 'Hồ sơ đã tồn tại')
        dossiers.set(record.MaHoSo, {
          record: structuredClone(record),
          progress: existing?.progress ?? [],
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        })
        return item(
          record.MaHoSo,
          PORTAL_ERROR_CODES.success,
          updating ? 'Cập nhật thành công' : 'Đồng bộ thành công'
        )
      })
      return { ...envelope(PORTAL_ERROR_CODES.success, 'Đã xử lý'), result }
    }
    case 'CapNhatTienDoHoSoMC': {
      const result: PortalItemResult[] = (body.data as PortalProgressUpdate[]).map((update) => {
        const dossier = dossiers.get(update.MaHoSo)
        if (!dossier)
          return item(update.MaHoSo, PORTAL_ERROR_CODES.conflict, 'Hồ sơ chưa được đồng bộ')
        dossier.progress.push(structuredClone(update))
        dossier.record.TrangThaiHoSo = String(update.TrangThai)
        dossier.updatedAt = now
        return item(update.MaHoSo, PORTAL_ERROR_CODES.success, 'Cập nhật tiến độ thành công')
      })
      return { ...envelope(PORTAL_ERROR_CODES.success, 'Đã xử lý'), result }
    }
    default:
      return envelope(PORTAL_ERROR_CODES.unknownService, 'Dịch vụ không được hỗ trợ')
  }
}

function envelope(code: number, message: string): PortalEnvelope {
  return { error_code: code, message }
}

function item(number: string, code: number, message: string): PortalItemResult {
  return { MaHoSo: number, error_code: code, message }
}

function headerOf(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        request.destroy()
        reject(new Error('request too large'))
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** Options of `main`, for the app's `node ace portal:simulate` command. */
export interface PortalSimulatorMainOptions extends Partial<PortalSimulatorOptions> {
  /** Where settings are read (default `process.env`). */
  environment?: NodeJS.ProcessEnv
  /** Where the URL is written (default console.log). */
  log?: (line: string) => void
}

/** Default port of `node ace portal:simulate`. */
export const DEFAULT_SIMULATOR_PORT = 8790

/**
 * The simulator's account when none is configured. Words that appear nowhere else in logs or
 * job types: the runtime redacts every secret value from what it logs, so a common word as a
 * secret would be masked wherever it occurs.
 */
export const DEFAULT_SIMULATOR_CREDENTIALS = Object.freeze({
  username: 'portal-demo',
  password: 'portal-demo-password',
})

/**
 * Starts the simulator from options and the environment
 * (`PORTAL_SIMULATOR_PORT`, default 8790; `PORTAL_SIMULATOR_USERNAME` and
 * `PORTAL_SIMULATOR_PASSWORD`, default `portal-demo`/`portal-demo-password`;
 * `PORTAL_SIMULATOR_DSTCODE`; `PORTAL_SIMULATOR_MADONVI`, comma-separated)
 * and logs its URL. What `node ace portal:simulate` runs; the command keeps
 * the process alive until it is stopped, then calls `close()`.
 */
export async function main(options: PortalSimulatorMainOptions = {}): Promise<PortalSimulator> {
  const environment = options.environment ?? process.env
  const log = options.log ?? ((line: string) => console.log(line))
  const port =
    options.port ??
    (environment.PORTAL_SIMULATOR_PORT
      ? Number(environment.PORTAL_SIMULATOR_PORT)
      : DEFAULT_SIMULATOR_PORT)
  const agencyCodes = environment.PORTAL_SIMULATOR_MADONVI?.split(',')
    .map((code) => code.trim())
    .filter(Boolean)
  const simulator = await startPortalSimulator({
    ...options,
    port,
    host: '127.0.0.1',
    username:
      options.username ??
      environment.PORTAL_SIMULATOR_USERNAME ??
      DEFAULT_SIMULATOR_CREDENTIALS.username,
    password:
      options.password ??
      environment.PORTAL_SIMULATOR_PASSWORD ??
      DEFAULT_SIMULATOR_CREDENTIALS.password,
    dstcode: options.dstcode ?? environment.PORTAL_SIMULATOR_DSTCODE,
    agencyCodes:
      options.agencyCodes ?? (agencyCodes && agencyCodes.length > 0 ? agencyCodes : undefined),
  })
  log(
    `National Public Service Portal simulator listening on ${simulator.url} ` +
      `(login: POST ${options.loginPath ?? '/login'}, services: POST ${options.servicePath ?? '/service'})`
  )
  return simulator
}

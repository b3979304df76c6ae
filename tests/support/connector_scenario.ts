/**
 * The connectors' acceptance scenario, shared by the test that runs it in
 * the test server and the one that runs it in a server process of its own:
 * the external systems of a consular passport dossier (a MariaDB register,
 * a SQLite register of foreign NGOs, a verification API behind OAuth 2.0,
 * the portal simulator, an SMTP server), configured through the API as an
 * administrator would, and the process that uses them all.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import mysql from 'mysql2/promise'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { startPortalSimulator, type PortalSimulator } from '@senflow/connectors'
import ConnectorWorkers from '#services/connector_workers'
import { DEMO_PORTAL_CODE } from '#services/demo_connectors'
import {
  startOAuthApi,
  startSmtpSink,
  type OAuthApi,
  type SmtpSink,
} from '#tests/support/connector_servers'

/**
 * A client of a Senflow server that signs in with a session cookie (as a
 * script would) and keeps the text of every answer, so that a test can
 * search them all.
 */
export class ApiCaller {
  readonly responses: string[] = []
  readonly #cookies = new Map<string, string>()

  constructor(readonly baseUrl: string) {}

  /**
   * Signs in with email and password.
   */
  async signIn(email: string, password = 'senflow-demo') {
    const answer = await this.call('POST', '/api/auth/login', { email, password })
    if (answer.status !== 200) throw new Error(`Sign-in failed: ${answer.text}`)
    return this
  }

  /**
   * Sends a request (a JSON body, a multipart form, or raw text with
   * headers) and returns the status, headers, text and parsed JSON.
   */
  async call(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; raw?: string } = {}
  ) {
    const headers: Record<string, string> = { ...options.headers }
    if (this.#cookies.size > 0) {
      headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    let payload: RequestInit['body']
    if (options.raw !== undefined) {
      payload = options.raw
      headers['content-type'] ??= 'application/json'
    } else if (body instanceof FormData) {
      payload = body
    } else if (body !== undefined) {
      payload = JSON.stringify(body)
      headers['content-type'] = 'application/json'
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const separator = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, separator), pair.slice(separator + 1))
    }
    const text = await response.text()
    this.responses.push(text)
    let json: any = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = null
    }
    return { status: response.status, headers: response.headers, text, json }
  }

  /**
   * Deploys BPMN files through the Camunda REST API (`POST /v2/deployments`).
   */
  async deploy(...files: { name: string; content: string | Buffer }[]) {
    const form = new FormData()
    for (const file of files) form.append('resources', new Blob([file.content]), file.name)
    return this.call('POST', '/v2/deployments', form)
  }

  /**
   * Polls a process instance until it reaches `state` (or has an incident,
   * with `incident: true`), at most `timeoutMs`.
   */
  async waitForInstance(
    key: string,
    until: { state?: string; incident?: boolean },
    timeoutMs = 30_000
  ) {
    const started = Date.now()
    for (;;) {
      const answer = await this.call('GET', `/v2/process-instances/${key}`)
      const instance = answer.json
      if (
        (until.state && instance?.state === until.state) ||
        (until.incident && instance?.hasIncident === true)
      ) {
        return instance
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`Instance ${key} did not reach ${JSON.stringify(until)}: ${answer.text}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /**
   * The variables of an instance, by name.
   */
  async variablesOf(key: string): Promise<Record<string, any>> {
    const answer = await this.call('POST', '/v2/variables/search', {
      filter: { processInstanceKey: key },
      page: { limit: 200 },
    })
    return Object.fromEntries(
      (answer.json.items as { name: string; value: string }[]).map((item) => [
        item.name,
        JSON.parse(item.value),
      ])
    )
  }
}

/**
 * The external systems of the scenario, running on 127.0.0.1, and the
 * secrets that open them.
 */
export interface ConnectorWorld {
  api: OAuthApi
  portal: PortalSimulator
  smtp: SmtpSink
  mysqlDatabase: string
  sqliteFile: string
  /** Secret values stored through /api/secrets, by name. */
  secrets: Record<string, string>
  /** What the server's environment must hold (a secret supplied as SENFLOW_SECRET_*, the allow-list). */
  environment: Record<string, string>
  /** Every secret value, for leak searches. */
  secretValues(): string[]
  close(): Promise<void>
}

/**
 * The applicant of the scenario's dossier.
 */
export const APPLICANT = {
  dossierNumber: 'HC-2026-000731',
  name: 'Đỗ Thị Hương',
  passportNumber: 'C7654321',
  email: 'huong.do@example.org',
  ngoCode: 'NGO-VN-0042',
}

/**
 * better-sqlite3 (it ships no types): what the scenario uses of it.
 */
const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => {
  exec(sql: string): void
  prepare(sql: string): { run(...values: unknown[]): void }
  close(): void
}

/**
 * The MariaDB/MySQL server of the tests (the DB_* variables, root on 127.0.0.1 by default).
 */
export const mysqlServer = () => ({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
})

/**
 * Starts the external systems with fresh data: a MariaDB database of its
 * own with a read-only account, a SQLite file, the OAuth API, the portal
 * simulator and the SMTP server.
 */
export async function startConnectorWorld(): Promise<ConnectorWorld> {
  const suffix = randomBytes(4).toString('hex')
  const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString('base64url')}`
  const secrets = {
    PASSPORT_DB_PASSWORD: secret('db'),
    CONSULAR_API_CLIENT_SECRET: secret('oauth'),
    PORTAL_SYNC_USERNAME: `lanhsu-${suffix}`,
    PORTAL_SYNC_PASSWORD: secret('portal'),
    MAIL_PASSWORD: secret('smtp'),
  }
  const environment = {
    SENFLOW_SECRET_MAIL_USER: `mailer-${suffix}`,
    CONNECTORS_ALLOWED_HOSTS: '127.0.0.1',
  }

  // 1. MariaDB: a database and a read-only account of its own.
  const mysqlDatabase = `senflow_conn_${suffix}`
  const mysqlUser = `sfc_${suffix}`
  const admin = await mysql.createConnection(mysqlServer())
  await admin.query(
    `CREATE DATABASE ${mysqlDatabase} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
  )
  await admin.query(`CREATE TABLE ${mysqlDatabase}.passport_applications (
    dossier_number VARCHAR(32) PRIMARY KEY, applicant_name VARCHAR(255) NOT NULL,
    passport_number VARCHAR(16) NOT NULL, email VARCHAR(255) NOT NULL, ngo_code VARCHAR(32) NOT NULL)`)
  await admin.query(`INSERT INTO ${mysqlDatabase}.passport_applications VALUES (?, ?, ?, ?, ?)`, [
    APPLICANT.dossierNumber,
    APPLICANT.name,
    APPLICANT.passportNumber,
    APPLICANT.email,
    APPLICANT.ngoCode,
  ])
  await admin.query(`CREATE USER '${mysqlUser}'@'%' IDENTIFIED BY ?`, [
    secrets.PASSPORT_DB_PASSWORD,
  ])
  await admin.query(`GRANT SELECT ON ${mysqlDatabase}.* TO '${mysqlUser}'@'%'`)

  // 2. SQLite: the register of foreign NGOs.
  const sqliteFile = fileURLToPath(
    new URL(`../../tmp/connectors-ngo-${suffix}.sqlite3`, import.meta.url)
  )
  const sqlite = new SqliteDatabase(sqliteFile)
  sqlite.exec('CREATE TABLE foreign_ngos (code TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT)')
  sqlite
    .prepare('INSERT INTO foreign_ngos VALUES (?, ?, ?)')
    .run(APPLICANT.ngoCode, 'Tổ chức Hỗ trợ Giáo dục Quốc tế', 'active')
  sqlite.close()

  // 3. The HTTP systems and the mail server.
  const api = await startOAuthApi({
    id: 'senflow-consular',
    secret: secrets.CONSULAR_API_CLIENT_SECRET,
  })
  const portal = await startPortalSimulator({
    username: secrets.PORTAL_SYNC_USERNAME,
    password: secrets.PORTAL_SYNC_PASSWORD,
    dstcode: 'G22.BNG',
  })
  const smtp = await startSmtpSink({
    user: environment.SENFLOW_SECRET_MAIL_USER,
    password: secrets.MAIL_PASSWORD,
  })

  return {
    api,
    portal,
    smtp,
    mysqlDatabase,
    sqliteFile,
    secrets,
    environment,
    secretValues: () => [
      ...Object.values(secrets),
      environment.SENFLOW_SECRET_MAIL_USER,
      ...api.tokens,
    ],
    async close() {
      await api.close()
      await portal.close()
      await smtp.close()
      await admin.query(`DROP DATABASE IF EXISTS ${mysqlDatabase}`)
      await admin.query(`DROP USER IF EXISTS '${mysqlUser}'@'%'`)
      await admin.end()
      for (const extra of ['', '-wal', '-shm']) await rm(`${sqliteFile}${extra}`, { force: true })
    },
  }
}

/**
 * Stores the scenario's secrets and its five connectors through the API,
 * as an administrator; returns the connectors' ids by code.
 */
export async function configureConnectors(admin: ApiCaller, world: ConnectorWorld) {
  for (const [name, value] of Object.entries(world.secrets)) {
    const answer = await admin.call('POST', '/api/secrets', { name, value })
    if (answer.status !== 201) throw new Error(`Secret ${name}: ${answer.text}`)
  }
  const mysqlAccount = `sfc_${world.mysqlDatabase.replace('senflow_conn_', '')}`
  const connectors = [
    {
      code: 'passport-db',
      name: 'Passport register',
      kind: 'sql',
      configuration: {
        dialect: 'mysql',
        connection: {
          host: mysqlServer().host,
          port: mysqlServer().port,
          user: mysqlAccount,
          password: '{{secrets.PASSPORT_DB_PASSWORD}}',
          database: world.mysqlDatabase,
        },
        readOnly: true,
        operations: [
          {
            id: 'find-application',
            name: 'Find a passport application',
            sql: 'SELECT dossier_number, applicant_name, passport_number, email, ngo_code FROM passport_applications WHERE dossier_number = :dossierNumber',
          },
        ],
      },
    },
    {
      code: 'ngo-register',
      name: 'Register of foreign NGOs',
      kind: 'sql',
      configuration: {
        dialect: 'sqlite',
        connection: { filename: world.sqliteFile },
        readOnly: true,
        operations: [
          {
            id: 'find-ngo',
            name: 'Find an NGO',
            sql: 'SELECT code, name, status FROM foreign_ngos WHERE code = :ngoCode',
          },
        ],
      },
    },
    {
      code: 'consular-api',
      name: 'Consular verification API',
      kind: 'http',
      configuration: {
        baseUrl: world.api.url,
        authentication: {
          type: 'oauth-client-credentials-flow',
          oauthTokenEndpoint: `${world.api.url}/oauth/token`,
          clientId: 'senflow-consular',
          clientSecret: '{{secrets.CONSULAR_API_CLIENT_SECRET}}',
          clientAuthentication: 'credentialsBody',
        },
        readTimeoutMs: 1500,
        operations: [
          {
            id: 'verify',
            name: 'Verify a passport',
            method: 'POST',
            path: '/verifications',
            body: { passportNumber: '{{passportNumber}}', applicant: '{{applicantName}}' },
            fields: [
              { name: 'passportNumber', label: 'Passport number', required: true },
              { name: 'applicantName', label: 'Applicant', required: true },
            ],
          },
        ],
      },
    },
    {
      code: 'portal-sync',
      name: 'National Public Service Portal',
      kind: 'portal',
      configuration: {
        adapterUrl: world.portal.url,
        dstcode: 'G22.BNG',
        madonvi: 'G22.BNG.LS',
        username: '{{secrets.PORTAL_SYNC_USERNAME}}',
        password: '{{secrets.PORTAL_SYNC_PASSWORD}}',
        procedureCodes: { 'consular-legalization': '1.900001' },
        statusCodes: { received: 2, processing: 4, done: 9 },
      },
    },
    {
      code: 'consular-mail',
      name: 'Consular Department mail',
      kind: 'mail',
      configuration: {
        smtp: {
          host: '127.0.0.1',
          port: world.smtp.port,
          user: '{{secrets.MAIL_USER}}',
          password: '{{secrets.MAIL_PASSWORD}}',
        },
        from: '"Cục Lãnh sự" <lanhsu@mofa.example>',
        operations: [
          {
            id: 'notify',
            name: 'Notify the applicant',
            subject: 'Hồ sơ {{dossierNumber}}: {{statusName}}',
            text: 'Kính gửi {{applicantName}},\nHồ sơ {{dossierNumber}} của Quý vị: {{statusName}}.\nCục Lãnh sự',
            fields: [
              { name: 'dossierNumber', label: 'Dossier number', required: true },
              { name: 'applicantName', label: 'Applicant', required: true },
              { name: 'statusName', label: 'Status', required: true },
            ],
          },
        ],
      },
    },
  ]
  const ids: Record<string, number> = {}
  for (const connector of connectors) {
    const answer = await admin.call('POST', '/api/connectors', connector)
    if (answer.status !== 201) throw new Error(`Connector ${connector.code}: ${answer.text}`)
    ids[connector.code] = answer.json.id
  }
  return ids
}

/**
 * Deploys the scenario's process.
 */
export async function deployPassportProcess(admin: ApiCaller) {
  const xml = await readFile(new URL('../fixtures/connectors_passport.bpmn', import.meta.url))
  const answer = await admin.deploy({ name: 'connectors_passport.bpmn', content: xml })
  if (answer.status !== 200) throw new Error(`Deployment: ${answer.text}`)
  return answer.json
}

/**
 * Starts the scenario's process for the applicant's dossier.
 */
export async function startPassportDossier(admin: ApiCaller) {
  const answer = await admin.call('POST', '/v2/process-instances', {
    processDefinitionId: 'connectors-passport',
    variables: { dossierNumber: APPLICANT.dossierNumber, receivedAt: '2026-03-02T09:30:00+07:00' },
  })
  if (answer.status !== 200) throw new Error(`Start: ${answer.text}`)
  return answer.json.processInstanceKey as string
}

/**
 * The forms a secret may take in a text it leaked into.
 */
export function leakFormsOf(value: string) {
  return [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    JSON.stringify(value).slice(1, -1),
  ]
}

/**
 * The secrets found in a text (empty when it is clean).
 */
export function leakedSecrets(text: string, values: string[]) {
  return values.filter((value) => leakFormsOf(value).some((form) => text.includes(form)))
}

/**
 * A process that only starts and ends: what a webhook test starts.
 */
export function startAndEndProcessXml(processId: string, name: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="${processId}-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
}

/**
 * Removes the connectors, secrets and webhooks a test group created in the
 * test server's database (the demo's stay) and stops their workers, so
 * that later suites (the browser's palette) see the demo data only. The
 * groups that run the engine cannot roll back a global transaction.
 */
export async function removeConnectorTestData() {
  const demo = await db.from('connector_configurations').where('code', DEMO_PORTAL_CODE).first()
  const demoSecrets = demo ? [...demo.configuration.matchAll(/secrets\.([A-Za-z0-9_.-]+)/g)] : []
  await db.from('webhooks').delete()
  await db.from('connector_configurations').whereNot('code', DEMO_PORTAL_CODE).delete()
  await db
    .from('connector_secrets')
    .whereNotIn(
      'name',
      demoSecrets.map((match) => match[1])
    )
    .delete()
  await (await app.container.make(ConnectorWorkers)).refresh()
}
